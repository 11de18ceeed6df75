#include <gtest/gtest.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "shegong/crypto/blind_index.hpp"
#include "shegong/crypto/field_cipher.hpp"
#include "shegong/crypto/keyring.hpp"

namespace shegong {
namespace {

constexpr const char* kKey1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kKey2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
constexpr std::string_view kCtx = "person.id_number";
constexpr std::string_view kIdNumber = "411102199001011234";

KeyRing ring_of(const std::string& text) {
  auto r = KeyRing::parse(text, "test");
  EXPECT_TRUE(r.ok());
  return std::move(r).value();
}
KeyRing old_ring() { return ring_of(std::string("k1:") + kKey1); }
KeyRing rotated_ring() { return ring_of(std::string("k1:") + kKey1 + "\nk2:" + kKey2); }

FieldCipher cipher_of(const KeyRing& ring, FieldAlgorithm alg) {
  auto c = FieldCipher::create(ring, alg);
  EXPECT_TRUE(c.ok());
  return std::move(c).value();
}

std::vector<std::string> parts_of(const std::string& s) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  for (;;) {
    const auto dot = s.find('.', pos);
    parts.push_back(s.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
    if (dot == std::string::npos) return parts;
    pos = dot + 1;
  }
}

std::optional<std::vector<std::uint8_t>> b64url_decode(std::string_view s) {
  static constexpr std::string_view a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::vector<std::uint8_t> out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    const auto v = a.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits));
    }
  }
  return out;
}

class FieldCipherBothAlgorithms : public ::testing::TestWithParam<FieldAlgorithm> {};

TEST_P(FieldCipherBothAlgorithms, RoundTripsEmptyShortChineseAndLongValues) {
  const KeyRing ring = old_ring();
  const FieldCipher c = cipher_of(ring, GetParam());
  std::string long_value(64 * 1024, '\0');
  for (std::size_t i = 0; i < long_value.size(); ++i) long_value[i] = static_cast<char>(i * 7 + 3);
  for (const std::string& plain : {std::string(), std::string(kIdNumber), std::string("孤儿 张丽丽，独居老人，低保户"),
                                   std::string("a\0b", 3), long_value}) {
    auto enc = c.encrypt(plain, kCtx);
    ASSERT_TRUE(enc.ok()) << enc.error().message;
    EXPECT_EQ(enc->find(plain.empty() ? std::string("\x01") : plain), std::string::npos);
    auto dec = c.decrypt(*enc, kCtx);
    ASSERT_TRUE(dec.ok()) << dec.error().message;
    EXPECT_EQ(*dec, plain);
  }
}

TEST_P(FieldCipherBothAlgorithms, FormatIsVersionKeyAlgorithmPayload) {
  const KeyRing ring = old_ring();
  const FieldCipher c = cipher_of(ring, GetParam());
  auto enc = c.encrypt(kIdNumber, kCtx);
  ASSERT_TRUE(enc.ok());
  const auto parts = parts_of(*enc);
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "v1");
  EXPECT_EQ(parts[1], "k1");
  EXPECT_EQ(parts[2], to_string(GetParam()));
  const auto payload = b64url_decode(parts[3]);
  ASSERT_TRUE(payload.has_value());
  const std::size_t overhead = GetParam() == FieldAlgorithm::aes_256_gcm ? 12 + 16 : 16 + 32;
  EXPECT_EQ(payload->size(), kIdNumber.size() + overhead);
  for (char ch : *enc) EXPECT_TRUE(ch >= 0x21 && ch <= 0x7e) << "not printable ASCII";
  EXPECT_TRUE(FieldCipher::looks_encrypted(*enc));
  EXPECT_FALSE(FieldCipher::looks_encrypted(kIdNumber));
}

TEST_P(FieldCipherBothAlgorithms, SameValueEncryptsDifferentlyEachTime) {
  const KeyRing ring = old_ring();
  const FieldCipher c = cipher_of(ring, GetParam());
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) seen.insert(*c.encrypt(kIdNumber, kCtx));
  EXPECT_EQ(seen.size(), 50u);
}

