// The HTTP side of a record description (records/record.hpp): a record as JSON, the
// readers of its create and edit requests, and its OpenAPI schemas, all field by field in
// the order the description lists them.
#pragma once

#include <boost/json.hpp>

#include <string>
#include <vector>

#include "json_body.hpp"
#include "shegong/core/clock.hpp"
#include "shegong/domain/edit.hpp"
#include "shegong/domain/text.hpp"
#include "shegong/records/record.hpp"

namespace shegong::http {

namespace detail {

template <class M>
inline constexpr bool is_text = std::is_same_v<M, std::string>;
template <class M>
inline constexpr bool is_opt_text = std::is_same_v<M, std::optional<std::string>>;

template <class F, class M>
boost::json::value json_value(const F& f, const M& v) {
  if constexpr (is_text<M>) {
    if (f.has(records::empty_is_null) && v.empty()) return nullptr;
    return boost::json::value(v);
  } else if constexpr (is_opt_text<M>) {
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
  } else if constexpr (std::is_same_v<M, bool>) {
    return boost::json::value(v);
  } else if constexpr (std::is_same_v<M, std::int64_t>) {
    if (f.has(records::timestamp)) return boost::json::value(format_timestamp(v));
    return boost::json::value(v);
  } else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>) {
    if (!v) return nullptr;
    if (f.has(records::timestamp)) return boost::json::value(format_timestamp(*v));
    return boost::json::value(*v);
  } else if constexpr (std::is_same_v<M, RegionCode>) {
    return boost::json::value(v.str());
  } else if constexpr (records::Coded<M>) {
    return boost::json::value(records::Enum<M>::text(v));
  } else {
    static_assert(sizeof(M) == 0, "no JSON mapping for this field type");
  }
}

inline Error refused(std::string_view field, std::string_view must) {
  return Error::make(ErrorCode::invalid_field, std::string(field) + " must be " + std::string(must),
                     std::string(field));
}

inline Error missing(std::string_view field) {
  return Error::make(ErrorCode::missing_field, std::string(field) + " is required", std::string(field))
      .because("text.required");
}

// Reads one field a request sent into `out`; false when it was not sent. Text is trimmed;
// null or "" is the empty value of text, dates and references; null that of a number
// that may be unknown. What the value means (a
// length, a range, a region's level) is the domain's to check.
template <class F, class M>
Result<bool> read_field(const JsonBody& body, const F& f, M& out) {
  const std::string_view name = f.name;
  if (!body.has(name)) return false;
  if constexpr (is_text<M>) {
    SHEGONG_ASSIGN(auto raw, body.opt_string(name));
    std::string text = trim_text(raw.value_or(""));
    if (text.empty() && f.has(records::required)) return missing(name);
    if (f.has(records::uuid)) {
      auto id = parse_uuid(text);
      if (!id) return refused(name, "a UUID");
      text = *id;
    }
    out = std::move(text);
  } else if constexpr (is_opt_text<M>) {
    SHEGONG_ASSIGN(auto raw, body.opt_string(name));
    std::string text = trim_text(raw.value_or(""));
    if (text.empty()) {
      out.reset();
    } else if (f.has(records::date)) {
      if (!parse_date(text)) return refused(name, "a date YYYY-MM-DD");
      out = std::move(text);
    } else if (f.has(records::uuid)) {
      auto id = parse_uuid(text);
      if (!id) return refused(name, "a UUID");
      out = *id;
    } else {
      out = std::move(text);
    }
  } else if constexpr (std::is_same_v<M, bool>) {
    SHEGONG_ASSIGN(auto v, body.opt_bool(name));
    if (!v) return refused(name, "true or false");
    out = *v;
  } else if constexpr (std::is_same_v<M, std::int64_t>) {
    SHEGONG_ASSIGN(auto v, body.opt_integer(name));
    if (!v) return refused(name, "an integer");
    out = *v;
  } else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>) {
    SHEGONG_ASSIGN(out, body.opt_integer(name));
  } else if constexpr (std::is_same_v<M, RegionCode>) {
    SHEGONG_ASSIGN(auto raw, body.string(name));
    SHEGONG_ASSIGN(out, RegionCode::parse(raw, name));
  } else if constexpr (records::Coded<M>) {
    SHEGONG_ASSIGN(auto raw, body.string(name));
    auto v = records::Enum<M>::parse(raw);
    if (!v) {
      std::string allowed;
      for (auto x : records::Enum<M>::all) {
        if (!allowed.empty()) allowed += ", ";
        allowed += records::Enum<M>::text(x);
      }
      return refused(name, "one of " + allowed).because("code.one_of", {{"allowed", allowed}});
    }
    out = *v;
  } else {
    static_assert(sizeof(M) == 0, "no request mapping for this field type");
  }
  return true;
}

