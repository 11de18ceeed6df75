#include "shegong/store/postgres_store.hpp"

#include "../sql/migrator.hpp"
#include "../sql/pool.hpp"
#include "pg.hpp"

namespace shegong {

// A read runs each statement on its own (autocommit): BEGIN and COMMIT would be two
// more round trips for every request. A list's count and its page may then come from
// snapshots a moment apart, as in most web applications. Writes check versions in
// their UPDATE ... WHERE version = ?, which READ COMMITTED keeps correct.
PostgresStore::PostgresStore(std::unique_ptr<sql::Pool> pool) : SqlStore(std::move(pool), nullptr, "BEGIN") {}

PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const PostgresOptions& options) {
  auto pool = std::make_unique<sql::Pool>(
      options.max_connections,
      [info = options.conninfo, schema = options.schema]() -> Result<std::unique_ptr<sql::Connection>> {
        SHEGONG_ASSIGN(auto c, pg::Connection::open(info, schema));
        return std::unique_ptr<sql::Connection>(std::move(c));
      });
  // One connection now, so that an unreachable server fails at start.
  SHEGONG_ASSIGN(auto first, pool->acquire());
  pool->release(std::move(first));
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(pool)));
}

Result<std::vector<int>> PostgresStore::migrate() {
  return pool().with<std::vector<int>>([](sql::Connection& c) -> Result<std::vector<int>> {
    SHEGONG_TRY(c.exec_script("SELECT pg_advisory_lock(7361626)"));
    auto applied = sql::migrate(c, "BEGIN");
    (void)c.exec_script("SELECT pg_advisory_unlock(7361626)");
    return applied;
  });
}

std::string PostgresStore::describe() const {
  // Host, port and database from the live connection settings; never the password.
  std::string s = "postgresql://";
  auto& p = const_cast<PostgresStore*>(this)->pool();
  if (auto c = p.acquire()) {
    PGconn* raw = static_cast<pg::Connection*>(c->get())->raw();
    s += std::string(PQhost(raw)) + ":" + PQport(raw) + "/" + PQdb(raw);
    p.release(std::move(*c));
  } else {
    s += "(unreachable)";
  }
  return s;
}

} // namespace shegong
