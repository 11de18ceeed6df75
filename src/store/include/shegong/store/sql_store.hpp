// The stores shegong can run on, behind one interface for the composition root.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "shegong/app/ports.hpp"

namespace shegong {

namespace sql {
class Pool;
}

class SqlStore : public Store {
 public:
  // Applies pending migrations in order, each in its own transaction; returns their versions.
  virtual Result<std::vector<int>> migrate() = 0;
  virtual Result<int> schema_version() = 0;
  // Where the data lives, without secrets: "sqlite:data/shegong.db", "postgresql://host:5432/shegong".
  virtual std::string describe() const = 0;

  // The connection pool, for the store library's own bulk operations (copy_store).
  virtual sql::Pool& pool() = 0;
  // The statement that opens a write transaction on this engine.
  virtual const char* begin_write() const = 0;
};

struct TableCount {
  std::string table;
  std::int64_t source = 0, copied = 0;
};

// Copies every record of `from` into `to`, which must be migrated to the same schema
// version and hold no records, in one transaction on `to`; then counts both sides.
// Sessions are not copied (people sign in again). Fails, leaving `to` untouched,
// when a count differs.
Result<std::vector<TableCount>> copy_store(SqlStore& from, SqlStore& to);

// Opens the store that `location` names: "sqlite:PATH" (or a bare PATH), or a
// PostgreSQL URI ("postgresql://user@host:port/db?...", "postgres://..."). Fails
// when the database cannot be reached.
Result<std::unique_ptr<SqlStore>> open_store(const std::string& location, int max_connections);

} // namespace shegong
