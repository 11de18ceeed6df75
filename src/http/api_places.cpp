// Service sites (stations) and grids: list, create, read, edit, deactivate.
#include "codec.hpp"
#include "json_body.hpp"
#include "routes.hpp"

namespace shegong::http {
namespace {

Result<StationKind> station_kind(std::string_view s, std::string_view field) {
  if (auto k = parse_station_kind(s)) return *k;
  return Error::make(
      ErrorCode::invalid_field,
      std::string(field) +
          " must be social_work_station, neighbourhood_centre, children_home or community_service_complex",
      std::string(field));
}

Result<GridKind> grid_kind(std::string_view s, std::string_view field) {
  if (auto k = parse_grid_kind(s)) return *k;
  return Error::make(ErrorCode::invalid_field, std::string(field) + " must be grid or micro_grid", std::string(field));
}

// ---- stations ---------------------------------------------------------------

Result<Response> list_stations(Ctx& c) {
  StationFilter f;
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  if (region) f.scope = Scope::under(*region);
  if (auto k = c.req.param("kind"); k && !k->empty()) {
    auto kind = parse_station_kind(*k);
    if (!kind) return Error::make(ErrorCode::invalid_query, "kind is not a station kind", "kind");
    f.kind = *kind;
  }
  SHEGONG_ASSIGN(f.active, bool_param(c.req, "active"));
  f.q = std::string(c.req.param("q").value_or(""));
  SHEGONG_ASSIGN(auto page, page_param(c.req, PlaceService::station_sort_keys(), "name"));
  SHEGONG_ASSIGN(auto result, c.d.places.list_stations(c.actor, std::move(f), page));
  return json_response(200, page_json(result, [](const Station& s) { return to_json(s); }));
}

Result<Response> create_station(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"id", "region_code", "name", "kind", "address", "phone", "manager", "opened_on"}));
  StationCreate cmd{};
  SHEGONG_ASSIGN(cmd.id, client_id(body));
  SHEGONG_ASSIGN(auto code, body.string("region_code"));
  SHEGONG_ASSIGN(cmd.region_code, RegionCode::parse(code, "region_code"));
  SHEGONG_ASSIGN(cmd.name, body.string("name"));
  SHEGONG_ASSIGN(auto kind, body.string("kind"));
  SHEGONG_ASSIGN(cmd.kind, station_kind(kind, "kind"));
  SHEGONG_ASSIGN(auto address, body.opt_string("address"));
  SHEGONG_ASSIGN(auto phone, body.opt_string("phone"));
  SHEGONG_ASSIGN(auto manager, body.opt_string("manager"));
  cmd.address = address.value_or("");
  cmd.phone = phone.value_or("");
  cmd.manager = manager.value_or("");
  SHEGONG_ASSIGN(cmd.opened_on, opt_date(body, "opened_on"));
  SHEGONG_ASSIGN(auto created, c.d.places.create_station(c.actor, std::move(cmd)));
  auto r = json_response(created.created ? 201 : 200, to_json(created.record));
  r.headers.emplace_back("Location", "/api/v1/stations/" + created.record.id);
  return r;
}

Result<Response> get_station(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto s, c.d.places.get_station(c.actor, id));
  return json_response(200, to_json(s));
}

Result<Response> patch_station(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"version", "name", "kind", "address", "phone", "manager", "opened_on", "active"}));
  SHEGONG_ASSIGN(auto version, body.integer("version"));
  StationPatch p;
  SHEGONG_ASSIGN(p.name, body.opt_string("name"));
  if (body.has("name") && !p.name) p.name = std::string();
  SHEGONG_ASSIGN(p.address, body.opt_string("address"));
  SHEGONG_ASSIGN(p.phone, body.opt_string("phone"));
  SHEGONG_ASSIGN(p.manager, body.opt_string("manager"));
  SHEGONG_ASSIGN(auto kind, body.opt_string("kind"));
  if (kind) {
    SHEGONG_ASSIGN(p.kind, station_kind(*kind, "kind"));
  }
  if (body.has("opened_on")) {
    SHEGONG_ASSIGN(p.opened_on, opt_date(body, "opened_on"));
  }
  SHEGONG_ASSIGN(p.active, body.opt_bool("active"));
  auto updated = c.d.places.update_station(c.actor, id, version, p);
  if (!updated)
    return with_current(updated.error(), [&]() -> std::optional<boost::json::object> {
      auto cur = c.d.places.get_station(c.actor, id);
      if (!cur) return std::nullopt;
      return to_json(*cur);
    });
  return json_response(200, to_json(*updated));
}

// ---- grids ------------------------------------------------------------------

