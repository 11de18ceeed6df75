// Service sites: township social-work stations and the other places that serve people.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shegong/core/clock.hpp"
#include "shegong/core/region_code.hpp"
#include "shegong/core/result.hpp"
#include "shegong/domain/code_label.hpp"
#include "shegong/domain/edit.hpp"

namespace shegong {

enum class StationKind {
  social_work_station, // 乡镇（街道）社工站
  neighbourhood_centre, // 幸福邻里中心
  children_home, // 儿童之家
  community_service_complex, // 社区服务综合体
};

// In the enum's order.
inline constexpr CodeLabel kStationKinds[] = {
    {"social_work_station", "乡镇（街道）社工站", "Township social-work station"},
    {"neighbourhood_centre", "幸福邻里中心", "Neighbourhood centre"},
    {"children_home", "儿童之家", "Children's home"},
    {"community_service_complex", "社区服务综合体", "Community service complex"},
};

std::string_view to_string(StationKind kind) noexcept;
std::optional<StationKind> parse_station_kind(std::string_view s) noexcept;
inline constexpr StationKind kAllStationKinds[] = {StationKind::social_work_station, StationKind::neighbourhood_centre,
                                                   StationKind::children_home, StationKind::community_service_complex};

inline constexpr std::int64_t kMaxStationFloorArea = 100'000;

struct Station {
  std::string id; // UUID
  RegionCode region_code;
  std::string name;
  StationKind kind = StationKind::social_work_station;
  std::string address;
  std::string phone;
  std::string manager;
  std::optional<std::string> opened_on; // YYYY-MM-DD
  std::optional<std::int64_t> floor_area; // square metres of the site; absent when not recorded
  bool active = true;
  std::int64_t version = 1;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::string region_name; // read model only: filled by the store, never stored with the station

  friend bool operator==(const Station&, const Station&) = default;
};

// Where a kind of station may stand. A social-work station serves a township, and a
// few stand at county level (a district or development zone); the other sites serve
// a township or a single community.
bool station_level_allowed(StationKind kind, RegionLevel level) noexcept;

// Checks every invariant of a station whose text has already been trimmed.
Result<void> validate(const Station& s);

} // namespace shegong
