#include "shegong/crypto/secrets.hpp"

#include "shegong/crypto/totp.hpp"

namespace shegong {

namespace {
Error no_keys() {
  return Error::make(ErrorCode::unavailable,
                     "no encryption keys are configured: set keys_file or SHEGONG_KEYS (see `shegong keys generate`)");
}
} // namespace

Result<std::string> FieldSecretBox::seal(std::string_view plaintext, std::string_view context) {
  if (!cipher_) return no_keys();
  return cipher_->encrypt(plaintext, context);
}

Result<std::string> FieldSecretBox::open(std::string_view sealed, std::string_view context) {
  if (!cipher_) return no_keys();
  return cipher_->decrypt(sealed, context);
}

bool FieldSecretBox::needs_rotation(std::string_view sealed) const {
  return cipher_ && cipher_->needs_rotation(sealed);
}

Result<std::string> TotpCodes::new_secret() {
  SHEGONG_ASSIGN(auto secret, generate_totp_secret());
  return base32_encode(secret);
}

std::string TotpCodes::uri(std::string_view account, std::string_view secret_base32) {
  auto secret = base32_decode(secret_base32);
  return secret ? totp_uri(account, *secret) : std::string();
}

std::optional<std::int64_t> TotpCodes::verify(std::string_view secret_base32, std::string_view code,
                                              std::int64_t unix_seconds) {
  auto secret = base32_decode(secret_base32);
  if (!secret) return std::nullopt;
  return totp_verify(*secret, code, unix_seconds);
}

} // namespace shegong

namespace shegong {

Result<std::string> KeyedBlindIndex::index(std::string_view value, std::string_view purpose) {
  if (!indexer_) return no_keys();
  return indexer_->blind_index(value, purpose);
}

Result<std::vector<std::string>> KeyedBlindIndex::all_indexes(std::string_view value, std::string_view purpose) {
  if (!indexer_) return no_keys();
  return indexer_->blind_indexes_for_all_keys(value, purpose);
}

} // namespace shegong