TEST_P(FieldCipherBothAlgorithms, EverySingleByteChangeIsDetected) {
  const KeyRing ring = rotated_ring();
  const FieldCipher c = cipher_of(ring, GetParam());
  auto enc = c.encrypt("13812345678", "person.phone");
  ASSERT_TRUE(enc.ok());
  const std::string original = *enc;
  // Every base64url character (so also those differing only in unused trailing bits) and some others.
  const std::string candidates = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \xe4";
  std::size_t tried = 0;
  for (std::size_t i = 0; i < original.size(); ++i) {
    for (char repl : candidates) {
      if (repl == original[i]) continue;
      std::string tampered = original;
      tampered[i] = repl;
      auto dec = c.decrypt(tampered, "person.phone");
      ++tried;
      ASSERT_FALSE(dec.ok()) << "byte " << i << " -> '" << repl << "' in " << original << " decrypted to "
                             << dec.value();
      EXPECT_EQ(dec.error().code, ErrorCode::internal);
      EXPECT_TRUE(dec.error().message.starts_with("cannot decrypt: ")) << dec.error().message;
    }
  }
  EXPECT_GE(tried, original.size() * (candidates.size() - 1)); // one candidate may be the original byte
  // Truncation and extension too.
  for (std::size_t n = 0; n < original.size(); ++n) EXPECT_FALSE(c.decrypt(original.substr(0, n), "person.phone").ok());
  EXPECT_FALSE(c.decrypt(original + "A", "person.phone").ok());
  EXPECT_FALSE(c.decrypt(original + "AA", "person.phone").ok());
  EXPECT_TRUE(c.decrypt(original, "person.phone").ok());
}

TEST_P(FieldCipherBothAlgorithms, WrongContextFails) {
  const KeyRing ring = old_ring();
  const FieldCipher c = cipher_of(ring, GetParam());
  auto enc = c.encrypt(kIdNumber, "person.id_number");
  ASSERT_TRUE(enc.ok());
  for (std::string_view other : {"person.phone", "", "person.id_numbe", "person.id_number "}) {
    auto dec = c.decrypt(*enc, other);
    ASSERT_FALSE(dec.ok()) << other;
    EXPECT_EQ(dec.error().message, "cannot decrypt: authentication failed");
  }
}

TEST_P(FieldCipherBothAlgorithms, OldKeyStillDecryptsAfterRotationAndNeedsRotation) {
  const KeyRing before = old_ring();
  const FieldCipher old_cipher = cipher_of(before, GetParam());
  auto enc = old_cipher.encrypt(kIdNumber, kCtx);
  ASSERT_TRUE(enc.ok());
  EXPECT_FALSE(old_cipher.needs_rotation(*enc));

  const KeyRing after = rotated_ring();
  const FieldCipher c = cipher_of(after, GetParam());
  EXPECT_EQ(c.current_key_id(), "k2");
  auto dec = c.decrypt(*enc, kCtx);
  ASSERT_TRUE(dec.ok()) << dec.error().message;
  EXPECT_EQ(*dec, kIdNumber);
  EXPECT_TRUE(c.needs_rotation(*enc));

  auto fresh = c.encrypt(*dec, kCtx);
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(fresh->starts_with("v1.k2."));
  EXPECT_FALSE(c.needs_rotation(*fresh));
  // The old ring does not know k2.
  auto unknown = old_cipher.decrypt(*fresh, kCtx);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "cannot decrypt: unknown key id k2");
}

TEST_P(FieldCipherBothAlgorithms, SurvivesTheKeyRingItWasMadeFrom) {
  std::optional<FieldCipher> c;
  {
    const KeyRing ring = old_ring();
    c.emplace(cipher_of(ring, GetParam()));
  }
  auto enc = c->encrypt("x", kCtx);
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ(*c->decrypt(*enc, kCtx), "x");
}

