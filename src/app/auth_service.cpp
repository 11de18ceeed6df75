#include "shegong/app/auth_service.hpp"

#include <algorithm>

#include "shegong/domain/text.hpp"

namespace shegong {
namespace {

Error bad_login() { return Error::make(ErrorCode::invalid_credentials, "the user name or password is wrong"); }
Error no_session() {
  return Error::make(ErrorCode::unauthenticated, "sign in first; the session is missing, expired or ended");
}

} // namespace

Result<Actor> AuthService::to_actor(const User& u) const {
  Actor a;
  a.must_change_password =
      u.must_change_password || clock_.now_ms() - u.password_changed_at >= policy_.password.max_age_ms;
  a.must_enrol_totp = policy_.require_totp_for_admins && needs_second_factor(u.role) && !u.totp_active;
  a.user_id = u.id;
  a.username = u.username;
  a.display_name = u.display_name;
  a.role = u.role;
  a.region_code = u.region_code;
  a.scope = u.region_code ? Scope::under(*u.region_code) : Scope::national();
  return a;
}

namespace {
std::string totp_context(const std::string& user_id) { return "users.totp_secret/" + user_id; }
} // namespace

Result<LoginResult> AuthService::login(std::string_view username, std::string_view password, std::string_view remote,
                                       std::string_view totp_code) {
  if (username.empty() || username.size() > 64 || password.empty() || password.size() > 256) return bad_login();
  const std::string user_key = "user:" + std::string(username);
  const TimestampMs now = clock_.now_ms();
  std::optional<User> user;
  FailureCount by_user;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(user, r.users().find_by_username(username));
    SHEGONG_ASSIGN(by_user, r.login_failures().get(user_key));
    return ok();
  }));
  // Only the account's own lock refuses before the password is checked: failures from
  // the address (a colleague's, behind the same NAT) never keep the right password out.
  if (is_locked(by_user, now)) {
    AuditEntry e =
        audit_entry_unsigned(std::string(username), std::string(remote), "login.refused", "session", "", "denied");
    e.user_id = user ? user->id : "";
    e.detail = "locked";
    SHEGONG_TRY(audit_.record(std::move(e)));
    return locked_error(by_user.locked_until - now);
  }
  bool password_ok = false;
  if (user && user->active)
    password_ok = hasher_.verify(user->password_hash, password);
  else
    dummy_verify(password);
  bool code_wrong = false;
  if (password_ok && user->totp_active) {
    if (totp_code.empty())
      return Error::make(ErrorCode::totp_required, "enter the code from your authenticator app", "totp_code");
    auto secret = secrets_.open(user->totp_secret, totp_context(user->id));
    if (!secret) return std::move(secret).error();
    auto step = codes_.verify(*secret, totp_code, now / 1000);
    bool fresh = false;
    if (step) {
      SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
        SHEGONG_ASSIGN(fresh, r.users().advance_totp_step(user->id, *step));
        return ok();
      }));
    }
    code_wrong = !fresh;
    password_ok = fresh;
  }
  if (!password_ok)
    return count_failure(user, username, remote, "login.failure",
                         code_wrong
                             ? Error::make(ErrorCode::invalid_totp,
                                           "the code is wrong or was already used; wait for the next one", "totp_code")
                             : bad_login());

  LoginResult out;
  out.token = tokens_.new_token();
  SHEGONG_ASSIGN(out.actor, to_actor(*user));
  out.actor.remote = std::string(remote);
  Session s{tokens_.hash(out.token), user->id, now, now, now + policy_.absolute_lifetime_ms, std::string(remote)};
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.login_failures().clear(user_key));
    SHEGONG_TRY(r.sessions().remove_expired(now, policy_.idle_timeout_ms));
    SHEGONG_TRY(r.sessions().insert(s));
    return audit_.append(r, audit_entry(out.actor, "login.success", "session", "", ""));
  }));
  SHEGONG_ASSIGN(out.region_name, region_name(out.actor));
  return out;
}

