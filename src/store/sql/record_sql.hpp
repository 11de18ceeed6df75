// The store's side of a record description (records/record.hpp): the select list, a
// row read by column name, and inserts and updates bound field by field. A column added
// to a record is one line of its description; nothing here is positional.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "shegong/records/record.hpp"
#include "sql.hpp"

namespace shegong::sql {

namespace detail {

template <class F, class M>
void bind_value(Statement& st, int i, const F&, const M& v) {
  if constexpr (!std::is_void_v<typename F::codec>)
    st.bind(i, F::codec::to_text(v));
  else if constexpr (std::is_same_v<M, RegionCode>)
    st.bind(i, v.str());
  else if constexpr (std::is_same_v<M, std::optional<RegionCode>>)
    v ? st.bind(i, v->str()) : st.bind_null(i);
  else if constexpr (records::Coded<M>)
    st.bind(i, records::Enum<M>::text(v));
  else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>)
    v ? st.bind(i, *v) : st.bind_null(i);
  else
    st.bind(i, v);
}

template <class F, class M>
Result<void> read_value(const Statement& st, int col, const F& f, M& out) {
  const std::string_view name = f.name;
  if constexpr (!std::is_void_v<typename F::codec>) {
    out = F::codec::from_text(st.text(col));
  } else if constexpr (std::is_same_v<M, std::string>) {
    out = st.text(col);
  } else if constexpr (std::is_same_v<M, std::optional<std::string>>) {
    out = st.opt_text(col);
  } else if constexpr (std::is_same_v<M, bool>) {
    out = st.int64(col) != 0;
  } else if constexpr (std::is_same_v<M, std::int64_t>) {
    out = st.int64(col);
  } else if constexpr (std::is_same_v<M, int>) {
    out = static_cast<int>(st.int64(col));
  } else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>) {
    out = st.is_null(col) ? std::nullopt : std::optional<std::int64_t>(st.int64(col));
  } else if constexpr (std::is_same_v<M, RegionCode>) {
    auto code = RegionCode::parse(st.text(col));
    if (!code) return Error::make(ErrorCode::internal, "stored " + std::string(name) + " is not a region code");
    out = *code;
  } else if constexpr (std::is_same_v<M, std::optional<RegionCode>>) {
    out.reset();
    if (st.is_null(col)) return ok();
    auto code = RegionCode::parse(st.text(col));
    if (!code) return Error::make(ErrorCode::internal, "stored " + std::string(name) + " is not a region code");
    out = *code;
  } else if constexpr (records::Coded<M>) {
    auto v = records::Enum<M>::parse(st.text(col));
    if (!v) return Error::make(ErrorCode::internal, "stored " + std::string(name) + " is not a known code");
    out = *v;
  } else {
    static_assert(sizeof(M) == 0, "no column mapping for this field type");
  }
  return ok();
}

// The columns where this thread last found each field of R.
template <class R, std::size_t N>
std::array<int, N>& found_columns() {
  thread_local std::array<int, N> cols{};
  return cols;
}

} // namespace detail

// "SELECT s.id AS id, …, COALESCE(r.name, '') AS region_name FROM stations s LEFT JOIN …"
template <class R>
const std::string& select_sql() {
  static const std::string sql = [] {
    using D = records::Record<R>;
    std::string cols;
    records::each_field<R>([&](const auto& f) {
      if (!cols.empty()) cols += ", ";
      if (f.stored())
        cols += std::string(D::alias) + "." + std::string(f.name);
      else
        cols += std::string(f.sql);
      cols += " AS " + std::string(f.name);
    });
    return "SELECT " + cols + " FROM " + std::string(D::from);
  }();
  return sql;
}

// The current row as a record, each field read from the column of its name. The
// columns found for the last row are tried first (one name compared per field, not a
// scan), so reading a million rows costs no more than reading them by position.
template <class R>
Result<R> read_record(const Statement& st) {
  constexpr std::size_t kFields = std::tuple_size_v<std::decay_t<decltype(records::Record<R>::fields)>>;
  auto& found = detail::found_columns<R, kFields>();
  R r;
  Result<void> status = ok();
  std::size_t i = 0;
  records::each_field<R>([&](const auto& f) {
    if (!status) return;
    int& col = found[i++];
    if (col < 0 || col >= st.column_count() || st.column_name(col) != f.name) col = st.column(f.name);
    if (col < 0) {
      status = Error::make(ErrorCode::internal, "the query has no column " + std::string(f.name));
      return;
    }
    status = detail::read_value(st, col, f, f.of(r));
  });
  if (!status) return std::move(status).error();
  return r;
}

