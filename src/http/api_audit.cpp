// The audit trail, for auditors: read-only, filtered, newest first.
#include <chrono>

#include "codec.hpp"
#include "routes.hpp"

namespace shegong::http {
namespace {

constexpr std::string_view kSort[] = {"seq"};

Result<std::optional<TimestampMs>> date_param(const Request& req, std::string_view name) {
  auto v = req.param(name);
  if (!v || v->empty()) return std::optional<TimestampMs>{};
  auto d = parse_date(*v);
  if (!d)
    return Error::make(ErrorCode::invalid_query, std::string(name) + " must be a date YYYY-MM-DD", std::string(name));
  // Dates are days in China Standard Time (UTC+8), as people in the bureau mean them.
  const int yy = std::stoi(d->substr(0, 4)), mm = std::stoi(d->substr(5, 2)), dd = std::stoi(d->substr(8, 2));
  namespace chr = std::chrono;
  const chr::sys_days days{chr::year{yy} / chr::month{static_cast<unsigned>(mm)} / chr::day{static_cast<unsigned>(dd)}};
  return std::optional<TimestampMs>(chr::duration_cast<chr::milliseconds>(days.time_since_epoch()).count() -
                                    8 * 3600 * 1000);
}

Result<AuditFilter> filter_of(const Request& req) {
  AuditFilter f;
  f.user_id = std::string(req.param("user_id").value_or(""));
  f.record_id = std::string(req.param("record_id").value_or(""));
  f.action = std::string(req.param("action").value_or(""));
  SHEGONG_ASSIGN(f.from, date_param(req, "from"));
  SHEGONG_ASSIGN(auto to, date_param(req, "to"));
  if (to) f.to = *to + 24 * 3600 * 1000; // "to" is inclusive of its day
  return f;
}

} // namespace

void add_audit_routes(std::vector<Route>& routes) {
  routes.push_back({"GET",
                    "/api/v1/audit/export",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_TRY(c.d.access.require(c.actor, Action::read, Resource::audit));
                      SHEGONG_ASSIGN(auto f, filter_of(c.req));
                      f.scope = c.actor.scope;
                      SHEGONG_ASSIGN(auto bytes, c.d.audit.export_xlsx(c.actor, f, c.d.spreadsheets));
                      return xlsx(std::move(bytes), "audit.xlsx", "%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.xlsx");
                    },
                    {}});
  routes.push_back({"GET",
                    "/api/v1/audit",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_ASSIGN(auto f, filter_of(c.req));
                      f.scope = c.actor.scope;
                      SHEGONG_ASSIGN(auto page, page_param(c.req, kSort, "seq"));
                      SHEGONG_TRY(c.d.access.require(c.actor, Action::read, Resource::audit));
                      SHEGONG_ASSIGN(auto entries, c.d.audit.list(f, page));
                      return json_response(200, page_json(entries, [](const AuditEntry& e) { return to_json(e); }));
                    },
                    {}});
}

} // namespace shegong::http
