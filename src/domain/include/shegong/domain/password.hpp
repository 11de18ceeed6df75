// Password and sign-in rules required of a government system (等保2.0 level 3).
#pragma once

#include <cstdint>
#include <string_view>

#include "shegong/core/result.hpp"

namespace shegong {

struct PasswordPolicy {
  std::size_t min_length = 8;
  int min_classes = 3; // of lower, upper, digit, symbol
  std::int64_t max_age_ms = 90LL * 24 * 3600 * 1000; // then it must be changed
};

// invalid_field (field "password") naming the rule that is not met.
Result<void> check_password(std::string_view password, std::string_view username, const PasswordPolicy& policy);

struct LockoutPolicy {
  int max_failures = 5; // per account within the window ...
  // A source address is never locked: a whole county bureau may sign in from behind one
  // NAT address. Past this many failures in the window, each further failure from it is
  // answered with a wait that doubles (1 s, 2 s, 4 s … up to lock_ms); a right password
  // and code from it still sign in at once.
  int slow_address_after = 20;
  std::int64_t window_ms = 15 * 60 * 1000;
  std::int64_t lock_ms = 15 * 60 * 1000; // ... lock for this long
};

// Failed sign-ins of one subject (an account or a source address).
struct FailureCount {
  int failures = 0;
  std::int64_t first_at = 0;
  std::int64_t locked_until = 0;
};

bool is_locked(const FailureCount& f, std::int64_t now) noexcept;
// The count after one more failure at `now`, locking once it reaches `max_failures`.
FailureCount after_failure(FailureCount f, std::int64_t now, int max_failures, const LockoutPolicy& p) noexcept;
// An address's count after one more failure: counted over the window, never locked.
FailureCount after_address_failure(FailureCount f, std::int64_t now, const LockoutPolicy& p) noexcept;
// Seconds a client at an address with these failures is asked to wait (0: none).
std::int64_t address_wait_s(const FailureCount& f, std::int64_t now, const LockoutPolicy& p) noexcept;

} // namespace shegong
