#include "shegong/domain/stats.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "shegong/core/clock.hpp"
#include "shegong/core/region_code.hpp"

namespace shegong {
namespace {

constexpr Indicator kCatalogue[] = {
    {"stations", "社工站点", "个", "在用的站点（社工站、幸福邻里中心、儿童之家、社区服务综合体），按类型",
     IndicatorKind::place},
    {"workers", "民政社工", "名", "在用的社工与社工站站长账号", IndicatorKind::place},
    {"grids", "网格", "个", "在用的网格（不含微网格）", IndicatorKind::place},
    {"micro_grids", "微网格", "个", "在用的微网格", IndicatorKind::place},
    {"residents", "常住人口", "人", "各网格登记的常住人口之和（微网格属于网格，不重复相加）", IndicatorKind::place},
    {"persons_served", "服务对象", "人", "期末持有至少一个类别的人数；一人多类只计一次", IndicatorKind::stock},
    {"persons_by_category", "各类服务对象", "人", "期末持有各类别的人数；各类可重叠，不相加为服务对象总数",
     IndicatorKind::stock},
    {"households_in_target", "目标户数", "户", "截至期末纳入任一走访活动的户（无户人员按一户计），多次纳入只计一次",
     IndicatorKind::stock},
    {"households_visited", "走访户数", "户", "期内至少走访一次的户，多次走访只计一次；不由各月或下级户数相加",
     IndicatorKind::distinct},
    {"visits", "走访次数", "次", "走访日期在期内的走访，按方式（上门、电话、视频）", IndicatorKind::flow},
    {"person_times", "服务人次", "人次", "每次走访见到的人数（至少一人）之和；人次相加，不去重", IndicatorKind::flow},
    {"needs_raised", "发现需求", "件", "期内发现的需求，按类别", IndicatorKind::flow},
    {"needs_resolved", "解决需求", "件", "期内解决的需求（不论何时发现），按类别", IndicatorKind::flow},
    {"needs_referred", "转介需求", "件", "期内转介的需求，按类别", IndicatorKind::flow},
    {"needs_closed", "未解决关闭", "件", "期内未解决即关闭的需求，按类别", IndicatorKind::flow},
    {"needs_open", "未办结需求", "件", "截至期末已发现、尚未解决、转介或关闭的需求，按类别", IndicatorKind::stock},
    {"resources", "链接资源", "项", "期内链接的资源，按类型", IndicatorKind::flow},
    {"value_fen", "链接款物", "分", "期内链接的款物价值（分），按类型", IndicatorKind::flow},
};

std::string month_of(std::string_view day) { return std::string(day.substr(0, 7)); }

int year_of(std::string_view month) { return std::stoi(std::string(month.substr(0, 4))); }
int mon_of(std::string_view month) { return std::stoi(std::string(month.substr(5, 2))); }

std::string make_month(int y, int m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}

StatDelta delta(std::string_view region, std::string month, std::string_view indicator, std::string_view dim,
                std::int64_t value) {
  return StatDelta{std::string(region), std::move(month), std::string(indicator), std::string(dim), value};
}

bool is_final(std::string_view state) { return state == "resolved" || state == "referred" || state == "closed"; }

} // namespace

std::string_view to_string(IndicatorKind k) noexcept {
  switch (k) {
    case IndicatorKind::place:
      return "place";
    case IndicatorKind::flow:
      return "flow";
    case IndicatorKind::stock:
      return "stock";
    case IndicatorKind::distinct:
      return "distinct";
  }
  return "flow";
}

std::span<const Indicator> indicator_catalogue() { return kCatalogue; }

const Indicator* find_indicator(std::string_view code) {
  for (const auto& i : kCatalogue)
    if (i.code == code) return &i;
  return nullptr;
}

std::vector<StatDelta> net(std::vector<StatDelta> deltas) {
  auto key = [](const StatDelta& d) { return std::tie(d.region, d.month, d.indicator, d.dim); };
  std::sort(deltas.begin(), deltas.end(), [&](const StatDelta& a, const StatDelta& b) { return key(a) < key(b); });
  std::vector<StatDelta> out;
  for (auto& d : deltas) {
    if (!out.empty() && key(out.back()) == key(d))
      out.back().value += d.value;
    else
      out.push_back(std::move(d));
  }
  std::erase_if(out, [](const StatDelta& d) { return d.value == 0; });
  return out;
}

std::vector<StatDelta> difference(const std::vector<StatDelta>& before, const std::vector<StatDelta>& after) {
  std::vector<StatDelta> all = after;
  for (auto d : before) {
    d.value = -d.value;
    all.push_back(std::move(d));
  }
  return net(std::move(all));
}

// One delta a line: region|month|indicator|dim|value. None of the parts holds '|' or '\n'.
std::string serialize(const std::vector<StatDelta>& deltas) {
  std::string out;
  for (const auto& d : deltas)
    out += d.region + '|' + d.month + '|' + d.indicator + '|' + d.dim + '|' + std::to_string(d.value) + '\n';
  return out;
}

Result<std::vector<StatDelta>> parse_deltas(std::string_view text) {
  std::vector<StatDelta> out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    std::string_view parts[5];
    for (int i = 0; i < 4; ++i) {
      const auto bar = line.find('|');
      if (bar == std::string_view::npos) return Error::make(ErrorCode::internal, "malformed stored figures share");
      parts[i] = line.substr(0, bar);
      line = line.substr(bar + 1);
    }
    parts[4] = line;
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(parts[4].data(), parts[4].data() + parts[4].size(), v);
    if (ec != std::errc{} || p != parts[4].data() + parts[4].size())
      return Error::make(ErrorCode::internal, "malformed stored figures share");
    out.push_back(
        StatDelta{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), std::string(parts[3]), v});
  }
  return out;
}

