// OpenSSL-backed adapters for the app's SecretBox and OneTimeCodes ports.
#pragma once

#include <optional>

#include "shegong/app/ports.hpp"
#include "shegong/crypto/blind_index.hpp"
#include "shegong/crypto/field_cipher.hpp"

namespace shegong {

// Seals with the field cipher (SM4-CTR + HMAC-SM3 by default). Without a key ring
// every call fails with `unavailable`, naming the missing configuration. Thread-safe.
class FieldSecretBox final : public SecretBox {
 public:
  explicit FieldSecretBox(std::optional<FieldCipher> cipher) : cipher_(std::move(cipher)) {}
  bool has_keys() const noexcept { return cipher_.has_value(); }
  Result<std::string> seal(std::string_view plaintext, std::string_view context) override;
  Result<std::string> open(std::string_view sealed, std::string_view context) override;
  // True when `sealed` is under an old key or algorithm (for `shegong keys rotate`).
  bool needs_rotation(std::string_view sealed) const override;

 private:
  std::optional<FieldCipher> cipher_;
};

// Blind indexes under the key ring (HMAC-SM3). Without a key ring every call fails
// with `unavailable`. Thread-safe.
class KeyedBlindIndex final : public BlindIndex {
 public:
  explicit KeyedBlindIndex(std::optional<BlindIndexer> indexer) : indexer_(std::move(indexer)) {}
  Result<std::string> index(std::string_view value, std::string_view purpose) override;
  Result<std::vector<std::string>> all_indexes(std::string_view value, std::string_view purpose) override;

 private:
  std::optional<BlindIndexer> indexer_;
};

// RFC 6238 with HMAC-SHA1, 6 digits, 30 s steps: what authenticator apps expect.
class TotpCodes final : public OneTimeCodes {
 public:
  Result<std::string> new_secret() override;
  std::string uri(std::string_view account, std::string_view secret_base32) override;
  std::optional<std::int64_t> verify(std::string_view secret_base32, std::string_view code,
                                     std::int64_t unix_seconds) override;
};

} // namespace shegong
