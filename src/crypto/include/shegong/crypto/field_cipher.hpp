// Field-level encryption of personal data (ID numbers, phone numbers, health notes) before it
// reaches the database. A value becomes one line of ASCII text that fits a TEXT column:
//
//     v1.<key_id>.<alg>.<base64url without padding of (iv || ciphertext || tag)>
//
//   alg "sm4ctr-hmacsm3" (default, GB/T 39786 national algorithms): SM4-CTR with a random
//       16-byte IV, then HMAC-SM3 (encrypt-then-MAC), 32-byte tag.
//       enc key = HKDF-SM3(master, info "shegong field enc")[0..16)
//       mac key = HKDF-SM3(master, info "shegong field mac")[0..32)
//       tag = HMAC-SM3(mac key, L(header) || L(context) || L(iv) || L(ciphertext))
//   alg "aes256gcm": AES-256-GCM with a random 12-byte IV and a 16-byte tag,
//       key = HKDF-SHA256(master, info "shegong field enc")[0..32),
//       AAD = L(header) || L(context).
//   where header = "v1.<key_id>.<alg>" and L(x) = 8-byte big-endian length of x, then x.
//
// The context (e.g. "person.id_number") is authenticated but not stored: a value copied into
// another column, or to another row if the caller puts the row id in the context, fails.
// A random 96-bit GCM nonce allows about 2^32 encryptions per key; rotate keys long before.
//
// Thread-safety: immutable after create(); encrypt/decrypt/needs_rotation may run
// concurrently from any number of threads (algorithms are fetched once; every call makes its
// own OpenSSL contexts). The cipher holds its own derived subkeys (wiped on destruction), so the
// KeyRing it was made from may be destroyed afterwards.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "shegong/core/result.hpp"
#include "shegong/crypto/keyring.hpp"

namespace shegong {

enum class FieldAlgorithm { sm4_ctr_hmac_sm3, aes_256_gcm };

// The <alg> tag in encrypted values: "sm4ctr-hmacsm3" or "aes256gcm".
std::string_view to_string(FieldAlgorithm alg) noexcept;

class FieldCipher {
 public:
  // Largest plaintext encrypt accepts (16 MiB); larger: ErrorCode::payload_too_large.
  static constexpr std::size_t max_plaintext = std::size_t{16} << 20;

  // Derives the subkeys of every key in the ring. `algorithm` is used for new values; decrypt
  // accepts both algorithms. ErrorCode::internal when OpenSSL lacks an algorithm.
  static Result<FieldCipher> create(const KeyRing& ring, FieldAlgorithm algorithm = FieldAlgorithm::sm4_ctr_hmac_sm3);

  FieldCipher(FieldCipher&&) noexcept;
  FieldCipher& operator=(FieldCipher&&) noexcept;
  ~FieldCipher();

  // Encrypts under the current key with a fresh random IV: the same input never gives the same
  // output. Fails when the input is too large (ErrorCode::payload_too_large), the context is
  // longer than 4096 bytes (a programming error: ErrorCode::internal) or OpenSSL fails
  // (ErrorCode::internal).
  Result<std::string> encrypt(std::string_view plaintext, std::string_view context) const;

  // The plaintext, or ErrorCode::internal with one of (never any partial plaintext):
  //   "cannot decrypt: malformed value"            (not v1.<id>.<alg>.<base64url>, or too short)
  //   "cannot decrypt: unsupported version <v>"
  //   "cannot decrypt: unknown algorithm <alg>"
  //   "cannot decrypt: unknown key id <id>"
  //   "cannot decrypt: authentication failed"      (wrong key, wrong context, altered value)
  Result<std::string> decrypt(std::string_view text, std::string_view context) const;

  // True when `text` should be re-encrypted by `shegong keys rotate`: it is under a key other
  // than the current one, under the other algorithm, or malformed (so that re-encryption tries
  // it and reports the decrypt error instead of skipping it silently). No key material is used.
  bool needs_rotation(std::string_view text) const;

  // True when `text` has the shape of an encrypted value ("v1." prefix): lets a migration tell
  // legacy plaintext from ciphertext. Says nothing about whether it decrypts.
  static bool looks_encrypted(std::string_view text) noexcept;

  FieldAlgorithm algorithm() const noexcept;
  const std::string& current_key_id() const noexcept;

 private:
  struct Impl;
  explicit FieldCipher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace shegong
