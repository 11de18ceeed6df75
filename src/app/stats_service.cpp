#include "shegong/app/stats_service.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <unordered_map>

#include "shegong/domain/person.hpp"

namespace shegong {
namespace {

std::string person_subject(std::string_view id) { return "p:" + std::string(id); }
std::string household_subject(std::string_view id) { return "h:" + std::string(id); }

// What a subject has added to the counters (nothing when it never counted).
Result<std::vector<StatDelta>> kept_share(Repositories& r, const std::string& subject) {
  SHEGONG_ASSIGN(auto stored, r.stats().share(subject));
  if (!stored) return std::vector<StatDelta>{};
  return parse_deltas(*stored);
}

// Moves a subject's counted share from `before` (what it added) to `after`.
Result<void> reshare(Repositories& r, const std::string& subject, const std::vector<StatDelta>& before,
                     const std::vector<StatDelta>& after) {
  const auto moved = difference(before, after);
  if (moved.empty()) return ok();
  SHEGONG_TRY(r.stats().add(moved));
  return r.stats().put_share(subject, serialize(after));
}

std::vector<StatDelta> visit_share(const VisitRecord& v) {
  return visit_contributions(v.region_code.str(), v.visited_on, v.content.mode,
                             static_cast<std::int64_t>(v.content.persons_seen.size()));
}

std::vector<StatDelta> need_share(const NeedRecord& n) {
  NeedFacts f{n.region_code.str(), n.category, china_date(n.raised_at), n.state, std::nullopt};
  if (n.closed_at) f.closed_on = china_date(*n.closed_at);
  return need_contributions(f);
}

std::string last_day(std::string_view month) { return add_days(add_months(month, 1) + "-01", -1); }

} // namespace

Result<void> recount_person(Repositories& r, std::string_view person_id) {
  SHEGONG_ASSIGN(auto facts, r.stats().person(person_id));
  std::vector<StatDelta> after;
  if (facts) after = person_contributions(facts->region, facts->merged, facts->spans);
  const auto subject = person_subject(person_id);
  SHEGONG_ASSIGN(auto before, kept_share(r, subject));
  return reshare(r, subject, before, after);
}

namespace {
Result<void> recount_household(Repositories& r, std::string_view target_id, const std::vector<StatDelta>& before) {
  SHEGONG_ASSIGN(auto facts, r.stats().household(target_id));
  return reshare(r, household_subject(target_id), before, household_contributions(facts.joined, facts.visited));
}
} // namespace

Result<void> recount_household(Repositories& r, std::string_view target_id) {
  SHEGONG_ASSIGN(auto before, kept_share(r, household_subject(target_id)));
  return recount_household(r, target_id, before);
}

Result<void> count_new_people(Repositories& r, const std::vector<PersonFacts>& people) {
  std::vector<StatDelta> all;
  for (const auto& p : people) {
    auto share = person_contributions(p.region, p.merged, p.spans);
    if (share.empty()) continue;
    SHEGONG_TRY(r.stats().put_share(person_subject(p.id), serialize(share)));
    all.insert(all.end(), share.begin(), share.end());
  }
  return r.stats().add(net(std::move(all)));
}

Result<void> count_visit(Repositories& r, const VisitRecord* before, const VisitRecord& after) {
  const auto moved = difference(before ? visit_share(*before) : std::vector<StatDelta>{}, visit_share(after));
  SHEGONG_TRY(r.stats().add(moved));
  if (before && before->visited_on == after.visited_on && before->region_code == after.region_code) return ok();
  SHEGONG_ASSIGN(auto share, kept_share(r, household_subject(after.target_id)));
  // Most visits follow one earlier in the same month: the household's firsts stand.
  if (!before && !moves_firsts(share, after.region_code.str(), after.visited_on)) return ok();
  return recount_household(r, after.target_id, share);
}

Result<void> count_need(Repositories& r, const NeedRecord* before, const NeedRecord& after) {
  return r.stats().add(difference(before ? need_share(*before) : std::vector<StatDelta>{}, need_share(after)));
}

Result<void> count_resource(Repositories& r, const NeedRecord& need, const NeedResource& resource) {
  return r.stats().add(
      resource_contributions(need.region_code.str(), china_date(resource.at), resource.kind, resource.value_fen));
}

std::string StatsService::current_month() const { return china_date(clock_.now_ms()).substr(0, 7); }

namespace {

struct NodeView {
  std::string code, name;
  int level = 0;
  Scope scope = Scope::national();
};

// Every figure of one node for [from, to], the place figures (now) included.
Result<Figures> node_figures(Repositories& r, const NodeView& node, const std::vector<StatRow>& rows,
                             const std::string& from, const std::string& to) {
  Figures out = read_period(rows, from, to);
  if (!out.contains("households_visited")) {
    SHEGONG_ASSIGN(auto n, r.stats().distinct_households_visited(node.scope, from + "-01", last_day(to)));
    Figure f;
    f.value = n;
    f.from_facts = true;
    out["households_visited"] = f;
  }
  return out;
}

Result<void> add_place_figures(Repositories& r, const Scope& scope, Figures& out) {
  SHEGONG_ASSIGN(auto stations, r.stations().count_active_by_kind(scope));
  Figure st;
  for (const auto& [kind, n] : stations) {
    st.value += n;
    if (n) st.dims[std::string(to_string(kind))] = n;
  }
  out["stations"] = st;
  SHEGONG_ASSIGN(auto grids, r.grids().summary(scope));
  out["grids"].value = grids.grids;
  out["micro_grids"].value = grids.micro_grids;
  out["residents"].value = grids.residents;
  SHEGONG_ASSIGN(out["workers"].value, r.stats().count_workers(scope));
  return ok();
}

Result<NodeView> resolve_node(Repositories& r, const Actor& actor, const std::optional<RegionCode>& asked) {
  const auto code = asked ? asked : actor.region_code;
  if (!code) return NodeView{};
  if (!actor.scope.contains(*code)) return Error::make(ErrorCode::not_found, "no such region in your area", "region");
  SHEGONG_ASSIGN(auto region, r.regions().find(*code));
  if (!region) return Error::make(ErrorCode::not_found, "no such region", "region");
  return NodeView{code->str(), region->name, static_cast<int>(code->level()), Scope::under(*code)};
}

} // namespace

Result<Dashboard> StatsService::dashboard(const Actor& actor, const StatsQuery& q) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::stats));
  const std::string now_month = current_month();
  Dashboard d;
  d.to = q.to.value_or(now_month);
  d.from = q.from.value_or(d.to.substr(0, 4) + "-01");
  if (d.from > d.to) return Error::make(ErrorCode::invalid_field, "must not come after `to`", "from");
  if (month_count(d.from, d.to) > 120)
    return Error::make(ErrorCode::invalid_field, "the period spans more than 120 months", "from");
  const int n = month_count(d.from, d.to);
  d.previous.from = add_months(d.from, -n);
  d.previous.to = add_months(d.to, -n);
  d.year_ago.from = add_months(d.from, -12);
  d.year_ago.to = add_months(d.to, -12);
  for (int i = 0; i < n; ++i) d.months.push_back(add_months(d.from, i));

  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto node, resolve_node(r, actor, q.region));
    d.region_code = node.code;
    d.region_name = node.code.empty() ? "全国" : node.name;
    d.level = node.level;
    SHEGONG_ASSIGN(auto rows, r.stats().rows(node.code, std::min(d.previous.from, d.year_ago.from)));
    SHEGONG_ASSIGN(d.figures, node_figures(r, node, rows, d.from, d.to));
    SHEGONG_TRY(add_place_figures(r, node.scope, d.figures));
    // Comparisons read the counters only: a distinct count no bucket gives is left out (its
    // growth null) rather than counted from a year of visits.
    d.previous.figures = read_period(rows, d.previous.from, d.previous.to);
    d.year_ago.figures = read_period(rows, d.year_ago.from, d.year_ago.to);
    d.trend = read_trend(rows, d.from, d.to);
    // "累计": the period runs from before the region's first visit up to now.
    d.cumulative = d.to == now_month && !visited_before(rows, d.from);

    std::optional<RegionCode> parent;
    if (!node.code.empty()) parent = *RegionCode::parse(node.code);
    if (!parent || parent->level() != RegionLevel::village) {
      SHEGONG_ASSIGN(auto kids, r.regions().children(parent));
      d.child_level = node.level + 1;
      for (const auto& k : kids) {
        NodeView child{k.code.str(), k.name, static_cast<int>(k.code.level()), Scope::under(k.code)};
        SHEGONG_ASSIGN(auto child_rows, r.stats().rows(child.code, d.from));
        BreakdownRow row{child.code, child.name, {}};
        SHEGONG_ASSIGN(row.figures, node_figures(r, child, child_rows, d.from, d.to));
        SHEGONG_TRY(add_place_figures(r, child.scope, row.figures));
        d.breakdown.push_back(std::move(row));
      }
    }
    return ok();
  }));

  SummaryFacts s;
  s.region_name = d.region_name;
  s.level = d.level;
  s.cumulative = d.cumulative;
  s.from = d.from;
  s.to = d.to;
  auto value = [&](const char* code) { return d.figures.contains(code) ? d.figures.at(code).value : 0; };
  s.stations = value("stations");
  s.workers = value("workers");
  s.households_visited = value("households_visited");
  s.needs_resolved = value("needs_resolved");
  s.value_fen = value("value_fen");
  s.person_times = value("person_times");
  d.summary = summary_paragraph(s);
  return d;
}