void AuthService::dummy_verify(std::string_view password) {
  static std::once_flag once;
  static std::string dummy;
  std::call_once(once, [&] {
    auto h = hasher_.hash("shegong-dummy-password");
    dummy = h ? *h : std::string();
  });
  (void)hasher_.verify(dummy, password);
}

Error AuthService::count_failure(const std::optional<User>& user, std::string_view username, std::string_view remote,
                                 std::string action, Error otherwise) {
  const std::string user_key = "user:" + std::string(username), addr_key = "addr:" + std::string(remote);
  const TimestampMs now = clock_.now_ms();
  FailureCount by_user, by_addr;
  auto counted = store_.write([&](Repositories& r) -> Result<void> {
    // The audit head's lock first: failures from several servers queue, so none is lost.
    SHEGONG_TRY(r.audit().lock_head());
    SHEGONG_ASSIGN(by_user, r.login_failures().get(user_key));
    by_user = after_failure(by_user, now, policy_.lockout.max_failures, policy_.lockout);
    SHEGONG_TRY(r.login_failures().put(user_key, by_user));
    SHEGONG_ASSIGN(by_addr, r.login_failures().get(addr_key));
    by_addr = after_address_failure(by_addr, now, policy_.lockout);
    SHEGONG_TRY(r.login_failures().put(addr_key, by_addr));
    AuditEntry e =
        audit_entry_unsigned(std::string(username), std::string(remote), std::move(action), "session", "", "failed");
    e.user_id = user ? user->id : "";
    e.role = user ? std::string(to_string(user->role)) : "";
    if (is_locked(by_user, now)) e.detail = "account locked";
    return audit_.append(r, std::move(e));
  });
  if (!counted) return std::move(counted).error();
  if (is_locked(by_user, now)) return locked_error(by_user.locked_until - now);
  if (const auto wait = address_wait_s(by_addr, now, policy_.lockout); wait > 0) {
    Error e = Error::make(ErrorCode::rate_limited, "too many failed sign-ins from this address; wait " +
                                                       std::to_string(wait) + " s before trying again");
    e.retry_after_s = wait;
    return e;
  }
  return otherwise;
}

Error AuthService::locked_error(TimestampMs remaining_ms) const {
  Error e = Error::make(ErrorCode::login_locked, "too many failed sign-ins; try again in " +
                                                     std::to_string((remaining_ms + 59'999) / 60'000) +
                                                     " minute(s), or ask the security administrator to lift the lock");
  e.retry_after_s = (remaining_ms + 999) / 1000;
  return e;
}

Result<TotpEnrolment> AuthService::enrol_totp(const Actor& actor) {
  std::optional<User> user;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(user, r.users().find_by_id(actor.user_id));
    return ok();
  }));
  if (!user) return Error::make(ErrorCode::not_found, "the account no longer exists");
  if (user->totp_active)
    return Error::make(ErrorCode::conflict,
                       "a second factor is already set up; ask the security administrator to reset it");
  SHEGONG_ASSIGN(auto secret, codes_.new_secret());
  SHEGONG_ASSIGN(auto sealed, secrets_.seal(secret, totp_context(user->id)));
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.users().set_totp(user->id, sealed, false));
    return audit_.append(r, audit_entry(actor, "totp.enrol_start", "user", user->id, ""));
  }));
  return TotpEnrolment{secret, codes_.uri(user->username, secret)};
}

