#include "shegong/domain/masking.hpp"

#include <vector>

namespace shegong {

namespace {

// Splits into UTF-8 code points; an invalid byte is a unit of its own.
std::vector<std::string_view> characters(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    if (b >= 0xc2 && b <= 0xdf)
      len = 2;
    else if (b >= 0xe0 && b <= 0xef)
      len = 3;
    else if (b >= 0xf0 && b <= 0xf4)
      len = 4;
    if (len > 1) {
      if (i + len > s.size()) {
        len = 1;
      } else {
        for (std::size_t k = 1; k < len; ++k)
          if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) {
            len = 1;
            break;
          }
      }
    }
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

} // namespace

std::string mask_all_but_last(std::string_view s, std::size_t keep) {
  const auto chars = characters(s);
  std::string out;
  out.reserve(s.size());
  const std::size_t masked = chars.size() > keep ? chars.size() - keep : 0;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if (i < masked)
      out.push_back('*');
    else
      out += chars[i];
  }
  return out;
}

std::string mask_id_number(std::string_view id) {
  if (id.size() == 18 && all_digits(id.substr(0, 17)) && (is_digit(id[17]) || id[17] == 'X' || id[17] == 'x'))
    return std::string(id.substr(0, 6)) + "********" + std::string(id.substr(14));
  if (id.size() == 15 && all_digits(id)) return std::string(id.substr(0, 6)) + "******" + std::string(id.substr(12));
  return mask_all_but_last(id, 2);
}

std::string mask_phone(std::string_view phone) {
  std::string d;
  bool plus = false;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (is_digit(c))
      d.push_back(c);
    else if (c == '+' && d.empty() && !plus)
      plus = true;
    else if (c == ' ' || c == '-' || c == '(' || c == ')')
      continue;
    else
      return mask_all_but_last(phone, 2);
  }
  if (d.empty()) return mask_all_but_last(phone, 2);

  // Country code.
  const auto mobile = [](std::string_view s) { return s.size() == 11 && s[0] == '1'; };
  if (plus) {
    if (!d.starts_with("86") || !mobile(std::string_view(d).substr(2))) return mask_all_but_last(phone, 2);
    d.erase(0, 2);
  } else if (d.starts_with("0086") && mobile(std::string_view(d).substr(4))) {
    d.erase(0, 4);
  } else if (d.starts_with("86") && mobile(std::string_view(d).substr(2))) {
    d.erase(0, 2);
  }

  if (mobile(d)) return d.substr(0, 3) + "****" + d.substr(7);
  if (d[0] == '0' && d.size() >= 10 && d.size() <= 12) {
    const std::size_t area = (d.starts_with("010") || d.starts_with("02")) ? 3 : 4;
    const std::size_t local = d.size() - area;
    if (local == 7 || local == 8) return d.substr(0, area) + "-" + std::string(local - 4, '*') + d.substr(d.size() - 4);
  }
  if (d[0] != '0' && d[0] != '1' && (d.size() == 7 || d.size() == 8))
    return std::string(d.size() - 4, '*') + d.substr(d.size() - 4);
  return mask_all_but_last(phone, 2);
}

std::string mask_name(std::string_view name) {
  const auto chars = characters(name);
  if (chars.empty()) return {};
  if (chars.size() == 1) return "*";
  std::string out(chars.front());
  if (chars.size() == 2) return out + "*";
  out.append(chars.size() - 2, '*');
  out += chars.back();
  return out;
}

} // namespace shegong
