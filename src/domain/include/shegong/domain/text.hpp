// Rules for free text entered by people: trimmed, no control characters, bounded length.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "shegong/core/result.hpp"

namespace shegong {

// Number of Unicode code points in valid UTF-8 (the JSON parser has checked validity).
std::size_t utf8_length(std::string_view s) noexcept;

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view s) noexcept;

// Trims ASCII and ideographic (U+3000) spaces from both ends.
std::string trim_text(std::string_view s);

// Checks a trimmed text field: required (non-empty) or not, at most `max_chars`
// code points, no control characters. The error names `field`.
Result<void> check_text(std::string_view value, std::string_view field, std::size_t max_chars, bool required);

// Like check_text, for notes written over several lines: line breaks and tabs are
// allowed (a CRLF or a lone CR is made a LF first), other control characters are not.
Result<void> check_multiline_text(std::string& value, std::string_view field, std::size_t max_chars);

// A telephone number as people write it: digits, spaces, '+', '-', parentheses; 3 to 20 characters.
Result<void> check_phone(std::string_view value, std::string_view field);

} // namespace shegong
