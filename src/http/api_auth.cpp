// Sign in, sign out, and who am I.
#include "json_body.hpp"
#include "codec.hpp"
#include "routes.hpp"

namespace shegong::http {

void add_auth_routes(std::vector<Route>& routes) {
  routes.push_back({"POST",
                    "/api/v1/auth/login",
                    false,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
                      SHEGONG_TRY(body.only({"username", "password", "totp_code"}));
                      SHEGONG_ASSIGN(auto username, body.string("username"));
                      SHEGONG_ASSIGN(auto password, body.string("password"));
                      SHEGONG_ASSIGN(auto code, body.opt_string("totp_code"));
                      SHEGONG_ASSIGN(auto login, c.d.auth.login(username, password, c.req.remote, code.value_or("")));
                      SHEGONG_ASSIGN(auto policy, c.d.access.policy());
                      return json_response(
                          200, {{"token", login.token},
                                {"must_change_password", login.actor.must_change_password},
                                {"must_enrol_totp", login.actor.must_enrol_totp},
                                {"user", to_json_user(login.actor, login.region_name, policy.of(login.actor.role))}});
                    },
                    {}});
  routes.push_back({"POST",
                    "/api/v1/auth/logout",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_TRY(c.d.auth.logout(c.actor, c.token));
                      return no_content();
                    },
                    {}});
  routes.push_back({"POST",
                    "/api/v1/auth/password",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
                      SHEGONG_TRY(body.only({"current_password", "new_password"}));
                      SHEGONG_ASSIGN(auto current, body.string("current_password"));
                      SHEGONG_ASSIGN(auto next, body.string("new_password"));
                      SHEGONG_TRY(c.d.auth.change_password(c.actor, current, next, c.token));
                      return no_content();
                    },
                    {}});
  routes.push_back({"POST",
                    "/api/v1/auth/totp/enrol",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_ASSIGN(auto e, c.d.auth.enrol_totp(c.actor));
                      return json_response(200, {{"secret", e.secret}, {"uri", e.uri}});
                    },
                    {}});
  routes.push_back({"POST",
                    "/api/v1/auth/totp/confirm",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
                      SHEGONG_TRY(body.only({"totp_code"}));
                      SHEGONG_ASSIGN(auto code, body.string("totp_code"));
                      SHEGONG_TRY(c.d.auth.confirm_totp(c.actor, code));
                      return no_content();
                    },
                    {}});
  routes.push_back({"GET",
                    "/api/v1/auth/me",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_ASSIGN(auto name, c.d.auth.region_name(c.actor));
                      SHEGONG_ASSIGN(auto policy, c.d.access.policy());
                      return json_response(200, {{"user", to_json_user(c.actor, name, policy.of(c.actor.role))}});
                    },
                    {}});
}

} // namespace shegong::http
