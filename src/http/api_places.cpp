// Service sites (stations) and grids: list, create, read, edit, deactivate.
#include "codec.hpp"
#include "json_body.hpp"
#include "record_json.hpp"
#include "shegong/records/places.hpp"
#include "routes.hpp"

namespace shegong::http {
namespace {

// The filters a list of stations and one of grids share: region, kind, active, q.
template <class Filter>
Result<Filter> place_filter(const Request& req) {
  using Kind = typename decltype(Filter::kind)::value_type;
  Filter f;
  SHEGONG_ASSIGN(auto region, region_param(req, "region"));
  if (region) f.scope = Scope::under(*region);
  if (auto k = req.param("kind"); k && !k->empty()) {
    f.kind = records::Enum<Kind>::parse(*k);
    if (!f.kind)
      return Error::make(ErrorCode::invalid_query, "kind is not a " + std::string(records::Enum<Kind>::schema), "kind");
  }
  SHEGONG_ASSIGN(f.active, bool_param(req, "active"));
  f.q = std::string(req.param("q").value_or(""));
  return f;
}

// ---- stations ---------------------------------------------------------------

Result<Response> list_stations(Ctx& c) {
  SHEGONG_ASSIGN(auto f, place_filter<StationFilter>(c.req));
  SHEGONG_ASSIGN(auto page, page_param(c.req, PlaceService::station_sort_keys(), "name"));
  SHEGONG_ASSIGN(auto result, c.d.places.list_stations(c.actor, std::move(f), page));
  return json_response(200, page_json(result, [](const Station& s) { return to_json(s); }));
}

Result<Response> create_station(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_ASSIGN(auto station, read_create<Station>(body));
  SHEGONG_ASSIGN(auto created, c.d.places.create_station(c.actor, std::move(station)));
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
  SHEGONG_ASSIGN(auto edit, read_edit<Station>(body));
  SHEGONG_ASSIGN(auto version, body.integer("version"));
  auto updated = c.d.places.update_station(c.actor, id, version, edit);
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
  SHEGONG_ASSIGN(auto f, place_filter<GridFilter>(c.req));
  if (auto p = c.req.param("parent_id"); p && !p->empty()) {
    auto id = parse_uuid(*p);
    if (!id) return Error::make(ErrorCode::invalid_query, "parent_id must be a UUID", "parent_id");
    f.parent_id = *id;
  }
  SHEGONG_ASSIGN(auto page, page_param(c.req, PlaceService::grid_sort_keys(), "name"));
  SHEGONG_ASSIGN(auto result, c.d.places.list_grids(c.actor, std::move(f), page));
  return json_response(200, page_json(result, [](const Grid& g) { return to_json(g); }));
}

Result<Response> create_grid(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_ASSIGN(auto grid, read_create<Grid>(body));
  SHEGONG_ASSIGN(auto created, c.d.places.create_grid(c.actor, std::move(grid)));
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
  SHEGONG_ASSIGN(auto edit, read_edit<Grid>(body));
  SHEGONG_ASSIGN(auto version, body.integer("version"));
  auto updated = c.d.places.update_grid(c.actor, id, version, edit);
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
