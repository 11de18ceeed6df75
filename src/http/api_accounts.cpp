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
  Response r;
  r.status = 204;
  return r;
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
  Response r;
  r.status = 204;
  return r;
}

} // namespace

void add_account_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/users", true, list_users, {}});
  routes.push_back({"POST", "/api/v1/users", true, create_user, {}});
  routes.push_back({"PATCH", "/api/v1/users/{id}", true, patch_user, {}});
  routes.push_back({"POST", "/api/v1/users/{id}/totp/reset", true, reset_totp, {}});
  routes.push_back({"GET", "/api/v1/sessions", true, list_sessions, {}});
  routes.push_back({"DELETE", "/api/v1/sessions/{id}", true, revoke_session, {}});
}

} // namespace shegong::http
