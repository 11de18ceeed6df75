// People served, their households and the categories that decide what help they get.
// The domain sees personal data in plain text; sealing it is the store's side of the
// application layer, so these rules never depend on keys.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/clock.hpp"
#include "shegong/core/region_code.hpp"
#include "shegong/core/result.hpp"
#include "shegong/domain/code_label.hpp"

namespace shegong {

// A coded value and the Chinese words bureaus write for it.
inline constexpr CodeLabel kSexes[] = {
    {"0", "未知的性别", "Unknown"}, {"1", "男", "Male"}, {"2", "女", "Female"}, {"9", "未说明的性别", "Not stated"}};
inline constexpr CodeLabel kLivingSituations[] = {{"alone", "独居", "Lives alone"},
                                                  {"with_spouse", "与配偶同住", "With spouse"},
                                                  {"with_children", "与子女同住", "With children"},
                                                  {"with_grandparents", "与祖辈同住", "With grandparents"},
                                                  {"with_relatives", "与其他亲属同住", "With other relatives"},
                                                  {"institution", "机构集中供养", "In an institution"},
                                                  {"other", "其他", "Other"}};
inline constexpr CodeLabel kRiskLevels[] = {{"low", "低", "Low"}, {"medium", "中", "Medium"}, {"high", "高", "High"}};
inline constexpr CodeLabel kRelations[] = {{"head", "户主", "Head"},           {"spouse", "配偶", "Spouse"},
                                           {"child", "子女", "Child"},         {"grandchild", "孙子女", "Grandchild"},
                                           {"parent", "父母", "Parent"},       {"grandparent", "祖父母", "Grandparent"},
                                           {"sibling", "兄弟姐妹", "Sibling"}, {"other", "其他", "Other"}};
inline constexpr CodeLabel kBuiltinCategories[] = {
    {"orphan", "孤儿", "Orphan"},
    {"unsupported_child", "事实无人抚养儿童", "Child without de facto care"},
    {"left_behind_child", "农村留守儿童", "Rural left-behind child"},
    {"child_in_difficulty", "困境儿童", "Child in difficulty"},
    {"elderly_in_difficulty", "特殊困难老年人", "Elderly in difficulty"},
    {"dibao", "低保对象", "Minimum living allowance"},
    {"dibao_marginal", "低保边缘", "Near minimum allowance"},
    {"tekun", "特困人员", "Extremely poor"},
    {"disabled", "残疾人", "Disabled"},
    {"severely_disabled", "重残", "Severely disabled"},
};

// The code for `code_or_label` (either spelling, surrounding blanks ignored), or nullopt.
std::optional<std::string_view> find_code(std::span<const CodeLabel> table, std::string_view code_or_label) noexcept;
std::string_view label_of(std::span<const CodeLabel> table, std::string_view code) noexcept;
std::string_view english_of(std::span<const CodeLabel> table, std::string_view code) noexcept;

// A guardian of a child or an emergency contact of a household.
struct Contact {
  std::string name, relation, phone;
  friend bool operator==(const Contact&, const Contact&) = default;
};

// What is known of a person, in plain text.
struct PersonDetails {
  std::string name;
  std::string id_number; // 18 characters once normalised; empty when unknown
  std::string sex = "0"; // GB/T 2261.1
  std::string birth_date; // YYYY-MM-DD; empty when unknown
  std::string phone, health_notes;
  std::string registered_address, current_address; // 户籍地址, 现居住地
  std::string living_situation; // a code of kLivingSituations, or empty
  std::string risk_level = "low";
  std::string cadre_contact, notes;
  std::optional<std::string> grid_id, worker_id, household_id, relation;
  std::vector<Contact> guardians;
  friend bool operator==(const PersonDetails&, const PersonDetails&) = default;
};

// Trims every text, normalises the ID number (15 → 18 digits, full-width digits),
// derives sex and birth date from it or checks that what was entered agrees, and checks
// every field. `sex_given`/`birth_given` say whether the person entered those (so a
// mismatch is an error rather than an overwrite). `today` is YYYY-MM-DD.
Result<void> normalize(PersonDetails& p, bool sex_given, bool birth_given, std::string_view today);

// A phone number as bureaus keep it: separators and +86 dropped; 7–12 digits, and a
// mobile (starting with 1) has exactly 11.
Result<std::string> normalize_person_phone(std::string_view raw, std::string_view field);

// Whole years between `birth_date` and `today` (both YYYY-MM-DD); -1 when either is empty.
int age_on(std::string_view birth_date, std::string_view today) noexcept;

struct Category {
  std::string code; // a-z 0-9 _, 2–32 characters
  std::string name;
  std::string description;
  bool active = true;
  bool builtin = false;
  std::int64_t position = 0;
};
Result<void> validate(const Category& c);

// One decision that a person belongs to a category from start_date, up to end_date
// (inclusive) or open. Entries are never deleted: history is the record.
struct CategoryEntry {
  std::string id;
  std::string person_id;
  std::string category;
  std::string start_date;
  std::optional<std::string> end_date;
  std::string document; // the decision's document number or title
  TimestampMs created_at = 0;
  std::string created_by;
  std::string category_name; // read model only
};
Result<void> validate(const CategoryEntry& e);
// True when two entries of the same category share at least one day.
bool overlaps(const CategoryEntry& a, const CategoryEntry& b) noexcept;
// True when the entry holds on `day`.
bool holds_on(const CategoryEntry& e, std::string_view day) noexcept;

struct Household {
  std::string id;
  RegionCode region_code; // a village or community
  std::string address;
  std::optional<std::string> grid_id, micro_grid_id;
  std::vector<Contact> emergency_contacts;
  std::int64_t version = 1;
  TimestampMs created_at = 0, updated_at = 0;
};
// Trims the address and the contacts and checks them.
Result<void> normalize(Household& h);

// The calendar date of a timestamp in China Standard Time (UTC+8), YYYY-MM-DD.
std::string china_date(TimestampMs ms);

} // namespace shegong
