// Applying the embedded migrations, the same way on every engine.
#pragma once

#include <limits>
#include <vector>

#include "sql.hpp"

namespace shegong::sql {

// The highest applied version (0 on an empty database); creates the bookkeeping table.
Result<int> schema_version(Connection& c);

// Applies each pending migration in its own transaction, opened with `begin`
// ("BEGIN IMMEDIATE" on SQLite, "BEGIN" on PostgreSQL), up to `last` (a test of one
// migration's backfill stops before it); returns the versions applied.
Result<std::vector<int>> migrate(Connection& c, const char* begin, int last = std::numeric_limits<int>::max());

} // namespace shegong::sql
