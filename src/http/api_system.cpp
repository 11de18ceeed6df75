// Liveness, readiness, metrics, the API document and its vocabulary: unauthenticated, for load balancers, Prometheus
// and clients.
#include "openapi_doc.hpp"
#include "routes.hpp"
#include "shegong/domain/vocabulary.hpp"
#include "shegong/http/api.hpp"

namespace shegong::http {
namespace {

boost::json::object vocabulary_json() {
  boost::json::object lists;
  for (const auto& list : vocabulary()) {
    boost::json::array codes, transitions;
    for (const auto& c : list.codes) codes.push_back({{"code", c.code}, {"zh", c.label}, {"en", c.en}});
    for (const auto& t : list.transitions)
      transitions.push_back({{"from", t.from}, {"to", t.to}, {"reason_required", t.reason_required}});
    lists[list.name] = {{"codes", std::move(codes)}, {"transitions", std::move(transitions)}};
  }
  return {{"lists", std::move(lists)}};
}

} // namespace

std::string vocabulary_json_text() { return boost::json::serialize(vocabulary_json()); }

void add_system_routes(std::vector<Route>& routes) {
  routes.push_back({"GET",
                    "/healthz",
                    false,
                    [](Ctx& c) -> Result<Response> {
                      return json_response(200, {{"status", "ok"}, {"version", c.d.version}});
                    },
                    {}});
  routes.push_back({"GET",
                    "/readyz",
                    false,
                    [](Ctx& c) -> Result<Response> {
                      if (auto r = c.d.store.ping(); !r)
                        return Error::make(ErrorCode::unavailable,
                                           "the database does not answer: " + r.error().message);
                      return json_response(200, {{"status", "ready"}});
                    },
                    {}});
  routes.push_back({"GET",
                    "/api/v1/openapi.json",
                    false,
                    [](Ctx&) -> Result<Response> {
                      Response r;
                      r.body = std::string(openapi_document());
                      r.headers.emplace_back("Cache-Control", "public, max-age=300");
                      return r;
                    },
                    {}});
  routes.push_back({"GET",
                    "/api/v1/vocabulary",
                    false,
                    [](Ctx&) -> Result<Response> {
                      auto r = json_response(200, vocabulary_json());
                      r.headers.emplace_back("Cache-Control", "public, max-age=300");
                      return r;
                    },
                    {}});
  routes.push_back({"GET",
                    "/metrics",
                    false,
                    [](Ctx& c) -> Result<Response> {
                      Response r;
                      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                      r.body = c.d.metrics.render();
                      return r;
                    },
                    {}});
}

} // namespace shegong::http
