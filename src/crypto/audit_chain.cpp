#include "shegong/crypto/audit_chain.hpp"

#include <array>
#include <map>
#include <stdexcept>

#include "openssl_util.hpp"
#include "shegong/crypto/sm3.hpp"

namespace shegong {

namespace cd = crypto_detail;

struct KeyedChainHasher::Impl {
  cd::MacPtr hmac;
  struct Keys {
    SecretBytes chain, witness;
  };
  std::map<std::string, Keys, std::less<>> keys; // by key id

  std::string mac(const SecretBytes& key, std::initializer_list<cd::Bytes> parts) const {
    std::array<std::uint8_t, EVP_MAX_MD_SIZE> out{};
    auto size = cd::hmac(hmac.get(), "SM3", key.span(), parts, out);
    if (!size) throw std::runtime_error("HMAC-SM3 failed: " + size.error().message);
    return cd::to_hex(cd::Bytes(out.data(), *size));
  }
};

KeyedChainHasher::KeyedChainHasher(std::unique_ptr<Impl> impl, std::string current)
    : impl_(std::move(impl)), current_(std::move(current)) {}
KeyedChainHasher::~KeyedChainHasher() = default;

Result<std::unique_ptr<KeyedChainHasher>> KeyedChainHasher::create(const KeyRing* ring) {
  auto impl = std::make_unique<Impl>();
  std::string current;
  if (ring) {
    SHEGONG_ASSIGN(impl->hmac, cd::fetch_mac("HMAC"));
    for (const std::string& id : ring->key_ids()) {
      SHEGONG_ASSIGN(SecretBytes chain, ring->derive(id, kInfoAuditChain, KdfDigest::sm3, 32));
      SHEGONG_ASSIGN(SecretBytes witness, ring->derive(id, kInfoAuditWitness, KdfDigest::sm3, 32));
      impl->keys.emplace(id, Impl::Keys{std::move(chain), std::move(witness)});
    }
    current = ring->current_id();
  }
  return std::unique_ptr<KeyedChainHasher>(new KeyedChainHasher(std::move(impl), std::move(current)));
}

std::optional<std::string> KeyedChainHasher::link(std::string_view key_id, std::string_view prev_hash,
                                                  std::string_view canonical_entry) {
  if (key_id.empty()) {
    auto h = chain_hash(prev_hash, canonical_entry);
    if (!h) throw std::runtime_error("SM3 failed: " + h.error().message);
    return std::move(h).value();
  }
  auto it = impl_->keys.find(key_id);
  if (it == impl_->keys.end()) return std::nullopt;
  return impl_->mac(it->second.chain, {cd::as_bytes(prev_hash), cd::as_bytes("\n"), cd::as_bytes(canonical_entry)});
}

std::optional<std::string> KeyedChainHasher::sign(std::string_view key_id, std::string_view text) {
  auto it = impl_->keys.find(key_id);
  if (it == impl_->keys.end()) return std::nullopt;
  return impl_->mac(it->second.witness, {cd::as_bytes(text)});
}

} // namespace shegong
