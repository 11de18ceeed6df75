// Every list, with every documented filter and sort, is planned on an index: each
// engine is asked how it runs the queries the repositories send, and a plan that
// reads a whole table growing with the register fails. The tables are nearly empty,
// which changes nothing on SQLite (no statistics are gathered) and, on PostgreSQL,
// sequential scans are priced out, so the plans are those of a full store.
#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <regex>
#include <set>

#include "support/test_store.hpp"

namespace shegong {
namespace {

// Tables that grow with the register and the work recorded on it.
const std::set<std::string> kGrowing = {
    "persons",     "households",       "person_categories", "person_merges",    "visits",        "visit_versions",
    "needs",       "need_transitions", "need_resources",    "campaign_targets", "audit_log",     "import_errors",
    "stat_counts", "stat_shares",      "outreach_counters", "sessions",         "login_failures"};

// The table a name in a plan stands for: itself, or the table it is an alias of in `sql`
// ("persons p", "persons AS p").
std::string table_of(const std::string& name, const std::string& sql) {
  if (kGrowing.contains(name)) return name;
  std::vector<std::string> words;
  std::string word;
  for (char ch : sql + " ") {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') {
      word += ch;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (!kGrowing.contains(words[i])) continue;
    if (words[i + 1] == name || (words[i + 1] == "AS" && i + 2 < words.size() && words[i + 2] == name)) return words[i];
  }
  return name;
}

// What a list may read beyond its indexes, said where the list is planned.
enum class Allow {
  nothing,
  // A list with no condition at all counts its first kTotalCap + 1 rows: a bounded
  // read, whichever rows they are.
  bounded_count,
  // "Contains" text search (an address) reads the scope: a trigram index would serve it.
  contains_search,
};

// The allowance of a filter, by its name in the tables below.
Allow allowance(const std::string& filter) {
  if (filter == "none" || filter == "merged too") return Allow::bounded_count;
  if (filter == "address") return Allow::contains_search;
  return Allow::nothing;
}

bool bounded_count_query(const std::string& sql) { return sql.starts_with("SELECT COUNT(*) FROM (SELECT 1 FROM "); }

// The steps of a plan that read a whole growing table, or "" when there are none.
std::string full_scans(const QueryPlan& plan, Allow allow) {
  if (allow == Allow::contains_search) return {};
  if (allow == Allow::bounded_count && bounded_count_query(plan.sql)) return {};
  static const std::regex sqlite_scan("^SCAN (\\w+)$"); // no index at all
  static const std::regex pg_scan("Seq Scan on (\\w+)"); // PostgreSQL
  static const std::regex sqlite_walk("^SCAN (\\w+)( USING (COVERING )?INDEX \\w+)?$"); // a whole table or index
  std::string out;
  bool walks_growing = false;
  for (const auto& step : plan.steps) {
    std::smatch m;
    const bool scan = std::regex_search(step, m, pg_scan) || std::regex_match(step, m, sqlite_scan);
    if (scan && kGrowing.contains(table_of(m[1].str(), plan.sql))) out += "  " + step + "\n";
    if (std::regex_match(step, m, sqlite_walk) && kGrowing.contains(table_of(m[1].str(), plan.sql)))
      walks_growing = true;
  }
  // Walking a whole growing table to sort it is reading it all for one page: a page walks
  // an index in its order, or sorts what a search selected.
  for (const auto& step : plan.steps)
    if (walks_growing && step == "USE TEMP B-TREE FOR ORDER BY") out += "  " + step + " (of a whole table)\n";
  return out;
}

std::string show(const std::vector<QueryPlan>& plans) {
  std::string out;
  for (const auto& p : plans) {
    out += p.sql + "\n";
    for (const auto& s : p.steps) out += "    " + s + "\n";
  }
  return out;
}

// A list's page, its result dropped: the plans are what is looked at.
template <typename Filter>
using Listing = std::function<Result<void>(Repositories&, const Filter&, const PageRequest&)>;
template <typename Filter, typename Fn>
Listing<Filter> listing(Fn fn) {
  return [fn](Repositories& r, const Filter& f, const PageRequest& page) -> Result<void> {
    SHEGONG_TRY(fn(r, f, page));
    return ok();
  };
}

class StorePlans : public test::EachBackend {
 protected:
  // Plans `fn` and fails for each query that scans a growing table.
  std::vector<QueryPlan> expect_indexed(const std::string& what, const Store::Work& fn, Allow allow = Allow::nothing) {
    auto plans = store->explain(fn);
    EXPECT_TRUE(plans.ok()) << what << ": " << (plans.ok() ? "" : plans.error().message);
    if (!plans.ok()) return {};
    EXPECT_FALSE(plans->empty()) << what << ": no query was sent";
    for (const auto& p : *plans) {
      const auto scans = full_scans(p, allow);
      EXPECT_TRUE(scans.empty()) << what << " scans a growing table:\n" << scans << "in\n" << show(*plans);
    }
    return *plans;
  }

