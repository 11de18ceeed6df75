// SM3 (GB/T 32905-2016) digests and the audit trail's hash chain.
//
// Thread-safety: free functions without shared state; call from any thread.
#pragma once

#include <string>
#include <string_view>

#include "shegong/core/result.hpp"

namespace shegong {

// The `prev_hash_hex` of the first entry of a chain: 64 zeros.
inline constexpr std::string_view kChainGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

// SM3 of `bytes` as 64 lowercase hex characters. ErrorCode::internal only when OpenSSL lacks
// SM3 or fails.
Result<std::string> sm3_hex(std::string_view bytes);

// SM3(prev_hash_hex || "\n" || entry_bytes) as hex: each audit entry's hash covers the one
// before it, so altering or deleting an entry breaks every later hash. `prev_hash_hex` is used
// as given (not validated, not case-folded): store and pass the exact string returned here, or
// kChainGenesis for the first entry. `entry_bytes` must be a canonical serialization of the
// entry (fixed field order), since any byte difference changes the hash.
Result<std::string> chain_hash(std::string_view prev_hash_hex, std::string_view entry_bytes);

} // namespace shegong
