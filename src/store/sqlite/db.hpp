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

#include "shegong/core/result.hpp"

namespace shegong::sqlite {

Error to_error(int rc, sqlite3* db, std::string_view what);

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  Statement& bind(int i, const std::optional<std::string>& v);
  Statement& bind_null(int i);

  // true: a row is ready; false: done. Errors become Result errors.
  Result<bool> step();
  // Runs to completion; returns sqlite3_changes.
  Result<int> exec();
  void reset();

  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  std::int64_t int64(int col) const;
  bool is_null(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

class Connection {
 public:
  // Opens (creating if needed) the database file with shegong's pragmas.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, bool read_only = false);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A prepared statement cached on this connection by its SQL text, reset and with
  // bindings cleared. Valid until the next call with the same SQL.
  Result<Statement*> prepare(const std::string& sql);
  Result<void> exec_script(std::string_view sql);
  // Resets every cached statement so that none holds a read snapshot open.
  void reset_all();
  sqlite3* raw() const noexcept { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

} // namespace shegong::sqlite
