// Filtered, counted, paged queries: shared by the repositories.
#pragma once

#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
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
  // Every condition of `o` too, after these.
  void add_all(const Where& o) {
    if (o.sql.empty()) return;
    sql += sql.empty() ? o.sql : " AND " + o.sql.substr(std::string_view(" WHERE ").size());
    values.insert(values.end(), o.values.begin(), o.values.end());
  }
  void scope(const std::string& column, const Scope& s) {
    if (s.is_national()) return;
    add(column + " >= ? AND " + column + " < ?", {s.range_low(), s.range_high()});
  }
  // The scope of one page of a list. A county or more holds a large share of the
  // records, so walking the sort order's index finds a page at once, while the region
  // index would select them all to be sorted: the condition is written so that no index
  // serves it. A township or village holds few: the region index selects them.
  void scope_for_page(const std::string& column, const Scope& s) {
    if (s.is_national()) return;
    if (s.prefix().size() > 6) return scope(column, s);
    add("(" + column + " || '') >= ? AND (" + column + " || '') < ?", {s.range_low(), s.range_high()});
  }
  // Binds the values from placeholder `first`; returns the next free placeholder.
  int bind(Statement& st, int first = 1) const {
    int i = first;
    for (const auto& v : values) std::visit([&](const auto& x) { st.bind(i++, x); }, v);
    return i;
  }
};

// A list's conditions in a scope: the page's (the scope as scope_for_page writes it, or on
// the region index when the page is sorted by region: that index is the order) and the
// count's (the scope on the region index), each with the same filters after it.
struct ListWhere {
  Where paged, counted;
};
inline ListWhere list_where(const std::string& region_column, const Scope& s, const Where& filters,
                            bool sorted_by_region = false) {
  ListWhere out;
  if (sorted_by_region)
    out.paged.scope(region_column, s);
  else
    out.paged.scope_for_page(region_column, s);
  out.paged.add_all(filters);
  out.counted.scope(region_column, s);
  out.counted.add_all(filters);
  return out;
}

// How many rows of `from + where` match, counted up to kTotalCap: past it, reading
// on would cost the whole scope to show one page.
inline Result<std::pair<std::int64_t, bool>> bounded_count(Connection& c, const std::string& from, const Where& w) {
  SHEGONG_ASSIGN(auto st, c.prepare("SELECT COUNT(*) FROM (SELECT 1 FROM " + from + w.sql + " LIMIT ?) capped"));
  st->bind(w.bind(*st), kTotalCap + 1);
  SHEGONG_ASSIGN(bool row, st->step());
  const std::int64_t n = row ? st->int64(0) : 0;
  if (n > kTotalCap) return std::make_pair(kTotalCap, false);
  return std::make_pair(n, true);
}

// The (bounded) total and one page of `cols + where + order`; `row_fn` turns a row
// into T or Result<T>. `count_where`, when given, is the same condition written the
// way that counts fastest (driven from another table's index).
// "?, ?, ?": n placeholders for an IN list or a VALUES row.
inline std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

template <typename T, typename RowFn>
inline Result<Page<T>> run_page(Connection& c, const std::string& cols, const std::string& count_from, const Where& w,
                                const std::string& order, const PageRequest& page, RowFn row_fn,
                                const Where* count_where = nullptr) {
  Page<T> out;
  out.page = page.page;
  out.page_size = page.page_size;
  SHEGONG_ASSIGN(auto counted, bounded_count(c, count_from, count_where ? *count_where : w));
  std::tie(out.total, out.total_exact) = counted;
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
