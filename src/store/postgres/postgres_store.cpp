#include "shegong/store/postgres_store.hpp"

#include "../sql/migrator.hpp"
#include "../sql/pool.hpp"
#include "pg.hpp"

namespace shegong {

struct PostgresStore::Impl {
  PostgresOptions options;
  sql::Pool pool;
  explicit Impl(const PostgresOptions& o)
      : options(o), pool(o.max_connections, [info = o.conninfo, schema = o.schema]()
                                                -> Result<std::unique_ptr<sql::Connection>> {
          SHEGONG_ASSIGN(auto c, pg::Connection::open(info, schema));
          return std::unique_ptr<sql::Connection>(std::move(c));
        }) {}
};

PostgresStore::PostgresStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const PostgresOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  SHEGONG_ASSIGN(auto first, impl->pool.acquire());
  impl->pool.release(std::move(first));
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(impl)));
}

// A read runs each statement on its own (autocommit): BEGIN and COMMIT would be two
// more round trips for every request. A list's count and its page may then come from
// snapshots a moment apart, as in most web applications.
Result<void> PostgresStore::read(const Work& fn) { return impl_->pool.transact(fn, nullptr); }
// Writes check versions in their UPDATE ... WHERE version = ?, which READ COMMITTED keeps correct.
Result<void> PostgresStore::write(const Work& fn) { return impl_->pool.transact(fn, "BEGIN"); }

Result<void> PostgresStore::ping() {
  return impl_->pool.with<void>([](sql::Connection& c) { return c.exec_script("SELECT 1"); });
}

Result<int> PostgresStore::schema_version() {
  return impl_->pool.with<int>([](sql::Connection& c) { return sql::schema_version(c); });
}

Result<std::vector<int>> PostgresStore::migrate() {
  return impl_->pool.with<std::vector<int>>([](sql::Connection& c) -> Result<std::vector<int>> {
    // One migrator at a time across servers: an advisory lock held for the session.
    SHEGONG_TRY(c.exec_script("SELECT pg_advisory_lock(7361626)"));
    auto applied = sql::migrate(c, "BEGIN");
    (void)c.exec_script("SELECT pg_advisory_unlock(7361626)");
    return applied;
  });
}

sql::Pool& PostgresStore::pool() { return impl_->pool; }

std::string PostgresStore::describe() const {
  // Host, port and database from the live connection settings; never the password.
  std::string s = "postgresql://";
  if (auto c = impl_->pool.acquire()) {
    PGconn* raw = static_cast<pg::Connection*>(c->get())->raw();
    s += std::string(PQhost(raw)) + ":" + PQport(raw) + "/" + PQdb(raw);
    impl_->pool.release(std::move(*c));
  } else {
    s += "(unreachable)";
  }
  return s;
}

} // namespace shegong