std::optional<std::string> parse_month(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  const int y = year_of(s), m = mon_of(s);
  if (y < 1900 || y > 2999 || m < 1 || m > 12) return std::nullopt;
  return std::string(s);
}

std::string add_months(std::string_view month, int n) {
  const int total = year_of(month) * 12 + (mon_of(month) - 1) + n;
  return make_month(total / 12, total % 12 + 1);
}

int month_count(std::string_view from, std::string_view to) {
  const int n = (year_of(to) * 12 + mon_of(to)) - (year_of(from) * 12 + mon_of(from)) + 1;
  return std::max(0, n);
}

std::string quarter_of(std::string_view month) {
  return std::string(month.substr(0, 4)) + "Q" + std::to_string((mon_of(month) - 1) / 3 + 1);
}

std::vector<std::string> stat_nodes(std::string_view region) {
  std::vector<std::string> out{""};
  auto code = RegionCode::parse(region);
  if (!code) return out;
  for (const auto& a : code->ancestors()) out.push_back(a.str());
  out.push_back(code->str());
  return out;
}

std::vector<StatDelta> person_contributions(std::string_view region, bool merged, std::span<const CategorySpan> spans) {
  std::vector<StatDelta> out;
  if (merged) return out;
  // The month after `end`: held on the last day of end's month unless it ends before it.
  auto leaves = [](const std::string& end) { return month_of(add_days(end, 1)); };
  for (const auto& s : spans) {
    if (s.end && *s.end < s.start) continue;
    out.push_back(delta(region, month_of(s.start), "persons_by_category", s.category, 1));
    if (s.end) out.push_back(delta(region, leaves(*s.end), "persons_by_category", s.category, -1));
  }
  // Served = holding any category: the union of the spans, so overlaps count once.
  std::vector<CategorySpan> sorted(spans.begin(), spans.end());
  std::erase_if(sorted, [](const CategorySpan& s) { return s.end && *s.end < s.start; });
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  std::optional<std::string> start, end;
  bool open = false;
  auto close_run = [&] {
    if (!start) return;
    out.push_back(delta(region, month_of(*start), "persons_served", "", 1));
    if (!open) out.push_back(delta(region, leaves(*end), "persons_served", "", -1));
  };
  for (const auto& s : sorted) {
    if (start && (open || s.start <= add_days(*end, 1))) {
      if (!s.end)
        open = true;
      else if (!open && *s.end > *end)
        end = s.end;
      continue;
    }
    close_run();
    start = s.start;
    open = !s.end;
    end = s.end;
  }
  close_run();
  return net(std::move(out));
}

