#include "shegong/crypto/sm3.hpp"

#include "openssl_util.hpp"

namespace shegong {

namespace cd = crypto_detail;

Result<std::string> sm3_hex(std::string_view bytes) { return cd::digest_hex("SM3", {cd::as_bytes(bytes)}); }

Result<std::string> chain_hash(std::string_view prev_hash_hex, std::string_view entry_bytes) {
  return cd::digest_hex("SM3", {cd::as_bytes(prev_hash_hex), cd::as_bytes("\n"), cd::as_bytes(entry_bytes)});
}

} // namespace shegong
