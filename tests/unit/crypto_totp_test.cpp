#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "shegong/crypto/totp.hpp"

namespace shegong {
namespace {

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }
std::string text(const std::vector<std::uint8_t>& b) { return {b.begin(), b.end()}; }

const std::vector<std::uint8_t> kRfcSecret = bytes("12345678901234567890");

TEST(Base32, Rfc4648Vectors) {
  // RFC 4648 section 10, without padding.
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base32_encode(bytes(plain)), encoded) << plain;
    auto decoded = base32_decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(text(*decoded), plain);
  }
}

TEST(Base32, DecodeIsCaseInsensitiveAndAcceptsPadding) {
  EXPECT_EQ(text(*base32_decode("mzxw6ytboi")), "foobar");
  EXPECT_EQ(text(*base32_decode("MzXw6YtBoI======")), "foobar");
  EXPECT_EQ(text(*base32_decode("MY======")), "f");
  EXPECT_EQ(base32_encode(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Base32, DecodeRefusesMalformedInput) {
  for (const char* bad : {"M", "MZX", "MZXW6Y", "MZ1W", "MZ XW", "MZXW6YQ8", "MZ=XW", "MZ-W", "MZ\xc3\xa9"})
    EXPECT_FALSE(base32_decode(bad).has_value()) << bad;
  // Non-zero unused trailing bits: "MZ" is canonical for "f", "M3" is not.
  EXPECT_FALSE(base32_decode("M3").has_value());
}

TEST(Totp, Rfc6238AppendixBSha1Vectors) {
  const std::pair<std::int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& [t, code] : vectors) {
    auto got = totp_code(kRfcSecret, t, 8);
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(*got, code) << t;
  }
}

TEST(Totp, SixDigitsAreTheLastSixOfTheTruncation) {
  EXPECT_EQ(*totp_code(kRfcSecret, 59), "287082");
  EXPECT_EQ(*totp_code(kRfcSecret, 1111111109), "081804");
  EXPECT_EQ(*totp_code(kRfcSecret, 1111111109, 7), "7081804");
}

TEST(Totp, RefusesInvalidParameters) {
  EXPECT_EQ(totp_code(kRfcSecret, 59, 5).error().code, ErrorCode::invalid_field);
  EXPECT_FALSE(totp_code(kRfcSecret, 59, 9).ok());
  EXPECT_FALSE(totp_code(kRfcSecret, 59, 6, 0).ok());
  EXPECT_FALSE(totp_code(kRfcSecret, -1).ok());
  EXPECT_FALSE(totp_code({}, 59).ok());
}

TEST(Totp, VerifyReturnsTheMatchedStepWithinTheWindow) {
  const std::int64_t t = 1111111111; // step 37037037
  const std::string now = *totp_code(kRfcSecret, t);
  const std::string prev = *totp_code(kRfcSecret, t - 30);
  const std::string next = *totp_code(kRfcSecret, t + 30);
  const std::string old = *totp_code(kRfcSecret, t - 60);
  EXPECT_EQ(totp_verify(kRfcSecret, now, t), std::optional<std::int64_t>(37037037));
  EXPECT_EQ(totp_verify(kRfcSecret, prev, t), std::optional<std::int64_t>(37037036));
  EXPECT_EQ(totp_verify(kRfcSecret, next, t), std::optional<std::int64_t>(37037038));
  EXPECT_EQ(totp_verify(kRfcSecret, old, t), std::nullopt);
  EXPECT_EQ(totp_verify(kRfcSecret, old, t, 2), std::optional<std::int64_t>(37037035));
  EXPECT_EQ(totp_verify(kRfcSecret, prev, t, 0), std::nullopt);
  EXPECT_EQ(totp_verify(kRfcSecret, "14050471", t, 0, 8), std::optional<std::int64_t>(37037037));
}

TEST(Totp, VerifyRefusesMalformedCodesAndOtherSecrets) {
  const std::int64_t t = 1234567890;
  const std::string code = *totp_code(kRfcSecret, t);
  EXPECT_EQ(totp_verify(bytes("another secret of 20b"), code, t), std::nullopt);
  EXPECT_EQ(totp_verify(kRfcSecret, code.substr(1), t), std::nullopt);
  EXPECT_EQ(totp_verify(kRfcSecret, code + "0", t), std::nullopt);
  EXPECT_EQ(totp_verify(kRfcSecret, "", t), std::nullopt);
  EXPECT_EQ(totp_verify(kRfcSecret, "12345a", t), std::nullopt);
  EXPECT_EQ(totp_verify(kRfcSecret, code, t, 11), std::nullopt);
  EXPECT_EQ(totp_verify(kRfcSecret, code, t, -1), std::nullopt);
}

TEST(Totp, GeneratedSecretsAreTwentyRandomBytes) {
  auto a = generate_totp_secret();
  auto b = generate_totp_secret();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 20u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(base32_encode(*a).size(), 32u);
  EXPECT_EQ(*base32_decode(base32_encode(*a)), *a);
}

TEST(Totp, OtpauthUri) {
  EXPECT_EQ(totp_uri("admin", kRfcSecret),
            "otpauth://totp/shegong:admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=shegong");
  EXPECT_EQ(totp_uri("张 丽&x", bytes("f")),
            "otpauth://totp/shegong:%E5%BC%A0%20%E4%B8%BD%26x?secret=MY&issuer=shegong");
}

} // namespace
} // namespace shegong
