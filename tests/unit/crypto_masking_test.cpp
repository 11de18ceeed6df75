#include <gtest/gtest.h>

#include <string>

#include "shegong/domain/masking.hpp"

namespace shegong {
namespace {

struct Row {
  const char* in;
  const char* out;
};

TEST(Masking, IdNumbers) {
  const Row rows[] = {
      {"411102199001011234", "411102********1234"},
      {"41110219900101123X", "411102********123X"},
      {"41110219900101123x", "411102********123x"},
      {"411102900101123", "411102******123"}, // 15-digit first-generation card
      {"41110219900101123", "***************23"}, // 17 characters: malformed
      {"4111021990010112345", "*****************45"},
      {"41110219900101X234", "****************34"}, // X not in last place
      {"41110290010112X", "*************2X"}, // 15 characters with a letter
      {"AB", "AB"},
      {"A", "A"},
      {"", ""},
      {"身份证号码", "***号码"},
  };
  for (const Row& r : rows) EXPECT_EQ(mask_id_number(r.in), r.out) << r.in;
}

TEST(Masking, Phones) {
  const Row rows[] = {
      {"13812345678", "138****5678"},
      {"138 1234 5678", "138****5678"},
      {"138-1234-5678", "138****5678"},
      {"+86 138 1234 5678", "138****5678"},
      {"+8613812345678", "138****5678"},
      {"008613812345678", "138****5678"},
      {"8613812345678", "138****5678"},
      {"0395-3123456", "0395-***3456"},
      {"03953123456", "0395-***3456"},
      {"(0395)3123456", "0395-***3456"},
      {"0395-31234567", "0395-****4567"},
      {"010-12345678", "010-****5678"},
      {"021-6123456", "021-***3456"},
      {"3123456", "***3456"},
      {"31234567", "****4567"},
      {"1381234567", "********67"}, // 10 digits: malformed
      {"0395-3123456-801", "**************01"}, // extension: fallback
      {"+1 415 555 0100", "*************00"}, // foreign number: fallback
      {"call me", "*****me"},
      {"12", "12"},
      {"", ""},
  };
  for (const Row& r : rows) EXPECT_EQ(mask_phone(r.in), r.out) << r.in;
}

TEST(Masking, Names) {
  const Row rows[] = {
      {"张丽丽", "张*丽"}, {"张丽", "张*"}, {"欧阳娜娜", "欧**娜"}, {"李", "*"}, {"阿依古丽·买买提", "阿******提"},
      {"Li Na", "L***a"},  {"", ""},
  };
  for (const Row& r : rows) EXPECT_EQ(mask_name(r.in), r.out) << r.in;
}

TEST(Masking, CountsCodePointsNotBytes) {
  EXPECT_EQ(mask_all_but_last("社工站", 2), "*工站");
  EXPECT_EQ(mask_all_but_last("😀ab", 2), "*ab"); // 4-byte code point
  // Invalid UTF-8: each bad byte is one character, so nothing is half-kept.
  EXPECT_EQ(mask_all_but_last("\xe5\xbc"
                              "ab",
                              2),
            "**ab");
  EXPECT_EQ(mask_name("\xff\xfe\xfd"), "\xff*\xfd"); // first and last kept, as for any name
  EXPECT_EQ(mask_all_but_last("abc", 0), "***");
  EXPECT_EQ(mask_all_but_last("abc", 5), "abc");
}

} // namespace
} // namespace shegong