namespace {

std::string num(std::int64_t v) { return std::to_string(v); }
std::string pct(const std::optional<double>& p) {
  if (!p) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", *p);
  return buf;
}
std::int64_t value_of(const Figures& f, std::string_view code) {
  auto it = f.find(std::string(code));
  return it == f.end() ? 0 : it->second.value;
}

} // namespace

Result<std::string> StatsService::report_xlsx(const Actor& actor, const StatsQuery& q, SpreadsheetWriter& writer) {
  SHEGONG_ASSIGN(auto d, dashboard(actor, q));
  std::vector<SheetData> book;
  SheetData figures{"指标",
                    {"指标代码", "指标", "单位", "本期", "上期", "环比(%)", "去年同期", "同比(%)", "口径"},
                    {},
                    {false, false, false, true, true, true, true, true, false}};
  for (const auto& ind : indicator_catalogue()) {
    const std::string code(ind.code);
    const auto now = value_of(d.figures, code);
    const bool compared = ind.kind != IndicatorKind::place;
    // A comparison the counters cannot give exactly (a distinct count) is left blank.
    const bool has_prev = compared && d.previous.figures.contains(code);
    const bool has_ya = compared && d.year_ago.figures.contains(code);
    const auto prev = value_of(d.previous.figures, code), ya = value_of(d.year_ago.figures, code);
    figures.rows.push_back({code, std::string(ind.name), std::string(ind.unit), num(now), has_prev ? num(prev) : "",
                            has_prev ? pct(growth_percent(now, prev)) : "", has_ya ? num(ya) : "",
                            has_ya ? pct(growth_percent(now, ya)) : "", std::string(ind.definition)});
  }
  figures.rows.push_back({"summary", "情况摘要", "", d.summary, "", "", "", "", ""});
  book.push_back(std::move(figures));

  const char* kBreak[] = {"stations",  "workers",      "persons_served", "households_in_target", "households_visited",
                          "visits",    "person_times", "needs_raised",   "needs_resolved",       "needs_open",
                          "value_fen", "grids",        "residents"};
  SheetData breakdown{"下级区域", {"区划代码", "区域"}, {}, {false, false}};
  for (const char* c : kBreak) {
    breakdown.headers.push_back(std::string(find_indicator(c)->name));
    breakdown.numeric.push_back(true);
  }
  for (const auto& row : d.breakdown) {
    std::vector<std::string> cells{row.code, row.name};
    for (const char* c : kBreak) cells.push_back(num(value_of(row.figures, c)));
    breakdown.rows.push_back(std::move(cells));
  }
  book.push_back(std::move(breakdown));

  const char* kTrend[] = {"visits",         "households_visited", "person_times", "needs_raised",
                          "needs_resolved", "needs_open",         "value_fen",    "persons_served"};
  SheetData trend{"月度趋势", {"月份"}, {}, {false}};
  for (const char* c : kTrend) {
    trend.headers.push_back(std::string(find_indicator(c)->name));
    trend.numeric.push_back(true);
  }
  for (std::size_t i = 0; i < d.months.size(); ++i) {
    std::vector<std::string> cells{d.months[i]};
    for (const char* c : kTrend) cells.push_back(num(d.trend[c][i]));
    trend.rows.push_back(std::move(cells));
  }
  book.push_back(std::move(trend));

  SheetData needs{
      "需求分类", {"需求类别", "发现", "解决", "转介", "关闭", "未办结"}, {}, {false, true, true, true, true, true}};
  std::map<std::string, bool> cats;
  for (const char* c : {"needs_raised", "needs_resolved", "needs_referred", "needs_closed", "needs_open"})
    for (const auto& [dim, v] : d.figures[c].dims) cats[dim] = true;
  for (const auto& [cat, _] : cats) {
    std::vector<std::string> cells{cat};
    for (const char* c : {"needs_raised", "needs_resolved", "needs_referred", "needs_closed", "needs_open"}) {
      const auto& dims = d.figures[c].dims;
      cells.push_back(num(dims.contains(cat) ? dims.at(cat) : 0));
    }
    needs.rows.push_back(std::move(cells));
  }
  book.push_back(std::move(needs));

  SheetData people{"服务对象分类", {"类别", "人数", "占服务对象(%)"}, {}, {false, true, true}};
  const auto served = value_of(d.figures, "persons_served");
  for (const auto& [cat, v] : d.figures["persons_by_category"].dims)
    people.rows.push_back({cat, num(v), pct(ratio(v, served, 100.0))});
  book.push_back(std::move(people));
  return writer.write_book(book);
}

