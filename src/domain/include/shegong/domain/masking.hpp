// Masking of personal data for display and de-identified exports (PIPL): pure functions, no
// keys, no allocation beyond the result, callable from any thread. Characters are UTF-8 code
// points (a Chinese character is one character, one '*'); a byte that is not valid UTF-8
// counts as one character. Every '*' replaces exactly one character, so lengths are kept.
// Empty input gives empty output.
#pragma once

#include <string>
#include <string_view>

namespace shegong {

// All characters but the last `keep` replaced by '*': the fallback for malformed input.
std::string mask_all_but_last(std::string_view s, std::size_t keep);

// Resident identity card numbers (GB 11643):
//   18 characters, 17 digits then a digit or X/x: keep the first 6 (region) and the last 4
//     "411102199001011234" -> "411102********1234"
//   15 digits (first-generation cards): keep the first 6 and the last 3 (the birth date is hidden)
//     "411102900101123"    -> "411102******123"
//   anything else: mask_all_but_last(s, 2). Check digits are not verified (display only).
std::string mask_id_number(std::string_view id_number);

// Phone numbers as people write them (spaces, '-', '(' and ')' ignored when reading):
//   mobile, 11 digits starting with 1 (optionally after +86 / 0086 / 86):
//     "13812345678", "+86 138 1234 5678"  -> "138****5678"
//   landline with area code (0 + 2-3 digit code + 7-8 digits; 010 and 02x have 3-digit codes,
//   all others 4): keep the area code and the last 4 digits, always written with '-':
//     "0395-3123456", "03953123456"       -> "0395-***3456";  "010-12345678" -> "010-****5678"
//   7-8 digits without an area code: keep the last 4  "3123456" -> "***3456"
//   anything else (extensions, foreign numbers, letters): mask_all_but_last(s, 2).
std::string mask_phone(std::string_view phone);

// Personal names: 1 character -> "*"; 2 -> first + "*" ("张丽" -> "张*");
// 3 or more -> first + '*' per middle character + last ("张丽丽" -> "张*丽", "欧阳娜娜" -> "欧**娜").
std::string mask_name(std::string_view name);

} // namespace shegong
