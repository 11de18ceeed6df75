// A thin RAII layer over the SQLite C API, private to the SQLite adapter.
// Not thread-safe: a Connection belongs to one thread at a time (the pool hands it out).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "../sql/sql.hpp"
#include "shegong/core/result.hpp"

namespace shegong::sqlite {

Error to_error(int rc, sqlite3* db, std::string_view what);

class Statement final : public sql::Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() override;

  using sql::Statement::bind;
  sql::Statement& bind(int i, std::string_view v) override;
  sql::Statement& bind(int i, std::int64_t v) override;
  sql::Statement& bind_null(int i) override;

  Result<bool> step() override;
  Result<int> exec() override;
  void reset();

  std::string text(int col) const override;
  std::int64_t int64(int col) const override;
  bool is_null(int col) const override;
  int column_count() const override;
  std::string_view column_name(int col) const override;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

class Connection final : public sql::Connection {
 public:
  // Opens (creating if needed) the database file with shegong's pragmas.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, bool read_only = false);
  ~Connection() override;
  std::string_view engine() const override { return "sqlite"; }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result<sql::Statement*> prepare(const std::string& text) override;
  Result<void> exec_script(std::string_view script) override;
  Result<void> bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                           const std::vector<std::vector<std::optional<std::string>>>& rows) override;
  // Resets every cached statement so that none holds a read snapshot open.
  void reset_all() override;
  sqlite3* raw() const noexcept { return db_; }
  // False once a transaction has ended, by COMMIT or by SQLite rolling it back itself.
  bool in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
  // The statements handed out since the last reset_all(): only these can be mid-step.
  std::vector<Statement*> touched_;
};

} // namespace shegong::sqlite