std::vector<StatDelta> household_contributions(std::span<const DayAt> joined, std::span<const DayAt> visited) {
  std::vector<StatDelta> out;
  if (!joined.empty()) {
    const auto& first = *std::min_element(joined.begin(), joined.end());
    out.push_back(delta(first.region, month_of(first.day), "households_in_target", "", 1));
  }
  std::vector<DayAt> days(visited.begin(), visited.end());
  std::sort(days.begin(), days.end());
  using Bucket = std::string (*)(std::string_view);
  const std::pair<std::string_view, Bucket> buckets[] = {
      {kFirstInMonth, [](std::string_view d) { return std::string(d.substr(0, 7)); }},
      {kFirstInQuarter, [](std::string_view d) { return quarter_of(d.substr(0, 7)); }},
      {kFirstInYear, [](std::string_view d) { return std::string(d.substr(0, 4)); }},
      {kFirstEver, [](std::string_view) { return std::string(); }}};
  for (const auto& [dim, bucket_of] : buckets) {
    std::optional<std::string> last;
    for (const auto& d : days) { // sorted: the first of each bucket comes first
      auto b = bucket_of(d.day);
      if (last == b) continue;
      last = b;
      out.push_back(delta(d.region, month_of(d.day), "households_visited", dim, 1));
    }
  }
  return net(std::move(out));
}

bool moves_firsts(std::span<const StatDelta> household_share, std::string_view region, std::string_view day) {
  const std::string month = month_of(day);
  using Same = bool (*)(std::string_view, std::string_view);
  const std::pair<std::string_view, Same> buckets[] = {
      {kFirstInMonth, [](std::string_view a, std::string_view b) { return a == b; }},
      {kFirstInQuarter, [](std::string_view a, std::string_view b) { return quarter_of(a) == quarter_of(b); }},
      {kFirstInYear, [](std::string_view a, std::string_view b) { return a.substr(0, 4) == b.substr(0, 4); }},
      {kFirstEver, [](std::string_view, std::string_view) { return true; }}};
  for (const auto& [dim, same_bucket] : buckets) {
    const StatDelta* first = nullptr;
    for (const auto& d : household_share)
      if (d.indicator == "households_visited" && d.dim == dim && same_bucket(d.month, month)) first = &d;
    if (!first || first->month > month || (first->month == month && first->region != region)) return true;
  }
  return false;
}

std::vector<StatDelta> visit_contributions(std::string_view region, std::string_view day, std::string_view mode,
                                           std::int64_t persons_seen) {
  return {delta(region, month_of(day), "visits", mode, 1),
          delta(region, month_of(day), "person_times", "", std::max<std::int64_t>(1, persons_seen))};
}

std::vector<StatDelta> need_contributions(const NeedFacts& n) {
  std::vector<StatDelta> out{delta(n.region, month_of(n.raised_on), "needs_raised", n.category, 1),
                             delta(n.region, month_of(n.raised_on), "needs_open", n.category, 1)};
  if (is_final(n.state) && n.closed_on) {
    out.push_back(delta(n.region, month_of(*n.closed_on), "needs_" + n.state, n.category, 1));
    out.push_back(delta(n.region, month_of(*n.closed_on), "needs_open", n.category, -1));
  }
  return net(std::move(out));
}

std::vector<StatDelta> resource_contributions(std::string_view region, std::string_view day, std::string_view kind,
                                              std::int64_t value_fen) {
  std::vector<StatDelta> out{delta(region, month_of(day), "resources", kind, 1)};
  if (value_fen != 0) out.push_back(delta(region, month_of(day), "value_fen", kind, value_fen));
  return out;
}

bool kept_in_total(std::string_view indicator, std::string_view dim) {
  const auto* ind = find_indicator(indicator);
  if (!ind) return false;
  return ind->kind == IndicatorKind::stock || (ind->kind == IndicatorKind::distinct && dim == kFirstEver);
}

namespace {

// A stock's value at the end of month `at`: its total less what lies after that month. (A
// total that came to zero has no row: a stock whose history ended stands at zero.)
struct StockReader {
  std::map<std::pair<std::string, std::string>, std::int64_t> values_;
  StockReader(std::span<const StatRow> rows, std::string_view at, bool (*wanted)(const StatRow&)) {
    for (const auto& r : rows) {
      if (!wanted(r)) continue;
      const auto key = std::make_pair(r.indicator, r.dim);
      if (r.month == kAllMonths)
        values_[key] += r.value;
      else if (r.month > at)
        values_[key] -= r.value;
    }
  }
  std::map<std::pair<std::string, std::string>, std::int64_t> values() const { return values_; }
};

bool is_stock(const StatRow& r) {
  const auto* ind = find_indicator(r.indicator);
  return ind && ind->kind == IndicatorKind::stock;
}
bool is_ever_first(const StatRow& r) { return r.indicator == "households_visited" && r.dim == kFirstEver; }

} // namespace

