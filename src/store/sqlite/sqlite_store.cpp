#include "shegong/store/sqlite_store.hpp"

#include <condition_variable>
#include <exception>
#include <mutex>

#include "repos.hpp"
#include "shegong/store/migrations.hpp"

namespace shegong {

using sqlite::Connection;

struct SqliteStore::Impl {
  SqliteOptions options;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::unique_ptr<Connection>> idle; // GUARDED_BY(mu)
  int opened = 0;                                // GUARDED_BY(mu)

  Result<std::unique_ptr<Connection>> acquire() {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return !idle.empty() || opened < options.max_connections; });
    if (!idle.empty()) {
      auto c = std::move(idle.back());
      idle.pop_back();
      return c;
    }
    ++opened;
    lock.unlock();
    auto c = Connection::open(options.path);
    if (!c) {
      std::lock_guard relock(mu);
      --opened;
      cv.notify_one();
    }
    return c;
  }

  void release(std::unique_ptr<Connection> c) {
    c->reset_all();
    std::lock_guard lock(mu);
    idle.push_back(std::move(c));
    cv.notify_one();
  }

  Result<void> transact(const Work& fn, const char* begin) {
    SHEGONG_ASSIGN(auto conn, acquire());
    Result<void> out = run(*conn, fn, begin);
    release(std::move(conn));
    return out;
  }

  // Transaction control through cached statements: parsed once per connection.
  static Result<void> control(Connection& c, const char* sql) {
    SHEGONG_ASSIGN(auto st, c.prepare(sql));
    SHEGONG_TRY(st->exec());
    return ok();
  }

  static Result<void> run(Connection& c, const Work& fn, const char* begin) {
    SHEGONG_TRY(control(c, begin));
    Result<void> r = ok();
    try {
      sqlite::SqliteRepositories repos(c);
      r = fn(repos);
    } catch (const std::exception& e) {
      r = Error::make(ErrorCode::internal, std::string("store: ") + e.what());
    }
    c.reset_all();
    if (!r) {
      (void)control(c, "ROLLBACK");
      return r;
    }
    auto committed = control(c, "COMMIT");
    if (!committed) (void)control(c, "ROLLBACK");
    return committed;
  }
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (impl->options.max_connections < 1) impl->options.max_connections = 1;
  // Open one connection now so that a bad path fails at start, not at the first request.
  SHEGONG_ASSIGN(auto first, impl->acquire());
  impl->release(std::move(first));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

Result<void> SqliteStore::read(const Work& fn) { return impl_->transact(fn, "BEGIN"); }
// IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking.
Result<void> SqliteStore::write(const Work& fn) { return impl_->transact(fn, "BEGIN IMMEDIATE"); }

Result<void> SqliteStore::ping() {
  SHEGONG_ASSIGN(auto conn, impl_->acquire());
  Result<void> out = ok();
  auto st = conn->prepare("SELECT 1");
  if (!st) out = st.error();
  else if (auto r = (*st)->step(); !r) out = r.error();
  impl_->release(std::move(conn));
  return out;
}

Result<int> SqliteStore::schema_version() {
  SHEGONG_ASSIGN(auto conn, impl_->acquire());
  int version = 0;
  Result<void> r = [&]() -> Result<void> {
    SHEGONG_TRY(conn->exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"));
    SHEGONG_ASSIGN(auto st, conn->prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    SHEGONG_ASSIGN(bool row, st->step());
    if (row) version = static_cast<int>(st->int64(0));
    return ok();
  }();
  impl_->release(std::move(conn));
  if (!r) return std::move(r).error();
  return version;
}

Result<std::vector<int>> SqliteStore::migrate() {
  SHEGONG_ASSIGN(int current, schema_version());
  std::vector<int> applied;
  for (const auto& m : all_migrations()) {
    if (m.version <= current) continue;
    SHEGONG_ASSIGN(auto conn, impl_->acquire());
    Result<void> r = [&]() -> Result<void> {
      SHEGONG_TRY(conn->exec_script("BEGIN IMMEDIATE"));
      auto body = conn->exec_script(m.sql);
      if (body) {
        auto st = conn->prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
        if (!st) body = st.error();
        else if (auto ins = (*st)->bind(1, m.version).bind(2, m.name).exec(); !ins) body = ins.error();
      }
      conn->reset_all();
      if (!body) {
        (void)conn->exec_script("ROLLBACK");
        return Error::make(body.error().code,
                           "migration " + std::to_string(m.version) + " failed: " + body.error().message);
      }
      return conn->exec_script("COMMIT");
    }();
    impl_->release(std::move(conn));
    if (!r) return std::move(r).error();
    applied.push_back(m.version);
  }
  return applied;
}

Result<void> SqliteStore::backup_to(const std::string& destination) {
  SHEGONG_ASSIGN(auto src, impl_->acquire());
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
  impl_->release(std::move(src));
  return out;
}

} // namespace shegong
