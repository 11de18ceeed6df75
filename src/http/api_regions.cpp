// Browsing and searching the statistical division tree.
#include "codec.hpp"
#include "routes.hpp"

namespace shegong::http {
namespace {

constexpr std::string_view kNoSort[] = {"level"};

boost::json::object list_json(const std::vector<Region>& regions) {
  boost::json::array items;
  items.reserve(regions.size());
  for (const auto& r : regions) items.push_back(to_json(r));
  return {{"items", std::move(items)}, {"total", regions.size()}, {"total_exact", true}};
}

} // namespace

void add_region_routes(std::vector<Route>& routes) {
  routes.push_back({"GET",
                    "/api/v1/regions",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      auto q = c.req.param("q");
                      if (!q || q->empty()) {
                        SHEGONG_ASSIGN(auto provinces, c.d.regions.provinces(c.actor));
                        return json_response(200, list_json(provinces));
                      }
                      SHEGONG_ASSIGN(auto under, region_param(c.req, "under"));
                      SHEGONG_ASSIGN(auto page, page_param(c.req, kNoSort, "level"));
                      SHEGONG_ASSIGN(auto hits, c.d.regions.search(c.actor, *q, under, page));
                      return json_response(200, page_json(hits, [](const RegionSearchHit& h) {
                                             auto o = to_json(h.region);
                                             o.erase("has_children");
                                             o["path"] = h.path;
                                             return o;
                                           }));
                    },
                    {}});
  routes.push_back({"GET",
                    "/api/v1/regions/{code}",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_ASSIGN(auto code, RegionCode::parse(c.params["code"], "code"));
                      SHEGONG_ASSIGN(auto detail, c.d.regions.get(c.actor, code));
                      unsigned char buf[4096]; // the hottest read: build its JSON on the stack
                      boost::json::monotonic_resource mr(buf, sizeof buf);
                      return json_response(200, to_json(detail, &mr));
                    },
                    {}});
  routes.push_back({"GET",
                    "/api/v1/regions/{code}/children",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_ASSIGN(auto code, RegionCode::parse(c.params["code"], "code"));
                      SHEGONG_ASSIGN(auto kids, c.d.regions.children(c.actor, code));
                      return json_response(200, list_json(kids));
                    },
                    {}});
}

} // namespace shegong::http
