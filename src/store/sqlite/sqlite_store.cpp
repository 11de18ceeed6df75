#include "shegong/store/sqlite_store.hpp"

#include "../sql/pool.hpp"
#include "db.hpp"

namespace shegong {

SqliteStore::SqliteStore(std::unique_ptr<sql::Pool> pool, SqliteOptions options)
    : SqlStore(std::move(pool), "BEGIN", "BEGIN IMMEDIATE"), options_(std::move(options)) {}

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteOptions& options) {
  auto pool = std::make_unique<sql::Pool>(options.max_connections,
                                          [path = options.path]() -> Result<std::unique_ptr<sql::Connection>> {
                                            SHEGONG_ASSIGN(auto c, sqlite::Connection::open(path));
                                            return std::unique_ptr<sql::Connection>(std::move(c));
                                          });
  // One connection now, so that a bad path fails at start, not at the first request.
  SHEGONG_ASSIGN(auto first, pool->acquire());
  pool->release(std::move(first));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(pool), options));
}

std::string SqliteStore::describe() const { return "sqlite:" + options_.path; }

Result<void> SqliteStore::backup_to(const std::string& destination) {
  SHEGONG_ASSIGN(auto conn, pool().acquire());
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
  pool().release(std::move(conn));
  return out;
}

} // namespace shegong
