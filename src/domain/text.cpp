#include "shegong/domain/text.hpp"

#include <cstdint>
#include <string>

namespace shegong {

std::size_t utf8_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07u;
    } else
      return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

std::string trim_text(std::string_view s) {
  constexpr std::string_view ideographic_space = "\xE3\x80\x80";
  bool changed = true;
  while (changed) {
    changed = false;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
      changed = true;
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
      changed = true;
    }
    if (s.starts_with(ideographic_space)) {
      s.remove_prefix(3);
      changed = true;
    }
    if (s.ends_with(ideographic_space)) {
      s.remove_suffix(3);
      changed = true;
    }
  }
  return std::string(s);
}

Result<void> check_text(std::string_view value, std::string_view field, std::size_t max_chars, bool required) {
  if (value.empty()) {
    if (required)
      return Error::make(ErrorCode::missing_field, std::string(field) + " is required", std::string(field))
          .because("text.required");
    return ok();
  }
  if (!valid_utf8(value))
    return Error::make(ErrorCode::invalid_field, std::string(field) + " is not valid UTF-8 text", std::string(field))
        .because("text.not_utf8");
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7F)
      return Error::make(ErrorCode::invalid_field, std::string(field) + " contains a control character",
                         std::string(field))
          .because("text.control_character");
  }
  if (utf8_length(value) > max_chars)
    return Error::make(ErrorCode::invalid_field,
                       std::string(field) + " is longer than " + std::to_string(max_chars) + " characters",
                       std::string(field))
        .because("text.too_long", {{"max", std::to_string(max_chars)}});
  return ok();
}

Result<void> check_multiline_text(std::string& value, std::string_view field, std::size_t max_chars) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '\r') {
      out.push_back('\n');
      if (i + 1 < value.size() && value[i + 1] == '\n') ++i;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F)
      return Error::make(ErrorCode::invalid_field, std::string(field) + " contains a control character",
                         std::string(field))
          .because("text.control_character");
    out.push_back(c);
  }
  value = std::move(out);
  if (utf8_length(value) > max_chars)
    return Error::make(ErrorCode::invalid_field,
                       std::string(field) + " is longer than " + std::to_string(max_chars) + " characters",
                       std::string(field))
        .because("text.too_long", {{"max", std::to_string(max_chars)}});
  return ok();
}

Result<void> check_phone(std::string_view value, std::string_view field) {
  if (value.empty()) return ok();
  int digits = 0;
  for (char c : value) {
    if (c >= '0' && c <= '9')
      ++digits;
    else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')')
      return Error::make(ErrorCode::invalid_field, std::string(field) + " may hold digits, spaces, + - ( ) only",
                         std::string(field))
          .because("phone.characters");
  }
  if (digits < 3 || value.size() > 20)
    return Error::make(ErrorCode::invalid_field, std::string(field) + " must have 3 to 20 characters",
                       std::string(field))
        .because("phone.length");
  return ok();
}

} // namespace shegong