std::optional<std::string_view> distinct_bucket(std::span<const StatRow> rows, std::string_view from,
                                                std::string_view to) {
  // A bucket's firsts added from the bucket's start up to `to` count each household
  // visited in that stretch once: its first visit in the bucket lies inside it.
  if (from == to) return kFirstInMonth;
  const bool quarter_start = (mon_of(from) - 1) % 3 == 0;
  if (quarter_start && quarter_of(from) == quarter_of(to)) return kFirstInQuarter;
  if (mon_of(from) == 1 && from.substr(0, 4) == to.substr(0, 4)) return kFirstInYear;
  if (visited_before(rows, from)) return std::nullopt;
  return kFirstEver;
}

bool visited_before(std::span<const StatRow> rows, std::string_view from) {
  // Households first visited before `from`: the "ever" firsts at the end of the month before.
  for (const auto& [key, v] : StockReader(rows, add_months(from, -1), is_ever_first).values())
    if (v != 0) return true;
  return false;
}

std::map<std::string, Figure> read_period(std::span<const StatRow> rows, std::string_view from, std::string_view to) {
  std::map<std::string, Figure> out;
  const auto bucket = distinct_bucket(rows, from, to);
  for (const auto& i : kCatalogue) {
    if (i.kind == IndicatorKind::place) continue;
    if (i.kind == IndicatorKind::distinct && !bucket) continue;
    out[std::string(i.code)];
  }
  for (const auto& r : rows) {
    if (r.month == kAllMonths || r.month < from || r.month > to) continue;
    const auto* ind = find_indicator(r.indicator);
    if (!ind) continue;
    if (ind->kind == IndicatorKind::flow) {
      auto& f = out[r.indicator];
      f.value += r.value;
      if (!r.dim.empty()) f.dims[r.dim] += r.value;
    } else if (ind->kind == IndicatorKind::distinct && bucket && r.dim == *bucket) {
      out[r.indicator].value += r.value;
    }
  }
  for (const auto& [key, v] : StockReader(rows, to, is_stock).values()) {
    auto& f = out[key.first];
    f.value += v;
    if (!key.second.empty()) f.dims[key.second] += v;
  }
  for (auto& [code, f] : out) std::erase_if(f.dims, [](const auto& kv) { return kv.second == 0; });
  return out;
}

std::map<std::string, std::vector<std::int64_t>> read_trend(std::span<const StatRow> rows, std::string_view from,
                                                            std::string_view to) {
  const int n = month_count(from, to);
  std::map<std::string, std::vector<std::int64_t>> out;
  for (const auto& i : kCatalogue)
    if (i.kind != IndicatorKind::place) out[std::string(i.code)].assign(static_cast<std::size_t>(n), 0);
  std::map<std::string, std::vector<std::int64_t>> stock_moves; // what each month added to a stock
  for (const auto& r : rows) {
    if (r.month == kAllMonths || r.month < from || r.month > to) continue;
    const auto* ind = find_indicator(r.indicator);
    if (!ind || ind->kind == IndicatorKind::place) continue;
    if (ind->kind == IndicatorKind::distinct && r.dim != kFirstInMonth) continue;
    const auto i = static_cast<std::size_t>(month_count(from, r.month) - 1);
    if (ind->kind == IndicatorKind::stock) {
      auto& moves = stock_moves[r.indicator];
      moves.resize(static_cast<std::size_t>(n), 0);
      moves[i] += r.value;
    } else {
      out[r.indicator][i] += r.value;
    }
  }
  // Stocks: the value at `to`'s end, then back month by month.
  std::map<std::string, std::int64_t> at_end;
  for (const auto& [key, v] : StockReader(rows, to, is_stock).values()) at_end[key.first] += v;
  for (const auto& i : kCatalogue) {
    if (i.kind != IndicatorKind::stock) continue;
    const std::string code(i.code);
    auto& series = out[code];
    auto& moves = stock_moves[code];
    moves.resize(static_cast<std::size_t>(n), 0);
    std::int64_t v = at_end[code];
    for (int k = n - 1; k >= 0; --k) {
      series[static_cast<std::size_t>(k)] = v;
      v -= moves[static_cast<std::size_t>(k)];
    }
  }
  return out;
}

