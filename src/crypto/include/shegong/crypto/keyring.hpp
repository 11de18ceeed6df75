// The key ring: the master keys that protect personal data at rest (field encryption,
// blind indexes). Keys live only in memory, never appear in a log or an error message,
// and are wiped (OPENSSL_cleanse) when the ring is destroyed.
//
// Text format, one key per line:
//     # comment
//     2025-01:q0VHT7Y1...=        <key_id>:<standard base64 of exactly 32 bytes>
//     2026-01:Zr9lYk3w...=        the LAST key line is the current key (used for new values)
// A key id is 1-16 characters of [a-z0-9-]; ids are unique within a ring. Blank lines and
// lines whose first non-blank character is '#' are ignored; spaces, tabs and '\r' around a
// line and around either part are ignored. In a string (an environment variable) entries may
// also be separated by ';'. Line numbers in errors count entries from 1, comments included.
//
// Rotation: append a new line (KeyRing::generate) and restart; old keys stay in the ring
// until every value under them has been re-encrypted (FieldCipher::needs_rotation) and every
// blind index recomputed.
//
// Thread-safety: a KeyRing is immutable after construction; all const members may be called
// concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/result.hpp"

namespace shegong {

// Secret bytes on the heap, wiped on destruction. Move-only; a moved-from value is empty.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size); // zero-filled
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes();

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::span<std::uint8_t> span() noexcept { return {data_, size_}; }
  std::span<const std::uint8_t> span() const noexcept { return {data_, size_}; }

 private:
  void release() noexcept;
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// The hash function under HKDF: SM3 for the national-algorithm suite, SHA-256 for AES.
enum class KdfDigest { sm3, sha256 };

// The HKDF info strings of the subkeys; a value's purpose is bound into its key.
inline constexpr std::string_view kInfoFieldEnc = "shegong field enc";
inline constexpr std::string_view kInfoFieldMac = "shegong field mac";
inline constexpr std::string_view kInfoBlindIndex = "shegong blind index";
inline constexpr std::string_view kInfoAuditChain = "shegong audit chain";
inline constexpr std::string_view kInfoAuditWitness = "shegong audit witness";

class KeyRing {
 public:
  static constexpr std::size_t key_size = 32;

  // Parses the text format above. `source` names the origin in error messages
  // ("SHEGONG_KEYS", "/etc/shegong/keys"). Errors (ErrorCode::invalid_field, field "keys"):
  //   "<source> line N: expected <key_id>:<base64 key>"
  //   "<source> line N: key id must be 1-16 characters of a-z, 0-9 and -"
  //   "<source> line N: duplicate key id <id>"
  //   "<source> line N: key must be base64 of 32 bytes"   (wrong length or not base64)
  //   "<source>: no keys"
  // The caller's copy of `text` still holds key material: wipe it if it is yours.
  static Result<KeyRing> parse(std::string_view text, std::string_view source);

  // Reads and parses a file of at most 1 MiB; the buffer read is wiped afterwards.
  // Refuses (ErrorCode::invalid_field) a file that other users may read, write or execute
  // (mode & 0007): create it with mode 0600 or 0640. Unreadable file: ErrorCode::unavailable.
  static Result<KeyRing> load_file(const std::filesystem::path& path);

  // Parses the value of an environment variable (std::getenv; call at start-up, before any
  // thread could setenv). Unset or empty variable: ErrorCode::invalid_field "<name> is not set".
  static Result<KeyRing> from_env(const char* variable);

  // A new line "<key_id>:<base64 of 32 random bytes from OpenSSL's CSPRNG>" (no newline) for
  // `shegong keys`. The returned string is key material: print or write it, then drop it.
  // Fails with ErrorCode::invalid_field on a malformed id, ErrorCode::internal when the
  // random generator fails.
  static Result<std::string> generate(std::string_view key_id);

  KeyRing(KeyRing&&) noexcept = default;
  KeyRing& operator=(KeyRing&&) noexcept = default;
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;
  ~KeyRing() = default; // each key's SecretBytes wipes itself

  // The id of the last key line: the one new values are written under.
  const std::string& current_id() const noexcept { return entries_.back().id; }
  bool contains(std::string_view key_id) const noexcept;
  // All ids in file order (the current one last).
  std::vector<std::string> key_ids() const;
  std::size_t size() const noexcept { return entries_.size(); }

  // HKDF(digest, key[key_id], salt = none, info) -> `length` bytes (1..255*hash length).
  // The only way key material leaves the ring: callers hold subkeys, never master keys.
  // Unknown id: ErrorCode::internal "unknown key id <id>"; OpenSSL failure: ErrorCode::internal.
  Result<SecretBytes> derive(std::string_view key_id, std::string_view info, KdfDigest digest,
                             std::size_t length) const;

 private:
  struct Entry {
    std::string id;
    SecretBytes key;
  };
  explicit KeyRing(std::vector<Entry> entries) : entries_(std::move(entries)) {}
  std::vector<Entry> entries_; // never empty
};

} // namespace shegong
