// Internal to shegong_crypto: RAII owners for OpenSSL objects, error conversion,
// encodings (hex, base64, base64url) and the HMAC/HKDF/digest primitives the
// public classes are built from. Not installed; nothing outside src/crypto includes it.
#pragma once

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/result.hpp"

namespace shegong::crypto_detail {

struct CipherFree {
  void operator()(EVP_CIPHER* p) const noexcept { EVP_CIPHER_free(p); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* p) const noexcept { EVP_CIPHER_CTX_free(p); }
};
struct MacFree {
  void operator()(EVP_MAC* p) const noexcept { EVP_MAC_free(p); }
};
struct MacCtxFree {
  void operator()(EVP_MAC_CTX* p) const noexcept { EVP_MAC_CTX_free(p); }
};
struct KdfFree {
  void operator()(EVP_KDF* p) const noexcept { EVP_KDF_free(p); }
};
struct KdfCtxFree {
  void operator()(EVP_KDF_CTX* p) const noexcept { EVP_KDF_CTX_free(p); }
};
struct MdFree {
  void operator()(EVP_MD* p) const noexcept { EVP_MD_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};

using CipherPtr = std::unique_ptr<EVP_CIPHER, CipherFree>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
using MacPtr = std::unique_ptr<EVP_MAC, MacFree>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;
using KdfPtr = std::unique_ptr<EVP_KDF, KdfFree>;
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, KdfCtxFree>;
using MdPtr = std::unique_ptr<EVP_MD, MdFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

using Bytes = std::span<const std::uint8_t>;

inline Bytes as_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// ErrorCode::internal, "<what>: <first OpenSSL reason>"; empties this thread's OpenSSL error queue.
Error openssl_error(std::string_view what);

// Fetch from the default library context; errors name the algorithm.
Result<CipherPtr> fetch_cipher(const char* name);
Result<MacPtr> fetch_mac(const char* name);

// Fills `out` from OpenSSL's CSPRNG (RAND_bytes).
Result<void> random_bytes(std::span<std::uint8_t> out);

// HMAC(digest, key, parts[0] || parts[1] || ...) into `out` (at least the digest size);
// returns the tag length. `mac` is an EVP_MAC fetched for "HMAC"; a fresh context per call.
Result<std::size_t> hmac(EVP_MAC* mac, const char* digest, Bytes key, std::initializer_list<Bytes> parts,
                         std::span<std::uint8_t> out);

// HKDF (extract-and-expand, no salt) of `key` with `info` into `out`.
Result<void> hkdf(const char* digest, Bytes key, std::string_view info, std::span<std::uint8_t> out);

// One-shot digest as lowercase hex.
Result<std::string> digest_hex(const char* digest, std::initializer_list<Bytes> parts);

std::string to_hex(Bytes bytes);

// RFC 4648 base64. encode_base64 pads with '='; encode_base64url does not pad.
std::string encode_base64(Bytes bytes);
std::string encode_base64url(Bytes bytes);
// Strict decoders: only the variant's alphabet, padding optional for base64 (but then correct)
// and refused for base64url, unused trailing bits must be zero (so that one encoded value has
// exactly one spelling). nullopt on any deviation.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);
std::optional<std::vector<std::uint8_t>> decode_base64url(std::string_view text);

// OPENSSL_cleanse over a vector's bytes, then clears it.
void wipe(std::vector<std::uint8_t>& v) noexcept;
void wipe(std::string& s) noexcept;

// [a-z0-9-]{1,16}
bool valid_key_id(std::string_view id) noexcept;

} // namespace shegong::crypto_detail
