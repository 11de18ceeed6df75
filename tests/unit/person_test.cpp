// The rules of the register: citizen ID numbers, a person's fields, categories over
// time, and the pinyin of names.
#include <gtest/gtest.h>

#include "shegong/domain/citizen_id.hpp"
#include "shegong/domain/person.hpp"
#include "shegong/text/pinyin.hpp"

namespace shegong {
namespace {

// 17 digits and their check character, computed here independently of the code under test.
std::string with_check(const std::string& first17) {
  static const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * w[i];
  return first17 + "10X98765432"[sum % 11];
}

TEST(CitizenId, AcceptsAValidNumberAndDerivesBirthAndSex) {
  const auto id = with_check("41110219480302122");
  auto parsed = parse_citizen_id(id);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->number, id);
  EXPECT_EQ(parsed->birth_date, "1948-03-02");
  EXPECT_EQ(parsed->sex, '2'); // the 17th digit, 2, is even
  auto man = parse_citizen_id(with_check("41110219480302123"));
  ASSERT_TRUE(man);
  EXPECT_EQ(man->sex, '1');
}

TEST(CitizenId, NamesWhatIsWrong) {
  auto id = with_check("41110219480302122");
  id.back() = id.back() == '1' ? '2' : '1';
  auto bad = parse_citizen_id(id);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("check character"), std::string::npos);
  EXPECT_EQ(bad.error().field, "id_number");
  auto date = parse_citizen_id(with_check("41110219480230122")); // 30 February
  ASSERT_FALSE(date);
  EXPECT_NE(date.error().message.find("birth date"), std::string::npos);
  EXPECT_FALSE(parse_citizen_id("4111021948030212")); // 16 digits
  EXPECT_FALSE(parse_citizen_id("41110219480302122A")); // a letter other than X
  EXPECT_EQ(parse_citizen_id("").error().code, ErrorCode::missing_field);
}

TEST(CitizenId, ToleratesWhatSpreadsheetsHold) {
  const auto id = with_check("11010519491231002");
  ASSERT_EQ(id.back(), 'X'); // this one ends in X: a lower-case x must be accepted
  std::string lower = id;
  lower.back() = 'x';
  EXPECT_EQ(parse_citizen_id(" " + lower + " ")->number, id);
  // Full-width digits (U+FF10..U+FF19) as typed with a Chinese input method.
  std::string wide;
  for (char c : id) {
    if (c >= '0' && c <= '9')
      wide += std::string("\xEF\xBC") + static_cast<char>(0x90 + (c - '0'));
    else
      wide += "\xEF\xBC\xB8"; // Ｘ
  }
  EXPECT_EQ(parse_citizen_id(wide)->number, id);
  EXPECT_EQ(parse_citizen_id("'" + id)->number, id); // Excel's text mark
}

TEST(CitizenId, ConvertsTheOld15DigitForm) {
  auto old = parse_citizen_id("411102480302122");
  ASSERT_TRUE(old) << old.error().message;
  EXPECT_EQ(old->number, with_check("41110219480302122"));
  EXPECT_EQ(old->birth_date, "1948-03-02");
}

TEST(Person, SexAndBirthDateComeFromTheIdNumberOrMustAgreeWithIt) {
  PersonDetails p;
  p.name = " 张丽丽 ";
  p.id_number = with_check("41110219480302122");
  ASSERT_TRUE(normalize(p, false, false, "2026-11-29"));
  EXPECT_EQ(p.name, "张丽丽");
  EXPECT_EQ(p.sex, "2");
  EXPECT_EQ(p.birth_date, "1948-03-02");

  PersonDetails q = p;
  q.sex = "男";
  auto sex = normalize(q, true, false, "2026-11-29");
  ASSERT_FALSE(sex);
  EXPECT_EQ(sex.error().field, "sex");
  PersonDetails r = p;
  r.birth_date = "1948-03-03";
  auto birth = normalize(r, false, true, "2026-11-29");
  ASSERT_FALSE(birth);
  EXPECT_EQ(birth.error().field, "birth_date");
  PersonDetails later = p;
  later.id_number = with_check("41110220300101122");
  EXPECT_EQ(normalize(later, false, false, "2026-11-29").error().field, "id_number"); // born in the future
}

