// Accounts (system administrator) and sessions (security administrator).
#include "codec.hpp"
#include "json_body.hpp"
#include "routes.hpp"

namespace shegong::http {
namespace {

constexpr std::string_view kUserSort[] = {"username"};
constexpr std::string_view kSessionSort[] = {"last_seen_at"};

boost::json::object user_json(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"role", to_string(u.role)},
          {"region_code", u.region_code ? boost::json::value(u.region_code->str()) : boost::json::value(nullptr)},
          {"active", u.active},
          {"created_at", format_timestamp(u.created_at)},
          {"password_changed_at", format_timestamp(u.password_changed_at)},
          {"must_change_password", u.must_change_password},
          {"totp_active", u.totp_active}};
}

Result<Response> list_users(Ctx& c) {
  SHEGONG_ASSIGN(auto page, page_param(c.req, kUserSort, "username"));
  SHEGONG_ASSIGN(auto users, c.d.accounts.list_users(c.actor, c.req.param("q").value_or(""), page));
  return json_response(200, page_json(users, user_json));
}

Result<Response> create_user(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"username", "display_name", "role", "region_code", "password"}));
  NewUser u;
  SHEGONG_ASSIGN(u.username, body.string("username"));
  SHEGONG_ASSIGN(auto display, body.opt_string("display_name"));
  u.display_name = display.value_or("");
  SHEGONG_ASSIGN(auto role, body.string("role"));
  auto parsed = parse_role(role);
  if (!parsed) return Error::make(ErrorCode::invalid_field, "role is not a known role", "role");
  u.role = *parsed;
  SHEGONG_ASSIGN(auto region, body.opt_string("region_code"));
  if (region) {
    SHEGONG_ASSIGN(auto code, RegionCode::parse(*region, "region_code"));
    u.region_code = code;
  }
  SHEGONG_ASSIGN(u.password, body.string("password"));
  SHEGONG_ASSIGN(auto user, c.d.accounts.create_user(c.actor, std::move(u)));
  return json_response(201, user_json(user));
}

Result<Response> patch_user(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"active", "temporary_password"}));
  AccountPatch p;
  SHEGONG_ASSIGN(p.active, body.opt_bool("active"));
  SHEGONG_ASSIGN(p.temporary_password, body.opt_string("temporary_password"));
  SHEGONG_ASSIGN(auto user, c.d.accounts.update_user(c.actor, c.params["id"], p));
  return json_response(200, user_json(user));
}

Result<Response> reset_totp(Ctx& c) {
  SHEGONG_TRY(c.d.accounts.reset_totp(c.actor, c.params["id"]));
  return no_content();
}

Result<Response> list_lockouts(Ctx& c) {
  SHEGONG_ASSIGN(auto locked, c.d.accounts.list_lockouts(c.actor));
  boost::json::array items;
  for (const auto& l : locked)
    items.push_back({{"username", l.username},
                     {"user_id", l.user_id.empty() ? boost::json::value(nullptr) : boost::json::value(l.user_id)},
                     {"display_name", l.display_name},
                     {"failures", l.failures},
                     {"locked_until", format_timestamp(l.locked_until)}});
  const auto n = items.size();
  return json_response(200, {{"items", std::move(items)}, {"total", n}});
}

Result<Response> lift_lockout(Ctx& c) {
  SHEGONG_TRY(c.d.accounts.lift_lockout(c.actor, c.params["username"]));
  return no_content();
}

Result<Response> list_sessions(Ctx& c) {
  SHEGONG_ASSIGN(auto page, page_param(c.req, kSessionSort, "last_seen_at"));
  SHEGONG_ASSIGN(auto sessions, c.d.accounts.list_sessions(c.actor, page));
  return json_response(200, page_json(sessions, [](const SessionRepository::Listed& l) {
                         return boost::json::object{{"id", l.session.token_hash},
                                                    {"user_id", l.session.user_id},
                                                    {"username", l.username},
                                                    {"remote", l.session.remote_address},
                                                    {"created_at", format_timestamp(l.session.created_at)},
                                                    {"last_seen_at", format_timestamp(l.session.last_seen_at)},
                                                    {"expires_at", format_timestamp(l.session.expires_at)}};
                       }));
}

Result<Response> revoke_session(Ctx& c) {
  SHEGONG_TRY(c.d.accounts.revoke_session(c.actor, c.params["id"]));
  return no_content();
}

Result<Response> list_roles(Ctx& c) {
  SHEGONG_TRY(c.d.access.require(c.actor, Action::read, Resource::user));
  SHEGONG_ASSIGN(auto policy, c.d.access.policy());
  boost::json::array items;
  for (auto role : kAllRoles) {
    items.push_back({{"role", to_string(role)}, {"permissions", to_json(policy.of(role))}});
  }
  const auto n = items.size();
  return json_response(200, {{"items", std::move(items)}, {"total", n}});
}

Result<Response> put_role(Ctx& c) {
  // Who may change roles is decided before anything about the request is.
  SHEGONG_TRY(c.d.access.require(c.actor, Action::write, Resource::user));
  auto role = parse_role(c.params["role"]);
  if (!role) return Error::make(ErrorCode::not_found, "no role has this name", "role");
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"permissions"}));
  boost::system::error_code ec;
  auto parsed = boost::json::parse(c.req.body, ec);
  const auto* list = parsed.as_object().if_contains("permissions");
  if (!list || !list->is_array())
    return Error::make(ErrorCode::invalid_field, "permissions must be a list of {action, resource}", "permissions");
  std::vector<Permission> perms;
  for (const auto& item : list->as_array()) {
    const auto* o = item.if_object();
    const auto* a = o ? o->if_contains("action") : nullptr;
    const auto* r = o ? o->if_contains("resource") : nullptr;
    auto action = a && a->is_string() ? parse_action(a->as_string()) : std::nullopt;
    auto resource = r && r->is_string() ? parse_resource(r->as_string()) : std::nullopt;
    if (!action || !resource)
      return Error::make(ErrorCode::invalid_field,
                         "each permission is {\"action\": read|write|reveal, \"resource\": "
                         "region|station|grid|user|audit|session|person|category|merge}",
                         "permissions");
    perms.push_back({*action, *resource});
  }
  SHEGONG_TRY(c.d.access.replace(c.actor, *role, perms, c.d.audit));
  return list_roles(c);
}

} // namespace

void add_account_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/roles", true, list_roles, {}});
  routes.push_back({"PUT", "/api/v1/roles/{role}", true, put_role, {}});
  routes.push_back({"GET", "/api/v1/users", true, list_users, {}});
  routes.push_back({"POST", "/api/v1/users", true, create_user, {}});
  routes.push_back({"PATCH", "/api/v1/users/{id}", true, patch_user, {}});
  routes.push_back({"POST", "/api/v1/users/{id}/totp/reset", true, reset_totp, {}});
  routes.push_back({"GET", "/api/v1/sessions", true, list_sessions, {}});
  routes.push_back({"DELETE", "/api/v1/sessions/{id}", true, revoke_session, {}});
  routes.push_back({"GET", "/api/v1/lockouts", true, list_lockouts, {}});
  routes.push_back({"DELETE", "/api/v1/lockouts/{username}", true, lift_lockout, {}});
}

} // namespace shegong::http
