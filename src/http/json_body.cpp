#include "json_body.hpp"

#include <cmath>

namespace shegong::http {
namespace {

Error wrong_type(const std::string& key, std::string_view what) {
  return Error::make(ErrorCode::invalid_field, key + " must be " + std::string(what), key);
}

} // namespace

Result<JsonBody> JsonBody::parse(const Request& req) {
  std::string_view ct = req.content_type;
  if (auto semi = ct.find(';'); semi != std::string_view::npos) ct = ct.substr(0, semi);
  while (!ct.empty() && ct.back() == ' ') ct.remove_suffix(1);
  if (ct != "application/json")
    return Error::make(ErrorCode::unsupported_media_type, "send the body as Content-Type: application/json");
  boost::json::parse_options opts;
  opts.max_depth = 16;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.body, ec, {}, opts);
  if (ec) return Error::make(ErrorCode::invalid_json, "the body is not valid JSON: " + ec.message());
  if (!v.is_object()) return Error::make(ErrorCode::invalid_json, "the body must be a JSON object");
  return JsonBody(std::move(v.as_object()));
}

Result<void> JsonBody::only(std::initializer_list<std::string_view> known) const {
  return only(std::span<const std::string_view>(known.begin(), known.size()));
}

Result<void> JsonBody::only(std::span<const std::string_view> known) const {
  for (const auto& kv : obj_) {
    bool found = false;
    for (auto k : known) found |= (k == kv.key());
    if (!found)
      return Error::make(ErrorCode::invalid_field, "unknown field " + prefix_ + std::string(kv.key()),
                         prefix_ + std::string(kv.key()));
  }
  return ok();
}

bool JsonBody::is_null(std::string_view key) const {
  auto* v = obj_.if_contains(key);
  return v && v->is_null();
}

Result<std::string> JsonBody::string(std::string_view key) const {
  auto* v = obj_.if_contains(key);
  if (!v || v->is_null())
    return Error::make(ErrorCode::missing_field, prefix_ + std::string(key) + " is required",
                       prefix_ + std::string(key));
  if (!v->is_string()) return wrong_type(prefix_ + std::string(key), "a string");
  return std::string(v->as_string());
}

Result<std::optional<std::string>> JsonBody::opt_string(std::string_view key) const {
  auto* v = obj_.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) return wrong_type(prefix_ + std::string(key), "a string");
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<std::int64_t> JsonBody::integer(std::string_view key) const {
  SHEGONG_ASSIGN(auto v, opt_integer(key));
  if (!v)
    return Error::make(ErrorCode::missing_field, prefix_ + std::string(key) + " is required",
                       prefix_ + std::string(key));
  return *v;
}

Result<std::optional<std::int64_t>> JsonBody::opt_integer(std::string_view key) const {
  auto* v = obj_.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::int64_t>{};
  if (v->is_int64()) return std::optional<std::int64_t>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v->as_uint64()));
  return wrong_type(prefix_ + std::string(key), "an integer");
}

Result<std::optional<bool>> JsonBody::opt_bool(std::string_view key) const {
  auto* v = obj_.if_contains(key);
  if (!v || v->is_null()) return std::optional<bool>{};
  if (!v->is_bool()) return wrong_type(prefix_ + std::string(key), "true or false");
  return std::optional<bool>(v->as_bool());
}

Result<std::optional<double>> JsonBody::opt_number(std::string_view key) const {
  auto* v = obj_.if_contains(key);
  if (!v || v->is_null()) return std::optional<double>{};
  if (v->is_int64()) return std::optional<double>(static_cast<double>(v->as_int64()));
  if (v->is_uint64()) return std::optional<double>(static_cast<double>(v->as_uint64()));
  if (v->is_double() && std::isfinite(v->as_double())) return std::optional<double>(v->as_double());
  return wrong_type(prefix_ + std::string(key), "a number");
}

Result<std::optional<JsonBody>> JsonBody::opt_object(std::string_view key) const {
  auto* v = obj_.if_contains(key);
  if (!v || v->is_null()) return std::optional<JsonBody>{};
  if (!v->is_object()) return wrong_type(prefix_ + std::string(key), "an object");
  return std::optional<JsonBody>(JsonBody(v->as_object(), prefix_ + std::string(key) + "."));
}

Result<std::optional<std::vector<JsonBody>>> JsonBody::opt_objects(std::string_view key, std::size_t max_items) const {
  auto* v = obj_.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::vector<JsonBody>>{};
  if (!v->is_array()) return wrong_type(prefix_ + std::string(key), "an array of objects");
  const auto& arr = v->as_array();
  if (arr.size() > max_items)
    return Error::make(ErrorCode::invalid_field,
                       std::string(key) + " may hold at most " + std::to_string(max_items) + " items",
                       std::string(key));
  std::vector<JsonBody> out;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string name = prefix_ + std::string(key) + "[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) return wrong_type(name, "an object");
    out.push_back(JsonBody(arr[i].as_object(), name + "."));
  }
  return std::optional<std::vector<JsonBody>>(std::move(out));
}

Result<std::optional<std::vector<std::string>>> JsonBody::opt_strings(std::string_view key,
                                                                      std::size_t max_items) const {
  auto* v = obj_.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::vector<std::string>>{};
  if (!v->is_array()) return wrong_type(prefix_ + std::string(key), "an array of strings");
  const auto& arr = v->as_array();
  if (arr.size() > max_items)
    return Error::make(ErrorCode::invalid_field,
                       std::string(key) + " may hold at most " + std::to_string(max_items) + " items",
                       std::string(key));
  std::vector<std::string> out;
  for (const auto& x : arr) {
    if (!x.is_string()) return wrong_type(prefix_ + std::string(key), "an array of strings");
    out.emplace_back(x.as_string());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

Result<void> JsonBody::in(Result<void> r) const {
  if (!r && !prefix_.empty()) {
    Error e = r.error();
    e.field = prefix_ + e.field;
    return e;
  }
  return r;
}

} // namespace shegong::http
