#include "shegong/http/api.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <exception>

#include "openapi_doc.hpp"
#include "routes.hpp"

namespace shegong::http {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const auto j = path.find('/', i);
    out.push_back(path.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool match(const Route& r, const std::vector<std::string_view>& segs) {
  if (r.derived.segments.size() != segs.size()) return false;
  for (std::size_t i = 0; i < segs.size(); ++i)
    if (!is_param(r.derived.segments[i]) && r.derived.segments[i] != segs[i]) return false;
  return true;
}

// The query parameters of each operation in the API document: its own and its path's,
// references resolved.
std::vector<std::string> documented_query(const boost::json::object& doc, const std::string& method,
                                          const std::string& pattern) {
  std::vector<std::string> out;
  const auto* paths = doc.if_contains("paths");
  const auto* item = paths && paths->is_object() ? paths->as_object().if_contains(pattern) : nullptr;
  if (!item || !item->is_object()) return out;
  std::string m = method;
  for (auto& ch : m) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto take = [&](const boost::json::value* list) {
    if (!list || !list->is_array()) return;
    for (const auto& p : list->as_array()) {
      const boost::json::value* param = &p;
      if (const auto* ref = p.as_object().if_contains("$ref")) {
        // "#/components/parameters/NAME"
        const std::string_view r = ref->as_string();
        param = doc.at("components").at("parameters").as_object().if_contains(r.substr(r.rfind('/') + 1));
        if (!param) continue;
      }
      const auto& o = param->as_object();
      if (o.at("in").as_string() == "query") out.emplace_back(o.at("name").as_string());
    }
  };
  take(item->as_object().if_contains("parameters"));
  if (const auto* op = item->as_object().if_contains(m); op && op->is_object())
    take(op->as_object().if_contains("parameters"));
  return out;
}

// Refuses what a route does not take: an unknown parameter, an empty one (a filter
// left blank is left out, not sent empty) or one given twice.
Result<void> check_query(const Request& req, const Route& route) {
  for (std::size_t i = 0; i < req.query.size(); ++i) {
    const auto& [name, value] = req.query[i];
    if (name.empty() && value.empty()) continue; // "?a=1&" or "&&": nothing was given
    if (std::find(route.derived.query.begin(), route.derived.query.end(), name) == route.derived.query.end()) {
      std::string known;
      for (const auto& q : route.derived.query) known += (known.empty() ? "" : ", ") + q;
      return Error::make(ErrorCode::invalid_query,
                         name + " is not a parameter of this operation" +
                             (known.empty() ? std::string(" (it takes none)") : " (it takes " + known + ")"),
                         name);
    }
    if (value.empty())
      return Error::make(ErrorCode::invalid_query, name + " is empty: leave it out for no filter", name);
    for (std::size_t j = 0; j < i; ++j)
      if (req.query[j].first == name)
        return Error::make(ErrorCode::invalid_query, name + " is given more than once", name);
  }
  return ok();
}

std::string_view bearer(std::string_view auth) {
  constexpr std::string_view prefix = "Bearer ";
  if (auth.size() > prefix.size() && auth.substr(0, prefix.size()) == prefix) return auth.substr(prefix.size());
  return {};
}

} // namespace

Response json_response(int status, const boost::json::value& v) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(v);
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  return r;
}

Result<int> int_param(const Request& req, std::string_view name, int fallback) {
  auto v = req.param(name);
  if (!v || v->empty()) return fallback;
  int out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size())
    return Error::make(ErrorCode::invalid_query, std::string(name) + " must be an integer", std::string(name));
  return out;
}

Result<std::optional<bool>> bool_param(const Request& req, std::string_view name) {
  auto v = req.param(name);
  if (!v || v->empty()) return std::optional<bool>{};
  if (*v == "true" || *v == "1") return std::optional<bool>(true);
  if (*v == "false" || *v == "0") return std::optional<bool>(false);
  return Error::make(ErrorCode::invalid_query, std::string(name) + " must be true or false", std::string(name));
}

Result<std::optional<RegionCode>> region_param(const Request& req, std::string_view name) {
  auto v = req.param(name);
  if (!v || v->empty()) return std::optional<RegionCode>{};
  SHEGONG_ASSIGN(auto code, RegionCode::parse(*v, name));
  return std::optional<RegionCode>(std::move(code));
}

