#include "shegong/store/sqlite_store.hpp"

#include "../sql/migrator.hpp"
#include "../sql/pool.hpp"
#include "db.hpp"

namespace shegong {

struct SqliteStore::Impl {
  SqliteOptions options;
  sql::Pool pool;
  explicit Impl(const SqliteOptions& o)
      : options(o), pool(o.max_connections, [path = o.path]() -> Result<std::unique_ptr<sql::Connection>> {
          SHEGONG_ASSIGN(auto c, sqlite::Connection::open(path));
          return std::unique_ptr<sql::Connection>(std::move(c));
        }) {}
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  // Open one connection now so that a bad path fails at start, not at the first request.
  SHEGONG_ASSIGN(auto first, impl->pool.acquire());
  impl->pool.release(std::move(first));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

Result<void> SqliteStore::read(const Work& fn) { return impl_->pool.transact(fn, "BEGIN"); }
// IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking.
Result<void> SqliteStore::write(const Work& fn) { return impl_->pool.transact(fn, "BEGIN IMMEDIATE"); }

Result<void> SqliteStore::ping() {
  return impl_->pool.with<void>([](sql::Connection& c) -> Result<void> {
    SHEGONG_ASSIGN(auto st, c.prepare("SELECT 1"));
    SHEGONG_TRY(st->step());
    return ok();
  });
}

Result<int> SqliteStore::schema_version() {
  return impl_->pool.with<int>([](sql::Connection& c) { return sql::schema_version(c); });
}

Result<std::vector<int>> SqliteStore::migrate() {
  return impl_->pool.with<std::vector<int>>([](sql::Connection& c) { return sql::migrate(c, "BEGIN IMMEDIATE"); });
}

sql::Pool& SqliteStore::pool() { return impl_->pool; }

std::string SqliteStore::describe() const { return "sqlite:" + impl_->options.path; }

Result<void> SqliteStore::backup_to(const std::string& destination) {
  SHEGONG_ASSIGN(auto conn, impl_->pool.acquire());
  auto* src = static_cast<sqlite::Connection*>(conn.get());
  sqlite3* dst = nullptr;
  Result<void> out = ok();
  int rc = sqlite3_open_v2(destination.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    out = sqlite::to_error(rc, dst, "open backup file " + destination);
  } else if (sqlite3_backup* b = sqlite3_backup_init(dst, "main", src->raw(), "main"); !b) {
    out = sqlite::to_error(sqlite3_errcode(dst), dst, "start backup");
  } else {
    // Copy in steps so writers are not held off for the whole copy.
    do {
      rc = sqlite3_backup_step(b, 4096);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) out = sqlite::to_error(rc, dst, "backup");
  }
  sqlite3_close_v2(dst);
  impl_->pool.release(std::move(conn));
  return out;
}

} // namespace shegong