  // Each scope a list is read in: the country, a county, a township, a village.
  std::vector<Scope> scopes() const {
    return {Scope::national(), Scope::under(*RegionCode::parse("330521")),
            Scope::under(*RegionCode::parse("330521001")), Scope::under(*RegionCode::parse("330521001001"))};
  }
  static std::vector<PageRequest> pages(std::initializer_list<const char*> sorts) {
    std::vector<PageRequest> out;
    for (const char* s : sorts)
      for (bool desc : {false, true})
        for (int page : {1, 5000}) out.push_back({page, 20, s, desc});
    return out;
  }

  template <typename Filter>
  using Filters = std::vector<std::pair<std::string, std::function<void(Filter&)>>>;

  // Plans `list` for each scope × filter × sort (both directions, pages 1 and 5,000).
  template <typename Filter>
  void expect_every_case_indexed(
      const std::string& name, const Filters<Filter>& filters, std::initializer_list<const char*> sorts,
      const Listing<Filter>& list, const std::function<void(Filter&)>& base = [](Filter&) {}) {
    for (const auto& scope : scopes())
      for (const auto& [filter, set] : filters)
        for (const auto& page : pages(sorts)) {
          Filter f;
          f.scope = scope;
          base(f);
          set(f);
          expect_indexed(
              std::string(name)
                  .append(" by ")
                  .append(filter)
                  .append(" in '")
                  .append(scope.prefix())
                  .append("' sorted by ")
                  .append(page.sort),
              [&](Repositories& r) { return list(r, f, page); }, allowance(filter));
        }
  }

