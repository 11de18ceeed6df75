// The store at scale: PostgreSQL 15 through libpq, a pool of connections.
// Thread-safe; each read()/write() call borrows one connection for its transaction.
// A lost connection is dropped and reopened on the next call; while the server is
// unreachable every call fails with ErrorCode::unavailable (HTTP 503).
#pragma once

#include <memory>
#include <string>

#include "shegong/store/sql_store.hpp"

namespace shegong {

struct PostgresOptions {
  std::string conninfo; // a libpq URI or key=value string
  int max_connections = 8;
  std::string schema; // optional: a schema to create and use (tests use one per case)
};

class PostgresStore final : public SqlStore {
 public:
  static Result<std::unique_ptr<PostgresStore>> open(const PostgresOptions& options);
  ~PostgresStore() override;

  // Under an advisory lock, so servers starting together migrate once.
  Result<std::vector<int>> migrate() override;
  std::string describe() const override;

 protected:
  std::string explain_prefix() const override { return "EXPLAIN "; }
  int plan_column() const override { return 0; }
  const char* explain_setup() const override { return "SET LOCAL enable_seqscan = off"; }

 private:
  explicit PostgresStore(std::unique_ptr<sql::Pool> pool);
};

} // namespace shegong
