// Liveness, readiness, metrics and the API document: unauthenticated, for load balancers, Prometheus and clients.
#include "openapi_doc.hpp"
#include "routes.hpp"

namespace shegong::http {

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