Result<bool> StatsService::count_if_uncounted() {
  bool uncounted = false;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(uncounted, r.stats().uncounted());
    return ok();
  }));
  if (!uncounted) return false;
  SHEGONG_TRY(rebuild(true));
  return true;
}

Result<RebuildReport> StatsService::rebuild(bool fix) {
  RebuildReport report;
  // Keys are "node|month|indicator|dim" (no part holds '|'). The facts' deltas are added up
  // per region first and spread to the regions above only once: ten million visits make a few
  // hundred thousand regional keys, not sixty million node updates.
  std::unordered_map<std::string, std::int64_t> leaf, live;
  std::map<std::string, std::int64_t> expected; // sorted: differences are listed in order
  std::vector<std::pair<std::string, std::string>> shares;
  std::unordered_map<std::string, std::string> live_shares;
  auto key = [](std::string_view node, std::string_view month, std::string_view indicator, std::string_view dim) {
    std::string k;
    k.reserve(node.size() + month.size() + indicator.size() + dim.size() + 3);
    k.append(node).append("|").append(month).append("|").append(indicator).append("|").append(dim);
    return k;
  };
  auto expect = [&](const std::vector<StatDelta>& deltas) {
    for (const auto& d : deltas) leaf[key(d.region, d.month, d.indicator, d.dim)] += d.value;
  };
  auto parts = [](const std::string& k) {
    std::array<std::string, 4> out;
    std::size_t at = 0;
    for (int i = 0; i < 3; ++i) {
      const auto bar = k.find('|', at);
      out[static_cast<std::size_t>(i)] = k.substr(at, bar - at);
      at = bar + 1;
    }
    out[3] = k.substr(at);
    return out;
  };
  auto work = [&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.stats().scan_people([&](const PersonFacts& p) -> Result<void> {
      ++report.people;
      auto share = person_contributions(p.region, p.merged, p.spans);
      if (!share.empty()) shares.emplace_back(person_subject(p.id), serialize(share));
      expect(share);
      return ok();
    }));
    SHEGONG_TRY(r.stats().scan_households([&](const HouseholdFacts& h) -> Result<void> {
      ++report.households;
      auto share = household_contributions(h.joined, h.visited);
      if (!share.empty()) shares.emplace_back(household_subject(h.target_id), serialize(share));
      expect(share);
      return ok();
    }));
    SHEGONG_TRY(r.stats().scan_visits([&](const VisitFacts& v) -> Result<void> {
      ++report.visits;
      expect(visit_contributions(v.region, v.day, v.mode, v.persons_seen));
      return ok();
    }));
    SHEGONG_TRY(r.stats().scan_needs([&](const NeedFacts& n) -> Result<void> {
      ++report.needs;
      expect(need_contributions(n));
      return ok();
    }));
    SHEGONG_TRY(r.stats().scan_resources([&](const ResourceFacts& x) -> Result<void> {
      ++report.resources;
      expect(resource_contributions(x.region, x.day, x.kind, x.value_fen));
      return ok();
    }));
    for (const auto& [k, v] : leaf) {
      if (v == 0) continue;
      const auto p = parts(k);
      const bool total = kept_in_total(p[2], p[3]);
      for (const auto& node : stat_nodes(p[0])) {
        expected[key(node, p[1], p[2], p[3])] += v;
        if (total) expected[key(node, kAllMonths, p[2], p[3])] += v;
      }
    }
    leaf.clear();
    SHEGONG_TRY(r.stats().scan_counts([&](const CountRow& c) -> Result<void> {
      ++report.counters;
      live[key(c.node, c.month, c.indicator, c.dim)] += c.value;
      return ok();
    }));
    SHEGONG_TRY(r.stats().scan_shares([&](std::string_view subject, std::string_view deltas) -> Result<void> {
      live_shares.emplace(std::string(subject), std::string(deltas));
      return ok();
    }));
    std::erase_if(expected, [](const auto& kv) { return kv.second == 0; });
    std::erase_if(live, [](const auto& kv) { return kv.second == 0; });
    auto name = [&](const std::string& k) {
      const auto p = parts(k);
      return (p[0].empty() ? std::string("全国") : p[0]) + " " + p[1] + " " + p[2] + (p[3].empty() ? "" : "/" + p[3]);
    };
    constexpr std::size_t kListed = 1000; // a store with everything wrong is not printed whole
    std::size_t wrong = 0;
    auto differ = [&](const std::string& k, std::int64_t have, std::int64_t want) {
      if (++wrong <= kListed)
        report.differences.push_back(name(k) + ": live " + std::to_string(have) + ", from the facts " +
                                     std::to_string(want));
    };
    for (const auto& [k, v] : expected) {
      auto it = live.find(k);
      const std::int64_t have = it == live.end() ? 0 : it->second;
      if (have != v) differ(k, have, v);
    }
    std::vector<std::string> extra;
    for (const auto& [k, v] : live)
      if (!expected.contains(k)) extra.push_back(k);
    std::sort(extra.begin(), extra.end());
    for (const auto& k : extra) differ(k, live[k], 0);
    if (wrong > kListed) report.differences.push_back("… and " + std::to_string(wrong - kListed) + " more counters");
    std::size_t share_differences = 0;
    for (const auto& [subject, deltas] : shares) {
      auto it = live_shares.find(subject);
      if (it == live_shares.end() || it->second != deltas) ++share_differences;
      if (it != live_shares.end()) live_shares.erase(it);
    }
    share_differences += live_shares.size();
    if (share_differences)
      report.differences.push_back(std::to_string(share_differences) + " recorded shares differ from the facts");
    if (fix && !report.differences.empty()) {
      std::vector<CountRow> rows;
      rows.reserve(expected.size());
      for (const auto& [k, v] : expected) {
        auto p = parts(k);
        rows.push_back(CountRow{std::move(p[0]), std::move(p[1]), std::move(p[2]), std::move(p[3]), v});
      }
      SHEGONG_TRY(r.stats().replace_all(rows, shares));
      report.fixed = true;
    }
    return ok();
  };
  // Read and (when fixing) replace in one transaction, so no fact lands in between.
  if (fix)
    SHEGONG_TRY(store_.write(work));
  else
    SHEGONG_TRY(store_.read(work));
  return report;
}

} // namespace shegong
