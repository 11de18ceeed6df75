// Reading a JSON request body field by field, with errors that name the field.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/result.hpp"
#include "shegong/http/message.hpp"

namespace shegong::http {

class JsonBody {
 public:
  // Requires Content-Type application/json and a JSON object of at most `max_depth` nesting.
  static Result<JsonBody> parse(const Request& req);

  // Rejects fields outside `known`, so that a misspelt field is reported, not ignored.
  Result<void> only(std::initializer_list<std::string_view> known) const;
  Result<void> only(std::span<const std::string_view> known) const;

  bool has(std::string_view key) const { return obj_.contains(key); }
  bool is_null(std::string_view key) const;

  Result<std::string> string(std::string_view key) const; // required
  Result<std::optional<std::string>> opt_string(std::string_view key) const; // absent or null: nullopt
  Result<std::int64_t> integer(std::string_view key) const;
  Result<std::optional<std::int64_t>> opt_integer(std::string_view key) const;
  Result<std::optional<bool>> opt_bool(std::string_view key) const;
  // A finite number (integer or not).
  Result<std::optional<double>> opt_number(std::string_view key) const;
  // A nested object, read as a JsonBody whose errors name "key.field".
  Result<std::optional<JsonBody>> opt_object(std::string_view key) const;
  // An array of objects, each read as a JsonBody whose errors name "key[i].field".
  Result<std::optional<std::vector<JsonBody>>> opt_objects(std::string_view key, std::size_t max_items) const;
  Result<std::optional<std::vector<std::string>>> opt_strings(std::string_view key, std::size_t max_items) const;
  // Prefixes the field an error names ("name" becomes "guardians[0].name").
  Result<void> in(Result<void> r) const;
  template <typename T>
  Result<T> in(Result<T> r) const {
    if (!r && !prefix_.empty()) {
      Error e = r.error();
      e.field = prefix_ + e.field;
      return e;
    }
    return r;
  }

 private:
  explicit JsonBody(boost::json::object obj, std::string prefix = {})
      : obj_(std::move(obj)), prefix_(std::move(prefix)) {}
  boost::json::object obj_;
  std::string prefix_;
};

} // namespace shegong::http
