#include "shegong/domain/person.hpp"

#include <chrono>
#include <cstdio>

#include "shegong/domain/citizen_id.hpp"
#include "shegong/domain/text.hpp"

namespace shegong {
namespace {

Error bad(std::string_view field, const std::string& msg, std::string reason = {}, ReasonParams params = {}) {
  return Error::make(ErrorCode::invalid_field, std::string(field) + " " + msg, std::string(field))
      .because(std::move(reason), std::move(params));
}

Result<void> check_code(std::span<const CodeLabel> table, std::string& value, std::string_view field, bool required) {
  value = trim_text(value);
  if (value.empty()) {
    if (required)
      return Error::make(ErrorCode::missing_field, std::string(field) + " is required", std::string(field))
          .because("text.required");
    return ok();
  }
  auto code = find_code(table, value);
  if (!code) {
    std::string list;
    for (const auto& e : table) list += (list.empty() ? "" : ", ") + std::string(e.code);
    return bad(field, "must be one of " + list, "code.one_of", {{"allowed", list}});
  }
  value = std::string(*code);
  return ok();
}

Result<void> check_contacts(std::vector<Contact>& contacts, std::string_view field) {
  if (contacts.size() > 10) return bad(field, "may hold at most 10 people", "contacts.too_many", {{"max", "10"}});
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    auto& c = contacts[i];
    const std::string at = std::string(field) + "[" + std::to_string(i) + "]";
    c.name = trim_text(c.name);
    c.relation = trim_text(c.relation);
    SHEGONG_TRY(check_text(c.name, at + ".name", 50, true));
    SHEGONG_TRY(check_text(c.relation, at + ".relation", 20, false));
    if (!trim_text(c.phone).empty()) {
      SHEGONG_ASSIGN(c.phone, normalize_person_phone(c.phone, at + ".phone"));
    } else {
      c.phone.clear();
    }
  }
  return ok();
}

} // namespace

std::optional<std::string_view> find_code(std::span<const CodeLabel> table, std::string_view v) noexcept {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  for (const auto& e : table)
    if (e.code == v || e.label == v) return e.code;
  return std::nullopt;
}

namespace {

// A code's label in one language (`which` picks the member), or the code itself.
std::string_view worded(std::span<const CodeLabel> table, std::string_view code,
                        std::string_view CodeLabel::*which) noexcept {
  for (const auto& e : table)
    if (e.code == code) return e.*which;
  return code;
}

} // namespace

std::string_view label_of(std::span<const CodeLabel> table, std::string_view code) noexcept {
  return worded(table, code, &CodeLabel::label);
}

std::string_view english_of(std::span<const CodeLabel> table, std::string_view code) noexcept {
  return worded(table, code, &CodeLabel::en);
}

Result<std::string> normalize_person_phone(std::string_view raw, std::string_view field) {
  std::string digits;
  for (char c : trim_text(raw)) {
    if (c >= '0' && c <= '9')
      digits.push_back(c);
    else if (c != ' ' && c != '-' && c != '+' && c != '(' && c != ')')
      return bad(field, "may hold digits, spaces, + - ( ) only", "phone.characters");
  }
  if (digits.size() == 13 && digits.starts_with("86")) digits.erase(0, 2);
  if (digits.size() == 15 && digits.starts_with("0086")) digits.erase(0, 4);
  if (digits.size() < 7 || digits.size() > 12) return bad(field, "must have 7 to 12 digits", "phone.digits");
  if (digits.front() == '1' && digits.size() != 11)
    return bad(field, "is a mobile number and must have 11 digits", "phone.mobile_digits");
  return digits;
}

int age_on(std::string_view birth, std::string_view today) noexcept {
  if (birth.size() != 10 || today.size() != 10) return -1;
  auto num = [](std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  };
  int age = num(today.substr(0, 4)) - num(birth.substr(0, 4));
  if (today.substr(5) < birth.substr(5)) --age;
  return age;
}

