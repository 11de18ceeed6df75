#include "shegong/crypto/blind_index.hpp"

#include <array>

#include "openssl_util.hpp"

namespace shegong {

namespace cd = crypto_detail;

struct BlindIndexer::Impl {
  cd::MacPtr hmac;
  std::vector<SecretBytes> keys; // ring order; the current key last

  Result<std::string> index(const SecretBytes& key, std::string_view value, std::string_view purpose) const {
    std::array<std::uint8_t, 8> len{};
    auto n = static_cast<std::uint64_t>(purpose.size());
    for (std::size_t i = len.size(); i-- > 0;) {
      len[i] = static_cast<std::uint8_t>(n & 0xff);
      n >>= 8;
    }
    std::array<std::uint8_t, EVP_MAX_MD_SIZE> out{};
    SHEGONG_ASSIGN(const std::size_t size,
                   cd::hmac(hmac.get(), "SM3", key.span(), {len, cd::as_bytes(purpose), cd::as_bytes(value)}, out));
    return cd::to_hex(cd::Bytes(out.data(), size));
  }
};

BlindIndexer::BlindIndexer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BlindIndexer::BlindIndexer(BlindIndexer&&) noexcept = default;
BlindIndexer& BlindIndexer::operator=(BlindIndexer&&) noexcept = default;
BlindIndexer::~BlindIndexer() = default;

Result<BlindIndexer> BlindIndexer::create(const KeyRing& ring) {
  auto impl = std::make_unique<Impl>();
  SHEGONG_ASSIGN(impl->hmac, cd::fetch_mac("HMAC"));
  for (const std::string& id : ring.key_ids()) {
    SHEGONG_ASSIGN(SecretBytes key, ring.derive(id, kInfoBlindIndex, KdfDigest::sm3, 32));
    impl->keys.push_back(std::move(key));
  }
  return BlindIndexer(std::move(impl));
}

Result<std::string> BlindIndexer::blind_index(std::string_view value, std::string_view purpose) const {
  return impl_->index(impl_->keys.back(), value, purpose);
}

Result<std::vector<std::string>> BlindIndexer::blind_indexes_for_all_keys(std::string_view value,
                                                                          std::string_view purpose) const {
  std::vector<std::string> out;
  out.reserve(impl_->keys.size());
  for (const SecretBytes& key : impl_->keys) {
    SHEGONG_ASSIGN(std::string idx, impl_->index(key, value, purpose));
    out.push_back(std::move(idx));
  }
  return out;
}

} // namespace shegong
