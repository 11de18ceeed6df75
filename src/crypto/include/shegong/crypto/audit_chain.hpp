// The audit chain's keys: the keyed link of every entry and the witness's signature.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "shegong/app/ports.hpp"
#include "shegong/crypto/keyring.hpp"

namespace shegong {

// The audit chain's links (domain/audit.hpp):
//   keyed:  HMAC-SM3(k, prev_hash || "\n" || entry) as hex, k = HKDF-SM3(master[id], "shegong audit chain")
//   before keys (empty key id): SM3(prev_hash || "\n" || entry) (chain_hash in sm3.hpp)
// and the witness's signature HMAC-SM3(w, text), w = HKDF-SM3(master[id], "shegong audit witness").
// Every key of the ring stays usable, so entries linked under an older key still check;
// a key is retired from the ring only once the entries under it are pruned.
// Throws std::runtime_error if OpenSSL fails (the store then rolls back).
class KeyedChainHasher final : public ChainHasher {
 public:
  // Without a ring (a server with no keys) links are plain SM3 and nothing is signed.
  static Result<std::unique_ptr<KeyedChainHasher>> create(const KeyRing* ring);
  ~KeyedChainHasher() override;

  std::string current_key() const override { return current_; }
  std::optional<std::string> link(std::string_view key_id, std::string_view prev_hash,
                                  std::string_view canonical_entry) override;
  std::optional<std::string> sign(std::string_view key_id, std::string_view text) override;

 private:
  struct Impl;
  explicit KeyedChainHasher(std::unique_ptr<Impl> impl, std::string current);
  std::unique_ptr<Impl> impl_;
  std::string current_;
};

} // namespace shegong