std::optional<double> growth_percent(std::int64_t now, std::int64_t before) {
  if (before == 0) return std::nullopt;
  const double pct = static_cast<double>(now - before) * 100.0 / static_cast<double>(before);
  return std::round(pct * 10.0) / 10.0;
}

std::optional<double> ratio(std::int64_t num, std::int64_t den, double scale) {
  if (den == 0) return std::nullopt;
  return std::round(static_cast<double>(num) * scale / static_cast<double>(den) * 10.0) / 10.0;
}

std::string yuan_words(std::int64_t fen) {
  if (fen < 0) return "-" + yuan_words(-fen);
  constexpr std::int64_t kWan = 10000 * 100, kYi = 100000000LL * 100;
  if (fen >= kYi) return std::to_string(fen / kYi) + (fen % kYi ? "亿余元" : "亿元");
  if (fen >= kWan) return std::to_string(fen / kWan) + (fen % kWan ? "万余元" : "万元");
  std::string s = std::to_string(fen / 100);
  if (const auto f = fen % 100; f != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%02lld", static_cast<long long>(f));
    std::string frac(buf);
    if (frac.back() == '0') frac.pop_back();
    s += frac;
  }
  return s + "元";
}

namespace {

// 全市, 全县, 全区, 全镇 …: the word a bureau uses for its own area.
std::string area_word(const SummaryFacts& f) {
  if (f.level == 0) return "全国";
  std::string name = f.region_name;
  for (const char* suffix : {"居民委员会", "村民委员会", "居委会", "村委会", "办事处"}) {
    const std::string s(suffix);
    if (name.size() > s.size() && name.ends_with(s)) {
      name.resize(name.size() - s.size());
      if (s == "村民委员会" || s == "村委会") name += "村";
      break;
    }
  }
  for (const char* end :
       {"社区", "街道", "自治州", "自治县", "地区", "盟", "旗", "区", "市", "县", "省", "镇", "乡", "村"}) {
    const std::string e(end);
    if (name.ends_with(e)) {
      if (e == "自治州") return "全州";
      if (e == "自治县") return "全县";
      if (e == "地区") return "全地区";
      return "全" + e;
    }
  }
  static const char* kByLevel[] = {"全国", "全省", "全市", "全县", "全镇", "全村"};
  return kByLevel[std::clamp(f.level, 0, 5)];
}

std::string month_words(std::string_view from, std::string_view to) {
  const auto y1 = std::string(from.substr(0, 4)), y2 = std::string(to.substr(0, 4));
  const auto m1 = std::to_string(mon_of(from)), m2 = std::to_string(mon_of(to));
  if (from == to) return y1 + "年" + m1 + "月";
  if (y1 == y2) return y1 + "年" + m1 + "月至" + m2 + "月";
  return y1 + "年" + m1 + "月至" + y2 + "年" + m2 + "月";
}

} // namespace

std::string summary_paragraph(const SummaryFacts& f) {
  std::string who;
  if (f.stations > 0) who += std::to_string(f.stations) + "个社工站";
  if (f.workers > 0) who += (who.empty() ? "" : "、") + std::to_string(f.workers) + "名民政社工";
  const std::string when = f.cumulative ? "累计" : month_words(f.from, f.to);
  std::vector<std::string> clauses;
  if (f.households_visited > 0) clauses.push_back("走访困难群体" + std::to_string(f.households_visited) + "户");
  if (f.needs_resolved > 0) clauses.push_back("解决需求" + std::to_string(f.needs_resolved) + "件");
  if (f.value_fen > 0) clauses.push_back("链接社会款物" + yuan_words(f.value_fen));
  if (f.person_times > 0) clauses.push_back("惠及" + std::to_string(f.person_times) + "人次");
  // "2024年1月至3月，全市…" reads better with the period first; "累计" sits before the verb.
  std::string out = (f.cumulative ? "" : when + "，") + area_word(f) + who;
  if (clauses.empty()) return out + "暂无走访记录。";
  if (f.cumulative) out += when;
  for (std::size_t i = 0; i < clauses.size(); ++i) out += (i ? "，" : "") + clauses[i];
  return out + "。";
}

} // namespace shegong
