#include "shegong/app/account_service.hpp"

namespace shegong {
namespace {

// The accounts that watch each other (三权分立) are made and reset only at the
// console of the machine (`shegong user add`), never by one of them through the API.
bool administers_the_system(Role r) { return r == Role::sysadmin || r == Role::secadmin || r == Role::auditor; }

bool in_scope(const Actor& actor, const User& u) {
  if (!u.region_code) return actor.scope.is_national();
  return actor.scope.contains(*u.region_code);
}

} // namespace

Result<User> AccountService::find_in_scope(const Actor& actor, std::string_view id) {
  std::optional<User> u;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(u, r.users().find_by_id(id));
    return ok();
  }));
  if (!u || !in_scope(actor, *u)) return Error::make(ErrorCode::not_found, "no account has this id", "id");
  return std::move(*u);
}

Result<Page<User>> AccountService::list_users(const Actor& actor, std::string_view q, const PageRequest& page) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::user));
  Page<User> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.users().list(actor.scope, q, page));
    return ok();
  }));
  return out;
}

Result<User> AccountService::create_user(const Actor& actor, NewUser u) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::user));
  if (u.region_code ? !actor.scope.contains(*u.region_code) : !actor.scope.is_national())
    return Error::make(ErrorCode::forbidden, "an account can only be bound inside your own area", "region_code");
  if (administers_the_system(u.role))
    return Error::make(ErrorCode::forbidden,
                       "system, security and audit administrators are created with `shegong user add` on the server",
                       "role");
  u.must_change_password = true;
  return auth_.add_user(u, &actor);
}

Result<User> AccountService::update_user(const Actor& actor, std::string_view id, const AccountPatch& patch) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::user));
  SHEGONG_ASSIGN(User u, find_in_scope(actor, id));
  if (administers_the_system(u.role) && u.id != actor.user_id)
    return Error::make(ErrorCode::forbidden, "another administrator's account is managed on the server itself", "id");
  if (patch.active && !*patch.active && u.id == actor.user_id)
    return Error::make(ErrorCode::conflict, "you cannot deactivate your own account", "active");
  std::string hash;
  if (patch.temporary_password) {
    SHEGONG_TRY(check_password(*patch.temporary_password, u.username, auth_.policy().password));
    SHEGONG_ASSIGN(hash, auth_.hasher().hash(*patch.temporary_password));
  }
  const TimestampMs now = clock_.now_ms();
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    if (patch.active && *patch.active != u.active) {
      SHEGONG_TRY(r.users().set_active(u.id, *patch.active));
      if (!*patch.active) SHEGONG_TRY(r.sessions().remove_for_user(u.id));
      SHEGONG_TRY(audit_.append(r, audit_entry(actor, *patch.active ? "user.activate" : "user.deactivate", "user", u.id,
                                               u.region_code ? u.region_code->str() : "")));
      u.active = *patch.active;
    }
    if (patch.temporary_password) {
      SHEGONG_TRY(r.users().set_password(u.id, hash, now, true));
      SHEGONG_TRY(r.sessions().remove_for_user(u.id));
      SHEGONG_TRY(audit_.append(
          r, audit_entry(actor, "user.password_reset", "user", u.id, u.region_code ? u.region_code->str() : "")));
      u.must_change_password = true;
    }
    return ok();
  }));
  auth_.evict_user(u.id);
  return u;
}

Result<void> AccountService::reset_totp(const Actor& actor, std::string_view id) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::session));
  SHEGONG_ASSIGN(User u, find_in_scope(actor, id));
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.users().set_totp(u.id, "", false));
    SHEGONG_TRY(r.sessions().remove_for_user(u.id));
    return audit_.append(r, audit_entry(actor, "totp.reset", "user", u.id, u.region_code ? u.region_code->str() : ""));
  }));
  auth_.evict_user(u.id);
  return ok();
}

Result<Page<SessionRepository::Listed>> AccountService::list_sessions(const Actor& actor, const PageRequest& page) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::session));
  Page<SessionRepository::Listed> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.sessions().list(actor.scope, clock_.now_ms(), auth_.policy().idle_timeout_ms, page));
    return ok();
  }));
  return out;
}

Result<void> AccountService::revoke_session(const Actor& actor, std::string_view token_hash) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::session));
  bool found = false;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto s, r.sessions().find(token_hash));
    found = s.has_value();
    if (!found) return ok();
    SHEGONG_ASSIGN(auto owner, r.users().find_by_id(s->user_id));
    found = owner && in_scope(actor, *owner); // a session outside the area is "not found"
    if (!found) return ok();
    SHEGONG_TRY(r.sessions().remove(token_hash));
    return audit_.append(r, audit_entry(actor, "session.revoke", "session", s->user_id, ""));
  }));
  if (!found) return Error::make(ErrorCode::not_found, "no active session has this id", "id");
  auth_.evict_session(token_hash);
  return ok();
}

Result<std::vector<Lockout>> AccountService::list_lockouts(const Actor& actor) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::session));
  std::vector<Lockout> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto locked, r.login_failures().locked("user:", clock_.now_ms()));
    for (const auto& [subject, f] : locked) {
      Lockout l{subject.substr(5), "", "", f.failures, f.locked_until};
      SHEGONG_ASSIGN(auto u, r.users().find_by_username(l.username));
      if (u ? !in_scope(actor, *u) : !actor.scope.is_national()) continue;
      if (u) l.user_id = u->id, l.display_name = u->display_name;
      out.push_back(std::move(l));
    }
    return ok();
  }));
  return out;
}

Result<void> AccountService::lift_lockout(const Actor& actor, std::string_view username) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::session));
  bool found = false;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto u, r.users().find_by_username(username));
    found = u ? in_scope(actor, *u) : actor.scope.is_national();
    if (!found) return ok(); // an account outside the area is "not found"
    const std::string key = "user:" + std::string(username);
    SHEGONG_ASSIGN(auto f, r.login_failures().get(key));
    if (f.locked_until <= clock_.now_ms()) return ok();
    SHEGONG_TRY(r.login_failures().clear(key));
    auto e = audit_entry(actor, "login.unlock", "user", u ? u->id : "", "");
    e.detail = "username=" + std::string(username) + " failures=" + std::to_string(f.failures);
    return audit_.append(r, std::move(e));
  }));
  if (!found) return Error::make(ErrorCode::not_found, "no account has this name", "username");
  return ok();
}

} // namespace shegong
