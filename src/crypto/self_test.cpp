#include "shegong/crypto/self_test.hpp"

#include <array>

#include "openssl_util.hpp"
#include "shegong/crypto/field_cipher.hpp"
#include "shegong/crypto/keyring.hpp"
#include "shegong/crypto/sm3.hpp"
#include "shegong/crypto/totp.hpp"

namespace shegong {

namespace cd = crypto_detail;

namespace {

Error failed(std::string_view what) {
  return Error::make(ErrorCode::internal, "crypto self-test failed: " + std::string(what));
}

// One 16-byte block through SM4 in `mode` ("SM4-ECB" or "SM4-CTR").
Result<std::string> sm4_block_hex(const char* mode, cd::Bytes key, const std::uint8_t* iv, cd::Bytes in) {
  SHEGONG_ASSIGN(cd::CipherPtr cipher, cd::fetch_cipher(mode));
  cd::CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return cd::openssl_error("EVP_CIPHER_CTX_new failed");
  if (EVP_EncryptInit_ex2(ctx.get(), cipher.get(), key.data(), iv, nullptr) != 1) return cd::openssl_error(mode);
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  std::array<std::uint8_t, 32> out{};
  int len = 0, fin = 0;
  if (EVP_EncryptUpdate(ctx.get(), out.data(), &len, in.data(), static_cast<int>(in.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &fin) != 1)
    return cd::openssl_error(mode);
  return cd::to_hex(cd::Bytes(out.data(), static_cast<std::size_t>(len + fin)));
}

} // namespace

Result<void> crypto_self_test() {
  SHEGONG_ASSIGN(const std::string sm3, sm3_hex("abc"));
  if (sm3 != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0") return failed("SM3");

  // GB/T 32907-2016 example 1: key = plaintext = 0123456789abcdeffedcba9876543210.
  constexpr std::array<std::uint8_t, 16> kv{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                            0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
  constexpr std::string_view expected = "681edf34d206965e86b3e94f536e4246";
  SHEGONG_ASSIGN(const std::string ecb, sm4_block_hex("SM4-ECB", kv, nullptr, kv));
  if (ecb != expected) return failed("SM4-ECB");
  // CTR with the counter block set to the test plaintext: the first keystream block is
  // SM4(key, plaintext), so encrypting zeros yields the test ciphertext.
  constexpr std::array<std::uint8_t, 16> zeros{};
  SHEGONG_ASSIGN(const std::string ctr, sm4_block_hex("SM4-CTR", kv, kv.data(), zeros));
  if (ctr != expected) return failed("SM4-CTR");

  constexpr std::string_view totp_secret = "12345678901234567890";
  SHEGONG_ASSIGN(const std::string code, totp_code(cd::as_bytes(totp_secret), 59, 8));
  if (code != "94287082") return failed("HMAC-SHA1 (TOTP)");

  std::array<std::uint8_t, KeyRing::key_size> raw{};
  SHEGONG_TRY(cd::random_bytes(raw));
  std::string line = "self-test:" + cd::encode_base64(raw);
  auto ring = KeyRing::parse(line, "self-test");
  cd::wipe(line);
  if (!ring) return failed("key ring");
  for (FieldAlgorithm alg : {FieldAlgorithm::sm4_ctr_hmac_sm3, FieldAlgorithm::aes_256_gcm}) {
    SHEGONG_ASSIGN(const FieldCipher cipher, FieldCipher::create(*ring, alg));
    SHEGONG_ASSIGN(const std::string enc, cipher.encrypt("411102199001011234", "self-test"));
    auto dec = cipher.decrypt(enc, "self-test");
    if (!dec || *dec != "411102199001011234" || cipher.decrypt(enc, "other").ok())
      return failed(std::string("field cipher ") + std::string(to_string(alg)));
  }
  return ok();
}

} // namespace shegong
