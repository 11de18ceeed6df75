#include <vector>

#include "paging.hpp"
#include "record_sql.hpp"
#include "repos.hpp"
#include "shegong/records/places.hpp"

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

} // namespace

// ---- stations ----------------------------------------------------------------

Result<std::optional<Station>> SqlStations::find(std::string_view id, const Scope& scope) {
  Where w;
  w.add("s.id = ?", std::string(id));
  w.scope("s.region_code", scope);
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<Station>() + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<Station>{};
  SHEGONG_ASSIGN(auto s, read_record<Station>(*st));
  return std::optional<Station>(std::move(s));
}

Result<bool> SqlStations::exists(std::string_view id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT 1 FROM stations WHERE id = ?"));
  st->bind(1, id);
  return st->step();
}

Result<void> SqlStations::insert(const Station& s) { return insert_record(c_, s); }

Result<bool> SqlStations::update(const Station& s, std::int64_t expected_version) {
  return update_record(c_, s, expected_version);
}

Result<Page<Station>> SqlStations::list(const StationFilter& f, const PageRequest& page) {
  Where w;
  w.scope("s.region_code", f.scope);
  if (f.kind) w.add("s.kind = ?", std::string(to_string(*f.kind)));
  if (f.active) w.add("s.active = ?", std::int64_t{*f.active ? 1 : 0});
  if (!f.q.empty()) w.add("s.name LIKE ? ESCAPE '\\'", like_contains(f.q));
  const std::string order = order_by(page, "s",
                                     {{"created_at", "s.created_at"},
                                      {"updated_at", "s.updated_at"},
                                      {"region_code", "s.region_code"},
                                      {"kind", "s.kind"},
                                      {"opened_on", "s.opened_on"},
                                      {"manager", "s.manager COLLATE zh"}});
  return run_page<Station>(c_, select_sql<Station>(), "stations s", w, order, page, read_record<Station>);
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
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<Grid>() + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<Grid>{};
  SHEGONG_ASSIGN(auto g, read_record<Grid>(*st));
  return std::optional<Grid>(std::move(g));
}

Result<bool> SqlGrids::exists(std::string_view id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT 1 FROM grids WHERE id = ?"));
  st->bind(1, id);
  return st->step();
}

Result<void> SqlGrids::insert(const Grid& g) { return insert_record(c_, g); }

Result<bool> SqlGrids::update(const Grid& g, std::int64_t expected_version) {
  return update_record(c_, g, expected_version);
}

Result<Page<Grid>> SqlGrids::list(const GridFilter& f, const PageRequest& page) {
  Where w;
  w.scope("g.region_code", f.scope);
  if (f.kind) w.add("g.kind = ?", std::string(to_string(*f.kind)));
  if (f.parent_id) w.add("g.parent_id = ?", *f.parent_id);
  if (f.active) w.add("g.active = ?", std::int64_t{*f.active ? 1 : 0});
  if (!f.q.empty()) w.add("g.name LIKE ? ESCAPE '\\'", like_contains(f.q));
  const std::string order = order_by(page, "g",
                                     {{"created_at", "g.created_at"},
                                      {"updated_at", "g.updated_at"},
                                      {"region_code", "g.region_code"},
                                      {"households", "g.households"},
                                      {"residents", "g.residents"}});
  return run_page<Grid>(c_, select_sql<Grid>(), "grids g", w, order, page, read_record<Grid>);
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
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT COALESCE(SUM(CASE WHEN kind = 'grid' THEN 1 ELSE 0 END), 0), "
                                     "COALESCE(SUM(CASE WHEN kind = 'micro_grid' THEN 1 ELSE 0 END), 0), "
                                     "COALESCE(SUM(CASE WHEN kind = 'grid' THEN households ELSE 0 END), 0), "
                                     "COALESCE(SUM(CASE WHEN kind = 'grid' THEN residents ELSE 0 END), 0) FROM grids" +
                                     w.sql));
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
