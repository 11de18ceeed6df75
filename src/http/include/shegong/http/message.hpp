// HTTP messages as the API sees them: plain structs, independent of Beast, so
// that handlers compile fast and can be tested without a socket.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shegong/core/error.hpp"

namespace shegong::http {

struct Request {
  std::string method; // upper case: GET, POST, PATCH ...
  std::string target; // as received: /api/v1/stations?page=2
  std::string path; // percent-decoded path without the query
  std::vector<std::pair<std::string, std::string>> query; // decoded, in order
  std::string authorization;
  std::string content_type;
  std::string if_none_match;
  std::string request_id;
  std::string remote; // peer address
  std::string body;

  // The first value of a query parameter.
  std::optional<std::string_view> param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string route; // the matched route pattern, for metrics ("/api/v1/stations/{id}")
};

// Splits a request target into path and query; false when it is malformed
// (bad percent-encoding, not origin-form).
bool parse_target(Request& req);

int http_status(ErrorCode code) noexcept;

// The one error shape: {"error":{"code","message","field"}}.
Response error_response(const Error& e);

} // namespace shegong::http