Result<Response> list_grids(Ctx& c) {
  GridFilter f;
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  if (region) f.scope = Scope::under(*region);
  if (auto k = c.req.param("kind"); k && !k->empty()) {
    auto kind = parse_grid_kind(*k);
    if (!kind) return Error::make(ErrorCode::invalid_query, "kind must be grid or micro_grid", "kind");
    f.kind = *kind;
  }
  if (auto p = c.req.param("parent_id"); p && !p->empty()) {
    auto id = parse_uuid(*p);
    if (!id) return Error::make(ErrorCode::invalid_query, "parent_id must be a UUID", "parent_id");
    f.parent_id = *id;
  }
  SHEGONG_ASSIGN(f.active, bool_param(c.req, "active"));
  f.q = std::string(c.req.param("q").value_or(""));
  SHEGONG_ASSIGN(auto page, page_param(c.req, PlaceService::grid_sort_keys(), "name"));
  SHEGONG_ASSIGN(auto result, c.d.places.list_grids(c.actor, std::move(f), page));
  return json_response(200, page_json(result, [](const Grid& g) { return to_json(g); }));
}

Result<Response> create_grid(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"id", "region_code", "kind", "parent_id", "name", "households", "residents", "grid_worker"}));
  GridCreate cmd{};
  SHEGONG_ASSIGN(cmd.id, client_id(body));
  SHEGONG_ASSIGN(auto code, body.string("region_code"));
  SHEGONG_ASSIGN(cmd.region_code, RegionCode::parse(code, "region_code"));
  SHEGONG_ASSIGN(auto kind, body.opt_string("kind"));
  SHEGONG_ASSIGN(cmd.kind, grid_kind(kind.value_or("grid"), "kind"));
  SHEGONG_ASSIGN(auto parent, body.opt_string("parent_id"));
  if (parent) {
    auto id = parse_uuid(*parent);
    if (!id) return Error::make(ErrorCode::invalid_field, "parent_id must be a UUID", "parent_id");
    cmd.parent_id = *id;
  }
  SHEGONG_ASSIGN(cmd.name, body.string("name"));
  SHEGONG_ASSIGN(auto households, body.opt_integer("households"));
  SHEGONG_ASSIGN(auto residents, body.opt_integer("residents"));
  cmd.households = households.value_or(0);
  cmd.residents = residents.value_or(0);
  SHEGONG_ASSIGN(auto worker, body.opt_string("grid_worker"));
  cmd.grid_worker = worker.value_or("");
  SHEGONG_ASSIGN(auto created, c.d.places.create_grid(c.actor, std::move(cmd)));
  auto r = json_response(created.created ? 201 : 200, to_json(created.record));
  r.headers.emplace_back("Location", "/api/v1/grids/" + created.record.id);
  return r;
}

Result<Response> get_grid(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto g, c.d.places.get_grid(c.actor, id));
  return json_response(200, to_json(g));
}

Result<Response> patch_grid(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"version", "name", "households", "residents", "grid_worker", "active"}));
  SHEGONG_ASSIGN(auto version, body.integer("version"));
  GridPatch p;
  SHEGONG_ASSIGN(p.name, body.opt_string("name"));
  if (body.has("name") && !p.name) p.name = std::string();
  SHEGONG_ASSIGN(p.grid_worker, body.opt_string("grid_worker"));
  SHEGONG_ASSIGN(p.households, body.opt_integer("households"));
  SHEGONG_ASSIGN(p.residents, body.opt_integer("residents"));
  SHEGONG_ASSIGN(p.active, body.opt_bool("active"));
  auto updated = c.d.places.update_grid(c.actor, id, version, p);
  if (!updated)
    return with_current(updated.error(), [&]() -> std::optional<boost::json::object> {
      auto cur = c.d.places.get_grid(c.actor, id);
      if (!cur) return std::nullopt;
      return to_json(*cur);
    });
  return json_response(200, to_json(*updated));
}

Result<Response> summary(Ctx& c) {
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  SHEGONG_ASSIGN(auto s, c.d.places.summary(c.actor, region));
  return json_response(200, to_json(s, region ? region : c.actor.region_code));
}

} // namespace

void add_place_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/stations", true, list_stations, {}});
  routes.push_back({"POST", "/api/v1/stations", true, create_station, {}});
  routes.push_back({"GET", "/api/v1/stations/{id}", true, get_station, {}});
  routes.push_back({"PATCH", "/api/v1/stations/{id}", true, patch_station, {}});
  routes.push_back({"GET", "/api/v1/grids", true, list_grids, {}});
  routes.push_back({"POST", "/api/v1/grids", true, create_grid, {}});
  routes.push_back({"GET", "/api/v1/grids/{id}", true, get_grid, {}});
  routes.push_back({"PATCH", "/api/v1/grids/{id}", true, patch_grid, {}});
  routes.push_back({"GET", "/api/v1/places/summary", true, summary, {}});
}

} // namespace shegong::http
