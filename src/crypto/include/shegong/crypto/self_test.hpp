// Known-answer tests of the algorithms this module relies on, for start-up (GB/T 39786 expects
// a cryptographic module to test itself before use): SM3 ("abc", GB/T 32905), SM4-ECB and
// SM4-CTR (GB/T 32907 example 1), HMAC-SHA1 TOTP (RFC 6238 appendix B), and an SM4 and an
// AES-256-GCM field-cipher round trip under a throwaway key.
//
// Thread-safety: no shared state; call from any thread (once, before serving, is enough).
#pragma once

#include "shegong/core/result.hpp"

namespace shegong {

// ok(), or ErrorCode::internal naming the first algorithm that is missing or gave a wrong answer.
Result<void> crypto_self_test();

} // namespace shegong
