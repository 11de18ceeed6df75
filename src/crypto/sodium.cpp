#include "shegong/crypto/sodium.hpp"

#include <sodium.h>

#include <array>
#include <string>

namespace shegong {

bool init_sodium() { return sodium_init() >= 0; }

void SodiumRandom::fill(std::span<std::uint8_t> out) { randombytes_buf(out.data(), out.size()); }

Result<std::string> Argon2PasswordHasher::hash(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Error::make(ErrorCode::internal, "out of memory while hashing a password");
  return std::string(out.data());
}

bool Argon2PasswordHasher::verify(std::string_view hash, std::string_view password) {
  // crypto_pwhash_str_verify wants a NUL-terminated string of at most STRBYTES.
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::array<char, crypto_pwhash_STRBYTES> buf{};
  hash.copy(buf.data(), hash.size());
  return crypto_pwhash_str_verify(buf.data(), password.data(), password.size()) == 0;
}

std::string SodiumTokenService::new_token() {
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  const std::size_t len = sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string out(len, '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(len - 1); // drop the terminating NUL
  return out;
}

std::string SodiumTokenService::hash(std::string_view token) {
  std::array<unsigned char, 32> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  std::string hex(h.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), h.data(), h.size());
  hex.pop_back();
  return hex;
}

} // namespace shegong
