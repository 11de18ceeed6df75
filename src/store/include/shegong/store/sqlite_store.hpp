// The embedded store: one SQLite file in WAL mode, a pool of connections. Writes
// begin IMMEDIATE, so two writers queue instead of deadlocking. Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "shegong/store/sql_store.hpp"

namespace shegong {

struct SqliteOptions {
  std::string path; // the database file; created if missing
  int max_connections = 8;
};

class SqliteStore final : public SqlStore {
 public:
  static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions& options);
  ~SqliteStore() override;

  std::string describe() const override;

  // One writer at a time in this process, and writes that arrive while one commits are
  // committed together (group commit): each runs in its own savepoint, so one that
  // fails leaves the others be, and every caller hears only after the COMMIT.
  // Writers queue here instead of sleeping in SQLite's busy handler (whose back-off
  // made the latency tail).
  Result<void> write(const Work& fn) override;
  // A consistent copy of the live database (SQLite online backup), safe while serving.
  Result<void> backup_to(const std::string& destination);

 protected:
  std::string explain_prefix() const override { return "EXPLAIN QUERY PLAN "; }
  int plan_column() const override { return 3; }

 private:
  SqliteStore(std::unique_ptr<sql::Pool> pool, SqliteOptions options);
  void checkpoint_loop();
  SqliteOptions options_;
  // Checkpoints run here, off the request threads: a commit never waits for one
  // (the connections' automatic checkpoints are off).
  struct PendingWrite;
  // Runs the group's units from the front; returns how many it ran (the rest wait for another group).
  std::size_t commit_group(std::vector<PendingWrite*>& group);
  std::mutex group_mu_;
  std::condition_variable group_done_;
  std::vector<PendingWrite*> queue_; // GUARDED_BY(group_mu_)
  bool leading_ = false; // GUARDED_BY(group_mu_): a group is being committed
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread checkpointer_;
};

} // namespace shegong