// Every row left in `st`, each read by row_fn (which returns Result<T>).
template <typename T, typename RowFn>
Result<std::vector<T>> collect(Statement& st, RowFn row_fn) {
  std::vector<T> out;
  for (;;) {
    SHEGONG_ASSIGN(bool row, st.step());
    if (!row) break;
    SHEGONG_ASSIGN(auto item, row_fn(st));
    out.push_back(std::move(item));
  }
  return out;
}

template <class R>
Result<void> insert_record(Connection& c, const R& r) {
  using D = records::Record<R>;
  static const std::string sql = [] {
    std::string cols, marks;
    records::each_field<R>([&](const auto& f) {
      if (!f.stored()) return;
      cols += (cols.empty() ? "" : ", ") + std::string(f.name);
      marks += marks.empty() ? "?" : ", ?";
    });
    return "INSERT INTO " + std::string(D::table) + " (" + cols + ") VALUES (" + marks + ")";
  }();
  SHEGONG_ASSIGN(auto st, c.prepare(sql));
  int i = 0;
  records::each_field<R>([&](const auto& f) {
    if (f.stored()) detail::bind_value(*st, ++i, f, f.of(r));
  });
  SHEGONG_TRY(st->exec());
  return ok();
}

// The stored columns, in the description's order (for a bulk insert).
template <class R>
const std::vector<std::string>& stored_columns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> out;
    records::each_field<R>([&](const auto& f) {
      if (f.stored()) out.emplace_back(f.name);
    });
    return out;
  }();
  return cols;
}

// The stored values as text (null where absent), in the order of stored_columns().
template <class R>
std::vector<std::optional<std::string>> stored_values(const R& r) {
  std::vector<std::optional<std::string>> out;
  records::each_field<R>([&](const auto& f) {
    if (!f.stored()) return;
    using M = typename std::decay_t<decltype(f)>::value_type;
    const M& v = f.of(r);
    if constexpr (!std::is_void_v<typename std::decay_t<decltype(f)>::codec>)
      out.emplace_back(std::decay_t<decltype(f)>::codec::to_text(v));
    else if constexpr (std::is_same_v<M, std::string>)
      out.emplace_back(v);
    else if constexpr (std::is_same_v<M, std::optional<std::string>>)
      out.push_back(v);
    else if constexpr (std::is_same_v<M, bool>)
      out.emplace_back(v ? "1" : "0");
    else if constexpr (std::is_same_v<M, std::int64_t> || std::is_same_v<M, int>)
      out.emplace_back(std::to_string(v));
    else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>)
      out.push_back(v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt);
    else if constexpr (std::is_same_v<M, RegionCode>)
      out.emplace_back(v.str());
    else if constexpr (std::is_same_v<M, std::optional<RegionCode>>)
      out.push_back(v ? std::optional<std::string>(v->str()) : std::nullopt);
    else if constexpr (records::Coded<M>)
      out.emplace_back(records::Enum<M>::text(v));
    else
      static_assert(sizeof(M) == 0, "no text form for this field type");
  });
  return out;
}

namespace detail {

// "UPDATE t SET a = ?, b = ? WHERE id = ?", and " AND version = ?" when versioned.
template <class R>
std::string update_sql(bool versioned) {
  std::string sets, id;
  records::each_field<R>([&](const auto& f) {
    if (f.updated()) sets += (sets.empty() ? "" : ", ") + std::string(f.name) + " = ?";
    if (f.has(records::key)) id = std::string(f.name);
  });
  return "UPDATE " + std::string(records::Record<R>::table) + " SET " + sets + " WHERE " + id + " = ?" +
         (versioned ? " AND version = ?" : "");
}

template <class R>
int bind_update(Statement& st, const R& r) {
  int i = 0;
  records::each_field<R>([&](const auto& f) {
    if (f.updated()) bind_value(st, ++i, f, f.of(r));
  });
  records::each_field<R>([&](const auto& f) {
    if (f.has(records::key)) bind_value(st, ++i, f, f.of(r));
  });
  return i;
}

} // namespace detail

// Writes every field an update may change, if the stored version is still `expected`;
// false when it is not (or the record is gone).
template <class R>
Result<bool> update_record(Connection& c, const R& r, std::int64_t expected_version) {
  static const std::string sql = detail::update_sql<R>(true);
  SHEGONG_ASSIGN(auto st, c.prepare(sql));
  const int i = detail::bind_update(*st, r);
  st->bind(i + 1, expected_version);
  SHEGONG_ASSIGN(int changed, st->exec());
  return changed == 1;
}

// Writes every field an update may change, for a record only its one writer changes
// (an import job and its runner); false when the record is gone.
template <class R>
Result<bool> overwrite_record(Connection& c, const R& r) {
  static const std::string sql = detail::update_sql<R>(false);
  SHEGONG_ASSIGN(auto st, c.prepare(sql));
  detail::bind_update(*st, r);
  SHEGONG_ASSIGN(int changed, st->exec());
  return changed == 1;
}

} // namespace shegong::sql
