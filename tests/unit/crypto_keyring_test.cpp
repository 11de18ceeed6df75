#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "shegong/crypto/keyring.hpp"

namespace shegong {
namespace {

// 32 bytes 0x00..0x1f and 0x20..0x3f.
constexpr const char* kKey1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kKey2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

std::string line(const char* id, const char* key) { return std::string(id) + ":" + key; }

TEST(KeyRing, ParsesLinesCommentsAndTakesTheLastAsCurrent) {
  const std::string text = "# shegong field keys\n\n" + line("2025-01", kKey1) + "\r\n  # retired soon\n  " +
                           line("2026-01", kKey2) + "  \n";
  auto ring = KeyRing::parse(text, "keys");
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  EXPECT_EQ(ring->size(), 2u);
  EXPECT_EQ(ring->current_id(), "2026-01");
  EXPECT_EQ(ring->key_ids(), (std::vector<std::string>{"2025-01", "2026-01"}));
  EXPECT_TRUE(ring->contains("2025-01"));
  EXPECT_FALSE(ring->contains("2024-01"));
}

TEST(KeyRing, SemicolonsSeparateEntriesInAnEnvironmentString) {
  auto ring = KeyRing::parse(line("a", kKey1) + ";" + line("b", kKey2), "SHEGONG_KEYS");
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  EXPECT_EQ(ring->current_id(), "b");
  EXPECT_EQ(ring->size(), 2u);
}

TEST(KeyRing, ErrorsNameTheSourceAndLine) {
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {line("k1", kKey1) + "\nno-colon-here", "keys line 2: expected <key_id>:<base64 key>"},
      {"# c\n" + line("K1", kKey1), "keys line 2: key id must be 1-16 characters of a-z, 0-9 and -"},
      {line("k_1", kKey1), "keys line 1: key id must be 1-16 characters of a-z, 0-9 and -"},
      {line("abcdefghijklmnopq", kKey1), "keys line 1: key id must be 1-16 characters of a-z, 0-9 and -"},
      {":" + std::string(kKey1), "keys line 1: key id must be 1-16 characters of a-z, 0-9 and -"},
      {line("k1", kKey1) + "\n" + line("k2", kKey2) + "\n" + line("k1", kKey2), "keys line 3: duplicate key id k1"},
      {line("k1", "not base64!"), "keys line 1: key must be base64 of 32 bytes"},
      {line("k1", ""), "keys line 1: key must be base64 of 32 bytes"},
      {"# only a comment\n\n", "keys: no keys"},
      {"", "keys: no keys"},
  };
  for (const Case& c : cases) {
    auto ring = KeyRing::parse(c.text, "keys");
    ASSERT_FALSE(ring.ok()) << c.text;
    EXPECT_EQ(ring.error().code, ErrorCode::invalid_field);
    EXPECT_EQ(ring.error().message, c.message) << c.text;
  }
}

TEST(KeyRing, RefusesKeysOfTheWrongLength) {
  // 31 and 33 zero bytes, and a 32-byte key with one base64 character dropped.
  for (const char* key :
       {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh="}) {
    auto ring = KeyRing::parse(line("k1", key), "keys");
    ASSERT_FALSE(ring.ok()) << key;
    EXPECT_EQ(ring.error().message, "keys line 1: key must be base64 of 32 bytes");
  }
}

TEST(KeyRing, ErrorMessagesNeverContainKeyMaterial) {
  auto ring = KeyRing::parse(line("k1", kKey1) + "\n" + line("k1", kKey2), "keys");
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.error().message.find(kKey2), std::string::npos);
  EXPECT_EQ(ring.error().message.find("ICEi"), std::string::npos);
}

TEST(KeyRing, GenerateMakesAParsableLineWithFreshRandomKeys) {
  auto a = KeyRing::generate("2026-07");
  auto b = KeyRing::generate("2026-07");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(a->starts_with("2026-07:"));
  EXPECT_EQ(a->size(), std::string("2026-07:").size() + 44);
  EXPECT_NE(*a, *b);
  auto ring = KeyRing::parse(*a, "generated");
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  EXPECT_EQ(ring->current_id(), "2026-07");

  EXPECT_EQ(KeyRing::generate("Bad Id").error().code, ErrorCode::invalid_field);
  EXPECT_FALSE(KeyRing::generate("").ok());
}

TEST(KeyRing, DeriveIsDeterministicAndSeparatesPurposesDigestsAndKeys) {
  auto ring = KeyRing::parse(line("k1", kKey1) + "\n" + line("k2", kKey2), "keys");
  ASSERT_TRUE(ring.ok());
  auto hex = [](const SecretBytes& s) {
    std::string out;
    for (std::uint8_t b : s.span()) out += std::to_string(b) + ",";
    return out;
  };
  auto enc1 = ring->derive("k1", kInfoFieldEnc, KdfDigest::sm3, 32);
  auto enc1b = ring->derive("k1", kInfoFieldEnc, KdfDigest::sm3, 32);
  auto mac1 = ring->derive("k1", kInfoFieldMac, KdfDigest::sm3, 32);
  auto sha1 = ring->derive("k1", kInfoFieldEnc, KdfDigest::sha256, 32);
  auto enc2 = ring->derive("k2", kInfoFieldEnc, KdfDigest::sm3, 32);
  ASSERT_TRUE(enc1.ok() && enc1b.ok() && mac1.ok() && sha1.ok() && enc2.ok());
  EXPECT_EQ(enc1->size(), 32u);
  EXPECT_EQ(hex(*enc1), hex(*enc1b));
  EXPECT_NE(hex(*enc1), hex(*mac1));
  EXPECT_NE(hex(*enc1), hex(*sha1));
  EXPECT_NE(hex(*enc1), hex(*enc2));

  auto unknown = ring->derive("k9", kInfoFieldEnc, KdfDigest::sm3, 32);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "unknown key id k9");
}

