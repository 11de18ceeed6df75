// Blind indexes: deterministic keyed hashes that let the store find a row by an encrypted
// value (an ID number, a phone number) without decrypting every row.
//
//   index = lowercase hex of HMAC-SM3(k, L(purpose) || value)      (64 characters)
//   k     = HKDF-SM3(master key, info "shegong blind index")[0..32)
//   L(x)  = 8-byte big-endian length of x, then x
//
// The purpose ("person.id_number", "person.phone") separates the indexes of different columns:
// equal values in two columns do not give equal indexes. Normalize the value before indexing
// (trim, uppercase the ID number's check letter, digits only for phones): "x" and "X" differ.
//
// Rotation: blind_index() uses the CURRENT key, so appending a key to the ring changes every
// index. Until `shegong keys rotate` has recomputed the stored indexes, look rows up with
// blind_indexes_for_all_keys() (WHERE idx IN (...)); store only blind_index().
//
// An index reveals equality: rows with the same value have the same index. Index only what
// must be searched by exact match.
//
// Thread-safety: immutable after create(); all members may be called concurrently. The
// indexer holds its own derived subkeys (wiped on destruction), not a reference to the ring.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/result.hpp"
#include "shegong/crypto/keyring.hpp"

namespace shegong {

class BlindIndexer {
 public:
  // ErrorCode::internal when OpenSSL lacks HMAC or SM3.
  static Result<BlindIndexer> create(const KeyRing& ring);

  BlindIndexer(BlindIndexer&&) noexcept;
  BlindIndexer& operator=(BlindIndexer&&) noexcept;
  ~BlindIndexer();

  // 64 lowercase hex characters under the current key. Fails (ErrorCode::internal) only when
  // OpenSSL fails.
  Result<std::string> blind_index(std::string_view value, std::string_view purpose) const;

  // One index per key, in key-ring order (the current key's last).
  Result<std::vector<std::string>> blind_indexes_for_all_keys(std::string_view value, std::string_view purpose) const;

 private:
  struct Impl;
  explicit BlindIndexer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace shegong