template <class R, class Pick>
std::vector<std::string_view> names_where(Pick pick) {
  std::vector<std::string_view> out;
  records::each_field<R>([&](const auto& f) {
    if (pick(f)) out.push_back(f.name);
  });
  return out;
}

} // namespace detail

template <class R>
boost::json::object record_json(const R& r) {
  boost::json::object o;
  o.reserve(std::tuple_size_v<std::decay_t<decltype(records::Record<R>::fields)>>);
  records::each_field<R>([&](const auto& f) { o[f.name] = detail::json_value(f, f.of(r)); });
  return o;
}

// A create request as the record its author wrote: the fields a create may carry, each
// checked for its type; anything else is refused by name, and a required field must be
// there. What the server sets (id when absent, version, times) is the service's.
template <class R>
Result<R> read_create(const JsonBody& body) {
  static const auto known = detail::names_where<R>([](const auto& f) { return f.on_create(); });
  SHEGONG_TRY(body.only(known));
  R r{};
  Result<void> status = ok();
  records::each_field<R>([&](const auto& f) {
    if (!status || !f.on_create()) return;
    auto sent = detail::read_field(body, f, f.of(r));
    if (!sent)
      status = sent.error();
    else if (!*sent && f.has(records::required))
      status = detail::missing(f.name);
  });
  SHEGONG_TRY(status);
  return r;
}

// An edit request: the fields sent, as an edit the service applies to the stored record.
// `version` (the edit's base) is read by the caller; anything else unknown is refused.
template <class R>
Result<Edit<R>> read_edit(const JsonBody& body) {
  static const auto known = [] {
    auto names = detail::names_where<R>([](const auto& f) { return f.on_edit(); });
    names.push_back("version");
    return names;
  }();
  SHEGONG_TRY(body.only(known));
  Edit<R> edit;
  Result<void> status = ok();
  records::each_field<R>([&](const auto& f) {
    if (!status || !f.on_edit()) return;
    typename std::decay_t<decltype(f)>::value_type value{};
    auto sent = detail::read_field(body, f, value);
    if (!sent)
      status = sent.error();
    else if (*sent)
      edit.then([f, v = std::move(value)](R& r) { f.of(r) = v; });
  });
  SHEGONG_TRY(status);
  return edit;
}

// ---- OpenAPI ---------------------------------------------------------------------------

