#include "shegong/store/sqlite_store.hpp"

#include "../sql/pool.hpp"
#include "db.hpp"

#include <algorithm>
#include <chrono>

namespace shegong {

SqliteStore::SqliteStore(std::unique_ptr<sql::Pool> pool, SqliteOptions options)
    : SqlStore(std::move(pool), "BEGIN", "BEGIN IMMEDIATE"), options_(std::move(options)) {
  checkpointer_ = std::thread([this] { checkpoint_loop(); });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  checkpointer_.join();
}

void SqliteStore::checkpoint_loop() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(options_.path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(db);
    return;
  }
  sqlite3_busy_timeout(db, 1000);
  // A connection opens the WAL only when it first reads; until then a checkpoint is a
  // silent no-op. And WAL mode is set here too, in case this is the first connection.
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  std::unique_lock lock(mu_);
  for (;;) {
    const bool stop = wake_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping_; });
    lock.unlock();
    // PASSIVE: copies what no reader still needs, never blocks a reader or the writer.
    // At the end, TRUNCATE leaves a small WAL file behind.
    sqlite3_wal_checkpoint_v2(db, nullptr, stop ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE, nullptr,
                              nullptr);
    lock.lock();
    if (stop) break;
  }
  sqlite3_close_v2(db);
}

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

struct SqliteStore::PendingWrite {
  const Work* fn;
  Result<void> result = ok();
  bool done = false;
};

namespace {
constexpr auto kBusyTimeout = std::chrono::seconds(5);
// A group stops taking more units once it has run this long; the rest wait for the next.
constexpr auto kGroupBudget = std::chrono::milliseconds(200);
} // namespace

Result<void> SqliteStore::write(const Work& fn) {
  PendingWrite me{&fn};
  std::unique_lock lock(group_mu_);
  queue_.push_back(&me);
  // As long as SQLite's own busy timeout: a writer still queued after it gets the same
  // answer, and nothing of it is written. One already taken into a group waits for the
  // group's COMMIT, whose outcome is its answer.
  const auto deadline = std::chrono::steady_clock::now() + kBusyTimeout;
  auto queued = [&] { return std::find(queue_.begin(), queue_.end(), &me) != queue_.end(); };
  for (;;) {
    while (!me.done && leading_) {
      if (!queued()) {
        group_done_.wait(lock);
      } else if (group_done_.wait_until(lock, deadline) == std::cv_status::timeout && !me.done && leading_ &&
                 queued()) {
        queue_.erase(std::find(queue_.begin(), queue_.end(), &me));
        return Error::make(ErrorCode::unavailable, "the database is busy; try again");
      }
    }
    if (me.done) return std::move(me.result);
    // Lead: commit what is queued (this write among it) as one transaction. First let the
    // threads that are ready run up to here: on a busy machine they queue behind this one
    // and share its commit, instead of each paying for its own.
    leading_ = true;
    lock.unlock();
    std::this_thread::yield();
    lock.lock();
    std::vector<PendingWrite*> group;
    group.swap(queue_);
    lock.unlock();
    std::size_t ran = 0;
    try {
      ran = commit_group(group);
    } catch (const std::exception& e) {
      for (auto* p : group) p->result = Error::make(ErrorCode::internal, std::string("store: ") + e.what());
      ran = group.size();
    }
    lock.lock();
    // Units the group had no time for go back to the front of the queue, in order (this
    // write may be among them: then it goes round again).
    queue_.insert(queue_.begin(), group.begin() + static_cast<std::ptrdiff_t>(ran), group.end());
    for (std::size_t i = 0; i < ran; ++i) group[i]->done = true;
    leading_ = false;
    group_done_.notify_all();
  }
}

std::size_t SqliteStore::commit_group(std::vector<PendingWrite*>& group) {
  if (group.size() == 1) {
    group.front()->result = SqlStore::write(*group.front()->fn);
    return 1;
  }
  auto run = [](sql::Connection& c, const Work& fn) -> Result<void> {
    Result<void> r = ok();
    try {
      sql::SqlRepositories repos(c);
      r = fn(repos);
    } catch (const std::exception& e) {
      r = Error::make(ErrorCode::internal, std::string("store: ") + e.what());
    }
    c.reset_all();
    return r;
  };
  // Transaction control through cached statements: parsed once per connection.
  auto control = [](sql::Connection& c, const std::string& text) -> Result<void> {
    SHEGONG_ASSIGN(auto st, c.prepare(text));
    SHEGONG_TRY(st->exec());
    return ok();
  };
  const auto started = std::chrono::steady_clock::now();
  std::size_t ran = 0;
  auto all = pool().with<void>([&](sql::Connection& c) -> Result<void> {
    auto* conn = static_cast<sqlite::Connection*>(&c);
    SHEGONG_TRY(control(c, "BEGIN IMMEDIATE"));
    for (; ran < group.size(); ++ran) {
      if (ran > 0 && std::chrono::steady_clock::now() - started > kGroupBudget) break;
      PendingWrite* p = group[ran];
      p->result = control(c, "SAVEPOINT w");
      if (p->result) {
        p->result = run(c, *p->fn);
        if (!p->result) (void)control(c, "ROLLBACK TO w");
        if (auto released = control(c, "RELEASE w"); !released && p->result) p->result = released;
      }
      // A full disk, an I/O error or running out of memory can make SQLite roll back the
      // whole transaction, not just the statement: then every unit so far is lost, and
      // none may run on in a transaction of its own.
      if (!conn->in_transaction()) {
        const Error lost = Error::make(ErrorCode::unavailable, "the database could not write; try again");
        for (std::size_t i = 0; i <= ran; ++i)
          if (group[i]->result) group[i]->result = lost;
        ++ran;
        return ok();
      }
    }
    if (auto committed = control(c, "COMMIT"); !committed) {
      (void)control(c, "ROLLBACK");
      return committed;
    }
    return ok();
  });
  if (!all) {
    // BEGIN or COMMIT failed: nothing of the group is written.
    for (std::size_t i = 0; i < ran; ++i)
      if (group[i]->result) group[i]->result = all.error();
    if (ran == 0) {
      for (auto* p : group) p->result = all.error();
      ran = group.size();
    }
  }
  return ran;
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
