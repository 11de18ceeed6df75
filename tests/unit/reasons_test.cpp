// Reasons, not sentences: each rule names a stable reason key, one table words it in
// Chinese and English, and what an import report says depends on the key alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "shegong/domain/citizen_id.hpp"
#include "shegong/domain/person.hpp"
#include "shegong/domain/reasons.hpp"
#include "shegong/domain/text.hpp"

namespace shegong {
namespace {

// A synthetic ID number with a valid check character: 17 digits, then the one that fits.
std::string with_check(const std::string& first17) { return first17 + citizen_id_check_char(first17); }

// A synthetic ID number with the wrong check character.
std::string with_wrong_check(const std::string& first17) {
  const char right = citizen_id_check_char(first17);
  return first17 + (right == '0' ? '1' : '0');
}

struct Case {
  std::string what;
  Error error;
  std::string key;
  std::string zh;
};

Error citizen_id_error(const std::string& raw) {
  auto r = parse_citizen_id(raw, "id_number");
  EXPECT_FALSE(static_cast<bool>(r)) << raw;
  return r ? Error{} : r.error();
}

Error person_error(PersonDetails d, bool sex_given, bool birth_given) {
  auto r = normalize(d, sex_given, birth_given, "2026-12-07");
  EXPECT_FALSE(static_cast<bool>(r));
  return r ? Error{} : r.error();
}

PersonDetails person() {
  PersonDetails d;
  d.name = "测试人";
  return d;
}

std::vector<Case> cases() {
  const std::string base = "33052119500101002"; // a synthetic woman born 1950-01-01
  std::vector<Case> out;
  out.push_back({"empty", citizen_id_error(""), "citizen_id.empty", "身份证号为空"});
  out.push_back(
      {"13 characters", citizen_id_error("3305211950010"), "citizen_id.length", "身份证号应为18位（或15位旧号码）"});
  out.push_back({"17 digits", citizen_id_error(base), "citizen_id.too_few_digits", "身份证号位数不足，应为18位"});
  out.push_back({"a letter inside", citizen_id_error("3305211950A101002X"), "citizen_id.shape",
                 "身份证号应为17位数字加1位数字或X"});
  out.push_back({"15 with a letter", citizen_id_error("33052150010100A"), "citizen_id.old_form_not_digits",
                 "15位旧身份证号只能是数字"});
  out.push_back({"no province", citizen_id_error(with_check("03052119500101002")), "citizen_id.province",
                 "身份证号开头不是省级代码"});
  out.push_back({"13th month", citizen_id_error(with_check("33052119501301002")), "citizen_id.birth_date",
                 "身份证号中的出生日期不存在"});
  out.push_back({"mistyped", citizen_id_error(with_wrong_check(base)), "citizen_id.check_character",
                 "身份证号校验位不正确（可能输错了某一位）"});

  auto born = person();
  born.id_number = with_check(base);
  born.birth_date = "1950-01-02";
  out.push_back(
      {"birth date differs", person_error(born, false, true), "birth_date.mismatch", "出生日期与身份证号不一致"});
  auto sexed = person();
  sexed.id_number = with_check(base);
  sexed.sex = "1";
  out.push_back(
      {"sex differs", person_error(sexed, true, false), "sex.mismatch", "性别与身份证号不一致（身份证号为女）"});
  auto unborn = person();
  unborn.birth_date = "2027-01-01";
  out.push_back({"born tomorrow", person_error(unborn, false, true), "birth_date.future", "出生日期在今天之后"});
  auto unborn_id = person();
  unborn_id.id_number = with_check("33052120300101002");
  out.push_back({"ID of the future", person_error(unborn_id, false, false), "citizen_id.birth_date_future",
                 "身份证号中的出生日期在今天之后"});
  auto odd_date = person();
  odd_date.birth_date = "1950-02-30";
  out.push_back(
      {"30 February", person_error(odd_date, false, true), "birth_date.format", "出生日期应为“年-月-日”格式的日期"});
  auto short_mobile = person();
  short_mobile.phone = "1391234567";
  out.push_back({"10-digit mobile", person_error(short_mobile, false, false), "phone.mobile_digits", "手机号应为11位"});
  auto landline = person();
  landline.phone = "12345";
  out.push_back({"5 digits", person_error(landline, false, false), "phone.digits", "联系电话应为7至12位数字"});
  auto letters = person();
  letters.phone = "0572-ABC";
  out.push_back(
      {"letters", person_error(letters, false, false), "phone.characters", "联系电话只能包含数字、空格和 + - ( )"});
  auto risky = person();
  risky.risk_level = "extreme";
  out.push_back({"no such risk", person_error(risky, false, false), "code.one_of", "不是可选的值"});
  auto nameless = person();
  nameless.name.clear();
  out.push_back({"no name", person_error(nameless, false, false), "text.required", "此项必填"});
  auto long_name = person();
  long_name.name = std::string(60, 'a');
  out.push_back({"long name", person_error(long_name, false, false), "text.too_long", "内容过长（最多50个字）"});
  auto bell = person();
  bell.notes = "响铃\a";
  out.push_back(
      {"a control character", person_error(bell, false, false), "text.control_character", "含有不可见的控制字符"});
  return out;
}

TEST(Reasons, EachRuleNamesItsReasonAndTheTableWordsIt) {
  for (const auto& c : cases()) {
    EXPECT_EQ(c.error.reason, c.key) << c.what << ": " << c.error.message;
    EXPECT_EQ(word_reason(c.error, Language::zh, "?"), c.zh) << c.what;
    const auto en = word_reason(c.error, Language::en, "?");
    EXPECT_NE(en, "?") << c.what;
    EXPECT_EQ(en.find('{'), std::string::npos) << c.what << ": a parameter left unfilled in " << en;
  }
}

TEST(Reasons, RewordingTheMessageChangesNoWording) {
  for (auto c : cases()) {
    const auto before_zh = word_reason(c.error, Language::zh, "?");
    const auto before_en = word_reason(c.error, Language::en, "?");
    c.error.message = "worded quite differently now, " + c.error.message + " (see the manual)";
    EXPECT_EQ(word_reason(c.error, Language::zh, "?"), before_zh) << c.what;
    EXPECT_EQ(word_reason(c.error, Language::en, "?"), before_en) << c.what;
  }
}

TEST(Reasons, AnErrorWithoutAKnownReasonFallsBackAndQuotesNothing) {
  auto e = Error::make(ErrorCode::invalid_field, "id_number 330521195001010027 is odd", "id_number");
  EXPECT_EQ(word_reason(e, Language::zh, "内容不符合要求"), "内容不符合要求");
  e.reason = "no.such_reason";
  EXPECT_EQ(word_reason(e, Language::zh, "内容不符合要求"), "内容不符合要求");
}

TEST(Reasons, TheTableHasEachKeyOnceInBothLanguagesWithTheSameParameters) {
  std::set<std::string> keys;
  const std::regex param(R"(\{([a-z_]+)\})");
  auto params_of = [&](std::string_view text) {
    std::set<std::string> out;
    const std::string s(text);
    for (auto it = std::sregex_iterator(s.begin(), s.end(), param); it != std::sregex_iterator(); ++it)
      out.insert((*it)[1]);
    return out;
  };
  for (const auto& r : reason_wordings()) {
    EXPECT_TRUE(keys.insert(std::string(r.key)).second) << "twice: " << r.key;
    EXPECT_FALSE(r.zh.empty()) << r.key;
    EXPECT_FALSE(r.en.empty()) << r.key;
    // Chinese may leave out a value English quotes (a list of codes), never add one; a
    // label English quotes in English is the same value as `{x_en}`.
    for (const auto& p : params_of(r.zh))
      EXPECT_TRUE(params_of(r.en).contains(p) || params_of(r.en).contains(p + "_en")) << r.key << " {" << p << "}";
  }
  EXPECT_GE(keys.size(), cases().size() - 1);
}

// Every key a rule names in the domain's sources is one the table words.
TEST(Reasons, EveryKeyNamedInTheSourcesIsInTheTable) {
  std::set<std::string> table;
  for (const auto& r : reason_wordings()) table.insert(std::string(r.key));
  const std::regex named(R"re((?:because\(|bad\([^;]*?, )"([a-z_]+\.[a-z_]+)")re");
  const std::regex citizen(R"re(bad\(field, [^;]*?, "([a-z_]+)")re");
  int found = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(SHEGONG_SOURCE_DIR) / "src" / "domain")) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (auto it = std::sregex_iterator(s.begin(), s.end(), named); it != std::sregex_iterator(); ++it, ++found)
      EXPECT_TRUE(table.contains((*it)[1])) << entry.path().filename() << ": " << (*it)[1];
    if (entry.path().filename() == "citizen_id.cpp") {
      for (auto it = std::sregex_iterator(s.begin(), s.end(), citizen); it != std::sregex_iterator(); ++it, ++found)
        EXPECT_TRUE(table.contains("citizen_id." + std::string((*it)[1]))) << "citizen_id." << (*it)[1];
    }
  }
  EXPECT_GE(found, 20) << "the scan found too few keys to mean anything";
}

} // namespace
} // namespace shegong
