// Filtered, counted, paged queries: shared by the repositories.
#pragma once

#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "sql.hpp"
#include "shegong/app/ports.hpp"

namespace shegong::sql {

// Escapes % _ and \ for LIKE ... ESCAPE '\' and wraps the text in %...%.
inline std::string like_contains(std::string_view q) {
  std::string out = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}


// A WHERE clause with its bindings, built from optional filters.
struct Where {
  using Value = std::variant<std::string, std::int64_t>;
  std::string sql;
  std::vector<Value> values;

  // A condition with one placeholder per value: "a = ?", "(a LIKE ? OR b LIKE ?)".
  void add(const std::string& cond, std::initializer_list<Value> vs) {
    sql += sql.empty() ? " WHERE " : " AND ";
    sql += cond;
    values.insert(values.end(), vs.begin(), vs.end());
  }
  void add(const std::string& cond, Value v) { add(cond, {std::move(v)}); }
  // A condition without placeholders.
  void add(const std::string& cond) { add(cond, std::initializer_list<Value>{}); }
  void scope(const std::string& column, const Scope& s) {
    if (s.is_national()) return;
    add(column + " >= ? AND " + column + " < ?", {s.range_low(), s.range_high()});
  }
  // Binds the values from placeholder `first`; returns the next free placeholder.
  int bind(Statement& st, int first = 1) const {
    int i = first;
    for (const auto& v : values) std::visit([&](const auto& x) { st.bind(i++, x); }, v);
    return i;
  }
};

// The total and one page of `cols + where + order`; `row_fn` turns a row into T or
// Result<T>.
template <typename T, typename RowFn>
inline Result<Page<T>> run_page(Connection& c, const std::string& cols, const std::string& count_from, const Where& w,
                         const std::string& order, const PageRequest& page, RowFn row_fn) {
  Page<T> out;
  out.page = page.page;
  out.page_size = page.page_size;
  {
    SHEGONG_ASSIGN(auto st, c.prepare("SELECT COUNT(*) FROM " + count_from + w.sql));
    w.bind(*st);
    SHEGONG_ASSIGN(bool row, st->step());
    out.total = row ? st->int64(0) : 0;
  }
  SHEGONG_ASSIGN(auto st, c.prepare(cols + w.sql + order + " LIMIT ? OFFSET ?"));
  const int next = w.bind(*st);
  st->bind(next, page.page_size).bind(next + 1, static_cast<std::int64_t>(page.page - 1) * page.page_size);
  for (;;) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    if constexpr (std::is_same_v<decltype(row_fn(*st)), T>) {
      out.items.push_back(row_fn(*st));
    } else {
      SHEGONG_ASSIGN(auto item, row_fn(*st));
      out.items.push_back(std::move(item));
    }
  }
  return out;
}


} // namespace shegong::sql
