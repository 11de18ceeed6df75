#include <vector>

#include "paging.hpp"
#include "repos.hpp"

namespace shegong::sql {
namespace {

std::string order_by(const PageRequest& page, std::string_view table_alias,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> columns) {
  std::string col = std::string(table_alias) + ".name COLLATE zh";
  for (const auto& [key, expr] : columns)
    if (key == page.sort) col = std::string(expr);
  const std::string dir = page.descending ? " DESC" : " ASC";
  return " ORDER BY " + col + dir + ", " + std::string(table_alias) + ".id" + dir;
}

constexpr const char* kStationCols =
    "SELECT s.id, s.region_code, s.name, s.kind, s.address, s.phone, s.manager, s.opened_on, s.active, "
    "s.version, s.created_at, s.updated_at, COALESCE(r.name, '') FROM stations s "
    "LEFT JOIN regions r ON r.code = s.region_code";

Result<Station> station_row(const Statement& st) {
  Station s;
  s.id = st.text(0);
  auto code = RegionCode::parse(st.text(1));
  auto kind = parse_station_kind(st.text(3));
  if (!code || !kind) return Error::make(ErrorCode::internal, "stored station is malformed: " + s.id);
  s.region_code = *code;
  s.name = st.text(2);
  s.kind = *kind;
  s.address = st.text(4);
  s.phone = st.text(5);
  s.manager = st.text(6);
  s.opened_on = st.opt_text(7);
  s.active = st.int64(8) != 0;
  s.version = st.int64(9);
  s.created_at = st.int64(10);
  s.updated_at = st.int64(11);
  s.region_name = st.text(12);
  return s;
}

constexpr const char* kGridCols =
    "SELECT g.id, g.region_code, g.parent_id, g.kind, g.name, g.households, g.residents, g.grid_worker, "
    "g.active, g.version, g.created_at, g.updated_at, COALESCE(r.name, ''), COALESCE(p.name, '') FROM grids g "
    "LEFT JOIN regions r ON r.code = g.region_code LEFT JOIN grids p ON p.id = g.parent_id";

Result<Grid> grid_row(const Statement& st) {
  Grid g;
  g.id = st.text(0);
  auto code = RegionCode::parse(st.text(1));
  auto kind = parse_grid_kind(st.text(3));
  if (!code || !kind) return Error::make(ErrorCode::internal, "stored grid is malformed: " + g.id);
  g.region_code = *code;
  g.parent_id = st.opt_text(2);
  g.kind = *kind;
  g.name = st.text(4);
  g.households = st.int64(5);
  g.residents = st.int64(6);
  g.grid_worker = st.text(7);
  g.active = st.int64(8) != 0;
  g.version = st.int64(9);
  g.created_at = st.int64(10);
  g.updated_at = st.int64(11);
  g.region_name = st.text(12);
  g.parent_name = st.text(13);
  return g;
}

} // namespace

// ---- stations ----------------------------------------------------------------

Result<std::optional<Station>> SqlStations::find(std::string_view id, const Scope& scope) {
  Where w;
  w.add("s.id = ?", std::string(id));
  w.scope("s.region_code", scope);
  SHEGONG_ASSIGN(auto st, c_.prepare(std::string(kStationCols) + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<Station>{};
  SHEGONG_ASSIGN(auto s, station_row(*st));
  return std::optional<Station>(std::move(s));
}

Result<bool> SqlStations::exists(std::string_view id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT 1 FROM stations WHERE id = ?"));
  st->bind(1, id);
  return st->step();
}

Result<void> SqlStations::insert(const Station& s) {
  SHEGONG_ASSIGN(auto st, c_.prepare(
      "INSERT INTO stations (id, region_code, name, kind, address, phone, manager, opened_on, active, version, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  st->bind(1, s.id).bind(2, s.region_code.str()).bind(3, s.name).bind(4, to_string(s.kind)).bind(5, s.address)
      .bind(6, s.phone).bind(7, s.manager).bind(8, s.opened_on).bind(9, s.active).bind(10, s.version)
      .bind(11, s.created_at).bind(12, s.updated_at);
  SHEGONG_TRY(st->exec());
  return ok();
}

Result<bool> SqlStations::update(const Station& s, std::int64_t expected_version) {
  SHEGONG_ASSIGN(auto st, c_.prepare(
      "UPDATE stations SET name = ?, kind = ?, address = ?, phone = ?, manager = ?, opened_on = ?, active = ?, "
      "version = ?, updated_at = ? WHERE id = ? AND version = ?"));
  st->bind(1, s.name).bind(2, to_string(s.kind)).bind(3, s.address).bind(4, s.phone).bind(5, s.manager)
      .bind(6, s.opened_on).bind(7, s.active).bind(8, s.version).bind(9, s.updated_at).bind(10, s.id)
      .bind(11, expected_version);
  SHEGONG_ASSIGN(int changed, st->exec());
  return changed == 1;
}

Result<Page<Station>> SqlStations::list(const StationFilter& f, const PageRequest& page) {
  Where w;
  w.scope("s.region_code", f.scope);
  if (f.kind) w.add("s.kind = ?", std::string(to_string(*f.kind)));
  if (f.active) w.add("s.active = ?", std::int64_t{*f.active ? 1 : 0});
  if (!f.q.empty()) w.add("s.name LIKE ? ESCAPE '\\'", like_contains(f.q));
  const std::string order = order_by(page, "s", {{"created_at", "s.created_at"}, {"updated_at", "s.updated_at"},
                                                  {"region_code", "s.region_code"}, {"kind", "s.kind"},
                                                  {"opened_on", "s.opened_on"}, {"manager", "s.manager COLLATE zh"}});
  return run_page<Station>(c_, kStationCols, "stations s", w, order, page, station_row);
}

Result<std::map<StationKind, std::int64_t>> SqlStations::count_active_by_kind(const Scope& scope) {
  Where w;
  w.scope("region_code", scope);
  w.add("active = ?", std::int64_t{1});
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT kind, COUNT(*) FROM stations" + w.sql + " GROUP BY kind"));
  w.bind(*st);
  std::map<StationKind, std::int64_t> out;
  for (;;) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    if (auto k = parse_station_kind(st->text(0))) out[*k] = st->int64(1);
  }
  return out;
}

// ---- grids -------------------------------------------------------------------

Result<std::optional<Grid>> SqlGrids::find(std::string_view id, const Scope& scope) {
  Where w;
  w.add("g.id = ?", std::string(id));
  w.scope("g.region_code", scope);
  SHEGONG_ASSIGN(auto st, c_.prepare(std::string(kGridCols) + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<Grid>{};
  SHEGONG_ASSIGN(auto g, grid_row(*st));
  return std::optional<Grid>(std::move(g));
}

Result<bool> SqlGrids::exists(std::string_view id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT 1 FROM grids WHERE id = ?"));
  st->bind(1, id);
  return st->step();
}

Result<void> SqlGrids::insert(const Grid& g) {
  SHEGONG_ASSIGN(auto st, c_.prepare(
      "INSERT INTO grids (id, region_code, parent_id, kind, name, households, residents, grid_worker, active, "
      "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  st->bind(1, g.id).bind(2, g.region_code.str()).bind(3, g.parent_id).bind(4, to_string(g.kind)).bind(5, g.name)
      .bind(6, g.households).bind(7, g.residents).bind(8, g.grid_worker).bind(9, g.active).bind(10, g.version)
      .bind(11, g.created_at).bind(12, g.updated_at);
  SHEGONG_TRY(st->exec());
  return ok();
}

Result<bool> SqlGrids::update(const Grid& g, std::int64_t expected_version) {
  SHEGONG_ASSIGN(auto st, c_.prepare(
      "UPDATE grids SET name = ?, households = ?, residents = ?, grid_worker = ?, active = ?, version = ?, "
      "updated_at = ? WHERE id = ? AND version = ?"));
  st->bind(1, g.name).bind(2, g.households).bind(3, g.residents).bind(4, g.grid_worker).bind(5, g.active)
      .bind(6, g.version).bind(7, g.updated_at).bind(8, g.id).bind(9, expected_version);
  SHEGONG_ASSIGN(int changed, st->exec());
  return changed == 1;
}

Result<Page<Grid>> SqlGrids::list(const GridFilter& f, const PageRequest& page) {
  Where w;
  w.scope("g.region_code", f.scope);
  if (f.kind) w.add("g.kind = ?", std::string(to_string(*f.kind)));
  if (f.parent_id) w.add("g.parent_id = ?", *f.parent_id);
  if (f.active) w.add("g.active = ?", std::int64_t{*f.active ? 1 : 0});
  if (!f.q.empty()) w.add("g.name LIKE ? ESCAPE '\\'", like_contains(f.q));
  const std::string order = order_by(page, "g", {{"created_at", "g.created_at"}, {"updated_at", "g.updated_at"},
                                                  {"region_code", "g.region_code"}, {"households", "g.households"},
                                                  {"residents", "g.residents"}});
  return run_page<Grid>(c_, kGridCols, "grids g", w, order, page, grid_row);
}

Result<std::int64_t> SqlGrids::count_active_children(std::string_view grid_id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT COUNT(*) FROM grids WHERE parent_id = ? AND active = 1"));
  st->bind(1, grid_id);
  SHEGONG_ASSIGN(bool row, st->step());
  return row ? st->int64(0) : 0;
}

Result<GridSummary> SqlGrids::summary(const Scope& scope) {
  Where w;
  w.scope("region_code", scope);
  w.add("active = ?", std::int64_t{1});
  SHEGONG_ASSIGN(auto st, c_.prepare(
      "SELECT COALESCE(SUM(CASE WHEN kind = 'grid' THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN kind = 'micro_grid' THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN kind = 'grid' THEN households ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN kind = 'grid' THEN residents ELSE 0 END), 0) FROM grids" + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  GridSummary s;
  if (row) {
    s.grids = st->int64(0);
    s.micro_grids = st->int64(1);
    s.households = st->int64(2);
    s.residents = st->int64(3);
  }
  return s;
}

} // namespace shegong::sql
