// The figures: a catalogue of named indicators, the share each fact adds to them, and
// how a period's value is read from monthly counters. Pure: no storage, no clock.
//
// Every fact contributes deltas (region, month, indicator, dim, value). The store adds
// them to the region and every region above it, so a figure for any region is read from
// that region's own rows. Kinds decide how months add up:
//   flow      added over the months of the period (visits, needs resolved, yuan linked);
//   stock     added over every month up to the period's end (people holding a category:
//             +1 the month it starts, -1 the month after it ends);
//   distinct  households visited: first-occurrence records per month, quarter, year and
//             ever; a period reads the bucket that makes the count exact, never a sum of
//             smaller distinct counts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/result.hpp"

namespace shegong {

enum class IndicatorKind { place, flow, stock, distinct };
std::string_view to_string(IndicatorKind k) noexcept;

struct Indicator {
  std::string_view code, name, unit, definition;
  IndicatorKind kind;
};

// In the order reports list them.
std::span<const Indicator> indicator_catalogue();
const Indicator* find_indicator(std::string_view code);

// Dims of households_visited: the bucket whose first visit it counts.
inline constexpr std::string_view kFirstInMonth = "m", kFirstInQuarter = "q", kFirstInYear = "y", kFirstEver = "e";

struct StatDelta {
  std::string region; // the fact's own region (12 digits); the store adds every ancestor
  std::string month; // YYYY-MM
  std::string indicator, dim;
  std::int64_t value = 0;
  friend bool operator==(const StatDelta&, const StatDelta&) = default;
};

// Sums deltas with the same key and drops those that come to zero; sorted by key.
std::vector<StatDelta> net(std::vector<StatDelta> deltas);
// What moves the counters from `before` to `after`.
std::vector<StatDelta> difference(const std::vector<StatDelta>& before, const std::vector<StatDelta>& after);
// A compact text form, kept beside a subject so its share can be taken back exactly.
std::string serialize(const std::vector<StatDelta>& deltas);
Result<std::vector<StatDelta>> parse_deltas(std::string_view text);

// ---- months --------------------------------------------------------------------------
// "YYYY-MM" when valid (1900-01 … 2999-12).
std::optional<std::string> parse_month(std::string_view s);
std::string add_months(std::string_view month, int n);
// Months from `from` to `to`, both included (0 when to < from).
int month_count(std::string_view from, std::string_view to);
std::string quarter_of(std::string_view month); // "2024Q1"

// The nodes a fact at `region` counts in: the region, each one above it, and "" (the country).
std::vector<std::string> stat_nodes(std::string_view region);

// ---- what each fact contributes -------------------------------------------------------
struct CategorySpan {
  std::string category, start; // YYYY-MM-DD
  std::optional<std::string> end; // last day held, included
};
// A merged-away person contributes nothing (the survivor holds their categories).
std::vector<StatDelta> person_contributions(std::string_view region, bool merged, std::span<const CategorySpan> spans);

struct DayAt {
  std::string day, region; // YYYY-MM-DD, 12 digits
  friend auto operator<=>(const DayAt&,
                          const DayAt&) = default; // NOLINT(modernize-use-nullptr): a false positive on a defaulted <=>
};
// A household (or a person without one) with the days it joined campaigns and was visited.
std::vector<StatDelta> household_contributions(std::span<const DayAt> joined, std::span<const DayAt> visited);

// Whether one more visit (at `region` on `day`) could move a household's first visits, given
// the share it has added: false when each bucket's first already lies in an earlier month, or in
// the same month and region (so the household's visits need not be read again).
bool moves_firsts(std::span<const StatDelta> household_share, std::string_view region, std::string_view day);

std::vector<StatDelta> visit_contributions(std::string_view region, std::string_view day, std::string_view mode,
                                           std::int64_t persons_seen);

struct NeedFacts {
  std::string region, category, raised_on, state; // raised_on: YYYY-MM-DD
  std::optional<std::string> closed_on; // the day it became resolved / referred / closed
};
std::vector<StatDelta> need_contributions(const NeedFacts& n);
std::vector<StatDelta> resource_contributions(std::string_view region, std::string_view day, std::string_view kind,
                                              std::int64_t value_fen);

// ---- reading a period ----------------------------------------------------------------
struct StatRow {
  std::string month, indicator, dim;
  std::int64_t value = 0;
};

// The month of a counter row that holds a stock's total over every month (and the "ever"
// firsts'): with it, a stock at any month's end is the total less the months after it, so a
// dashboard reads the months it shows and not the years of history before them.
inline constexpr std::string_view kAllMonths = "*";
bool kept_in_total(std::string_view indicator, std::string_view dim);

struct Figure {
  std::int64_t value = 0;
  std::map<std::string, std::int64_t> dims;
  bool from_facts = false; // a distinct count the counters cannot give exactly for this period
};

// Which first-occurrence bucket gives households visited in [from, to] exactly, read from
// the node's rows; nullopt when none does (the caller counts the facts).
std::optional<std::string_view> distinct_bucket(std::span<const StatRow> rows, std::string_view from,
                                                std::string_view to);

// Whether the node's households were first visited before `from` (a period starting after
// the first visit is not "累计").
bool visited_before(std::span<const StatRow> rows, std::string_view from);

// Every counted indicator for [from, to] from one node's rows: the totals (kAllMonths) and
// every month from `from` on (as the store gives them).
// households_visited is left out when no bucket gives it exactly.
std::map<std::string, Figure> read_period(std::span<const StatRow> rows, std::string_view from, std::string_view to);

// Month by month: flows and households visited in each month, stocks at each month's end.
std::map<std::string, std::vector<std::int64_t>> read_trend(std::span<const StatRow> rows, std::string_view from,
                                                            std::string_view to);

// Growth in percent with one decimal; nullopt when there is nothing to compare with.
std::optional<double> growth_percent(std::int64_t now, std::int64_t before);
std::optional<double> ratio(std::int64_t num, std::int64_t den, double scale);

// ---- the paragraph -------------------------------------------------------------------
struct SummaryFacts {
  std::string region_name;
  int level = 0; // RegionLevel as int: 1 province … 5 village; 0 the country
  bool cumulative = false; // the period starts at or before the region's first visit
  std::string from, to; // months
  std::int64_t stations = 0, workers = 0, households_visited = 0, needs_resolved = 0, value_fen = 0, person_times = 0;
};
// "全市60个社工站、178名民政社工累计走访困难群体12316户，解决需求316件，链接社会款物59万余元，惠及63296人次。"
std::string summary_paragraph(const SummaryFacts& f);
// 590000.00 yuan -> "59万余元", 5900 yuan -> "5900元", 12.5 -> "12.5元"
std::string yuan_words(std::int64_t fen);

} // namespace shegong