TEST_P(FieldCipherBothAlgorithms, ConcurrentEncryptDecrypt) {
  const KeyRing ring = rotated_ring();
  const FieldCipher c = cipher_of(ring, GetParam());
  std::array<int, 4> failures{};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&c, &failures, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string plain = "value " + std::to_string(t) + "/" + std::to_string(i);
        auto enc = c.encrypt(plain, kCtx);
        if (!enc.ok()) {
          ++failures[t];
          continue;
        }
        auto dec = c.decrypt(*enc, kCtx);
        if (!dec.ok() || *dec != plain) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, FieldCipherBothAlgorithms,
                         ::testing::Values(FieldAlgorithm::sm4_ctr_hmac_sm3, FieldAlgorithm::aes_256_gcm),
                         [](const auto& param_info) {
                           return param_info.param == FieldAlgorithm::aes_256_gcm ? "Aes256Gcm" : "Sm4CtrHmacSm3";
                         });

TEST(FieldCipher, DefaultIsSm4AndEitherCipherReadsTheOthersValues) {
  const KeyRing ring = old_ring();
  auto sm4 = FieldCipher::create(ring);
  ASSERT_TRUE(sm4.ok());
  EXPECT_EQ(sm4->algorithm(), FieldAlgorithm::sm4_ctr_hmac_sm3);
  const FieldCipher gcm = cipher_of(ring, FieldAlgorithm::aes_256_gcm);
  auto a = sm4->encrypt(kIdNumber, kCtx);
  auto b = gcm.encrypt(kIdNumber, kCtx);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->starts_with("v1.k1.sm4ctr-hmacsm3."));
  EXPECT_TRUE(b->starts_with("v1.k1.aes256gcm."));
  EXPECT_EQ(*gcm.decrypt(*a, kCtx), kIdNumber);
  EXPECT_EQ(*sm4->decrypt(*b, kCtx), kIdNumber);
  // Switching algorithm is a reason to re-encrypt.
  EXPECT_TRUE(sm4->needs_rotation(*b));
  EXPECT_TRUE(gcm.needs_rotation(*a));
}

TEST(FieldCipher, WrongKeyUnderTheSameIdFailsAuthentication) {
  const KeyRing ring = old_ring();
  const KeyRing impostor = ring_of(std::string("k1:") + kKey2);
  for (FieldAlgorithm alg : {FieldAlgorithm::sm4_ctr_hmac_sm3, FieldAlgorithm::aes_256_gcm}) {
    auto enc = cipher_of(ring, alg).encrypt(kIdNumber, kCtx);
    ASSERT_TRUE(enc.ok());
    auto dec = cipher_of(impostor, alg).decrypt(*enc, kCtx);
    ASSERT_FALSE(dec.ok());
    EXPECT_EQ(dec.error().message, "cannot decrypt: authentication failed");
  }
}