Response xlsx(std::string bytes, std::string_view ascii_name, std::string_view utf8_name_encoded) {
  Response r;
  r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + std::string(ascii_name) +
                                                    "\"; filename*=UTF-8''" + std::string(utf8_name_encoded));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Result<PageRequest> page_param(const Request& req, std::span<const std::string_view> sort_keys,
                               std::string_view default_sort) {
  SHEGONG_ASSIGN(int page, int_param(req, "page", 1));
  SHEGONG_ASSIGN(int size, int_param(req, "page_size", 20));
  return make_page_request(page, size, req.param("sort").value_or(""), sort_keys, default_sort);
}

namespace {
std::vector<Route> all_routes() {
  std::vector<Route> list;
  add_system_routes(list);
  add_auth_routes(list);
  add_region_routes(list);
  add_place_routes(list);
  add_audit_routes(list);
  add_account_routes(list);
  add_person_routes(list);
  add_outreach_routes(list);
  add_stats_routes(list);
  return list;
}
} // namespace

Result<std::string> uuid_param(Ctx& c, const std::string& name) {
  auto id = parse_uuid(c.params[name]);
  if (!id) return Error::make(ErrorCode::not_found, "no record has this id", name);
  return *id;
}

Result<std::optional<std::string>> opt_uuid_query(const Request& req, std::string_view name) {
  auto v = req.param(name);
  if (!v || v->empty()) return std::optional<std::string>{};
  auto id = parse_uuid(*v);
  if (!id) return Error::make(ErrorCode::invalid_query, std::string(name) + " must be a UUID", std::string(name));
  return std::optional<std::string>(*id);
}

Result<std::optional<std::string>> client_id(const JsonBody& body) {
  SHEGONG_ASSIGN(auto raw, body.opt_string("id"));
  if (!raw) return std::optional<std::string>{};
  auto id = parse_uuid(*raw);
  if (!id) return Error::make(ErrorCode::invalid_field, "id must be a UUID (a UUIDv7 made by the client)", "id");
  return std::optional<std::string>(*id);
}

Result<std::optional<std::string>> opt_date(const JsonBody& body, std::string_view key) {
  SHEGONG_ASSIGN(auto raw, body.opt_string(key));
  if (!raw || raw->empty()) return std::optional<std::string>{};
  if (!parse_date(*raw))
    return Error::make(ErrorCode::invalid_field, std::string(key) + " must be a date YYYY-MM-DD", std::string(key));
  return raw;
}

boost::json::value opt(const std::optional<std::string>& s) {
  if (s) return boost::json::value(*s);
  return nullptr;
}

Response with_current(const Error& e, const std::function<std::optional<boost::json::object>()>& current) {
  Response r = error_response(e);
  if (e.code != ErrorCode::version_conflict) return r;
  auto record = current();
  if (!record) return r;
  auto v = boost::json::parse(r.body).as_object();
  v["current"] = std::move(*record);
  r.body = boost::json::serialize(v);
  return r;
}

std::vector<RouteInfo> route_table() {
  std::vector<RouteInfo> out;
  for (const auto& r : all_routes()) out.push_back({r.method, r.pattern, r.authenticated});
  return out;
}

struct Api::Routes {
  std::vector<Route> list;
};

Api::Api(ApiDeps deps) : d_(std::move(deps)), routes_(std::make_unique<Routes>()) {
  routes_->list = all_routes();
  const auto doc = boost::json::parse(openapi_document()).as_object();
  for (auto& r : routes_->list) {
    for (auto seg : split_path(r.pattern)) r.derived.segments.emplace_back(seg);
    r.derived.query = documented_query(doc, r.method, r.pattern);
  }
}

Api::~Api() = default;