namespace detail {

enum class Wire { read, create, edit };

inline boost::json::object ref(std::string_view schema) {
  return {{"$ref", "#/components/schemas/" + std::string(schema)}};
}

inline boost::json::object nullable(boost::json::object schema, bool blank_text = false) {
  boost::json::array one{std::move(schema)};
  if (blank_text) one.push_back(boost::json::object{{"type", "string"}, {"maxLength", 0}});
  one.push_back(boost::json::object{{"type", "null"}});
  return {{"oneOf", std::move(one)}};
}

template <class R, class F>
boost::json::object field_schema(const F& f, Wire wire) {
  using M = typename F::value_type;
  const bool request = wire != Wire::read;
  boost::json::object s;
  if constexpr (is_text<M>) {
    if (f.has(records::uuid)) {
      s = ref("Uuid");
    } else {
      const bool null = f.has(records::empty_is_null) || (request && !f.has(records::required));
      s["type"] = null ? boost::json::value(boost::json::array{"string", "null"}) : boost::json::value("string");
    }
  } else if constexpr (is_opt_text<M>) {
    if (f.has(records::date) || f.has(records::uuid))
      s = nullable(ref(f.has(records::date) ? "Date" : "Uuid"), request);
    else
      s["type"] = boost::json::array{"string", "null"};
  } else if constexpr (std::is_same_v<M, bool>) {
    s["type"] = "boolean";
  } else if constexpr (std::is_same_v<M, std::int64_t>) {
    if (f.has(records::timestamp))
      s = ref("Timestamp");
    else
      s["type"] = "integer";
  } else if constexpr (std::is_same_v<M, std::optional<std::int64_t>>) {
    s["type"] = boost::json::array{"integer", "null"};
  } else if constexpr (std::is_same_v<M, RegionCode>) {
    s = ref(request ? "RegionCodeInput" : "RegionCode");
  } else if constexpr (records::Coded<M>) {
    s = ref(records::Enum<M>::schema);
  } else {
    static_assert(sizeof(M) == 0, "no OpenAPI mapping for this field type");
  }
  if (f.max_length > 0) s["maxLength"] = f.max_length;
  if (f.minimum) s["minimum"] = *f.minimum;
  if (f.maximum) s["maximum"] = *f.maximum;
  if (wire == Wire::create && !f.has(records::required)) {
    const R blank{};
    if constexpr (std::is_same_v<M, std::int64_t> || std::is_same_v<M, bool>)
      s["default"] = f.of(blank);
    else if constexpr (records::Coded<M>)
      s["default"] = records::Enum<M>::text(f.of(blank));
  }
  if (wire == Wire::create && f.has(records::key))
    s["description"] = "Optional client-made UUIDv7; replaying the same create answers 200.";
  else if (!f.doc.empty())
    s["description"] = f.doc;
  return s;
}

} // namespace detail

// The record's three schemas, as docs/openapi.json holds them: `<schema>` (a record as
// answered), `<schema>Create` and `<schema>Patch`.
template <class R>
void add_schemas(boost::json::object& schemas) {
  using detail::Wire;
  const std::string name(records::Record<R>::schema);
  boost::json::object read{{"type", "object"}, {"description", records::Record<R>::doc}};
  boost::json::object create{{"type", "object"}, {"additionalProperties", false}};
  boost::json::object edit{
      {"type", "object"}, {"additionalProperties", false}, {"description", "Only the fields sent change."}};
  boost::json::array read_required, create_required;
  boost::json::object read_props, create_props,
      edit_props{{"version",
                  {{"type", "integer"},
                   {"description", "The version the edit is based on; a stale one answers 409 version_conflict."}}}};
  records::each_field<R>([&](const auto& f) {
    read_required.push_back(boost::json::string(f.name));
    read_props[f.name] = detail::field_schema<R>(f, Wire::read);
    if (f.on_create()) {
      create_props[f.name] = detail::field_schema<R>(f, Wire::create);
      if (f.has(records::required)) create_required.push_back(boost::json::string(f.name));
    }
    if (f.on_edit()) edit_props[f.name] = detail::field_schema<R>(f, Wire::edit);
  });
  read["required"] = std::move(read_required);
  read["properties"] = std::move(read_props);
  create["required"] = std::move(create_required);
  create["properties"] = std::move(create_props);
  edit["required"] = boost::json::array{"version"};
  edit["properties"] = std::move(edit_props);
  schemas[name] = std::move(read);
  schemas[name + "Create"] = std::move(create);
  schemas[name + "Patch"] = std::move(edit);
}

// Every schema docs/openapi.json takes from a description (record_schemas.cpp).
boost::json::object described_schemas();

} // namespace shegong::http
