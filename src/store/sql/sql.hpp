// The narrow SQL driver interface the repositories are written against. SQLite
// and PostgreSQL each implement it, so one set of repositories serves both.
//
// SQL is written once, in the portable subset both engines accept, with `?`
// placeholders and `COLLATE zh` for Chinese (pinyin) ordering; a driver rewrites
// what its engine spells differently. A Connection and its Statements belong to one
// thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/result.hpp"

namespace shegong::sql {

class Statement {
 public:
  virtual ~Statement() = default;
  virtual Statement& bind(int i, std::string_view v) = 0; // 1-based, like SQLite
  virtual Statement& bind(int i, std::int64_t v) = 0;
  virtual Statement& bind_null(int i) = 0;
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  Statement& bind(int i, const std::optional<std::string>& v) {
    return v ? bind(i, std::string_view(*v)) : bind_null(i);
  }

  // true: a row is ready; false: no more rows.
  virtual Result<bool> step() = 0;
  // Runs to completion; returns the number of rows changed.
  virtual Result<int> exec() = 0;

  virtual std::string text(int col) const = 0; // 0-based
  virtual std::int64_t int64(int col) const = 0;
  virtual bool is_null(int col) const = 0;
  // The result's columns, by name (`AS name` in the select list); after a step().
  virtual int column_count() const = 0;
  virtual std::string_view column_name(int col) const = 0;
  // The index of the column called `name`, or -1.
  int column(std::string_view name) const {
    for (int i = 0, n = column_count(); i < n; ++i)
      if (column_name(i) == name) return i;
    return -1;
  }
  std::optional<std::string> opt_text(int col) const {
    if (is_null(col)) return std::nullopt;
    return text(col);
  }
};

class Connection {
 public:
  virtual ~Connection() = default;
  // A prepared statement cached on this connection by its SQL text, with bindings
  // cleared. Valid until the next prepare() of the same SQL.
  virtual Result<Statement*> prepare(const std::string& sql) = 0;
  // Runs one or more statements that take no parameters (DDL, transaction control).
  virtual Result<void> exec_script(std::string_view sql) = 0;
  // "sqlite" or "postgres": which of a migration's engine-specific versions applies.
  virtual std::string_view engine() const = 0;
  // Releases every statement's result or snapshot (between transactions).
  virtual void reset_all() = 0;
  // True when the connection to the server is lost; the pool then discards it.
  virtual bool broken() const { return false; }
  // Inserts many rows at once (COPY on PostgreSQL); every value is text or null.
  virtual Result<void> bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                                   const std::vector<std::vector<std::optional<std::string>>>& rows) = 0;
};

} // namespace shegong::sql