Result<void> AuthService::confirm_totp(const Actor& actor, std::string_view code) {
  std::optional<User> user;
  FailureCount by_user;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(user, r.users().find_by_id(actor.user_id));
    SHEGONG_ASSIGN(by_user, r.login_failures().get("user:" + actor.username));
    return ok();
  }));
  if (!user || user->totp_secret.empty())
    return Error::make(ErrorCode::conflict, "start the enrolment first", "totp_code");
  if (user->totp_active) return Error::make(ErrorCode::conflict, "the second factor is already confirmed");
  // Wrong codes count as failed sign-ins: a session cannot try codes without limit.
  if (is_locked(by_user, clock_.now_ms())) return locked_error(by_user.locked_until - clock_.now_ms());
  SHEGONG_ASSIGN(auto secret, secrets_.open(user->totp_secret, totp_context(user->id)));
  auto step = codes_.verify(secret, code, clock_.now_ms() / 1000);
  if (!step)
    return count_failure(
        user, actor.username, actor.remote, "totp.enrol_failure",
        Error::make(ErrorCode::invalid_totp, "the code does not match; check the phone's clock", "totp_code"));
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.users().set_totp(user->id, user->totp_secret, true));
    SHEGONG_ASSIGN(bool fresh, r.users().advance_totp_step(user->id, *step));
    (void)fresh;
    return audit_.append(r, audit_entry(actor, "totp.enrol", "user", user->id, ""));
  }));
  std::lock_guard lock(cache_mu_);
  for (auto& [k, c] : cache_)
    if (c.actor.user_id == user->id) c.actor.must_enrol_totp = false;
  return ok();
}

Result<void> AuthService::change_password(const Actor& actor, std::string_view current, std::string_view next,
                                          std::string_view current_token) {
  std::optional<User> user;
  FailureCount by_user;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(user, r.users().find_by_id(actor.user_id));
    SHEGONG_ASSIGN(by_user, r.login_failures().get("user:" + actor.username));
    return ok();
  }));
  // A stolen session must not become a way to guess the password without limit.
  if (is_locked(by_user, clock_.now_ms())) return locked_error(by_user.locked_until - clock_.now_ms());
  if (!user || !hasher_.verify(user->password_hash, current))
    return count_failure(user, actor.username, actor.remote, "password.change_failure",
                         Error::make(ErrorCode::invalid_field, "the current password is wrong", "current_password"));
  SHEGONG_TRY(check_password(next, user->username, policy_.password));
  if (hasher_.verify(user->password_hash, next))
    return Error::make(ErrorCode::invalid_field, "the new password must differ from the current one", "password");
  SHEGONG_ASSIGN(auto hash, hasher_.hash(next));
  const TimestampMs now = clock_.now_ms();
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.users().set_password(user->id, hash, now, false));
    SHEGONG_TRY(r.sessions().remove_for_user(user->id, current_token.empty() ? "" : tokens_.hash(current_token)));
    return audit_.append(r, audit_entry(actor, "password.change", "user", user->id, ""));
  }));
  std::lock_guard lock(cache_mu_);
  for (auto& [k, c] : cache_)
    if (c.actor.user_id == user->id) c.actor.must_change_password = false;
  return ok();
}

Result<Actor> AuthService::authenticate(std::string_view token) {
  if (token.empty() || token.size() > 128) return no_session();
  const std::string hash = tokens_.hash(token);
  const TimestampMs now = clock_.now_ms();
  {
    std::lock_guard lock(cache_mu_);
    if (auto it = cache_.find(hash); it != cache_.end()) {
      const Cached& c = it->second;
      if (now - c.checked_at < policy_.cache_ms && now < c.expires_at && now - c.last_seen_at < policy_.idle_timeout_ms)
        return c.actor;
      cache_.erase(it);
    }
  }
  std::optional<Session> session;
  std::optional<User> user;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(session, r.sessions().find(hash));
    if (session) {
      SHEGONG_ASSIGN(user, r.users().find_by_id(session->user_id));
    }
    return ok();
  }));
  if (!session || !user || !user->active) return no_session();
  if (now >= session->expires_at || now - session->last_seen_at >= policy_.idle_timeout_ms) return no_session();
  TimestampMs last_seen = session->last_seen_at;
  if (now - last_seen >= policy_.touch_interval_ms) {
    SHEGONG_TRY(store_.write([&](Repositories& r) { return r.sessions().touch(hash, now); }));
    last_seen = now;
  }
  SHEGONG_ASSIGN(Actor actor, to_actor(*user));
  if (policy_.cache_ms > 0) {
    std::lock_guard lock(cache_mu_);
    if (cache_.size() >= 100'000) cache_.clear(); // bounded: a flood of tokens cannot grow it
    cache_[hash] = Cached{actor, now, last_seen, session->expires_at};
  }
  return actor;
}

