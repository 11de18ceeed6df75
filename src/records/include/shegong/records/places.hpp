// Stations and grids, described once.
#pragma once

#include "shegong/domain/grid.hpp"
#include "shegong/domain/station.hpp"
#include "shegong/records/record.hpp"

namespace shegong::records {

template <>
struct Enum<StationKind> {
  static constexpr std::string_view schema = "StationKind";
  static constexpr auto& all = kAllStationKinds;
  static std::string_view text(StationKind k) { return to_string(k); }
  static std::optional<StationKind> parse(std::string_view s) { return parse_station_kind(s); }
};

inline constexpr GridKind kAllGridKinds[] = {GridKind::grid, GridKind::micro_grid};

template <>
struct Enum<GridKind> {
  static constexpr std::string_view schema = "GridKind";
  static constexpr auto& all = kAllGridKinds;
  static std::string_view text(GridKind k) { return to_string(k); }
  static std::optional<GridKind> parse(std::string_view s) { return parse_grid_kind(s); }
};

inline constexpr std::string_view kActiveDoc = "false: deactivated (kept with its history, no longer offered).";

template <>
struct Record<Station> {
  static constexpr std::string_view table = "stations", alias = "s";
  static constexpr std::string_view from = "stations s LEFT JOIN regions r ON r.code = s.region_code";
  static constexpr std::string_view schema = "Station", doc = "A service site (社工站 and the like).";
  static constexpr auto fields = std::make_tuple(
      field("id", &Station::id, key | uuid),
      field("region_code", &Station::region_code, fixed | required)
          .describe("A township (9 digits) or village/community (12 digits) inside the caller's area, as the kind "
                    "allows (else 422 region_level)."),
      field("region_name", &Station::region_name, read_model, "COALESCE(r.name, '')"),
      field("name", &Station::name, required).length(100), field("kind", &Station::kind, required),
      field("address", &Station::address).length(200), field("phone", &Station::phone).length(20),
      field("manager", &Station::manager).length(50), field("opened_on", &Station::opened_on, date),
      field("floor_area", &Station::floor_area)
          .range(1, kMaxStationFloorArea)
          .describe("The site's floor area in square metres; null when not recorded."),
      field("active", &Station::active, later).describe(kActiveDoc),
      field("version", &Station::version, managed).at_least(1),
      field("created_at", &Station::created_at, fixed | timestamp | managed),
      field("updated_at", &Station::updated_at, timestamp | managed));
};

template <>
struct Record<Grid> {
  static constexpr std::string_view table = "grids", alias = "g";
  static constexpr std::string_view from =
      "grids g LEFT JOIN regions r ON r.code = g.region_code LEFT JOIN grids p ON p.id = g.parent_id";
  static constexpr std::string_view schema = "Grid",
                                    doc = "A grid or micro-grid (网格/微网格) of a village or community.";
  static constexpr auto fields = std::make_tuple(
      field("id", &Grid::id, key | uuid),
      field("region_code", &Grid::region_code, fixed | required).describe("A village or community (12 digits)."),
      field("region_name", &Grid::region_name, read_model, "COALESCE(r.name, '')"),
      field("parent_id", &Grid::parent_id, fixed | uuid).describe("The grid a micro-grid belongs to."),
      field("parent_name", &Grid::parent_name, read_model | empty_is_null, "COALESCE(p.name, '')"),
      field("kind", &Grid::kind, fixed), field("name", &Grid::name, required).length(100),
      field("households", &Grid::households).range(0, kMaxGridHouseholds),
      field("residents", &Grid::residents).range(0, kMaxGridResidents),
      field("grid_worker", &Grid::grid_worker).length(50), field("active", &Grid::active, later).describe(kActiveDoc),
      field("version", &Grid::version, managed).at_least(1),
      field("created_at", &Grid::created_at, fixed | timestamp | managed),
      field("updated_at", &Grid::updated_at, timestamp | managed));
};

} // namespace shegong::records
