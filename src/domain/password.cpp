#include "shegong/domain/password.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "shegong/domain/text.hpp"

namespace shegong {

Result<void> check_password(std::string_view password, std::string_view username, const PasswordPolicy& policy) {
  auto bad = [](std::string why) { return Error::make(ErrorCode::invalid_field, std::move(why), "password"); };
  if (utf8_length(password) < policy.min_length)
    return bad("a password has at least " + std::to_string(policy.min_length) + " characters");
  if (password.size() > 256) return bad("a password has at most 256 bytes");
  bool lower = false, upper = false, digit = false, symbol = false;
  for (unsigned char c : password) {
    if (c < 0x20 || c == 0x7F) return bad("a password cannot hold control characters");
    if (std::islower(c))
      lower = true;
    else if (std::isupper(c))
      upper = true;
    else if (std::isdigit(c))
      digit = true;
    else
      symbol = true;
  }
  if (lower + upper + digit + symbol < policy.min_classes)
    return bad("a password mixes at least " + std::to_string(policy.min_classes) +
               " of: lower-case letters, capitals, digits, symbols");
  std::string lp(password), lu(username);
  std::transform(lp.begin(), lp.end(), lp.begin(), [](unsigned char c) { return std::tolower(c); });
  std::transform(lu.begin(), lu.end(), lu.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!lu.empty() && lp.find(lu) != std::string::npos) return bad("a password cannot contain the user name");
  return ok();
}

bool is_locked(const FailureCount& f, std::int64_t now) noexcept { return now < f.locked_until; }

FailureCount after_failure(FailureCount f, std::int64_t now, int max_failures, const LockoutPolicy& p) noexcept {
  if (f.failures == 0 || now - f.first_at >= p.window_ms) f = FailureCount{0, now, 0};
  ++f.failures;
  if (f.failures >= max_failures) {
    f.locked_until = now + p.lock_ms;
    f.failures = 0; // a new window starts when the lock ends
    f.first_at = now;
  }
  return f;
}

FailureCount after_address_failure(FailureCount f, std::int64_t now, const LockoutPolicy& p) noexcept {
  if (f.failures == 0 || now - f.first_at >= p.window_ms) f = FailureCount{0, now, 0};
  ++f.failures;
  return f;
}

std::int64_t address_wait_s(const FailureCount& f, std::int64_t now, const LockoutPolicy& p) noexcept {
  if (now - f.first_at >= p.window_ms || f.failures <= p.slow_address_after) return 0;
  const int doublings = std::min(f.failures - p.slow_address_after - 1, 30);
  return std::min<std::int64_t>(std::int64_t{1} << doublings, p.lock_ms / 1000);
}

} // namespace shegong