Result<void> AuthService::logout(const Actor& actor, std::string_view token) {
  const std::string hash = tokens_.hash(token);
  {
    std::lock_guard lock(cache_mu_);
    cache_.erase(hash);
  }
  return store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.sessions().remove(hash));
    return audit_.append(r, audit_entry(actor, "logout", "session", "", ""));
  });
}

Result<std::string> AuthService::region_name(const Actor& actor) {
  if (!actor.region_code) return std::string("全国");
  std::string name;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto reg, r.regions().find(*actor.region_code));
    if (reg) name = reg->name;
    return ok();
  }));
  return name;
}

Result<std::int64_t> AuthService::rotate_keys() {
  std::int64_t resealed = 0;
  for (int page = 1;; ++page) {
    Page<User> users;
    SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
      SHEGONG_ASSIGN(users, r.users().list(Scope::national(), "", PageRequest{page, 200, "username", false}));
      return ok();
    }));
    for (const auto& u : users.items) {
      if (u.totp_secret.empty() || !secrets_.needs_rotation(u.totp_secret)) continue;
      SHEGONG_ASSIGN(auto plain, secrets_.open(u.totp_secret, totp_context(u.id)));
      SHEGONG_ASSIGN(auto sealed, secrets_.seal(plain, totp_context(u.id)));
      SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
        SHEGONG_TRY(r.users().reseal_totp(u.id, sealed));
        AuditEntry e = audit_entry_unsigned("system", "", "keys.rotate", "user", u.id);
        e.detail = "totp secret resealed";
        return audit_.append(r, std::move(e));
      }));
      ++resealed;
    }
    if (users.items.size() < 200) break;
  }
  return resealed;
}

void AuthService::evict_user(std::string_view user_id) {
  std::lock_guard lock(cache_mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.actor.user_id == user_id; });
}

void AuthService::evict_session(std::string_view token_hash) {
  std::lock_guard lock(cache_mu_);
  cache_.erase(std::string(token_hash));
}

Result<User> AuthService::add_user(const NewUser& nu, const Actor* by) {
  User u;
  u.username = trim_text(nu.username);
  u.display_name = trim_text(nu.display_name);
  SHEGONG_TRY(check_text(u.username, "username", 64, true));
  for (char c : u.username) {
    const bool okc =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!okc) return Error::make(ErrorCode::invalid_field, "a user name holds letters, digits, _ . - only", "username");
  }
  if (u.display_name.empty()) u.display_name = u.username;
  SHEGONG_TRY(check_text(u.display_name, "display_name", 50, true));
  SHEGONG_TRY(check_password(nu.password, u.username, policy_.password));
  SHEGONG_ASSIGN(u.password_hash, hasher_.hash(nu.password));
  u.must_change_password = nu.must_change_password;
  u.id = new_uuid_v7(clock_, random_);
  u.role = nu.role;
  u.region_code = nu.region_code;
  u.created_at = u.password_changed_at = clock_.now_ms();
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    if (u.region_code) {
      SHEGONG_ASSIGN(auto reg, r.regions().find(*u.region_code));
      if (!reg)
        return Error::make(ErrorCode::unknown_region, "no region has code " + u.region_code->str(), "region_code");
    }
    SHEGONG_ASSIGN(auto prior, r.users().find_by_username(u.username));
    if (prior) return Error::make(ErrorCode::conflict, "the user name is taken", "username");
    SHEGONG_TRY(r.users().insert(u));
    AuditEntry e;
    if (by)
      e = audit_entry(*by, "user.create", "user", u.id, u.region_code ? u.region_code->str() : "");
    else
      e = audit_entry_unsigned("system", "", "user.create", "user", u.id);
    e.region_code = u.region_code ? u.region_code->str() : "";
    e.detail = u.username + " as " + std::string(to_string(u.role));
    return audit_.append(r, std::move(e));
  }));
  return u;
}

} // namespace shegong
