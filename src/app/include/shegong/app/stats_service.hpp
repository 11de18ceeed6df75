// The figures: counting each fact in its own transaction, reading any region and period
// from the counters (dashboard, report, paragraph), and recounting from the facts.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shegong/app/access_control.hpp"
#include "shegong/app/actor.hpp"
#include "shegong/app/ports.hpp"
#include "shegong/domain/stats.hpp"

namespace shegong {

// ---- counting, called inside the unit of work that stores the fact ----------------------
// A person's share (categories held, where) taken back and added anew.
Result<void> recount_person(Repositories& r, std::string_view person_id);
// A household's share (first joined, first visit of each month/quarter/year/ever) anew.
Result<void> recount_household(Repositories& r, std::string_view target_id);
// People just inserted, counted from what was written (an import's slice): no read-back.
Result<void> count_new_people(Repositories& r, const std::vector<PersonFacts>& people);
Result<void> count_visit(Repositories& r, const VisitRecord* before, const VisitRecord& after);
Result<void> count_need(Repositories& r, const NeedRecord* before, const NeedRecord& after);
Result<void> count_resource(Repositories& r, const NeedRecord& need, const NeedResource& resource);

// ---- reading -----------------------------------------------------------------------------
struct StatsQuery {
  std::optional<RegionCode> region; // default: the caller's region
  std::optional<std::string> from, to; // YYYY-MM
};

using Figures = std::map<std::string, Figure>;

struct ComparedPeriod {
  std::string from, to;
  Figures figures;
};

struct BreakdownRow {
  std::string code, name;
  Figures figures;
};

struct Dashboard {
  std::string region_code, region_name; // "" for the whole country
  int level = 0; // 0 the country, 1 province … 5 village
  std::string from, to;
  Figures figures;
  ComparedPeriod previous, year_ago;
  std::vector<std::string> months;
  std::map<std::string, std::vector<std::int64_t>> trend;
  int child_level = 0; // 0: no children (a village)
  std::vector<BreakdownRow> breakdown;
  bool cumulative = false;
  std::string summary;
};

struct RebuildReport {
  std::int64_t people = 0, households = 0, visits = 0, needs = 0, resources = 0, counters = 0;
  std::vector<std::string> differences; // "node month indicator dim: live X, from the facts Y"
  bool fixed = false;
};

class StatsService {
 public:
  StatsService(Store& store, const Clock& clock, AccessControl& access)
      : store_(store), clock_(clock), access_(access) {}

  Result<Dashboard> dashboard(const Actor& actor, const StatsQuery& q);
  // The dashboard as a workbook: figures, breakdown, trend, needs and people by category.
  Result<std::string> report_xlsx(const Actor& actor, const StatsQuery& q, SpreadsheetWriter& writer);
  // Recounts every counter from the facts and compares; `fix` replaces the live ones.
  Result<RebuildReport> rebuild(bool fix);
  // Counts a store's facts once when it has none of the counters yet (it was made before
  // the figures existed); false when there was nothing to do.
  Result<bool> count_if_uncounted();

  std::string current_month() const;

 private:
  Store& store_;
  const Clock& clock_;
  AccessControl& access_;
};

} // namespace shegong
