// The figures' repository: counters per region node and month, each subject's recorded
// share, and the scans of the facts a rebuild recounts from.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/region_code.hpp"
#include "shegong/core/result.hpp"
#include "shegong/domain/stats.hpp"

namespace shegong {

struct CountRow {
  std::string node, month, indicator, dim;
  std::int64_t value = 0;
};

struct PersonFacts {
  std::string id, region;
  bool merged = false;
  std::vector<CategorySpan> spans;
};

struct HouseholdFacts {
  std::string target_id;
  std::vector<DayAt> joined, visited;
};

struct VisitFacts {
  std::string region, day, mode;
  std::int64_t persons_seen = 0;
};

struct ResourceFacts {
  std::string region, day, kind;
  std::int64_t value_fen = 0;
};

class StatsRepository {
 public:
  virtual ~StatsRepository() = default;
  // Adds each delta to its region's node, every node above it and the country's (""), and
  // a stock's also to its total (month kAllMonths).
  virtual Result<void> add(std::span<const StatDelta> deltas) = 0;
  // One node's totals and its rows of every month from `from_month` on.
  virtual Result<std::vector<StatRow>> rows(std::string_view node, std::string_view from_month) = 0;

  // What a subject ("p:<person>", "h:<target>") has added to the counters, as serialised deltas.
  virtual Result<std::optional<std::string>> share(std::string_view subject) = 0;
  virtual Result<void> put_share(std::string_view subject, std::string_view deltas) = 0; // "" removes it

  virtual Result<std::optional<PersonFacts>> person(std::string_view person_id) = 0;
  virtual Result<HouseholdFacts> household(std::string_view target_id) = 0;

  // Read from the facts: exact where the counters cannot be (a distinct count over an
  // arbitrary stretch of months) and for what is counted from small registers.
  virtual Result<std::int64_t> distinct_households_visited(const Scope& scope, std::string_view from_day,
                                                           std::string_view to_day) = 0;
  virtual Result<std::int64_t> count_workers(const Scope& scope) = 0;

  // The rebuild's scans, each over every fact of its kind.
  virtual Result<void> scan_people(const std::function<Result<void>(const PersonFacts&)>& fn) = 0;
  virtual Result<void> scan_households(const std::function<Result<void>(const HouseholdFacts&)>& fn) = 0;
  virtual Result<void> scan_visits(const std::function<Result<void>(const VisitFacts&)>& fn) = 0;
  virtual Result<void> scan_needs(const std::function<Result<void>(const NeedFacts&)>& fn) = 0;
  virtual Result<void> scan_resources(const std::function<Result<void>(const ResourceFacts&)>& fn) = 0;
  virtual Result<void> scan_counts(const std::function<Result<void>(const CountRow&)>& fn) = 0;
  virtual Result<void> scan_shares(const std::function<Result<void>(std::string_view, std::string_view)>& fn) = 0;
  // True when no counter exists yet but facts do (a store from before the figures).
  virtual Result<bool> uncounted() = 0;
  // Replaces every counter and share (a rebuild told to fix what it found).
  virtual Result<void> replace_all(const std::vector<CountRow>& counts,
                                   const std::vector<std::pair<std::string, std::string>>& shares) = 0;
};

} // namespace shegong
