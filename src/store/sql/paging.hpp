// Filtered, counted, paged queries: shared by the repositories.
#pragma once

#include <string>
#include <type_traits>
#include <vector>

#include "sql.hpp"
#include "shegong/app/ports.hpp"

namespace shegong::sql {

// A WHERE clause with its bindings, built from optional filters.
struct Where {
  std::string sql;
  std::vector<std::string> texts; // every binding is text or an integer rendered as text
  std::vector<bool> is_int;

  void add(const std::string& cond, std::string value, bool integer = false) {
    sql += sql.empty() ? " WHERE " : " AND ";
    sql += cond;
    texts.push_back(std::move(value));
    is_int.push_back(integer);
  }
  // One condition holding several text placeholders: "(a LIKE ? OR b LIKE ?)".
  void add_texts(const std::string& cond, std::vector<std::string> values) {
    sql += sql.empty() ? " WHERE " : " AND ";
    sql += cond;
    for (auto& v : values) {
      texts.push_back(std::move(v));
      is_int.push_back(false);
    }
  }
  void scope(const std::string& column, const Scope& s) {
    if (s.is_national()) return;
    add(column + " >= ?", s.range_low());
    add(column + " < ?", s.range_high());
  }
  void bind(Statement& st, int first = 1) const {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const int idx = first + static_cast<int>(i);
      if (is_int[i]) st.bind(idx, static_cast<std::int64_t>(std::stoll(texts[i])));
      else st.bind(idx, texts[i]);
    }
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
  w.bind(*st);
  const int n = static_cast<int>(w.texts.size());
  st->bind(n + 1, page.page_size).bind(n + 2, static_cast<std::int64_t>(page.page - 1) * page.page_size);
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
