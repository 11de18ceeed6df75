// The stores shegong can run on, behind one interface for the composition root.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "shegong/app/ports.hpp"

namespace shegong {

class SqlStore : public Store {
 public:
  // Applies pending migrations in order, each in its own transaction; returns their versions.
  virtual Result<std::vector<int>> migrate() = 0;
  virtual Result<int> schema_version() = 0;
  // Where the data lives, without secrets: "sqlite:data/shegong.db", "postgresql://host:5432/shegong".
  virtual std::string describe() const = 0;
};

// Opens the store that `location` names: "sqlite:PATH" (or a bare PATH), or a
// PostgreSQL URI ("postgresql://user@host:port/db?...", "postgres://..."). Fails
// when the database cannot be reached.
Result<std::unique_ptr<SqlStore>> open_store(const std::string& location, int max_connections);

} // namespace shegong
