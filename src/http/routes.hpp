// Internal to the HTTP adapter: the handler context and the route table.
#pragma once

#include <boost/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "shegong/http/api.hpp"
#include "json_body.hpp"

namespace shegong::http {

struct Ctx {
  Request& req;
  const ApiDeps& d;
  std::map<std::string, std::string, std::less<>> params; // from the path pattern
  Actor actor; // set for authenticated routes
  std::string_view token; // the bearer token of an authenticated route
};

using Handler = std::function<Result<Response>(Ctx&)>;

struct Route {
  std::string method;
  std::string pattern; // /api/v1/stations/{id}
  bool authenticated = true;
  Handler handler;
  // Filled when the router is built (routes are written with `{}` here).
  struct Derived {
    std::vector<std::string> segments;
    // The query parameters the route takes, from its operation in docs/openapi.json:
    // any other, an empty one or one given twice is refused before the handler runs.
    std::vector<std::string> query;
  } derived;
};

// Takes the value by value: a temporary object from to_json() is moved, not copied.
Response json_response(int status, const boost::json::value& v);
// 204: done, nothing to say.
Response no_content();

// A 409 for a stale edit carries the record as it is now, so the client can merge:
// `current` is called only then, and gives the record's JSON (or nothing).
Response with_current(const Error& e, const std::function<std::optional<boost::json::object>()>& current);

// A workbook as a download: an ASCII file name and the UTF-8 one, percent-encoded.
Response xlsx(std::string bytes, std::string_view ascii_name, std::string_view utf8_name_encoded);

// Query-string helpers: malformed values are invalid_query errors naming the parameter.
Result<int> int_param(const Request& req, std::string_view name, int fallback);
Result<std::optional<bool>> bool_param(const Request& req, std::string_view name);
Result<std::optional<RegionCode>> region_param(const Request& req, std::string_view name);
Result<PageRequest> page_param(const Request& req, std::span<const std::string_view> sort_keys,
                               std::string_view default_sort);

// A UUID from the path (a malformed one is simply not found) or the query string.
Result<std::string> uuid_param(Ctx& c, const std::string& name);
Result<std::optional<std::string>> opt_uuid_query(const Request& req, std::string_view name);
// The client-generated id of a create ("id"), if given; it must be a UUID.
Result<std::optional<std::string>> client_id(const JsonBody& body);
// An optional date (YYYY-MM-DD) in a body: absent, null or "" is nullopt.
Result<std::optional<std::string>> opt_date(const JsonBody& body, std::string_view key);
// An optional string as JSON: the string or null.
boost::json::value opt(const std::optional<std::string>& s);

void add_system_routes(std::vector<Route>& routes);
void add_auth_routes(std::vector<Route>& routes);
void add_region_routes(std::vector<Route>& routes);
void add_place_routes(std::vector<Route>& routes);
void add_audit_routes(std::vector<Route>& routes);
void add_account_routes(std::vector<Route>& routes);
void add_person_routes(std::vector<Route>& routes);
void add_outreach_routes(std::vector<Route>& routes);
void add_stats_routes(std::vector<Route>& routes);

} // namespace shegong::http