TEST(Person, CodesAcceptChineseLabelsAndPhonesAreKeptAsDigits) {
  PersonDetails p;
  p.name = "李四";
  p.living_situation = "独居";
  p.risk_level = "高";
  p.phone = "+86 138-0000-1234";
  ASSERT_TRUE(normalize(p, false, false, "2026-11-29"));
  EXPECT_EQ(p.living_situation, "alone");
  EXPECT_EQ(p.risk_level, "high");
  EXPECT_EQ(p.phone, "13800001234");
  p.phone = "1380000123"; // a mobile needs 11 digits
  EXPECT_EQ(normalize(p, false, false, "2026-11-29").error().field, "phone");
  p.phone = "0395-3123456";
  p.risk_level = "危急";
  EXPECT_EQ(normalize(p, false, false, "2026-11-29").error().field, "risk_level");
  p.risk_level = "";
  p.relation = "户主";
  EXPECT_EQ(normalize(p, false, false, "2026-11-29").error().field, "relation"); // no household given
}

TEST(Person, NotesMaySpanLinesButHoldNoOtherControlCharacters) {
  PersonDetails p;
  p.name = "王五";
  p.notes = "第一行\r\n第二行";
  ASSERT_TRUE(normalize(p, false, false, "2026-11-29"));
  EXPECT_EQ(p.notes, "第一行\n第二行");
  p.notes = std::string("响铃") + '\a';
  EXPECT_EQ(normalize(p, false, false, "2026-11-29").error().field, "notes");
}

TEST(Person, AgeCountsWholeYears) {
  EXPECT_EQ(age_on("1948-03-02", "2026-03-01"), 77);
  EXPECT_EQ(age_on("1948-03-02", "2026-03-02"), 78);
  EXPECT_EQ(age_on("", "2026-03-02"), -1);
}

TEST(Categories, HistoryIsAnsweredByDay) {
  CategoryEntry tekun{"1", "p", "tekun", "2021-03-01", std::string("2023-06-30"), "", 0, "", ""};
  EXPECT_TRUE(holds_on(tekun, "2021-03-01"));
  EXPECT_TRUE(holds_on(tekun, "2023-06-30"));
  EXPECT_FALSE(holds_on(tekun, "2023-07-01"));
  CategoryEntry again{"2", "p", "tekun", "2023-07-01", std::nullopt, "", 0, "", ""};
  EXPECT_FALSE(overlaps(tekun, again));
  again.start_date = "2023-06-30";
  EXPECT_TRUE(overlaps(tekun, again));
  CategoryEntry other{"3", "p", "dibao", "2022-01-01", std::nullopt, "", 0, "", ""};
  EXPECT_FALSE(overlaps(tekun, other));
  CategoryEntry backwards{"4", "p", "dibao", "2022-01-01", std::string("2021-12-31"), "", 0, "", ""};
  EXPECT_EQ(validate(backwards).error().field, "end_date");
}

TEST(Categories, CodesAreShortLowerCaseWords) {
  EXPECT_TRUE(validate(Category{"veteran", "优抚对象", "", true, false, 0}));
  EXPECT_EQ(validate(Category{"Veteran", "优抚对象", "", true, false, 0}).error().field, "code");
  EXPECT_EQ(validate(Category{"v", "优抚对象", "", true, false, 0}).error().field, "code");
}

TEST(ChinaDate, IsTheDayInBeijing) {
  // 2026-11-29T16:30:00Z is already the 30th in Beijing (UTC+8).
  EXPECT_EQ(china_date(1795969800000), "2026-11-30");
  EXPECT_EQ(china_date(1795968000000 - 1), "2026-11-29");
}

TEST(Pinyin, NamesAreReadWithTheirSurnameReadings) {
  auto names = IcuNameIndexer::create();
  ASSERT_TRUE(names);
  auto k = (*names)->keys("张丽丽");
  EXPECT_EQ(k.pinyin, "zhanglili");
  EXPECT_EQ(k.initials, "zll");
  EXPECT_EQ((*names)->keys("单田芳").pinyin, "shantianfang"); // not dan
  EXPECT_EQ((*names)->keys("曾国藩").pinyin, "zengguofan"); // not ceng
  EXPECT_EQ((*names)->keys("欧阳娜娜").initials, "oynn");
  EXPECT_EQ((*names)->keys("Anna").pinyin, "anna");
}

} // namespace
} // namespace shegong