TEST(FieldCipher, MalformedValuesGiveClearErrors) {
  const KeyRing ring = old_ring();
  const FieldCipher c = cipher_of(ring, FieldAlgorithm::sm4_ctr_hmac_sm3);
  struct Case {
    std::string text, message;
  };
  const Case cases[] = {
      {"", "cannot decrypt: malformed value"},
      {"411102199001011234", "cannot decrypt: malformed value"},
      {"v1.k1.sm4ctr-hmacsm3", "cannot decrypt: malformed value"},
      {"v1.k1.sm4ctr-hmacsm3.", "cannot decrypt: malformed value"},
      {"v1.k1.sm4ctr-hmacsm3.AAAA.AAAA", "cannot decrypt: malformed value"},
      {"v1.k1.sm4ctr-hmacsm3.AAAA", "cannot decrypt: malformed value"},
      {"v1.K1.sm4ctr-hmacsm3.AAAA", "cannot decrypt: malformed value"},
      {"v2.k1.sm4ctr-hmacsm3.AAAA", "cannot decrypt: unsupported version v2"},
      {"v1.k1.rot13.AAAA", "cannot decrypt: unknown algorithm rot13"},
      {"v1.k7.sm4ctr-hmacsm3.AAAA", "cannot decrypt: unknown key id k7"},
      {"v1.k1.aes256gcm." + std::string(40, 'A'), "cannot decrypt: authentication failed"},
      {"v1.k1.sm4ctr-hmacsm3." + std::string(64, 'A'), "cannot decrypt: authentication failed"},
  };
  for (const Case& cs : cases) {
    auto dec = c.decrypt(cs.text, kCtx);
    ASSERT_FALSE(dec.ok()) << cs.text;
    EXPECT_EQ(dec.error().code, ErrorCode::internal);
    EXPECT_EQ(dec.error().message, cs.message) << cs.text;
  }
  EXPECT_TRUE(c.needs_rotation("not encrypted"));
  EXPECT_TRUE(c.needs_rotation("v1.k0.sm4ctr-hmacsm3.AAAA"));
}

TEST(FieldCipher, RefusesOversizedPlaintext) {
  const KeyRing ring = old_ring();
  const FieldCipher c = cipher_of(ring, FieldAlgorithm::sm4_ctr_hmac_sm3);
  auto enc = c.encrypt(std::string(FieldCipher::max_plaintext + 1, 'x'), kCtx);
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.error().code, ErrorCode::payload_too_large);
}

// The documented format, checked with OpenSSL directly: SM4-CTR under HKDF-SM3 "shegong field
// enc", tag HMAC-SM3 under "shegong field mac" over length-prefixed header, context, iv, ciphertext.
TEST(FieldCipher, Sm4FormatMatchesTheDocumentedConstruction) {
  const KeyRing ring = old_ring();
  const FieldCipher c = cipher_of(ring, FieldAlgorithm::sm4_ctr_hmac_sm3);
  auto enc = c.encrypt(kIdNumber, kCtx);
  ASSERT_TRUE(enc.ok());
  const auto parts = parts_of(*enc);
  ASSERT_EQ(parts.size(), 4u);
  const auto payload = b64url_decode(parts[3]);
  ASSERT_TRUE(payload.has_value());
  ASSERT_EQ(payload->size(), 16 + kIdNumber.size() + 32);
  auto enc_key = ring.derive("k1", kInfoFieldEnc, KdfDigest::sm3, 16);
  auto mac_key = ring.derive("k1", kInfoFieldMac, KdfDigest::sm3, 32);
  ASSERT_TRUE(enc_key.ok() && mac_key.ok());

  const std::uint8_t* iv = payload->data();
  const std::uint8_t* ct = payload->data() + 16;
  const auto ct_len = static_cast<int>(kIdNumber.size());
  std::string plain(kIdNumber.size(), '\0');
  EVP_CIPHER* sm4 = EVP_CIPHER_fetch(nullptr, "SM4-CTR", nullptr);
  EVP_CIPHER_CTX* cctx = EVP_CIPHER_CTX_new();
  int len = 0;
  ASSERT_EQ(EVP_DecryptInit_ex2(cctx, sm4, enc_key->span().data(), iv, nullptr), 1);
  ASSERT_EQ(EVP_DecryptUpdate(cctx, reinterpret_cast<unsigned char*>(plain.data()), &len, ct, ct_len), 1);
  EVP_CIPHER_CTX_free(cctx);
  EVP_CIPHER_free(sm4);
  EXPECT_EQ(plain, kIdNumber);

  std::vector<std::uint8_t> msg;
  auto add = [&msg](const std::uint8_t* p, std::size_t n) {
    for (int i = 7; i >= 0; --i) msg.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(n) >> (8 * i)));
    msg.insert(msg.end(), p, p + n);
  };
  const std::string header = "v1.k1.sm4ctr-hmacsm3";
  add(reinterpret_cast<const std::uint8_t*>(header.data()), header.size());
  add(reinterpret_cast<const std::uint8_t*>(kCtx.data()), kCtx.size());
  add(iv, 16);
  add(ct, kIdNumber.size());
  std::array<std::uint8_t, 32> tag{};
  std::size_t tag_len = 0;
  ASSERT_NE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SM3", nullptr, mac_key->span().data(), mac_key->size(), msg.data(),
                      msg.size(), tag.data(), tag.size(), &tag_len),
            nullptr);
  ASSERT_EQ(tag_len, 32u);
  EXPECT_EQ(CRYPTO_memcmp(tag.data(), payload->data() + 16 + kIdNumber.size(), 32), 0);
}

