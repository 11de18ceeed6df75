#include "shegong/domain/citizen_id.hpp"

#include "shegong/core/clock.hpp"

namespace shegong {
namespace {

constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheck[12] = "10X98765432";

bool all_digits(std::string_view s) noexcept {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

Error bad(std::string_view field, const std::string& msg, const std::string& reason, ReasonParams params = {}) {
  return Error::make(ErrorCode::invalid_field, std::string(field) + " " + msg, std::string(field))
      .because("citizen_id." + reason, std::move(params));
}

} // namespace

char citizen_id_check_char(std::string_view first17) noexcept {
  int sum = 0;
  for (std::size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

std::string normalize_citizen_id(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    // Full-width forms are U+FF10..U+FF19 (digits), U+FF38/U+FF58 (X, x): EF BC 90..99, EF BC B8, EF BD 98.
    if (c == 0xEF && i + 2 < raw.size()) {
      const auto b1 = static_cast<unsigned char>(raw[i + 1]), b2 = static_cast<unsigned char>(raw[i + 2]);
      if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99) {
        out.push_back(static_cast<char>('0' + (b2 - 0x90)));
        i += 2;
        continue;
      }
      if ((b1 == 0xBC && b2 == 0xB8) || (b1 == 0xBD && b2 == 0x98)) {
        out.push_back('X');
        i += 2;
        continue;
      }
    }
    // The ideographic space U+3000 (E3 80 80) and ASCII blanks are dropped wherever they stand.
    if (c == 0xE3 && i + 2 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0x80 &&
        static_cast<unsigned char>(raw[i + 2]) == 0x80) {
      i += 2;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\'') continue; // a leading ' is Excel's "store as text" mark
    out.push_back(c == 'x' ? 'X' : static_cast<char>(c));
  }
  return out;
}

Result<CitizenId> parse_citizen_id(std::string_view raw, std::string_view field) {
  std::string n = normalize_citizen_id(raw);
  if (n.empty())
    return Error::make(ErrorCode::missing_field, std::string(field) + " is empty", std::string(field))
        .because("citizen_id.empty");
  if (n.size() == 15) {
    if (!all_digits(n)) return bad(field, "must be digits only (15-digit form)", "old_form_not_digits");
    n = n.substr(0, 6) + "19" + n.substr(6);
    n.push_back(citizen_id_check_char(n));
  } else if (n.size() != 18) {
    if (all_digits(n) && n.size() > 15 && n.size() < 18)
      return bad(field, "has " + std::to_string(n.size()) + " digits; 18 are needed", "too_few_digits",
                 {{"count", std::to_string(n.size())}});
    return bad(field, "must have 18 characters (or 15 digits in the old form), not " + std::to_string(n.size()),
               "length", {{"count", std::to_string(n.size())}});
  }
  if (!all_digits(std::string_view(n).substr(0, 17)) || !(all_digits(n.substr(17)) || n[17] == 'X'))
    return bad(field, "must be 17 digits followed by a digit or X", "shape");
  if (n[0] == '0') return bad(field, "does not start with a province code", "province");
  const std::string date = n.substr(6, 4) + "-" + n.substr(10, 2) + "-" + n.substr(12, 2);
  if (!parse_date(date) || n.substr(6, 2) < "18")
    return bad(field, "holds an impossible birth date " + date, "birth_date");
  if (n[17] != citizen_id_check_char(n))
    return bad(field, "check character is wrong (the number was probably mistyped)", "check_character");
  CitizenId out;
  out.sex = ((n[16] - '0') % 2 == 1) ? '1' : '2';
  out.birth_date = date;
  out.number = std::move(n);
  return out;
}

} // namespace shegong
