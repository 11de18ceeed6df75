#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <string>

#include "shegong/crypto/self_test.hpp"
#include "shegong/crypto/sm3.hpp"

namespace shegong {
namespace {

TEST(Sm3, KnownAnswerAbc) {
  // GB/T 32905-2016 appendix A, example 1.
  auto h = sm3_hex("abc");
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(*h, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

TEST(Sm3, KnownAnswer512Bits) {
  // GB/T 32905-2016 appendix A, example 2: "abcd" repeated 16 times.
  std::string msg;
  for (int i = 0; i < 16; ++i) msg += "abcd";
  auto h = sm3_hex(msg);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

TEST(Sm3, EmptyInputHasAHash) {
  auto h = sm3_hex("");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h, "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
}

TEST(Sm3, ChainHashIsSm3OfPreviousNewlineEntry) {
  auto direct = sm3_hex(std::string(kChainGenesis) + "\n" + "login ok admin");
  auto chained = chain_hash(kChainGenesis, "login ok admin");
  ASSERT_TRUE(direct.ok());
  ASSERT_TRUE(chained.ok());
  EXPECT_EQ(*chained, *direct);
  EXPECT_EQ(chained->size(), 64u);
}

TEST(Sm3, ChainDetectsAlteredOrRemovedEntry) {
  const std::array<std::string, 3> entries{"1|login|ok", "2|view person|ok", "3|export|denied"};
  std::array<std::string, 3> hashes;
  std::string prev(kChainGenesis);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto h = chain_hash(prev, entries[i]);
    ASSERT_TRUE(h.ok());
    hashes[i] = *h;
    prev = *h;
  }
  // Altering entry 2 changes its hash and therefore entry 3's.
  auto altered = chain_hash(hashes[0], "2|view person|denied");
  ASSERT_TRUE(altered.ok());
  EXPECT_NE(*altered, hashes[1]);
  // Removing entry 2: entry 3 chained directly on entry 1 no longer matches.
  auto skipped = chain_hash(hashes[0], entries[2]);
  ASSERT_TRUE(skipped.ok());
  EXPECT_NE(*skipped, hashes[2]);
  // The separator matters: moving bytes across the boundary changes the hash.
  EXPECT_NE(*chain_hash("ab", "c"), *chain_hash("a", "bc"));
}

// GB/T 32907-2016 example 1 through the same OpenSSL names the field cipher fetches.
std::string sm4_hex(const char* name, const std::uint8_t* iv, const std::uint8_t* in) {
  static constexpr std::array<std::uint8_t, 16> key{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                                    0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
  EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, name, nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  std::array<std::uint8_t, 32> out{};
  int len = 0, fin = 0;
  std::string hex;
  if (cipher != nullptr && ctx != nullptr && EVP_EncryptInit_ex2(ctx, cipher, key.data(), iv, nullptr) == 1 &&
      EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 && EVP_EncryptUpdate(ctx, out.data(), &len, in, 16) == 1 &&
      EVP_EncryptFinal_ex(ctx, out.data() + len, &fin) == 1) {
    static constexpr char digits[] = "0123456789abcdef";
    for (int i = 0; i < len + fin; ++i) {
      hex.push_back(digits[out[static_cast<std::size_t>(i)] >> 4]);
      hex.push_back(digits[out[static_cast<std::size_t>(i)] & 15]);
    }
  }
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(cipher);
  return hex;
}

TEST(Sm4, GbT32907EcbVector) {
  const std::array<std::uint8_t, 16> plain{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                           0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
  EXPECT_EQ(sm4_hex("SM4-ECB", nullptr, plain.data()), "681edf34d206965e86b3e94f536e4246");
}

TEST(Sm4, CtrFirstKeystreamBlockIsTheEcbVector) {
  // With the counter block = the test plaintext, CTR over zeros outputs SM4(key, plaintext).
  const std::array<std::uint8_t, 16> counter{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                             0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
  const std::array<std::uint8_t, 16> zeros{};
  EXPECT_EQ(sm4_hex("SM4-CTR", counter.data(), zeros.data()), "681edf34d206965e86b3e94f536e4246");
}

TEST(CryptoSelfTest, PassesOnThisMachine) {
  auto r = crypto_self_test();
  EXPECT_TRUE(r.ok()) << r.error().message;
}

} // namespace
} // namespace shegong
