// One description per record type. A record's fields are listed once, with the name
// they carry in the store and on the wire and what kind of value each is; the store
// derives its column list, maps rows by column name and binds inserts and updates from
// it; the HTTP adapter derives the record's JSON, the readers of its create and edit
// requests and its OpenAPI schemas (written into docs/openapi.json by `make api`). The
// domain's structs stay plain and its rules stay in the domain; the description lives
// here, in the adapters' layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "shegong/core/region_code.hpp"

namespace shegong::records {

// What a field is besides its C++ type.
enum Flag : unsigned {
  plain = 0,
  key = 1u << 0, // the record's id: written once, the WHERE of an update
  fixed = 1u << 1, // written on insert, never changed by an update
  read_model = 1u << 2, // computed by the query (a joined name), never stored
  timestamp = 1u << 3, // milliseconds since the epoch; ISO 8601 on the wire
  date = 1u << 4, // YYYY-MM-DD text; the OpenAPI Date
  empty_is_null = 1u << 5, // an empty text is null on the wire (a name of nothing)
  uuid = 1u << 6, // a UUID (a record's id or a reference to one); the OpenAPI Uuid
  required = 1u << 7, // a create must send it
  managed = 1u << 8, // set by the server alone (version, times): never read from a request
  later = 1u << 9, // not sent on create (a record starts active), changed by an edit
};

struct FieldBase {
  std::string_view name; // the column and the JSON key
  unsigned flags = plain;
  std::string_view sql = {}; // a read model's SQL expression
  // What the wire contract states besides the type. The domain's rules still decide (a
  // test holds each limit against them); these tell a client before it sends.
  std::string_view doc = {};
  std::int64_t max_length = 0; // characters; 0: none stated
  std::optional<std::int64_t> minimum = {}, maximum = {};

  constexpr bool has(Flag f) const { return (flags & f) != 0; }
  constexpr bool stored() const { return !has(read_model); }
  constexpr bool updated() const { return stored() && !has(key) && !has(fixed); }
  // Which requests may carry it.
  constexpr bool on_create() const { return stored() && !has(managed) && !has(later); }
  constexpr bool on_edit() const { return updated() && !has(managed); }
};

template <class R, class O>
struct OuterMember {
  using type = O R::*;
};
template <class R>
struct OuterMember<R, void> {
  using type = std::nullptr_t;
};

// A field held by a member (`&Station::name`), or by a member of a member
// (`&Campaign::rule`, `&VisitRule::high`). `Codec` turns a value that is not one plain
// column value (a list) into its stored text and back; void for plain values.
template <class R, class M, class Codec = void, class Outer = void>
struct Field : FieldBase {
  using record_type = R;
  using value_type = M;
  using codec = Codec;
  using holder = std::conditional_t<std::is_void_v<Outer>, R, Outer>;
  M holder::*member;
  typename OuterMember<R, Outer>::type outer = nullptr;

  constexpr M& of(R& r) const {
    if constexpr (std::is_void_v<Outer>)
      return r.*member;
    else
      return (r.*outer).*member;
  }
  constexpr const M& of(const R& r) const {
    if constexpr (std::is_void_v<Outer>)
      return r.*member;
    else
      return (r.*outer).*member;
  }

  constexpr Field describe(std::string_view text) const {
    Field f = *this;
    f.doc = text;
    return f;
  }
  constexpr Field length(std::int64_t characters) const {
    Field f = *this;
    f.max_length = characters;
    return f;
  }
  constexpr Field range(std::int64_t lo, std::int64_t hi) const {
    Field f = *this;
    f.minimum = lo;
    f.maximum = hi;
    return f;
  }
  constexpr Field at_least(std::int64_t lo) const {
    Field f = *this;
    f.minimum = lo;
    return f;
  }
};

template <class R, class M>
constexpr Field<R, M> field(std::string_view name, M R::*member, unsigned flags = plain, std::string_view sql = {}) {
  return {{name, flags, sql, {}, 0, {}, {}}, member, nullptr};
}

template <class Codec, class R, class M>
constexpr Field<R, M, Codec> coded(std::string_view name, M R::*member, unsigned flags = plain) {
  return {{name, flags, {}, {}, 0, {}, {}}, member, nullptr};
}

template <class R, class O, class M>
constexpr Field<R, M, void, O> nested(std::string_view name, O R::*outer, M O::*member, unsigned flags = plain) {
  return {{name, flags, {}, {}, 0, {}, {}}, member, outer};
}

template <class Codec, class R, class O, class M>
constexpr Field<R, M, Codec, O> nested_coded(std::string_view name, O R::*outer, M O::*member, unsigned flags = plain) {
  return {{name, flags, {}, {}, 0, {}, {}}, member, outer};
}

// Specialised once per record type: `table`, `alias`, `from` (the FROM clause with the
// joins the read-model fields need) and `fields`, a tuple of Field. A record on the wire
// as it is stored also names its OpenAPI `schema` and `doc`.
template <class R>
struct Record;

template <class R, class F>
constexpr void each_field(F&& f) {
  std::apply([&](const auto&... fld) { (f(fld), ...); }, Record<R>::fields);
}

// Specialised once per code list: its text and parsing, its OpenAPI schema's name and,
// where a request may send it, `all` its values.
template <class E>
struct Enum;

template <class T>
concept Coded = requires {
  Enum<T>::schema;
};

} // namespace shegong::records
