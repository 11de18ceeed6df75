#include "shegong/domain/person_import.hpp"

#include <cstdio>

#include "shegong/domain/citizen_id.hpp"
#include "shegong/domain/reasons.hpp"
#include "shegong/domain/text.hpp"

namespace shegong {
namespace {

struct Alias {
  std::string_view header;
  ImportColumn column;
};
constexpr Alias kAliases[] = {
    {"身份证号码", col_id},       {"公民身份号码", col_id},     {"证件号码", col_id},
    {"身份证", col_id},           {"手机号", col_phone},        {"手机号码", col_phone},
    {"电话", col_phone},          {"联系方式", col_phone},      {"户籍所在地", col_registered},
    {"现住址", col_current},      {"居住地址", col_current},    {"家庭住址", col_current},
    {"所属村", col_region},       {"所属社区", col_region},     {"村(社区)", col_region},
    {"区划代码", col_region},     {"行政区划代码", col_region}, {"类别", col_categories},
    {"对象类别", col_categories}, {"救助类别", col_categories}, {"认定时间", col_category_date},
    {"认定文号", col_document},   {"居住情况", col_living},     {"风险级别", col_risk},
    {"健康情况", col_health},     {"出生年月", col_birth},
};

// The column a person's rule names by its field.
ImportRefusal refusal_for(std::string_view field, std::string reason) {
  static constexpr std::pair<std::string_view, ImportColumn> kFields[] = {{"name", col_name},
                                                                          {"id_number", col_id},
                                                                          {"sex", col_sex},
                                                                          {"birth_date", col_birth},
                                                                          {"phone", col_phone},
                                                                          {"registered_address", col_registered},
                                                                          {"current_address", col_current},
                                                                          {"living_situation", col_living},
                                                                          {"risk_level", col_risk},
                                                                          {"notes", col_notes},
                                                                          {"health_notes", col_health}};
  for (const auto& [k, c] : kFields)
    if (k == field) return ImportRefusal{c, {}, std::move(reason)};
  return ImportRefusal{col_count, std::string(field), std::move(reason)};
}

} // namespace

// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space folded to ASCII.
std::string fold_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xEF && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
      unsigned cp = ((c & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
        i += 2;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
      out.push_back(' ');
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

namespace {

std::string header_key(std::string_view h) {
  std::string out;
  for (char c : fold_width(h))
    if (c != ' ' && c != '*' && c != '\n' && c != '\r' && c != '\t') out.push_back(c);
  return out;
}

} // namespace

std::optional<ImportColumn> import_column_of(std::string_view header) {
  const std::string key = header_key(header);
  for (int i = 0; i < col_count; ++i)
    if (header_key(kImportTemplate[static_cast<std::size_t>(i)]) == key) return static_cast<ImportColumn>(i);
  for (const auto& a : kAliases)
    if (header_key(a.header) == key) return a.column;
  return std::nullopt;
}

// What Excel shows for a long number it stored as a number: 4.11102E+17.
bool scientific(std::string_view s) {
  const auto e = s.find_first_of("eE");
  if (e == std::string_view::npos || e == 0 || e + 1 >= s.size()) return false;
  for (std::size_t i = 0; i < e; ++i)
    if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) return false;
  for (std::size_t i = e + 1; i < s.size(); ++i)
    if (!((s[i] >= '0' && s[i] <= '9') || (i == e + 1 && s[i] == '+'))) return false;
  return true;
}

// Dates as spreadsheets and people write them: 2023-01-05, 2023/1/5, 2023.1.5, 20230105, 2023年1月5日.
std::optional<std::string> loose_date(std::string_view raw) {
  std::string s = trim_text(fold_width(raw));
  if (s.size() == 8 && s.find_first_not_of("0123456789") == std::string::npos)
    return parse_date(s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2));
  int parts[3] = {0, 0, 0};
  int n = 0, digits = 0;
  for (std::size_t i = 0; i < s.size() && n < 3;) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      parts[n] = parts[n] * 10 + (c - '0');
      ++digits;
      ++i;
      continue;
    }
    if (digits == 0) return std::nullopt;
    ++n;
    digits = 0;
    if (c == '-' || c == '/' || c == '.')
      ++i;
    else if (s.compare(i, 3, "年") == 0 || s.compare(i, 3, "月") == 0 || s.compare(i, 3, "日") == 0)
      i += 3;
    else if (c == ' ' || c == 'T')
      break; // a time after the date
    else
      return std::nullopt;
  }
  if (digits > 0) ++n;
  if (n < 3) return std::nullopt;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", parts[0], parts[1], parts[2]);
  return parse_date(buf);
}

