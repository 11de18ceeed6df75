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

// How the engine runs one query the repositories sent.
struct QueryPlan {
  std::string sql; // as the repository wrote it
  std::vector<std::string> steps; // the engine's plan, a line a step
};

// A store over a SQL engine through a pool of connections: the unit of work, pings
// and migrations are the same for every engine; a subclass opens its connections and
// names how its transactions begin. Thread-safe.
class SqlStore : public Store {
 public:
  ~SqlStore() override;

  Result<void> read(const Work& fn) override;
  Result<void> write(const Work& fn) override;
  Result<void> ping() override;

  // Applies pending migrations in order, each in its own transaction; returns their versions.
  virtual Result<std::vector<int>> migrate();
  Result<int> schema_version();
  // Where the data lives, without secrets: "sqlite:data/shegong.db", "postgresql://host:5432/shegong".
  virtual std::string describe() const = 0;

  // The connection pool, for the store library's own bulk operations (copy_store).
  sql::Pool& pool() { return *pool_; }
  // The statement that opens a write transaction on this engine.
  const char* begin_write() const noexcept { return begin_write_; }

  // Runs `fn` (which only reads) recording every query it sends with its bindings,
  // then asks the engine how it runs each one: for the tests that keep every list on
  // its indexes, whatever the size of the tables.
  Result<std::vector<QueryPlan>> explain(const Work& fn);

 protected:
  // The engine's words for a plan: the statement that asks for one, the column that
  // holds a step, and what to set first (PostgreSQL: no sequential scan where an
  // index would do, so that a test's small tables plan as a full-size store would).
  virtual std::string explain_prefix() const = 0;
  virtual int plan_column() const = 0;
  virtual const char* explain_setup() const { return nullptr; }

  // `begin_read` may be null: reads then run without a transaction.
  SqlStore(std::unique_ptr<sql::Pool> pool, const char* begin_read, const char* begin_write);

 private:
  std::unique_ptr<sql::Pool> pool_;
  const char* begin_read_;
  const char* begin_write_;
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
