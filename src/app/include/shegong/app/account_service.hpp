// Managing accounts and sessions: the system administrator creates and deactivates
// accounts inside their own area and resets passwords; the security administrator
// sees and revokes sessions and resets second factors. Thread-safe.
#pragma once

#include "shegong/app/access_control.hpp"
#include "shegong/app/audit_service.hpp"
#include "shegong/app/auth_service.hpp"

namespace shegong {

struct AccountPatch {
  std::optional<bool> active;
  std::optional<std::string> temporary_password; // the user must change it at next sign-in
};

// An account locked by failed sign-ins (a name no account has is locked too, so that
// guessing does not tell them apart).
struct Lockout {
  std::string username, user_id, display_name; // user_id empty: no such account
  int failures = 0;
  TimestampMs locked_until = 0;
};

class AccountService {
 public:
  AccountService(Store& store, const Clock& clock, AuthService& auth, AuditService& audit, AccessControl& access)
      : store_(store), clock_(clock), auth_(auth), audit_(audit), access_(access) {}

  Result<Page<User>> list_users(const Actor& actor, std::string_view q, const PageRequest& page);
  Result<User> create_user(const Actor& actor, NewUser u);
  // Deactivating (or resetting the password of) an account signs it out everywhere.
  Result<User> update_user(const Actor& actor, std::string_view id, const AccountPatch& patch);
  Result<void> reset_totp(const Actor& actor, std::string_view id);
  Result<Page<SessionRepository::Listed>> list_sessions(const Actor& actor, const PageRequest& page);
  Result<void> revoke_session(const Actor& actor, std::string_view token_hash);
  // Accounts locked now, inside the actor's area (names without an account: national only).
  Result<std::vector<Lockout>> list_lockouts(const Actor& actor);
  // Lifts an account's lock (audited); a name that is not locked is left as it is.
  Result<void> lift_lockout(const Actor& actor, std::string_view username);

 private:
  // The account if it lies inside the actor's area (a national account only for a national actor).
  Result<User> find_in_scope(const Actor& actor, std::string_view id);
  Store& store_;
  const Clock& clock_;
  AuthService& auth_;
  AuditService& audit_;
  AccessControl& access_;
};

} // namespace shegong
