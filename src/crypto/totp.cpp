#include "shegong/crypto/totp.hpp"

#include <openssl/crypto.h>

#include <array>

#include "openssl_util.hpp"

namespace shegong {

namespace cd = crypto_detail;

namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

bool valid_params(std::span<const std::uint8_t> secret, std::int64_t unix_seconds, int digits, int step) {
  return !secret.empty() && digits >= 6 && digits <= 8 && step > 0 && unix_seconds >= 0;
}

// HOTP (RFC 4226) of one counter value.
Result<std::string> hotp(EVP_MAC* mac, std::span<const std::uint8_t> secret, std::uint64_t counter, int digits) {
  std::array<std::uint8_t, 8> msg{};
  for (std::size_t i = msg.size(); i-- > 0;) {
    msg[i] = static_cast<std::uint8_t>(counter & 0xff);
    counter >>= 8;
  }
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> h{};
  SHEGONG_ASSIGN(const std::size_t n, cd::hmac(mac, "SHA1", secret, {msg}, h));
  if (n != 20) return Error::make(ErrorCode::internal, "HMAC-SHA1 returned an unexpected length");
  const std::size_t off = h[19] & 0x0f;
  const std::uint32_t bin = (std::uint32_t{h[off]} & 0x7f) << 24 | std::uint32_t{h[off + 1]} << 16 |
                            std::uint32_t{h[off + 2]} << 8 | std::uint32_t{h[off + 3]};
  std::uint32_t mod = 1;
  for (int i = 0; i < digits; ++i) mod *= 10;
  std::string code = std::to_string(bin % mod);
  if (code.size() < static_cast<std::size_t>(digits))
    code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
  return code;
}

} // namespace

Result<std::vector<std::uint8_t>> generate_totp_secret() {
  std::vector<std::uint8_t> secret(kTotpSecretSize);
  SHEGONG_TRY(cd::random_bytes(secret));
  return secret;
}

std::string base32_encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::uint8_t b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32[(acc >> bits) & 31]);
    }
  }
  if (bits > 0) out.push_back(kBase32[(acc << (5 - bits)) & 31]);
  return out;
}

std::optional<std::vector<std::uint8_t>> base32_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  switch (text.size() % 8) {
    case 1:
    case 3:
    case 6:
      return std::nullopt;
    default:
      break;
  }
  std::vector<std::uint8_t> out;
  out.reserve(text.size() * 5 / 8);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    std::uint32_t v = 0;
    if (c >= 'A' && c <= 'Z')
      v = static_cast<std::uint32_t>(c - 'A');
    else if (c >= 'a' && c <= 'z')
      v = static_cast<std::uint32_t>(c - 'a');
    else if (c >= '2' && c <= '7')
      v = static_cast<std::uint32_t>(c - '2' + 26);
    else
      return std::nullopt;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
    }
  }
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string totp_uri(std::string_view user, std::span<const std::uint8_t> secret) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out = "otpauth://totp/shegong:";
  for (char ch : user) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  out += "?secret=";
  out += base32_encode(secret);
  out += "&issuer=shegong";
  return out;
}

Result<std::string> totp_code(std::span<const std::uint8_t> secret, std::int64_t unix_seconds, int digits, int step) {
  if (!valid_params(secret, unix_seconds, digits, step))
    return Error::make(ErrorCode::invalid_field, "TOTP needs a secret, 6-8 digits, a positive step and a time >= 0");
  SHEGONG_ASSIGN(cd::MacPtr mac, cd::fetch_mac("HMAC"));
  return hotp(mac.get(), secret, static_cast<std::uint64_t>(unix_seconds / step), digits);
}

std::optional<std::int64_t> totp_verify(std::span<const std::uint8_t> secret, std::string_view code,
                                        std::int64_t unix_seconds, int window, int digits, int step) {
  if (!valid_params(secret, unix_seconds, digits, step) || window < 0 || window > 10) return std::nullopt;
  if (code.size() != static_cast<std::size_t>(digits)) return std::nullopt;
  for (char c : code)
    if (c < '0' || c > '9') return std::nullopt;
  auto mac = cd::fetch_mac("HMAC");
  if (!mac) return std::nullopt;
  const std::int64_t now = unix_seconds / step;
  // The current step first, then outwards: -1, +1, -2, +2, ...
  for (int i = 0; i <= 2 * window; ++i) {
    const std::int64_t s = now + (i % 2 == 1 ? -(i + 1) / 2 : i / 2);
    if (s < 0) continue;
    auto expected = hotp(mac->get(), secret, static_cast<std::uint64_t>(s), digits);
    if (!expected) return std::nullopt;
    if (CRYPTO_memcmp(expected->data(), code.data(), code.size()) == 0) return s;
  }
  return std::nullopt;
}

} // namespace shegong