  const std::string some_id = "0190a000-0000-7000-8000-000000000001";
};

TEST_P(StorePlans, PersonsEveryFilterAndSort) {
  const Filters<PersonFilter> filters = {
      {"none", [](PersonFilter&) {}},
      {"name", [](PersonFilter& f) { f.name_prefix = "张"; }},
      {"pinyin", [](PersonFilter& f) { f.pinyin_prefix = "zh"; }},
      {"id number",
       [](PersonFilter& f) {
         f.id_indexes = {"a", "b"};
       }},
      {"category", [](PersonFilter& f) { f.category = "dibao"; }},
      {"grid", [&](PersonFilter& f) { f.grid_id = some_id; }},
      {"worker", [&](PersonFilter& f) { f.worker_id = some_id; }},
      {"risk", [](PersonFilter& f) { f.risk_level = "high"; }},
      {"household", [&](PersonFilter& f) { f.household_id = some_id; }},
      {"merged too", [](PersonFilter& f) { f.include_merged = true; }},
      {"category and risk",
       [](PersonFilter& f) {
         f.category = "tekun";
         f.risk_level = "high";
       }},
      {"category and grid",
       [&](PersonFilter& f) {
         f.category = "tekun";
         f.grid_id = some_id;
       }},
      {"category and name",
       [](PersonFilter& f) {
         f.category = "tekun";
         f.pinyin_prefix = "w";
       }},
  };
  expect_every_case_indexed<PersonFilter>(
      "persons", filters, {"name", "birth_date", "created_at", "updated_at", "region_code", "risk_level"},
      listing<PersonFilter>([](Repositories& r, const auto& f, const auto& p) { return r.persons().list(f, p); }),
      [](PersonFilter& f) { f.on = "2026-12-01"; });
}

TEST_P(StorePlans, CategoryIsLookedUpPerPersonNotScanned) {
  // The category condition once read every span of the category for each person (28 s
  // for 低保 in a city of 12,800 people): it must look the person's own spans up.
  PersonFilter f;
  f.scope = Scope::under(*RegionCode::parse("330521"));
  f.on = "2026-12-01";
  f.category = "dibao";
  auto plans = expect_indexed("persons by category", [&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.persons().list(f, {1, 20, "name", false}));
    return ok();
  });
  // PostgreSQL chooses by its statistics (a semi-join, or this index, as the sizes
  // say); SQLite has none and follows the indexes it is given.
  if (GetParam() != "sqlite") return;
  std::string all = show(plans);
  EXPECT_NE(all.find("person_categories_person_category"), std::string::npos) << all;
}

TEST_P(StorePlans, HouseholdsEveryFilterAndSort) {
  const Filters<HouseholdFilter> filters = {
      {"none", [](HouseholdFilter&) {}},
      {"address", [](HouseholdFilter& f) { f.q = "路"; }},
      {"grid", [&](HouseholdFilter& f) { f.grid_id = some_id; }},
  };
  expect_every_case_indexed<HouseholdFilter>(
      "households", filters, {"address", "created_at", "region_code"},
      listing<HouseholdFilter>(
          [](Repositories& r, const auto& f, const auto& p) { return r.households().list(f, p); }));
}

TEST_P(StorePlans, VisitsEveryFilter) {
  const Filters<VisitFilter> filters = {
      {"none", [](VisitFilter&) {}},
      {"campaign", [&](VisitFilter& f) { f.campaign_id = some_id; }},
      {"target", [&](VisitFilter& f) { f.target_id = some_id; }},
      {"worker", [&](VisitFilter& f) { f.worker_id = some_id; }},
      {"period",
       [](VisitFilter& f) {
         f.from = 1700000000000;
         f.to = 1800000000000;
       }},
      {"campaign and period",
       [&](VisitFilter& f) {
         f.campaign_id = some_id;
         f.from = 1700000000000;
       }},
  };
  expect_every_case_indexed<VisitFilter>(
      "visits", filters, {"visited_at"},
      listing<VisitFilter>([](Repositories& r, const auto& f, const auto& p) { return r.visits().list(f, p); }));
}

TEST_P(StorePlans, NeedsEveryFilterAndSort) {
  const Filters<NeedFilter> filters = {
      {"none", [](NeedFilter&) {}},
      {"campaign", [&](NeedFilter& f) { f.campaign_id = some_id; }},
      {"state", [](NeedFilter& f) { f.state = "raised"; }},
      {"open", [](NeedFilter& f) { f.open_only = true; }},
      {"overdue", [](NeedFilter& f) { f.overdue_before = "2026-12-01"; }},
      {"category", [](NeedFilter& f) { f.category = "medical"; }},
      {"worker", [&](NeedFilter& f) { f.worker_id = some_id; }},
      {"target", [&](NeedFilter& f) { f.target_id = some_id; }},
  };
  expect_every_case_indexed<NeedFilter>(
      "needs", filters, {"due_on", "raised_at", "urgency"},
      listing<NeedFilter>([](Repositories& r, const auto& f, const auto& p) { return r.needs().list(f, p); }));
}

TEST_P(StorePlans, TargetsEveryFilterAndSort) {
  const Filters<TargetFilter> filters = {
      {"none", [](TargetFilter&) {}},
      {"grid", [&](TargetFilter& f) { f.grid_id = some_id; }},
      {"worker", [&](TargetFilter& f) { f.worker_id = some_id; }},
      {"unassigned", [](TargetFilter& f) { f.unassigned = true; }},
      {"due",
       [](TargetFilter& f) {
         f.due_from = "2026-12-01";
         f.due_to = "2026-12-08";
       }},
      {"visited", [](TargetFilter& f) { f.visited = true; }},
      {"address", [](TargetFilter& f) { f.q = "路"; }},
  };
  expect_every_case_indexed<TargetFilter>(
      "targets", filters, {"next_due_on", "address", "last_visit_at"},
      listing<TargetFilter>([](Repositories& r, const auto& f, const auto& p) { return r.targets().list(f, p); }),
      [&](TargetFilter& f) { f.campaign_id = some_id; });
}

TEST_P(StorePlans, AuditEveryFilter) {
  const Filters<AuditFilter> filters = {
      {"none", [](AuditFilter&) {}},
      {"user", [&](AuditFilter& f) { f.user_id = some_id; }},
      {"record", [&](AuditFilter& f) { f.record_id = some_id; }},
      {"action", [](AuditFilter& f) { f.action = "person.read"; }},
      {"period",
       [](AuditFilter& f) {
         f.from = 1700000000000;
         f.to = 1800000000000;
       }},
  };
  expect_every_case_indexed<AuditFilter>(
      "audit", filters, {"seq"},
      listing<AuditFilter>([](Repositories& r, const auto& f, const auto& p) { return r.audit().list(f, p); }));
}

INSTANTIATE_TEST_SUITE_P(Engines, StorePlans, ::testing::Values("sqlite", "postgres"));

} // namespace
} // namespace shegong
