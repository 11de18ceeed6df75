// libsodium adapters: Argon2id password hashes, the system CSPRNG, session tokens.
#pragma once

#include "shegong/app/ports.hpp"
#include "shegong/core/clock.hpp"

namespace shegong {

// Must run once before any other function here; false when libsodium cannot start.
bool init_sodium();

class SodiumRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override;
};

// Argon2id with libsodium's "interactive" limits (64 MiB, ~0.1 s here).
class Argon2PasswordHasher final : public PasswordHasher {
 public:
  Result<std::string> hash(std::string_view password) override;
  bool verify(std::string_view hash, std::string_view password) override;
};

// 32 random bytes as unpadded base64url; stored as the hex BLAKE2b-256 of the token.
class SodiumTokenService final : public TokenService {
 public:
  std::string new_token() override;
  std::string hash(std::string_view token) override;
};

} // namespace shegong
