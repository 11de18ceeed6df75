// Signing in and out, and resolving a bearer token to an Actor. Thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "shegong/app/actor.hpp"
#include "shegong/app/audit_service.hpp"
#include "shegong/app/ports.hpp"

namespace shegong {

struct SessionPolicy {
  TimestampMs idle_timeout_ms = 30 * 60 * 1000; // a session unused this long ends
  TimestampMs absolute_lifetime_ms = 12 * 3600 * 1000;
  TimestampMs touch_interval_ms = 60 * 1000; // last-seen is written at most this often
  // A verified session is trusted this long without asking the store again, so a
  // logout or revocation on another server takes effect within this time.
  TimestampMs cache_ms = 1000;
  PasswordPolicy password;
  LockoutPolicy lockout;
  bool require_totp_for_admins = true; // see needs_second_factor()
};

struct TotpEnrolment {
  std::string secret; // base32, for typing into an authenticator app
  std::string uri; // otpauth://, for a QR code
};

struct LoginResult {
  std::string token; // shown to the client once; only its hash is stored
  Actor actor; // actor.must_change_password: new account, reset, or older than the policy allows
  std::string region_name;
};

struct NewUser {
  std::string username, display_name, password;
  Role role = Role::viewer;
  std::optional<RegionCode> region_code;
  bool must_change_password = true; // a first sign-in asks for a new password
};

class AuthService {
 public:
  AuthService(Store& store, const Clock& clock, Random& random, PasswordHasher& hasher, TokenService& tokens,
              AuditService& audit, SecretBox& secrets, OneTimeCodes& codes, SessionPolicy policy = {})
      : store_(store),
        clock_(clock),
        random_(random),
        hasher_(hasher),
        tokens_(tokens),
        audit_(audit),
        secrets_(secrets),
        codes_(codes),
        policy_(policy) {}

  // invalid_credentials, or login_locked once the account or the address has failed
  // too often (counted in the store, so every server sees the same count). An account
  // with a second factor needs `totp_code` (totp_required without one, invalid_totp
  // for a wrong or reused one, which counts as a failure).
  Result<LoginResult> login(std::string_view username, std::string_view password, std::string_view remote,
                            std::string_view totp_code = {});
  // Starts (or restarts) enrolment of a second factor; confirmed by confirm_totp.
  Result<TotpEnrolment> enrol_totp(const Actor& actor);
  Result<void> confirm_totp(const Actor& actor, std::string_view code);
  // Checks the current password and the policy; clears must_change_password and ends
  // the account's other sessions. A wrong current password counts as a failed sign-in.
  Result<void> change_password(const Actor& actor, std::string_view current, std::string_view next,
                               std::string_view current_token = {});
  // unauthenticated when the token is unknown, expired or idle too long.
  Result<Actor> authenticate(std::string_view token);
  Result<void> logout(const Actor& actor, std::string_view token);
  Result<std::string> region_name(const Actor& actor);

  // Creates an account; the password must meet the policy. `by` is recorded in the
  // audit trail (the command line when null).
  Result<User> add_user(const NewUser& u, const Actor* by = nullptr);
  // Seals every stored secret again under the current key (after a key was added);
  // returns how many were resealed. Runs in batches of 200 accounts.
  Result<std::int64_t> rotate_keys();
  // Forgets cached sessions so a revocation takes effect on this server at once.
  void evict_user(std::string_view user_id);
  void evict_session(std::string_view token_hash);
  const SessionPolicy& policy() const noexcept { return policy_; }
  PasswordHasher& hasher() noexcept { return hasher_; }

 private:
  Result<Actor> to_actor(const User& u) const;
  // Records a failed sign-in (or password check) for the account and the address;
  // the refusal to answer: the account's lock when this failure locked it, the
  // address's wait when it is slowed down, or `otherwise`.
  Error count_failure(const std::optional<User>& user, std::string_view username, std::string_view remote,
                      std::string action, Error otherwise);
  Error locked_error(TimestampMs remaining_ms) const;
  // Spends as long as a real password check, so a missing account is not told apart by time.
  void dummy_verify(std::string_view password);

  struct Cached {
    Actor actor;
    TimestampMs checked_at, last_seen_at, expires_at;
  };
  std::mutex cache_mu_;
  std::unordered_map<std::string, Cached> cache_; // by token hash; GUARDED_BY(cache_mu_)

  Store& store_;
  const Clock& clock_;
  Random& random_;
  PasswordHasher& hasher_;
  TokenService& tokens_;
  AuditService& audit_;
  SecretBox& secrets_;
  OneTimeCodes& codes_;
  SessionPolicy policy_;
};

} // namespace shegong