Result<void> normalize(PersonDetails& p, bool sex_given, bool birth_given, std::string_view today) {
  p.name = trim_text(p.name);
  SHEGONG_TRY(check_text(p.name, "name", 50, true));
  p.cadre_contact = trim_text(p.cadre_contact);
  p.notes = trim_text(p.notes);
  p.health_notes = trim_text(p.health_notes);
  p.registered_address = trim_text(p.registered_address);
  p.current_address = trim_text(p.current_address);
  SHEGONG_TRY(check_text(p.registered_address, "registered_address", 200, false));
  SHEGONG_TRY(check_text(p.current_address, "current_address", 200, false));
  SHEGONG_TRY(check_text(p.cadre_contact, "cadre_contact", 100, false));
  SHEGONG_TRY(check_multiline_text(p.notes, "notes", 2000));
  SHEGONG_TRY(check_multiline_text(p.health_notes, "health_notes", 2000));

  if (!sex_given || trim_text(p.sex).empty())
    p.sex = "0";
  else
    SHEGONG_TRY(check_code(kSexes, p.sex, "sex", true));
  p.birth_date = trim_text(p.birth_date);
  if (!birth_given) p.birth_date.clear();
  if (!p.birth_date.empty() && !parse_date(p.birth_date))
    return bad("birth_date", "must be a date YYYY-MM-DD", "birth_date.format");

  if (!trim_text(p.id_number).empty()) {
    SHEGONG_ASSIGN(auto id, parse_citizen_id(p.id_number, "id_number"));
    if (!p.birth_date.empty() && p.birth_date != id.birth_date)
      return bad("birth_date", "is " + p.birth_date + " but the ID number says " + id.birth_date,
                 "birth_date.mismatch");
    if (p.sex != "0" && p.sex != std::string(1, id.sex)) {
      const std::string id_sex(1, id.sex);
      return bad(
          "sex",
          "is " + std::string(english_of(kSexes, p.sex)) + " but the ID number says " +
              std::string(english_of(kSexes, id_sex)),
          "sex.mismatch",
          {{"id_sex", std::string(label_of(kSexes, id_sex))}, {"id_sex_en", std::string(english_of(kSexes, id_sex))}});
    }
    p.id_number = id.number;
    p.birth_date = id.birth_date;
    p.sex = std::string(1, id.sex);
  } else {
    p.id_number.clear();
  }
  if (!p.birth_date.empty() && !today.empty() && p.birth_date > today)
    return p.id_number.empty() ? bad("birth_date", "gives a birth date in the future", "birth_date.future")
                               : bad("id_number", "gives a birth date in the future", "citizen_id.birth_date_future");

  if (!trim_text(p.phone).empty()) {
    SHEGONG_ASSIGN(p.phone, normalize_person_phone(p.phone, "phone"));
  } else {
    p.phone.clear();
  }
  SHEGONG_TRY(check_code(kLivingSituations, p.living_situation, "living_situation", false));
  SHEGONG_TRY(check_code(kRiskLevels, p.risk_level, "risk_level", false));
  if (p.risk_level.empty()) p.risk_level = "low";
  if (p.relation) {
    SHEGONG_TRY(check_code(kRelations, *p.relation, "relation", false));
    if (p.relation->empty()) p.relation.reset();
  }
  if (p.relation && !p.household_id) return bad("relation", "needs a household_id", "relation.needs_household");
  SHEGONG_TRY(check_contacts(p.guardians, "guardians"));
  return ok();
}

Result<void> validate(const Category& c) {
  if (c.code.size() < 2 || c.code.size() > 32) return bad("code", "must have 2 to 32 characters");
  for (char ch : c.code)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
      return bad("code", "may hold a-z, 0-9 and _ only");
  SHEGONG_TRY(check_text(c.name, "name", 30, true));
  SHEGONG_TRY(check_text(c.description, "description", 500, false));
  return ok();
}

Result<void> validate(const CategoryEntry& e) {
  if (e.category.empty()) return Error::make(ErrorCode::missing_field, "category is required", "category");
  if (!parse_date(e.start_date)) return bad("start_date", "must be a date YYYY-MM-DD");
  if (e.end_date) {
    if (!parse_date(*e.end_date)) return bad("end_date", "must be a date YYYY-MM-DD");
    if (*e.end_date < e.start_date) return bad("end_date", "lies before start_date");
  }
  SHEGONG_TRY(check_text(e.document, "document", 200, false));
  return ok();
}

bool overlaps(const CategoryEntry& a, const CategoryEntry& b) noexcept {
  if (a.category != b.category) return false;
  const bool a_before_b = a.end_date && *a.end_date < b.start_date;
  const bool b_before_a = b.end_date && *b.end_date < a.start_date;
  return !a_before_b && !b_before_a;
}

bool holds_on(const CategoryEntry& e, std::string_view day) noexcept {
  return e.start_date <= day && (!e.end_date || day <= *e.end_date);
}

Result<void> normalize(Household& h) {
  h.address = trim_text(h.address);
  SHEGONG_TRY(check_text(h.address, "address", 200, true));
  SHEGONG_TRY(check_contacts(h.emergency_contacts, "emergency_contacts"));
  return ok();
}

std::string china_date(TimestampMs ms) {
  using namespace std::chrono;
  const auto days = floor<std::chrono::days>(sys_time<milliseconds>(milliseconds(ms + 8LL * 3600 * 1000)));
  const year_month_day ymd{days};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

} // namespace shegong
