// The figures' rules: what each fact adds, how months add up by kind, which
// first-occurrence bucket makes a distinct count exact, and the bureau's paragraph.
#include <gtest/gtest.h>

#include <set>

#include "shegong/domain/stats.hpp"

namespace shegong {
namespace {

constexpr const char* kVillage = "330521005001";

std::int64_t total(const std::vector<StatDelta>& ds, std::string_view indicator, std::string_view month,
                   std::string_view dim = {}) {
  std::int64_t v = 0;
  for (const auto& d : ds)
    if (d.indicator == indicator && d.month == month && (dim.empty() || d.dim == dim)) v += d.value;
  return v;
}

// What the store returns for one node: each stock's total, and the months from `from` on.
std::vector<StatRow> stored_rows(const std::vector<StatDelta>& ds, std::string_view from) {
  std::vector<StatDelta> totals;
  std::vector<StatRow> out;
  for (const auto& d : net(ds)) {
    if (d.month >= from) out.push_back(StatRow{d.month, d.indicator, d.dim, d.value});
    if (kept_in_total(d.indicator, d.dim))
      totals.push_back(StatDelta{"", std::string(kAllMonths), d.indicator, d.dim, d.value});
  }
  for (const auto& t : net(totals)) out.push_back(StatRow{t.month, t.indicator, t.dim, t.value});
  return out;
}

// Every month, and the totals.
std::vector<StatRow> rows_of(const std::vector<StatDelta>& ds) { return stored_rows(ds, "0000-00"); }

void append(std::vector<StatDelta>& to, const std::vector<StatDelta>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

TEST(StatsMonths, ParsesAndCounts) {
  EXPECT_EQ(parse_month("2024-02"), "2024-02");
  EXPECT_FALSE(parse_month("2024-13"));
  EXPECT_FALSE(parse_month("2024-1"));
  EXPECT_FALSE(parse_month("24-01-01"));
  EXPECT_EQ(add_months("2023-12", 1), "2024-01");
  EXPECT_EQ(add_months("2024-01", -1), "2023-12");
  EXPECT_EQ(add_months("2024-03", -14), "2023-01");
  EXPECT_EQ(month_count("2023-12", "2024-02"), 3);
  EXPECT_EQ(month_count("2024-02", "2023-12"), 0);
  EXPECT_EQ(quarter_of("2024-06"), "2024Q2");
}

TEST(StatsNodes, AFactCountsInEveryRegionAboveIt) {
  EXPECT_EQ(stat_nodes("330521005001"), (std::vector<std::string>{"", "330000000000", "330500000000", "330521000000",
                                                                  "330521005000", "330521005001"}));
  EXPECT_EQ(stat_nodes("330521005000").size(), 5u);
}

TEST(StatsPeople, OverlappingCategoriesCountOnceAsServed) {
  // 特困 from 2020, 重残 from 2022 while still 特困: two categories, one person served.
  const CategorySpan spans[] = {{"tekun", "2020-03-15", std::nullopt},
                                {"severely_disabled", "2022-01-01", std::nullopt}};
  const auto d = person_contributions(kVillage, false, spans);
  auto rows = rows_of(d);
  const auto f = read_period(rows, "2024-01", "2024-12");
  EXPECT_EQ(f.at("persons_served").value, 1);
  EXPECT_EQ(f.at("persons_by_category").dims.at("tekun"), 1);
  EXPECT_EQ(f.at("persons_by_category").dims.at("severely_disabled"), 1);
  // Before the second category: one each.
  const auto early = read_period(rows, "2021-01", "2021-06");
  EXPECT_EQ(early.at("persons_served").value, 1);
  EXPECT_FALSE(early.at("persons_by_category").dims.contains("severely_disabled"));
}

TEST(StatsPeople, AnEndedCategoryLeavesTheMonthAfterItsLastDay) {
  const CategorySpan ends_mid[] = {{"dibao", "2023-01-10", "2023-06-15"}};
  auto rows = rows_of(person_contributions(kVillage, false, ends_mid));
  EXPECT_EQ(read_period(rows, "2023-05", "2023-05").at("persons_served").value, 1);
  EXPECT_EQ(read_period(rows, "2023-06", "2023-06").at("persons_served").value, 0); // not held on June 30
  const CategorySpan ends_last_day[] = {{"dibao", "2023-01-10", "2023-06-30"}};
  rows = rows_of(person_contributions(kVillage, false, ends_last_day));
  EXPECT_EQ(read_period(rows, "2023-06", "2023-06").at("persons_served").value, 1);
  EXPECT_EQ(read_period(rows, "2023-07", "2023-07").at("persons_served").value, 0);
}

TEST(StatsPeople, AGapBetweenCategoriesIsNotServed) {
  const CategorySpan spans[] = {{"dibao", "2022-01-01", "2022-03-31"}, {"dibao_marginal", "2022-06-01", std::nullopt}};
  auto rows = rows_of(person_contributions(kVillage, false, spans));
  EXPECT_EQ(read_period(rows, "2022-03", "2022-03").at("persons_served").value, 1);
  EXPECT_EQ(read_period(rows, "2022-04", "2022-04").at("persons_served").value, 0);
  EXPECT_EQ(read_period(rows, "2022-06", "2022-06").at("persons_served").value, 1);
  // Adjacent spans (one ends the day before the next starts) make one stretch.
  const CategorySpan adjacent[] = {{"dibao", "2022-01-01", "2022-03-31"}, {"tekun", "2022-04-01", std::nullopt}};
  const auto d = person_contributions(kVillage, false, adjacent);
  EXPECT_EQ(total(d, "persons_served", "2022-04"), 0);
  EXPECT_EQ(total(d, "persons_served", "2022-01"), 1);
}

TEST(StatsPeople, AMergedRecordAddsNothing) {
  const CategorySpan spans[] = {{"tekun", "2020-03-15", std::nullopt}};
  EXPECT_TRUE(person_contributions(kVillage, true, spans).empty());
}

TEST(StatsHouseholds, VisitedTwiceInAMonthCountsOnceAndEachBucketReadsExactly) {
  const DayAt joined[] = {{"2023-12-01", kVillage}};
  // Twice in January, once in March, once in the next year.
  const DayAt visits[] = {
      {"2024-01-20", kVillage}, {"2024-01-05", kVillage}, {"2024-03-02", kVillage}, {"2025-02-01", kVillage}};
  const auto d = household_contributions(joined, visits);
  EXPECT_EQ(total(d, "households_in_target", "2023-12"), 1);
  EXPECT_EQ(total(d, "households_visited", "2024-01", kFirstInMonth), 1);
  EXPECT_EQ(total(d, "households_visited", "2024-03", kFirstInMonth), 1);
  EXPECT_EQ(total(d, "households_visited", "2024-03", kFirstInQuarter), 0); // Q1's first is January
  EXPECT_EQ(total(d, "households_visited", "2024-01", kFirstInQuarter), 1);
  EXPECT_EQ(total(d, "households_visited", "2024-01", kFirstEver), 1);
  EXPECT_EQ(total(d, "households_visited", "2025-02", kFirstEver), 0);
  auto rows = rows_of(d);
  EXPECT_EQ(read_period(rows, "2024-01", "2024-01").at("households_visited").value, 1);
  EXPECT_EQ(read_period(rows, "2024-01", "2024-03").at("households_visited").value, 1); // quarter: not 2
  EXPECT_EQ(read_period(rows, "2024-01", "2024-12").at("households_visited").value, 1); // year
  EXPECT_EQ(read_period(rows, "2023-12", "2025-06").at("households_visited").value, 1); // since the start
  // February to April is no bucket and starts after the first visit: the facts decide.
  EXPECT_FALSE(read_period(rows, "2024-02", "2024-04").contains("households_visited"));
  EXPECT_FALSE(distinct_bucket(rows, "2024-02", "2024-04"));
}

TEST(StatsHouseholds, AVisitAfterTheFirstsOfItsBucketsMovesNothing) {
  const DayAt visits[] = {{"2024-01-20", kVillage}, {"2024-03-02", kVillage}};
  const auto share = household_contributions({}, visits);
  EXPECT_FALSE(moves_firsts(share, kVillage, "2024-03-28")); // same month, same village
  EXPECT_FALSE(moves_firsts(share, kVillage, "2024-03-01")); // earlier in the month: same delta
  EXPECT_TRUE(moves_firsts(share, "330521005002", "2024-03-01")); // another village: a recount decides
  EXPECT_TRUE(moves_firsts(share, kVillage, "2024-02-10")); // a month of Q1 not yet visited
  EXPECT_TRUE(moves_firsts(share, kVillage, "2023-12-31")); // before the first ever
  EXPECT_TRUE(moves_firsts(share, kVillage, "2024-04-01")); // a new quarter
  EXPECT_TRUE(moves_firsts({}, kVillage, "2024-03-28")); // never visited
  // Whatever moves_firsts says, recomputing agrees: a visit it lets pass changes no delta.
  for (const char* day : {"2024-03-28", "2024-03-01", "2024-01-31"}) {
    std::vector<DayAt> more(std::begin(visits), std::end(visits));
    more.push_back({day, kVillage});
    if (!moves_firsts(share, kVillage, day)) {
      EXPECT_EQ(household_contributions({}, more), share) << day;
    }
  }
}

TEST(StatsHouseholds, AMonthlyTrendIsNotAddedIntoADistinctTotal) {
  const DayAt visits[] = {{"2024-01-05", kVillage}, {"2024-02-05", kVillage}};
  auto rows = rows_of(household_contributions({}, visits));
  const auto trend = read_trend(rows, "2024-01", "2024-02");
  EXPECT_EQ(trend.at("households_visited"), (std::vector<std::int64_t>{1, 1}));
  EXPECT_EQ(read_period(rows, "2024-01", "2024-02").at("households_visited").value, 1);
}

TEST(StatsVisitsAndNeeds, FlowsStocksAndAResolutionInTheNextMonth) {
  std::vector<StatDelta> d;
  append(d, visit_contributions(kVillage, "2024-01-10", "home", 2));
  append(d, visit_contributions(kVillage, "2024-01-12", "phone", 0)); // nobody named: one person-time
  append(d, need_contributions(NeedFacts{kVillage, "medical", "2024-01-10", "resolved", "2024-02-03"}));
  append(d, need_contributions(NeedFacts{kVillage, "safety", "2024-01-12", "raised", std::nullopt}));
  append(d, resource_contributions(kVillage, "2024-02-01", "money", 150000));
  auto rows = rows_of(d);
  const auto jan = read_period(rows, "2024-01", "2024-01");
  EXPECT_EQ(jan.at("visits").value, 2);
  EXPECT_EQ(jan.at("visits").dims.at("phone"), 1);
  EXPECT_EQ(jan.at("person_times").value, 3);
  EXPECT_EQ(jan.at("needs_raised").value, 2);
  EXPECT_EQ(jan.at("needs_resolved").value, 0);
  EXPECT_EQ(jan.at("needs_open").value, 2);
  const auto feb = read_period(rows, "2024-02", "2024-02");
  EXPECT_EQ(feb.at("needs_raised").value, 0);
  EXPECT_EQ(feb.at("needs_resolved").value, 1);
  EXPECT_EQ(feb.at("needs_resolved").dims.at("medical"), 1);
  EXPECT_EQ(feb.at("needs_open").value, 1);
  EXPECT_EQ(feb.at("value_fen").value, 150000);
  EXPECT_EQ(feb.at("visits").value, 0);
  const auto trend = read_trend(rows, "2023-12", "2024-02");
  EXPECT_EQ(trend.at("needs_open"), (std::vector<std::int64_t>{0, 2, 1}));
  EXPECT_EQ(trend.at("person_times"), (std::vector<std::int64_t>{0, 3, 0}));
}

TEST(StatsTotals, StocksFromTotalsEqualStocksFromEveryMonth) {
  std::vector<StatDelta> d;
  const CategorySpan a[] = {{"tekun", "2019-03-15", std::nullopt}, {"severely_disabled", "2020-01-01", "2024-05-20"}};
  const CategorySpan b[] = {{"dibao", "2018-01-10", "2024-02-29"}};
  const CategorySpan c[] = {{"orphan", "2024-04-02", "2027-06-30"}}; // ends after the period
  append(d, person_contributions(kVillage, false, a));
  append(d, person_contributions(kVillage, false, b));
  append(d, person_contributions(kVillage, false, c));
  append(d, need_contributions(NeedFacts{kVillage, "medical", "2023-11-10", "resolved", "2024-03-03"}));
  append(d, need_contributions(NeedFacts{kVillage, "safety", "2024-02-12", "raised", std::nullopt}));
  const DayAt early[] = {{"2023-06-05", kVillage}, {"2024-03-05", kVillage}};
  const DayAt late[] = {{"2024-02-07", kVillage}};
  append(d, household_contributions({}, early));
  append(d, household_contributions({}, late));
  append(d, visit_contributions(kVillage, "2024-03-05", "home", 1));
  const auto every = rows_of(d);
  for (auto [from, to] : {std::pair{"2024-01", "2024-06"}, std::pair{"2024-03", "2024-03"},
                          std::pair{"2024-02", "2024-04"}, std::pair{"2023-06", "2024-12"}}) {
    const auto stored = stored_rows(d, from);
    const auto full = read_period(every, from, to), cut = read_period(stored, from, to);
    ASSERT_EQ(full.size(), cut.size()) << from << ".." << to;
    for (const auto& [code, f] : full) {
      EXPECT_EQ(cut.at(code).value, f.value) << code << " " << from << ".." << to;
      EXPECT_EQ(cut.at(code).dims, f.dims) << code << " " << from << ".." << to;
    }
    EXPECT_EQ(read_trend(stored, from, to), read_trend(every, from, to)) << from << ".." << to;
    EXPECT_EQ(visited_before(stored, from), visited_before(every, from)) << from;
  }
  // The first visit was in 2023-06: from 2024-01 on, the period is not "since the start".
  EXPECT_TRUE(visited_before(stored_rows(d, "2024-01"), "2024-01"));
  EXPECT_FALSE(visited_before(stored_rows(d, "2023-06"), "2023-06"));
  EXPECT_EQ(read_period(stored_rows(d, "2024-01"), "2024-01", "2024-06").at("persons_served").value, 2);
  EXPECT_EQ(read_period(stored_rows(d, "2024-01"), "2024-01", "2024-06").at("needs_open").value, 1);
}

TEST(StatsDeltas, DifferenceTakesBackTheOldShareAndSerialisationRoundTrips) {
  const auto before = visit_contributions(kVillage, "2024-01-31", "home", 1);
  const auto after = visit_contributions(kVillage, "2024-02-01", "home", 3);
  const auto moved = difference(before, after);
  EXPECT_EQ(total(moved, "visits", "2024-01"), -1);
  EXPECT_EQ(total(moved, "visits", "2024-02"), 1);
  EXPECT_EQ(total(moved, "person_times", "2024-02"), 3);
  EXPECT_TRUE(difference(after, after).empty());
  auto parsed = parse_deltas(serialize(moved));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, moved);
  EXPECT_FALSE(parse_deltas("330521005001|2024-01|visits|home"));
  EXPECT_FALSE(parse_deltas("330521005001|2024-01|visits|home|x"));
}

TEST(StatsComparisons, GrowthAndRatios) {
  EXPECT_EQ(growth_percent(521, 180), 189.4); // Weining's exam registrants: +189%
  EXPECT_EQ(growth_percent(90, 47), 91.5);
  EXPECT_FALSE(growth_percent(5, 0));
  EXPECT_EQ(growth_percent(0, 4), -100.0);
  EXPECT_EQ(ratio(137, 100000, 10000.0), 13.7); // per 10,000 residents
  EXPECT_FALSE(ratio(1, 0, 100.0));
}

TEST(StatsSummary, TheSeedsParagraph) {
  SummaryFacts f;
  f.region_name = "漯河市";
  f.level = 2;
  f.cumulative = true;
  f.from = "2023-12";
  f.to = "2026-11";
  f.stations = 60;
  f.workers = 178;
  f.households_visited = 12316;
  f.needs_resolved = 316;
  f.value_fen = 59'236'000;
  f.person_times = 63296;
  EXPECT_EQ(summary_paragraph(f),
            "全市60个社工站、178名民政社工累计走访困难群体12316户，解决需求316件，"
            "链接社会款物59万余元，惠及63296人次。");
  f.region_name = "德清县";
  f.level = 3;
  f.cumulative = false;
  f.from = "2024-01";
  f.to = "2024-03";
  f.workers = 0;
  f.needs_resolved = 0;
  f.value_fen = 590'000'00; // exactly 59万
  EXPECT_EQ(summary_paragraph(f),
            "2024年1月至3月，全县60个社工站走访困难群体12316户，链接社会款物59万元，惠及63296人次。");
  f.region_name = "老街街道";
  f.level = 4;
  f.from = "2023-12";
  f.to = "2024-01";
  f.households_visited = f.person_times = f.value_fen = 0;
  EXPECT_EQ(summary_paragraph(f), "2023年12月至2024年1月，全街道60个社工站暂无走访记录。");
}

TEST(StatsSummary, MoneyInTheBureausWords) {
  EXPECT_EQ(yuan_words(59'236'000), "59万余元");
  EXPECT_EQ(yuan_words(1'000'000), "1万元");
  EXPECT_EQ(yuan_words(590'000), "5900元");
  EXPECT_EQ(yuan_words(1250), "12.5元");
  EXPECT_EQ(yuan_words(1205), "12.05元");
  EXPECT_EQ(yuan_words(12'000'000'000), "1亿余元");
}

TEST(StatsCatalogue, EveryIndicatorIsDefined) {
  std::set<std::string_view> codes;
  for (const auto& i : indicator_catalogue()) {
    EXPECT_FALSE(i.name.empty());
    EXPECT_FALSE(i.definition.empty());
    EXPECT_TRUE(codes.insert(i.code).second) << i.code;
  }
  EXPECT_EQ(find_indicator("households_visited")->kind, IndicatorKind::distinct);
  EXPECT_EQ(find_indicator("persons_served")->kind, IndicatorKind::stock);
  EXPECT_EQ(find_indicator("nope"), nullptr);
}

} // namespace
} // namespace shegong
