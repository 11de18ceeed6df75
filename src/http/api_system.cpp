// Liveness, readiness and metrics: unauthenticated, for load balancers and Prometheus.
#include "routes.hpp"

namespace shegong::http {

void add_system_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/healthz", false, [](Ctx& c) -> Result<Response> {
                      return json_response(200, {{"status", "ok"}, {"version", c.d.version}});
                    }, {}});
  routes.push_back({"GET", "/readyz", false, [](Ctx& c) -> Result<Response> {
                      if (auto r = c.d.store.ping(); !r)
                        return Error::make(ErrorCode::unavailable, "the database does not answer: " + r.error().message);
                      return json_response(200, {{"status", "ready"}});
                    }, {}});
  routes.push_back({"GET", "/metrics", false, [](Ctx& c) -> Result<Response> {
                      Response r;
                      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                      r.body = c.d.metrics.render();
                      return r;
                    }, {}});
}

} // namespace shegong::http