TEST(KeyRing, SecretBytesMoveLeavesTheSourceEmpty) {
  SecretBytes a(32);
  a.span()[0] = 7;
  SecretBytes b(std::move(a));
  EXPECT_TRUE(a.empty()); // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(b.size(), 32u);
  EXPECT_EQ(b.span()[0], 7);
}

class KeyRingFile : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("shegong_keys_" + std::to_string(::getpid()) + "_" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::ofstream(path_) << "# test keys\n" << line("old", kKey1) << "\n" << line("new", kKey2) << "\n";
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(KeyRingFile, LoadsAPrivateFile) {
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  auto ring = KeyRing::load_file(path_);
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  EXPECT_EQ(ring->current_id(), "new");
}

TEST_F(KeyRingFile, RefusesAFileOtherUsersCanRead) {
  ASSERT_EQ(::chmod(path_.c_str(), 0644), 0);
  auto ring = KeyRing::load_file(path_);
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.error().code, ErrorCode::invalid_field);
  EXPECT_NE(ring.error().message.find("mode 0644"), std::string::npos) << ring.error().message;
}

TEST_F(KeyRingFile, ErrorsNameTheFile) {
  std::ofstream(path_, std::ios::app) << "broken\n";
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  auto ring = KeyRing::load_file(path_);
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.error().message, path_.string() + " line 4: expected <key_id>:<base64 key>");
}

TEST(KeyRing, MissingFileIsUnavailable) {
  auto ring = KeyRing::load_file("/nonexistent/shegong/keys");
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.error().code, ErrorCode::unavailable);
}

TEST(KeyRing, FromEnvironment) {
  ASSERT_EQ(::setenv("SHEGONG_TEST_KEYS", (line("e1", kKey1) + ";" + line("e2", kKey2)).c_str(), 1), 0);
  auto ring = KeyRing::from_env("SHEGONG_TEST_KEYS");
  ::unsetenv("SHEGONG_TEST_KEYS");
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  EXPECT_EQ(ring->current_id(), "e2");

  auto unset = KeyRing::from_env("SHEGONG_TEST_KEYS");
  ASSERT_FALSE(unset.ok());
  EXPECT_EQ(unset.error().message, "SHEGONG_TEST_KEYS is not set");
}

} // namespace
} // namespace shegong
