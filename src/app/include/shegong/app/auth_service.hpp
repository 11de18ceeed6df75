// Signing in and out, and resolving a bearer token to an Actor. Thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "shegong/app/actor.hpp"
#include "shegong/app/ports.hpp"

namespace shegong {

struct SessionPolicy {
  TimestampMs idle_timeout_ms = 30 * 60 * 1000;    // a session unused this long ends
  TimestampMs absolute_lifetime_ms = 12 * 3600 * 1000;
  TimestampMs touch_interval_ms = 60 * 1000;       // last-seen is written at most this often
  // A verified session is trusted this long without asking the store again, so a
  // logout or revocation on another server takes effect within this time.
  TimestampMs cache_ms = 1000;
};

struct LoginResult {
  std::string token; // shown to the client once; only its hash is stored
  Actor actor;
  std::string region_name;
};

struct NewUser {
  std::string username, display_name, password;
  Role role = Role::viewer;
  std::optional<RegionCode> region_code;
};

class AuthService {
 public:
  AuthService(Store& store, const Clock& clock, Random& random, PasswordHasher& hasher, TokenService& tokens,
              SessionPolicy policy = {})
      : store_(store), clock_(clock), random_(random), hasher_(hasher), tokens_(tokens), policy_(policy) {}

  Result<LoginResult> login(std::string_view username, std::string_view password, std::string_view remote);
  // unauthenticated when the token is unknown, expired or idle too long.
  Result<Actor> authenticate(std::string_view token);
  Result<void> logout(std::string_view token);
  Result<std::string> region_name(const Actor& actor);

  // Creates an account (used by the CLI and the demo); the password must be 8+ characters.
  Result<User> add_user(const NewUser& u);

 private:
  Result<Actor> to_actor(const User& u) const;

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
  SessionPolicy policy_;
};

} // namespace shegong
