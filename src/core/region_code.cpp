#include "shegong/core/region_code.hpp"

#include <algorithm>

namespace shegong {
namespace {

constexpr std::array<std::size_t, 5> kPrefix = {2, 4, 6, 9, 12};

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool all_zero(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '0'; });
}

} // namespace

std::string_view to_string(RegionLevel level) noexcept {
  switch (level) {
    case RegionLevel::province:
      return "province";
    case RegionLevel::city:
      return "city";
    case RegionLevel::county:
      return "county";
    case RegionLevel::township:
      return "township";
    case RegionLevel::village:
      return "village";
  }
  return "village";
}

std::optional<RegionLevel> parse_region_level(std::string_view s) noexcept {
  for (int i = 1; i <= 5; ++i) {
    auto l = static_cast<RegionLevel>(i);
    if (to_string(l) == s) return l;
  }
  return std::nullopt;
}

std::size_t prefix_length(RegionLevel level) noexcept { return kPrefix[static_cast<std::size_t>(level) - 1]; }

Result<RegionCode> RegionCode::parse(std::string_view text, std::string_view field) {
  auto bad = [&](std::string why) {
    return Error::make(ErrorCode::invalid_region_code, std::move(why), std::string(field));
  };
  const auto n = text.size();
  if (n != 2 && n != 4 && n != 6 && n != 9 && n != 12) return bad("a region code has 2, 4, 6, 9 or 12 digits");
  if (!all_digits(text)) return bad("a region code has digits only");
  if (text[0] == '0' || text.substr(0, 2) == "10") return bad("no province has this code");

  std::string code(text);
  code.resize(12, '0');
  // The level is the deepest non-zero part. Above it every part is non-zero, except
  // that a city without counties (东莞, 中山, 儋州, 嘉峪关) has townships directly
  // under it, with a zero county part: 441900003000.
  bool nonzero[5] = {true, false, false, false, false};
  int level = 1;
  for (int i = 1; i < 5; ++i) {
    const std::size_t start = kPrefix[static_cast<std::size_t>(i) - 1], end = kPrefix[static_cast<std::size_t>(i)];
    nonzero[i] = !all_zero(std::string_view(code).substr(start, end - start));
    if (nonzero[i]) level = i + 1;
  }
  for (int i = 1; i < level - 1; ++i) {
    const bool county_gap = i == 2 && level >= 4 && nonzero[1];
    if (!nonzero[i] && !county_gap) return bad("a region code cannot have a non-zero part below a zero part");
  }
  return RegionCode(std::move(code), static_cast<RegionLevel>(level));
}

std::string_view RegionCode::prefix() const noexcept {
  return std::string_view(code_).substr(0, prefix_length(level_));
}

std::optional<RegionCode> RegionCode::parent() const {
  if (level_ == RegionLevel::province) return std::nullopt;
  // The next-higher level's digits; for a township of a city without counties this
  // is the city itself (441900003000 -> 441900000000, level city).
  auto up = static_cast<RegionLevel>(static_cast<int>(level_) - 1);
  auto parsed = parse(std::string_view(code_).substr(0, prefix_length(up)));
  if (!parsed) return std::nullopt;
  return std::move(parsed).value();
}

std::vector<RegionCode> RegionCode::ancestors() const {
  std::vector<RegionCode> out;
  for (auto p = parent(); p; p = p->parent()) out.push_back(*p);
  std::reverse(out.begin(), out.end());
  return out;
}

bool RegionCode::contains(const RegionCode& other) const noexcept { return other.code_.starts_with(prefix()); }

std::optional<Scope> Scope::intersect(const Scope& other) const {
  if (other.prefix_.starts_with(prefix_)) return other;
  if (prefix_.starts_with(other.prefix_)) return *this;
  return std::nullopt;
}

std::string Scope::range_low() const {
  std::string s = prefix_;
  s.resize(12, '0');
  return s;
}

std::string Scope::range_high() const {
  // The next prefix at the same length, zero-padded: under 4111 is [411100000000,
  // 411200000000). Equal-length digit strings order the same under any collation,
  // so the range works on PostgreSQL whatever the database's locale.
  std::string s = prefix_;
  int i = static_cast<int>(s.size()) - 1;
  while (i >= 0 && s[static_cast<std::size_t>(i)] == '9') s[static_cast<std::size_t>(i--)] = '0';
  if (i < 0) return std::string(12, '9') + "9"; // national or an all-nines prefix: above every code
  ++s[static_cast<std::size_t>(i)];
  s.resize(12, '0');
  return s;
}

} // namespace shegong