namespace {

// What a browser is told about every answer: nothing is sniffed, framed or referred
// on; the console runs only its own scripts and styles; an API answer (personal data,
// tokens) is never kept by a cache.
void secure(const Request& req, Response& res) {
  auto set = [&](std::string_view name, std::string value) {
    for (auto& [k, v] : res.headers)
      if (k == name) return;
    res.headers.emplace_back(std::string(name), std::move(value));
  };
  set("X-Content-Type-Options", "nosniff");
  set("Referrer-Policy", "no-referrer");
  set("X-Frame-Options", "DENY");
  if (req.path.starts_with("/api/")) {
    set("Cache-Control", "no-store");
    set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  } else {
    set("Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  }
}

} // namespace

Response Api::handle(Request& req) {
  Response res;
  try {
    const auto segs = split_path(req.path);
    const Route* found = nullptr;
    std::string allowed; // the methods of this path's routes, for Allow
    for (const auto& r : routes_->list) {
      if (!match(r, segs)) continue;
      for (const std::string& m : {r.method, std::string(r.method == "GET" ? "HEAD" : "")})
        if (!m.empty() && (", " + allowed + ",").find(", " + m + ",") == std::string::npos)
          allowed += (allowed.empty() ? "" : ", ") + m;
      if (r.method == req.method || (r.method == "GET" && req.method == "HEAD")) {
        found = &r;
        break;
      }
    }
    if (!found) {
      const bool api = req.path.starts_with("/api/");
      if (!allowed.empty()) { // no route matched the method, so every route of the path is listed
        res = error_response(
            Error::make(ErrorCode::method_not_allowed, req.method + " is not allowed here; " + allowed + " is"));
        res.headers.emplace_back("Allow", allowed);
        res.route = "unmatched";
      } else if (auto file = api ? std::nullopt : d_.web.serve(req)) {
        res = std::move(*file);
      } else {
        res = error_response(Error::make(ErrorCode::not_found, "no such resource"));
        res.route = "unmatched";
      }
      secure(req, res);
      return res;
    }
    std::map<std::string, std::string, std::less<>> params;
    for (std::size_t i = 0; i < segs.size(); ++i)
      if (is_param(found->derived.segments[i]))
        params.emplace(found->derived.segments[i].substr(1, found->derived.segments[i].size() - 2), segs[i]);
    Ctx ctx{req, d_, std::move(params), {}, {}};
    Result<Response> out = [&]() -> Result<Response> {
      if (found->authenticated) {
        auto token = bearer(req.authorization);
        if (token.empty())
          return Error::make(ErrorCode::unauthenticated, "send Authorization: Bearer <token> from /api/v1/auth/login");
        SHEGONG_ASSIGN(ctx.actor, d_.auth.authenticate(token));
        ctx.token = token;
        ctx.actor.remote = req.remote;
        // Until a required password change or second-factor enrolment is done, only
        // that (and signing out) is allowed.
        const std::string& p = found->pattern;
        const bool account_route = p == "/api/v1/auth/password" || p == "/api/v1/auth/logout" ||
                                   p == "/api/v1/auth/me" || p == "/api/v1/auth/totp/enrol" ||
                                   p == "/api/v1/auth/totp/confirm";
        if (ctx.actor.must_change_password && !account_route)
          return Error::make(ErrorCode::password_change_required, "change your password first");
        if (ctx.actor.must_enrol_totp && !account_route)
          return Error::make(ErrorCode::totp_enrolment_required,
                             "set up a second factor (an authenticator app) first: POST /api/v1/auth/totp/enrol");
      }
      SHEGONG_TRY(check_query(req, *found));
      return found->handler(ctx);
    }();
    if (out) {
      res = std::move(out).value();
    } else {
      Error e = std::move(out).error();
      // A signed-in user refused a permission, or reaching for a record outside the
      // area (which answers "not found"), is in the audit trail too.
      const bool denied = e.code == ErrorCode::forbidden || (e.code == ErrorCode::not_found && !ctx.params.empty());
      if (denied && !ctx.actor.user_id.empty()) {
        std::string record_id;
        for (const auto& [name, value] : ctx.params) record_id = value.substr(0, 64);
        auto noted = d_.audit.record_denial(ctx.actor, req.method + " " + found->pattern, std::move(record_id),
                                            e.code == ErrorCode::forbidden ? "denied" : "not_found");
        if (!noted && d_.log_internal) d_.log_internal(req, noted.error());
      }
      if (e.code == ErrorCode::internal) {
        if (d_.log_internal) d_.log_internal(req, e);
        e.message = "an internal error occurred; it was logged with request id " + req.request_id;
        e.field.clear();
      }
      res = error_response(e);
    }
    res.route = found->pattern;
  } catch (const std::exception& ex) {
    Error e = Error::make(ErrorCode::internal, ex.what());
    if (d_.log_internal) d_.log_internal(req, e);
    res = error_response(Error::make(ErrorCode::internal,
                                     "an internal error occurred; it was logged with request id " + req.request_id));
    res.route = "error";
  }
  secure(req, res);
  return res;
}

} // namespace shegong::http