// ---- blind index ----

TEST(CryptoBlindIndex, DeterministicHexPerPurposeAndKey) {
  const KeyRing ring = old_ring();
  auto bi = BlindIndexer::create(ring);
  ASSERT_TRUE(bi.ok());
  auto a = bi->blind_index(kIdNumber, "person.id_number");
  auto b = bi->blind_index(kIdNumber, "person.id_number");
  auto other_purpose = bi->blind_index(kIdNumber, "person.phone");
  auto other_value = bi->blind_index("411102199001011235", "person.id_number");
  ASSERT_TRUE(a.ok() && b.ok() && other_purpose.ok() && other_value.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(a->size(), 64u);
  EXPECT_EQ(a->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(*a, *other_purpose);
  EXPECT_NE(*a, *other_value);
  // The purpose/value boundary is unambiguous.
  EXPECT_NE(*bi->blind_index("bc", "a"), *bi->blind_index("c", "ab"));

  const KeyRing impostor = ring_of(std::string("k1:") + kKey2);
  auto bi2 = BlindIndexer::create(impostor);
  ASSERT_TRUE(bi2.ok());
  EXPECT_NE(*bi2->blind_index(kIdNumber, "person.id_number"), *a);
}

TEST(CryptoBlindIndex, MatchesTheDocumentedConstruction) {
  const KeyRing ring = old_ring();
  auto bi = BlindIndexer::create(ring);
  ASSERT_TRUE(bi.ok());
  auto key = ring.derive("k1", kInfoBlindIndex, KdfDigest::sm3, 32);
  ASSERT_TRUE(key.ok());
  const std::string purpose = "person.phone", value = "13812345678";
  std::string msg(8, '\0');
  msg[7] = static_cast<char>(purpose.size());
  msg += purpose + value;
  std::array<std::uint8_t, 32> out{};
  std::size_t n = 0;
  ASSERT_NE(EVP_Q_mac(nullptr, "HMAC", nullptr, "SM3", nullptr, key->span().data(), key->size(),
                      reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out.data(), out.size(), &n),
            nullptr);
  std::string hex;
  for (std::uint8_t byte : out) {
    hex.push_back("0123456789abcdef"[byte >> 4]);
    hex.push_back("0123456789abcdef"[byte & 15]);
  }
  EXPECT_EQ(*bi->blind_index(value, purpose), hex);
}

TEST(CryptoBlindIndex, AllKeysDuringRotation) {
  const KeyRing before = old_ring();
  const KeyRing after = rotated_ring();
  auto old_bi = BlindIndexer::create(before);
  auto new_bi = BlindIndexer::create(after);
  ASSERT_TRUE(old_bi.ok() && new_bi.ok());
  const std::string stored = *old_bi->blind_index(kIdNumber, "person.id_number");
  const std::string current = *new_bi->blind_index(kIdNumber, "person.id_number");
  EXPECT_NE(stored, current); // rotation changes the index
  auto all = new_bi->blind_indexes_for_all_keys(kIdNumber, "person.id_number");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0], stored); // rows not yet recomputed are still found
  EXPECT_EQ((*all)[1], current); // current key last
}

} // namespace
} // namespace shegong
