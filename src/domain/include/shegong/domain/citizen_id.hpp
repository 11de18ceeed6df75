// The citizen identity number (公民身份号码, GB 11643-1999): 6-digit address code,
// 8-digit birth date, 3-digit sequence (odd for men, even for women) and an
// ISO 7064 MOD 11-2 check character. Numbers issued before 1999 had 15 digits
// (2-digit year, no check character); they are converted to the 18-digit form.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shegong/core/result.hpp"

namespace shegong {

struct CitizenId {
  std::string number; // 18 characters, check character upper-case
  std::string birth_date; // YYYY-MM-DD
  char sex = '1'; // GB/T 2261.1: '1' male, '2' female
};

// The check character for the first 17 digits.
char citizen_id_check_char(std::string_view first17) noexcept;

// Normalises what people type or spreadsheets hold: full-width digits and X, spaces
// anywhere, a lower-case x. Returns the text as it would be checked.
std::string normalize_citizen_id(std::string_view raw);

// Parses and checks a number; a 15-digit one is converted (born 19xx). The error
// names `field` and says what is wrong: length, characters, date or check character.
Result<CitizenId> parse_citizen_id(std::string_view raw, std::string_view field = "id_number");

} // namespace shegong
