// Time-based one-time passwords (RFC 6238, HMAC-SHA1) for the administrators' second factor,
// compatible with common authenticator apps. The clock is a parameter: callers pass the
// current Unix time from their injected Clock.
//
// Replay: totp_verify returns the time step that matched; store the last accepted step per
// user and refuse a code whose step is not greater than it.
//
// Thread-safety: free functions without shared state; call from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/result.hpp"

namespace shegong {

inline constexpr std::size_t kTotpSecretSize = 20;

// 20 random bytes from OpenSSL's CSPRNG. ErrorCode::internal when the generator fails.
// The secret is as sensitive as a password: store it encrypted (FieldCipher).
Result<std::vector<std::uint8_t>> generate_totp_secret();

// RFC 4648 base32 (A-Z, 2-7), without '=' padding.
std::string base32_encode(std::span<const std::uint8_t> bytes);
// Case-insensitive; trailing '=' padding accepted and ignored; nullopt on any other character,
// on an impossible length (1, 3 or 6 characters mod 8) or on non-zero unused trailing bits.
std::optional<std::vector<std::uint8_t>> base32_decode(std::string_view text);

// "otpauth://totp/shegong:<user>?secret=<base32>&issuer=shegong", the user percent-encoded
// (UTF-8, RFC 3986 unreserved characters kept), for a QR code. Defaults (SHA1, 6 digits,
// 30 s) are implied.
std::string totp_uri(std::string_view user, std::span<const std::uint8_t> secret);

// The code for `unix_seconds`, zero-padded to `digits`. ErrorCode::invalid_field when digits is
// outside 6..8, step <= 0, unix_seconds < 0 or the secret is empty; ErrorCode::internal when
// OpenSSL fails.
Result<std::string> totp_code(std::span<const std::uint8_t> secret, std::int64_t unix_seconds, int digits = 6,
                              int step = 30);

// The time step (unix_seconds / step, +- window) whose code equals `code`, or nullopt: no
// match, a malformed code (not exactly `digits` ASCII digits), invalid parameters as above, a
// window outside 0..10, or an OpenSSL failure. Codes are compared in constant time.
std::optional<std::int64_t> totp_verify(std::span<const std::uint8_t> secret, std::string_view code,
                                        std::int64_t unix_seconds, int window = 1, int digits = 6, int step = 30);

} // namespace shegong
