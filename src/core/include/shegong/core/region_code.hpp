// RegionCode: a 12-digit statistical division code (统计用区划代码).
//
// Layout: 2 province + 2 city + 2 county + 3 township + 3 village digits. Higher
// levels are written zero-padded (漯河市 = 411100000000), so the significant prefix
// of a code (4111) selects its whole subtree as one index range — the spine of
// scoping and roll-ups. Short forms (41, 4111, 411102, 411102001) are accepted on
// input and normalised.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/result.hpp"

namespace shegong {

enum class RegionLevel { province = 1, city = 2, county = 3, township = 4, village = 5 };

std::string_view to_string(RegionLevel level) noexcept;
std::optional<RegionLevel> parse_region_level(std::string_view s) noexcept;

class RegionCode {
 public:
  // An empty placeholder, to be assigned a parsed code before use.
  RegionCode() = default;

  // Parses 2/4/6/9/12 digits; a 12-digit code must not have a non-zero part below a
  // zero part (410000001000 is malformed). `field` names the input in the error.
  static Result<RegionCode> parse(std::string_view text, std::string_view field = "region_code");

  const std::string& str() const noexcept { return code_; }
  RegionLevel level() const noexcept { return level_; }
  // The significant digits: "41", "4111", "411102", "411102001" or all 12.
  std::string_view prefix() const noexcept;
  std::optional<RegionCode> parent() const;
  // Codes of every ancestor, province first, excluding this one.
  std::vector<RegionCode> ancestors() const;
  bool contains(const RegionCode& other) const noexcept;

  friend bool operator==(const RegionCode&, const RegionCode&) = default;
  friend auto operator<=>(const RegionCode& a, const RegionCode& b) { return a.code_ <=> b.code_; }

 private:
  RegionCode(std::string code, RegionLevel level) : code_(std::move(code)), level_(level) {}
  std::string code_;
  RegionLevel level_ = RegionLevel::province;
};

// The number of significant digits for a level: 2, 4, 6, 9, 12.
std::size_t prefix_length(RegionLevel level) noexcept;

// A caller's reach: the subtree under a region, or the whole country.
class Scope {
 public:
  static Scope national() { return Scope{}; }
  static Scope under(const RegionCode& code) { return Scope{std::string(code.prefix())}; }

  bool is_national() const noexcept { return prefix_.empty(); }
  const std::string& prefix() const noexcept { return prefix_; }
  bool contains(const RegionCode& code) const noexcept { return code.str().starts_with(prefix_); }
  bool contains(std::string_view code12) const noexcept { return code12.starts_with(prefix_); }
  // The narrower of two scopes, or nullopt when they do not overlap.
  std::optional<Scope> intersect(const Scope& other) const;

  // Half-open range [low, high) of 12-digit codes inside the scope, for index scans
  // (callers skip the condition for a national scope).
  std::string range_low() const;
  std::string range_high() const;

 private:
  Scope() = default;
  explicit Scope(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string prefix_;
};

} // namespace shegong
