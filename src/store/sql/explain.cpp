// SqlStore::explain: the repositories run against a connection that notes each query
// and its bindings; the engine is then asked for the plan of each, with the same
// bindings, in the same transaction.
#include <map>
#include <memory>
#include <variant>

#include "pool.hpp"
#include "shegong/store/sql_store.hpp"

namespace shegong {
namespace {

using Value = std::variant<std::monostate, std::string, std::int64_t>;

struct Sent {
  std::string sql;
  std::vector<Value> values; // by placeholder, from 1
};

class NotingStatement final : public sql::Statement {
 public:
  NotingStatement(std::string sql, std::vector<Sent>& log) : sql_(std::move(sql)), log_(log) {}
  void reset(sql::Statement* inner) {
    inner_ = inner;
    values_.clear();
    noted_ = false;
  }
  Statement& bind(int i, std::string_view v) override { return keep(i, std::string(v)), inner_->bind(i, v), *this; }
  Statement& bind(int i, std::int64_t v) override { return keep(i, v), inner_->bind(i, v), *this; }
  Statement& bind_null(int i) override { return keep(i, std::monostate{}), inner_->bind_null(i), *this; }
  Result<bool> step() override {
    note();
    return inner_->step();
  }
  Result<int> exec() override {
    note();
    return inner_->exec();
  }
  std::string text(int col) const override { return inner_->text(col); }
  std::int64_t int64(int col) const override { return inner_->int64(col); }
  bool is_null(int col) const override { return inner_->is_null(col); }
  int column_count() const override { return inner_->column_count(); }
  std::string_view column_name(int col) const override { return inner_->column_name(col); }

 private:
  void keep(int i, Value v) {
    if (values_.size() < static_cast<std::size_t>(i)) values_.resize(static_cast<std::size_t>(i));
    values_[static_cast<std::size_t>(i - 1)] = std::move(v);
  }
  // Once a run: a statement stepped row by row is one query.
  void note() {
    if (noted_) return;
    noted_ = true;
    if (sql_.starts_with("SELECT") || sql_.starts_with("WITH")) log_.push_back({sql_, values_});
  }
  std::string sql_;
  std::vector<Sent>& log_;
  sql::Statement* inner_ = nullptr;
  std::vector<Value> values_;
  bool noted_ = false;
};

class NotingConnection final : public sql::Connection {
 public:
  NotingConnection(sql::Connection& inner, std::vector<Sent>& log) : inner_(inner), log_(log) {}
  Result<sql::Statement*> prepare(const std::string& sql) override {
    SHEGONG_ASSIGN(auto st, inner_.prepare(sql));
    auto& mine = statements_[sql];
    if (!mine) mine = std::make_unique<NotingStatement>(sql, log_);
    mine->reset(st);
    return mine.get();
  }
  Result<void> exec_script(std::string_view sql) override { return inner_.exec_script(sql); }
  std::string_view engine() const override { return inner_.engine(); }
  void reset_all() override { inner_.reset_all(); }
  bool broken() const override { return inner_.broken(); }
  Result<void> bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                           const std::vector<std::vector<std::optional<std::string>>>& rows) override {
    return inner_.bulk_insert(table, columns, rows);
  }

 private:
  sql::Connection& inner_;
  std::vector<Sent>& log_;
  std::map<std::string, std::unique_ptr<NotingStatement>> statements_;
};

} // namespace

Result<std::vector<QueryPlan>> SqlStore::explain(const Work& fn) {
  std::vector<QueryPlan> out;
  SHEGONG_TRY(pool_->transact_raw(
      [&](sql::Connection& c) -> Result<void> {
        if (const char* setup = explain_setup()) SHEGONG_TRY(c.exec_script(setup));
        std::vector<Sent> sent;
        {
          NotingConnection noting(c, sent);
          sql::SqlRepositories repos(noting);
          SHEGONG_TRY(fn(repos));
        }
        for (const auto& s : sent) {
          SHEGONG_ASSIGN(auto st, c.prepare(explain_prefix() + s.sql));
          for (std::size_t i = 0; i < s.values.size(); ++i) {
            const int at = static_cast<int>(i + 1);
            if (const auto* t = std::get_if<std::string>(&s.values[i]))
              st->bind(at, *t);
            else if (const auto* n = std::get_if<std::int64_t>(&s.values[i]))
              st->bind(at, *n);
            else
              st->bind_null(at);
          }
          QueryPlan plan{s.sql, {}};
          for (;;) {
            SHEGONG_ASSIGN(bool row, st->step());
            if (!row) break;
            plan.steps.push_back(st->text(plan_column()));
          }
          out.push_back(std::move(plan));
        }
        return ok();
      },
      "BEGIN"));
  return out;
}

} // namespace shegong
