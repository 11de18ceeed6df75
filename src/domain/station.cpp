#include "shegong/domain/station.hpp"

#include "shegong/domain/text.hpp"

namespace shegong {

std::string_view to_string(StationKind kind) noexcept {
  switch (kind) {
    case StationKind::social_work_station:
      return "social_work_station";
    case StationKind::neighbourhood_centre:
      return "neighbourhood_centre";
    case StationKind::children_home:
      return "children_home";
    case StationKind::community_service_complex:
      return "community_service_complex";
  }
  return "social_work_station";
}

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
  if (!station_level_allowed(s.kind, s.region_code.level()))
    return Error::make(ErrorCode::region_level,
                       std::string("a ") + std::string(to_string(s.kind)) + " cannot stand at " +
                           std::string(to_string(s.region_code.level())) + " level",
                       "region_code");
  return ok();
}

Result<void> apply(Station& s, const StationPatch& p) {
  Station next = s;
  if (p.name) next.name = trim_text(*p.name);
  if (p.address) next.address = trim_text(*p.address);
  if (p.phone) next.phone = trim_text(*p.phone);
  if (p.manager) next.manager = trim_text(*p.manager);
  if (p.kind) next.kind = *p.kind;
  if (p.opened_on) next.opened_on = *p.opened_on;
  if (p.active) next.active = *p.active;
  SHEGONG_TRY(validate(next));
  s = std::move(next);
  return ok();
}

bool same_content(const Station& a, const Station& b) noexcept {
  return a.region_code == b.region_code && a.name == b.name && a.kind == b.kind && a.address == b.address &&
         a.phone == b.phone && a.manager == b.manager && a.opened_on == b.opened_on && a.active == b.active;
}

} // namespace shegong
