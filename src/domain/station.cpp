#include "shegong/domain/station.hpp"

#include "shegong/domain/text.hpp"

namespace shegong {

std::string_view to_string(StationKind kind) noexcept { return kStationKinds[static_cast<std::size_t>(kind)].code; }

std::optional<StationKind> parse_station_kind(std::string_view s) noexcept {
  for (auto k : kAllStationKinds)
    if (to_string(k) == s) return k;
  return std::nullopt;
}

bool station_level_allowed(StationKind kind, RegionLevel level) noexcept {
  switch (kind) {
    case StationKind::social_work_station:
      return level == RegionLevel::county || level == RegionLevel::township;
    case StationKind::neighbourhood_centre:
    case StationKind::children_home:
    case StationKind::community_service_complex:
      return level == RegionLevel::township || level == RegionLevel::village;
  }
  return false;
}

Result<void> validate(const Station& s) {
  SHEGONG_TRY(check_text(s.name, "name", 100, true));
  SHEGONG_TRY(check_text(s.address, "address", 200, false));
  SHEGONG_TRY(check_phone(s.phone, "phone"));
  SHEGONG_TRY(check_text(s.manager, "manager", 50, false));
  if (s.opened_on && !parse_date(*s.opened_on))
    return Error::make(ErrorCode::invalid_field, "opened_on must be a date YYYY-MM-DD", "opened_on");
  if (s.floor_area && (*s.floor_area < 1 || *s.floor_area > kMaxStationFloorArea))
    return Error::make(ErrorCode::invalid_field, "floor_area must be between 1 and 100000 square metres", "floor_area");
  if (!station_level_allowed(s.kind, s.region_code.level()))
    return Error::make(ErrorCode::region_level,
                       std::string("a ") + std::string(to_string(s.kind)) + " cannot stand at " +
                           std::string(to_string(s.region_code.level())) + " level",
                       "region_code");
  return ok();
}

} // namespace shegong
