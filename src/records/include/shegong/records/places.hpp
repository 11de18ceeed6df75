// Stations and grids, described once.
#pragma once

#include "shegong/domain/grid.hpp"
#include "shegong/domain/station.hpp"
#include "shegong/records/record.hpp"

namespace shegong::records {

template <>
struct Enum<StationKind> {
  static constexpr std::string_view schema = "StationKind";
  static std::string_view text(StationKind k) { return to_string(k); }
  static std::optional<StationKind> parse(std::string_view s) { return parse_station_kind(s); }
};

template <>
struct Enum<GridKind> {
  static constexpr std::string_view schema = "GridKind";
  static std::string_view text(GridKind k) { return to_string(k); }
  static std::optional<GridKind> parse(std::string_view s) { return parse_grid_kind(s); }
};

template <>
struct Record<Station> {
  static constexpr std::string_view table = "stations", alias = "s";
  static constexpr std::string_view from = "stations s LEFT JOIN regions r ON r.code = s.region_code";
  static constexpr auto fields =
      std::make_tuple(field("id", &Station::id, key | uuid), field("region_code", &Station::region_code, fixed),
                      field("region_name", &Station::region_name, read_model, "COALESCE(r.name, '')"),
                      field("name", &Station::name), field("kind", &Station::kind), field("address", &Station::address),
                      field("phone", &Station::phone), field("manager", &Station::manager),
                      field("opened_on", &Station::opened_on, date), field("active", &Station::active),
                      field("version", &Station::version), field("created_at", &Station::created_at, fixed | timestamp),
                      field("updated_at", &Station::updated_at, timestamp));
};

template <>
struct Record<Grid> {
  static constexpr std::string_view table = "grids", alias = "g";
  static constexpr std::string_view from =
      "grids g LEFT JOIN regions r ON r.code = g.region_code LEFT JOIN grids p ON p.id = g.parent_id";
  static constexpr auto fields = std::make_tuple(
      field("id", &Grid::id, key | uuid), field("region_code", &Grid::region_code, fixed),
      field("region_name", &Grid::region_name, read_model, "COALESCE(r.name, '')"),
      field("parent_id", &Grid::parent_id, fixed | uuid),
      field("parent_name", &Grid::parent_name, read_model | empty_is_null, "COALESCE(p.name, '')"),
      field("kind", &Grid::kind, fixed), field("name", &Grid::name), field("households", &Grid::households),
      field("residents", &Grid::residents), field("grid_worker", &Grid::grid_worker), field("active", &Grid::active),
      field("version", &Grid::version), field("created_at", &Grid::created_at, fixed | timestamp),
      field("updated_at", &Grid::updated_at, timestamp));
};

} // namespace shegong::records
