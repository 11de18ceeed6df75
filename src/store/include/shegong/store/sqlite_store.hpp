// The embedded store: one SQLite file in WAL mode, a pool of connections.
// Thread-safe; each read()/write() call borrows one connection for its transaction.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "shegong/store/sql_store.hpp"

namespace shegong {

struct SqliteOptions {
  std::string path;       // the database file; created if missing
  int max_connections = 8;
};

class SqliteStore final : public SqlStore {
 public:
  static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions& options);
  ~SqliteStore() override;

  Result<void> read(const Work& fn) override;
  Result<void> write(const Work& fn) override;
  Result<void> ping() override;

  Result<std::vector<int>> migrate() override;
  Result<int> schema_version() override;
  std::string describe() const override;
  sql::Pool& pool() override;
  const char* begin_write() const override { return "BEGIN IMMEDIATE"; }
  // A consistent copy of the live database (SQLite online backup), safe while serving.
  Result<void> backup_to(const std::string& destination);

  struct Impl;

 private:
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace shegong
