// libpq behind the SQL driver interface, private to the PostgreSQL adapter.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "../sql/sql.hpp"

namespace shegong::pg {

// Rewrites portable SQL for PostgreSQL: `?` placeholders become $1, $2 … (outside
// quoted text), then the collations are translated.
std::string translate(std::string_view portable);
// `COLLATE zh` becomes ICU's Chinese collation and `COLLATE BINARY` (byte order, for
// prefix ranges over UTF-8 text) becomes "C".
std::string translate_dialect(std::string sql);

class Connection;

class Statement final : public sql::Statement {
 public:
  Statement(Connection& conn, std::string name, int params) : conn_(conn), name_(std::move(name)), params_(params) {}
  ~Statement() override;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  using sql::Statement::bind;
  sql::Statement& bind(int i, std::string_view v) override;
  sql::Statement& bind(int i, std::int64_t v) override;
  sql::Statement& bind_null(int i) override;
  Result<bool> step() override;
  Result<int> exec() override;
  std::string text(int col) const override;
  std::int64_t int64(int col) const override;
  bool is_null(int col) const override;
  int column_count() const override;
  std::string_view column_name(int col) const override;
  void reset();

 private:
  Result<void> run();
  Connection& conn_;
  std::string name_;
  std::vector<std::optional<std::string>> params_;
  PGresult* result_ = nullptr;
  int row_ = -1;
  bool ran_ = false;
};

class Connection final : public sql::Connection {
 public:
  static Result<std::unique_ptr<Connection>> open(const std::string& conninfo, const std::string& schema);
  ~Connection() override;
  std::string_view engine() const override { return "postgres"; }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result<sql::Statement*> prepare(const std::string& text) override;
  Result<void> exec_script(std::string_view script) override;
  Result<void> bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                           const std::vector<std::vector<std::optional<std::string>>>& rows) override;
  void reset_all() override;
  bool broken() const override;

  PGconn* raw() const noexcept { return conn_; }
  // The error of a failed result (or of the connection when `res` is null), classified.
  Error error(const PGresult* res, std::string_view what) const;

 private:
  explicit Connection(PGconn* c) : conn_(c) {}
  PGconn* conn_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
  int next_name_ = 0;
};

} // namespace shegong::pg