std::variant<ImportedPerson, ImportRefusal> check_import_row(const ImportCells& cells, const Result<RegionCode>& region,
                                                             std::span<const Category> categories,
                                                             std::string_view today) {
  ImportedPerson p;
  PersonDetails& d = p.details;
  d.name = cells[col_name];
  if (d.name.empty()) return ImportRefusal{col_name, {}, "姓名为空"};
  std::string id = fold_width(cells[col_id]);
  if (scientific(id))
    return ImportRefusal{
        col_id, {}, "身份证号被存成了数字（科学计数法），末尾几位已丢失；请把该列设为文本格式后重新录入"};
  d.id_number = id;
  {
    const std::string n = normalize_citizen_id(id);
    if (n.size() == 18 && n.ends_with("000") && n.find_first_not_of("0123456789") == std::string::npos &&
        citizen_id_check_char(n) != '0')
      return ImportRefusal{
          col_id, {}, "身份证号以000结尾且校验位不符：被存成了数字，末尾几位已丢失；请把该列设为文本格式后重新录入"};
  }
  const std::string sex = cells[col_sex];
  d.sex = sex;
  const std::string birth = cells[col_birth];
  if (!birth.empty()) {
    auto date = loose_date(birth);
    if (!date) return ImportRefusal{col_birth, {}, "出生日期不是有效日期"};
    d.birth_date = *date;
  }
  std::string phone = fold_width(cells[col_phone]);
  if (scientific(phone)) return ImportRefusal{col_phone, {}, "联系电话被存成了科学计数法数字；请把该列设为文本格式"};
  d.phone = phone;
  d.registered_address = cells[col_registered];
  d.current_address = cells[col_current];
  d.living_situation = cells[col_living];
  d.risk_level = cells[col_risk];
  d.notes = cells[col_notes];
  d.health_notes = cells[col_health];
  auto norm = normalize(d, !sex.empty(), !birth.empty(), today);
  if (!norm) return refusal_for(norm.error().field, word_reason(norm.error(), Language::zh, "内容不符合要求"));
  if (d.id_number.empty() && d.birth_date.empty())
    return ImportRefusal{col_id, {}, "身份证号和出生日期至少填一项，才能区分同名的人"};
  if (!region) return ImportRefusal{col_region, {}, region.error().message};
  // Categories: names or codes separated by 、 , ; or spaces, all from the one decision date.
  const std::string cats = fold_width(cells[col_categories]);
  if (!cats.empty()) {
    const std::string date_text = cells[col_category_date];
    if (date_text.empty()) return ImportRefusal{col_category_date, {}, "填写了人员类别，还需填写认定日期"};
    auto start = loose_date(date_text);
    if (!start) return ImportRefusal{col_category_date, {}, "认定日期不是有效日期"};
    if (*start > today) return ImportRefusal{col_category_date, {}, "认定日期在今天之后"};
    std::string token;
    auto flush = [&]() -> std::optional<ImportRefusal> {
      const std::string t = trim_text(token);
      token.clear();
      if (t.empty()) return std::nullopt;
      for (const auto& c : categories)
        if ((c.code == t || c.name == t) && c.active) {
          for (const auto& e : p.entries)
            if (e.category == c.code) return std::nullopt;
          CategoryEntry e;
          e.category = c.code;
          e.start_date = *start;
          e.document = cells[col_document];
          p.entries.push_back(std::move(e));
          return std::nullopt;
        }
      return ImportRefusal{col_categories, {}, "没有名为“" + t + "”的人员类别"};
    };
    for (std::size_t i = 0; i < cats.size(); ++i) {
      const bool sep3 = cats.compare(i, 3, "、") == 0;
      if (cats[i] == ',' || cats[i] == ';' || cats[i] == ' ' || cats[i] == '/' || sep3) {
        if (auto e = flush()) return *e;
        if (sep3) i += 2;
      } else {
        token.push_back(cats[i]);
      }
    }
    if (auto e = flush()) return *e;
  }
  p.dedupe_key = !d.id_number.empty() ? d.id_number : d.name + "|" + d.birth_date + "|" + region->str();
  return p;
}

} // namespace shegong
