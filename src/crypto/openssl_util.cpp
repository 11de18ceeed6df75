#include "openssl_util.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <array>
#include <climits>

namespace shegong::crypto_detail {

Error openssl_error(std::string_view what) {
  std::string msg(what);
  const unsigned long code = ERR_get_error();
  if (code != 0) {
    std::array<char, 256> buf{};
    ERR_error_string_n(code, buf.data(), buf.size());
    msg += ": ";
    msg += buf.data();
  }
  ERR_clear_error();
  return Error::make(ErrorCode::internal, std::move(msg));
}

Result<CipherPtr> fetch_cipher(const char* name) {
  CipherPtr c(EVP_CIPHER_fetch(nullptr, name, nullptr));
  if (!c) return openssl_error(std::string("OpenSSL has no cipher ") + name);
  return c;
}

Result<MacPtr> fetch_mac(const char* name) {
  MacPtr m(EVP_MAC_fetch(nullptr, name, nullptr));
  if (!m) return openssl_error(std::string("OpenSSL has no MAC ") + name);
  return m;
}

Result<void> random_bytes(std::span<std::uint8_t> out) {
  if (out.size() > static_cast<std::size_t>(INT_MAX))
    return Error::make(ErrorCode::internal, "random request too large");
  if (out.empty()) return ok();
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) return openssl_error("RAND_bytes failed");
  return ok();
}

Result<std::size_t> hmac(EVP_MAC* mac, const char* digest, Bytes key, std::initializer_list<Bytes> parts,
                         std::span<std::uint8_t> out) {
  MacCtxPtr ctx(EVP_MAC_CTX_new(mac));
  if (!ctx) return openssl_error("EVP_MAC_CTX_new failed");
  std::array<OSSL_PARAM, 2> params{
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
      OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(ctx.get(), key.data(), key.size(), params.data()) != 1)
    return openssl_error(std::string("HMAC-") + digest + " init failed");
  for (Bytes part : parts) {
    if (part.empty()) continue;
    if (EVP_MAC_update(ctx.get(), part.data(), part.size()) != 1) return openssl_error("HMAC update failed");
  }
  std::size_t len = 0;
  if (EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1) return openssl_error("HMAC final failed");
  return len;
}

Result<void> hkdf(const char* digest, Bytes key, std::string_view info, std::span<std::uint8_t> out) {
  KdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) return openssl_error("OpenSSL has no KDF HKDF");
  KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) return openssl_error("EVP_KDF_CTX_new failed");
  std::array<OSSL_PARAM, 4> params{
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(digest), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(key.data()), key.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
      OSSL_PARAM_construct_end()};
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params.data()) != 1)
    return openssl_error(std::string("HKDF-") + digest + " failed");
  return ok();
}

Result<std::string> digest_hex(const char* digest, std::initializer_list<Bytes> parts) {
  MdPtr md(EVP_MD_fetch(nullptr, digest, nullptr));
  if (!md) return openssl_error(std::string("OpenSSL has no digest ") + digest);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return openssl_error("EVP_MD_CTX_new failed");
  if (EVP_DigestInit_ex2(ctx.get(), md.get(), nullptr) != 1) return openssl_error("digest init failed");
  for (Bytes part : parts) {
    if (part.empty()) continue;
    if (EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1) return openssl_error("digest update failed");
  }
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> out{};
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1) return openssl_error("digest final failed");
  return to_hex(Bytes(out.data(), len));
}

std::string to_hex(Bytes bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    s.push_back(digits[b >> 4]);
    s.push_back(digits[b & 0x0f]);
  }
  return s;
}

namespace {

constexpr std::string_view std_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view url_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(Bytes in, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  const std::size_t rest = in.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{in[i]} << 16;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (pad) out += "==";
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    if (pad) out += "=";
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> decode(std::string_view text, std::string_view alphabet, bool allow_pad) {
  if (allow_pad && text.size() % 4 == 0 && !text.empty()) {
    // Strip correct padding only: "xx==" or "xxx=".
    if (text.ends_with("=="))
      text.remove_suffix(2);
    else if (text.ends_with('='))
      text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) return std::nullopt;
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t k = 0; k < alphabet.size(); ++k)
    value[static_cast<unsigned char>(alphabet[k])] = static_cast<int>(k);

  std::vector<std::uint8_t> out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = value[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
    }
  }
  // Leftover bits (2 or 4) must be zero: one value, one spelling.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
    wipe(out);
    return std::nullopt;
  }
  acc = 0;
  return out;
}

} // namespace

std::string encode_base64(Bytes bytes) { return encode(bytes, std_alphabet, true); }
std::string encode_base64url(Bytes bytes) { return encode(bytes, url_alphabet, false); }
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
  return decode(text, std_alphabet, true);
}
std::optional<std::vector<std::uint8_t>> decode_base64url(std::string_view text) {
  return decode(text, url_alphabet, false);
}

void wipe(std::vector<std::uint8_t>& v) noexcept {
  if (!v.empty()) OPENSSL_cleanse(v.data(), v.size());
  v.clear();
}

void wipe(std::string& s) noexcept {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

bool valid_key_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 16) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

} // namespace shegong::crypto_detail
