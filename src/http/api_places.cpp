// Service sites (stations) and grids: list, create, read, edit, deactivate.
#include "codec.hpp"
#include "json_body.hpp"
#include "record_json.hpp"
#include "record_routes.hpp"
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

struct StationUses {
  static constexpr std::string_view path = "/api/v1/stations/";
  static Result<Created<Station>> create(Ctx& c, Station s) { return c.d.places.create_station(c.actor, std::move(s)); }
  static Result<Station> get(Ctx& c, std::string_view id) { return c.d.places.get_station(c.actor, id); }
  static Result<Station> update(Ctx& c, std::string_view id, std::int64_t version, const Edit<Station>& e) {
    return c.d.places.update_station(c.actor, id, version, e);
  }
};
using StationRoutes = RecordRoutes<Station, StationUses>;

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

struct GridUses {
  static constexpr std::string_view path = "/api/v1/grids/";
  static Result<Created<Grid>> create(Ctx& c, Grid g) { return c.d.places.create_grid(c.actor, std::move(g)); }
  static Result<Grid> get(Ctx& c, std::string_view id) { return c.d.places.get_grid(c.actor, id); }
  static Result<Grid> update(Ctx& c, std::string_view id, std::int64_t version, const Edit<Grid>& e) {
    return c.d.places.update_grid(c.actor, id, version, e);
  }
};
using GridRoutes = RecordRoutes<Grid, GridUses>;

Result<Response> summary(Ctx& c) {
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  SHEGONG_ASSIGN(auto s, c.d.places.summary(c.actor, region));
  return json_response(200, to_json(s, region ? region : c.actor.region_code));
}

} // namespace

void add_place_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/stations", true, list_stations, {}});
  routes.push_back({"POST", "/api/v1/stations", true, StationRoutes::create, {}});
  routes.push_back({"GET", "/api/v1/stations/{id}", true, StationRoutes::get, {}});
  routes.push_back({"PATCH", "/api/v1/stations/{id}", true, StationRoutes::patch, {}});
  routes.push_back({"GET", "/api/v1/grids", true, list_grids, {}});
  routes.push_back({"POST", "/api/v1/grids", true, GridRoutes::create, {}});
  routes.push_back({"GET", "/api/v1/grids/{id}", true, GridRoutes::get, {}});
  routes.push_back({"PATCH", "/api/v1/grids/{id}", true, GridRoutes::patch, {}});
  routes.push_back({"GET", "/api/v1/places/summary", true, summary, {}});
}

} // namespace shegong::http
