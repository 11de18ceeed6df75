// The figures: the indicator catalogue, the dashboard of a region and period, its workbook.
#include "codec.hpp"
#include "routes.hpp"

namespace shegong::http {
namespace {

namespace json = boost::json;

Result<std::optional<std::string>> month_param(const Request& req, std::string_view name) {
  auto v = req.param(name);
  if (!v || v->empty()) return std::optional<std::string>{};
  auto m = parse_month(*v);
  if (!m)
    return Error::make(ErrorCode::invalid_query, std::string(name) + " must be a month, YYYY-MM", std::string(name));
  return std::optional<std::string>{*m};
}

Result<StatsQuery> query_of(const Request& req) {
  StatsQuery q;
  SHEGONG_ASSIGN(q.region, region_param(req, "region"));
  SHEGONG_ASSIGN(q.from, month_param(req, "from"));
  SHEGONG_ASSIGN(q.to, month_param(req, "to"));
  return q;
}

json::value number_or_null(const std::optional<double>& v) {
  if (!v) return nullptr;
  return *v;
}

json::object values(const Figures& f) {
  json::object o;
  for (const auto& [code, fig] : f) o[code] = fig.value;
  return o;
}

std::int64_t value_of(const Figures& f, std::string_view code) {
  auto it = f.find(std::string(code));
  return it == f.end() ? 0 : it->second.value;
}

std::string_view level_name(int level) {
  if (level <= 0) return "country";
  return to_string(static_cast<RegionLevel>(level));
}

json::object dashboard_json(const Dashboard& d) {
  json::object figures, growth;
  for (const auto& [code, f] : d.figures) {
    json::object o{{"value", f.value}};
    if (!f.dims.empty()) {
      json::object dims;
      for (const auto& [k, v] : f.dims) dims[k] = v;
      o["dims"] = std::move(dims);
    }
    if (f.from_facts) o["source"] = "facts";
    figures[code] = std::move(o);
    const auto* ind = find_indicator(code);
    if (ind && ind->kind != IndicatorKind::place)
      growth[code] = json::object{{"pop", number_or_null(growth_percent(f.value, value_of(d.previous.figures, code)))},
                                  {"yoy", number_or_null(growth_percent(f.value, value_of(d.year_ago.figures, code)))}};
  }
  json::object series;
  for (const auto& [code, values_] : d.trend) {
    json::array a;
    for (auto v : values_) a.push_back(v);
    series[code] = std::move(a);
  }
  json::array months;
  for (const auto& m : d.months) months.push_back(json::string(m));
  json::array rows;
  for (const auto& row : d.breakdown) {
    json::object share;
    for (const char* code : {"visits", "households_visited", "person_times", "needs_raised", "needs_resolved",
                             "value_fen", "persons_served", "stations", "workers"})
      share[code] = number_or_null(ratio(value_of(row.figures, code), value_of(d.figures, code), 100.0));
    rows.push_back(json::object{
        {"code", row.code}, {"name", row.name}, {"figures", values(row.figures)}, {"share", std::move(share)}});
  }
  const auto& f = d.figures;
  return {
      {"region", json::object{{"code", d.region_code.empty() ? json::value(nullptr) : json::value(d.region_code)},
                              {"name", d.region_name},
                              {"level", level_name(d.level)}}},
      {"period", json::object{{"from", d.from}, {"to", d.to}}},
      {"figures", std::move(figures)},
      {"previous",
       json::object{{"from", d.previous.from}, {"to", d.previous.to}, {"figures", values(d.previous.figures)}}},
      {"year_ago",
       json::object{{"from", d.year_ago.from}, {"to", d.year_ago.to}, {"figures", values(d.year_ago.figures)}}},
      {"growth", std::move(growth)},
      {"ratios",
       json::object{{"workers_per_10k_residents",
                     number_or_null(ratio(value_of(f, "workers"), value_of(f, "residents"), 10000.0))},
                    {"visited_share_of_target", number_or_null(ratio(value_of(f, "households_visited"),
                                                                     value_of(f, "households_in_target"), 100.0))},
                    {"resolved_share_of_raised",
                     number_or_null(ratio(value_of(f, "needs_resolved"), value_of(f, "needs_raised"), 100.0))}}},
      {"trend", json::object{{"months", std::move(months)}, {"series", std::move(series)}}},
      {"breakdown",
       json::object{{"level", d.child_level ? json::value(level_name(d.child_level)) : json::value(nullptr)},
                    {"rows", std::move(rows)}}},
      {"cumulative", d.cumulative},
      {"summary", d.summary},
  };
}

} // namespace

void add_stats_routes(std::vector<Route>& routes) {
  routes.push_back({"GET",
                    "/api/v1/stats/indicators",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_TRY(c.d.access.require(c.actor, Action::read, Resource::stats));
                      json::array items;
                      for (const auto& i : indicator_catalogue())
                        items.push_back(json::object{{"code", i.code},
                                                     {"name", i.name},
                                                     {"unit", i.unit},
                                                     {"kind", to_string(i.kind)},
                                                     {"definition", i.definition}});
                      return json_response(200, json::object{{"items", std::move(items)}});
                    },
                    {}});
  routes.push_back({"GET",
                    "/api/v1/stats/dashboard",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_ASSIGN(auto q, query_of(c.req));
                      SHEGONG_ASSIGN(auto d, c.d.stats.dashboard(c.actor, q));
                      return json_response(200, dashboard_json(d));
                    },
                    {}});
  routes.push_back({"GET",
                    "/api/v1/stats/report.xlsx",
                    true,
                    [](Ctx& c) -> Result<Response> {
                      SHEGONG_ASSIGN(auto q, query_of(c.req));
                      SHEGONG_ASSIGN(auto bytes, c.d.stats.report_xlsx(c.actor, q, c.d.spreadsheets));
                      return xlsx(std::move(bytes), "report.xlsx", "%E7%BB%9F%E8%AE%A1%E6%8A%A5%E8%A1%A8.xlsx");
                    },
                    {}});
}

} // namespace shegong::http
