// The rules a register import's row must meet, as tables: each row refused names the
// column to fix and the reason in the words of those who fix the spreadsheet; a row
// that passes becomes a person with their categories and the key duplicates are found by.
#include <gtest/gtest.h>

#include "shegong/domain/citizen_id.hpp"
#include "shegong/domain/person_import.hpp"

namespace shegong {
namespace {

std::string with_check(const std::string& first17) { return first17 + citizen_id_check_char(first17); }

const std::string kToday = "2026-12-07";
const RegionCode kVillage = *RegionCode::parse("411102001001");

std::vector<Category> register_categories() {
  Category dibao{"dibao", "低保对象", "", true, true, 1};
  Category tekun{"tekun", "特困人员", "", true, true, 2};
  Category retired{"old_kind", "已停用类别", "", false, false, 3};
  return {dibao, tekun, retired};
}

ImportCells row(std::initializer_list<std::pair<ImportColumn, std::string>> given) {
  ImportCells cells;
  cells[col_name] = "王秀英";
  cells[col_id] = with_check("41110219480302122");
  cells[col_region] = "411102001001";
  for (const auto& [c, v] : given) cells[c] = v;
  return cells;
}

struct Refused {
  const char* what;
  ImportCells cells;
  Result<RegionCode> region;
  ImportColumn column;
  std::string reason; // contained in the reason given
};

TEST(ImportRow, EachRefusalNamesTheColumnToFixAndWhy) {
  const std::string man = with_check("41110219480302131"); // the 17th digit is odd
  const std::string zeroes = "411102194803021000";
  ASSERT_NE(citizen_id_check_char(zeroes.substr(0, 17)), '0');
  const Refused cases[] = {
      {"no name", row({{col_name, ""}}), kVillage, col_name, "姓名为空"},
      {"an ID number Excel stored as a number", row({{col_id, "4.11102E+17"}}), kVillage, col_id, "科学计数法"},
      {"an ID number whose last digits Excel lost", row({{col_id, zeroes}}), kVillage, col_id, "以000结尾"},
      {"a birth date that does not exist", row({{col_id, ""}, {col_birth, "2023-02-30"}}), kVillage, col_birth,
       "出生日期不是有效日期"},
      {"a phone Excel stored as a number", row({{col_phone, "1.3812345678E+10"}}), kVillage, col_phone, "科学计数法"},
      {"a sex the ID number contradicts", row({{col_id, man}, {col_sex, "女"}}), kVillage, col_sex,
       "性别与身份证号不一致（身份证号为男）"},
      {"a wrong check character", row({{col_id, "41110219480302122X"}}), kVillage, col_id, "身份证号"},
      {"neither an ID number nor a birth date", row({{col_id, ""}}), kVillage, col_id, "至少填一项"},
      {"a village the import could not find", row({}),
       Error::make(ErrorCode::invalid_field, "您的辖区内没有名为“李庄村”的村(社区)", "region"), col_region, "李庄村"},
      {"categories without their decision date", row({{col_categories, "低保对象"}}), kVillage, col_category_date,
       "还需填写认定日期"},
      {"a decision date after today", row({{col_categories, "dibao"}, {col_category_date, "2027-01-01"}}), kVillage,
       col_category_date, "认定日期在今天之后"},
      {"an unknown category", row({{col_categories, "低保对象、五保户"}, {col_category_date, "2024-01-01"}}), kVillage,
       col_categories, "没有名为“五保户”的人员类别"},
      {"a category no longer in use", row({{col_categories, "已停用类别"}, {col_category_date, "2024-01-01"}}),
       kVillage, col_categories, "已停用类别"},
  };
  const auto categories = register_categories();
  for (const auto& c : cases) {
    auto checked = check_import_row(c.cells, c.region, categories, kToday);
    const auto* no = std::get_if<ImportRefusal>(&checked);
    ASSERT_NE(no, nullptr) << c.what << ": accepted";
    EXPECT_EQ(no->column, c.column) << c.what << ": " << no->reason;
    EXPECT_NE(no->reason.find(c.reason), std::string::npos) << c.what << ": " << no->reason;
  }
}

TEST(ImportRow, ARowThatPassesIsAPersonWithCategoriesAndADuplicateKey) {
  const auto categories = register_categories();
  const std::string id = with_check("41110219480302122");
  auto with_id = check_import_row(row({{col_id, "４１１１０２１９４８０３０２１２２" + std::string(1, id.back())},
                                       {col_categories, "低保对象、tekun, dibao"},
                                       {col_category_date, "2024年3月5日"},
                                       {col_document, "源民〔2024〕12号"}}),
                                  kVillage, categories, kToday);
  const auto* person = std::get_if<ImportedPerson>(&with_id);
  ASSERT_NE(person, nullptr) << std::get<ImportRefusal>(with_id).reason;
  EXPECT_EQ(person->details.id_number, id) << "full-width digits folded";
  EXPECT_EQ(person->details.birth_date, "1948-03-02") << "read from the ID number";
  EXPECT_EQ(person->dedupe_key, id);
  ASSERT_EQ(person->entries.size(), 2u) << "a category named twice is held once";
  EXPECT_EQ(person->entries[0].category, "dibao");
  EXPECT_EQ(person->entries[1].category, "tekun");
  EXPECT_EQ(person->entries[0].start_date, "2024-03-05");
  EXPECT_EQ(person->entries[0].document, "源民〔2024〕12号");

  auto without_id = check_import_row(row({{col_id, ""}, {col_birth, "1950/7/1"}}), kVillage, categories, kToday);
  const auto* nameless = std::get_if<ImportedPerson>(&without_id);
  ASSERT_NE(nameless, nullptr);
  EXPECT_EQ(nameless->dedupe_key, "王秀英|1950-07-01|411102001001") << "name, birth and village tell people apart";
}

TEST(ImportRow, DatesAndHeadersAsPeopleWriteThem) {
  const std::pair<const char*, std::optional<std::string>> dates[] = {{"2023-01-05", "2023-01-05"},
                                                                      {"2023/1/5", "2023-01-05"},
                                                                      {"2023.1.5", "2023-01-05"},
                                                                      {"20230105", "2023-01-05"},
                                                                      {"2023年1月5日", "2023-01-05"},
                                                                      {"２０２３-０１-０５", "2023-01-05"},
                                                                      {"2023-01-05 08:30", "2023-01-05"},
                                                                      {"2023-02-29", std::nullopt},
                                                                      {"五月", std::nullopt},
                                                                      {"", std::nullopt}};
  for (const auto& [raw, want] : dates) EXPECT_EQ(loose_date(raw), want) << raw;
  const std::pair<const char*, std::optional<ImportColumn>> headers[] = {{"姓名", col_name},
                                                                         {"*身份证号", col_id},
                                                                         {"公民身份号码", col_id},
                                                                         {"手机号码", col_phone},
                                                                         {"所属村（社区）", col_region},
                                                                         {"所属村(社区)", col_region},
                                                                         {"认定时间", col_category_date},
                                                                         {"爱好", std::nullopt}};
  for (const auto& [h, want] : headers) EXPECT_EQ(import_column_of(h), want) << h;
  EXPECT_TRUE(scientific("4.11102E+17"));
  EXPECT_FALSE(scientific("411102194803021221"));
}

} // namespace
} // namespace shegong
