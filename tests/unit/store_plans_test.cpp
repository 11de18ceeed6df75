// Every list, with every documented filter and sort, is planned on an index: each
// engine is asked how it runs the queries the repositories send, and a plan that
// reads a whole table growing with the register fails. The tables are nearly empty,
// which changes nothing on SQLite (no statistics are gathered) and, on PostgreSQL,
// sequential scans are priced out, so the plans are those of a full store.
#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <set>

#include "support/test_store.hpp"

namespace shegong {
namespace {

using test::TempDir;

// Tables that grow with the register and the work recorded on it.
const std::set<std::string> kGrowing = {
    "persons",         "households",   "person_categories", "person_merges",    "visits",
    "visit_versions",  "needs",        "need_transitions",  "need_resources",   "campaign_targets",
    "audit_log",       "import_errors", "stat_counts",      "stat_shares",      "outreach_counters",
    "sessions",        "login_failures"};

// The table a name in a plan stands for: itself, or the table it is an alias of in `sql`.
std::string table_of(const std::string& name, const std::string& sql) {
  if (kGrowing.contains(name)) return name;
  for (const auto& t : kGrowing) {
    const std::regex aliased("\\b" + t + "\\s+(AS\\s+)?" + name + "\\b");
    if (std::regex_search(sql, aliased)) return t;
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
  static const std::regex sqlite_scan("^SCAN (\\w+)$");            // no index at all
  static const std::regex pg_scan("Seq Scan on (\\w+)");           // PostgreSQL
  std::string out;
  for (const auto& step : plan.steps) {
    std::smatch m;
    const bool scan = std::regex_search(step, m, pg_scan) ||
                      std::regex_match(step, m, sqlite_scan);
    if (scan && kGrowing.contains(table_of(m[1].str(), plan.sql))) out += "  " + step + "\n";
  }
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

class StorePlans : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && test::postgres_conninfo().empty()) {
      if (std::getenv("SHEGONG_REQUIRE_PG")) FAIL() << "SHEGONG_TEST_PG is not set; tests/pg/server.sh starts a server";
      GTEST_SKIP() << "no PostgreSQL server given (SHEGONG_TEST_PG)";
    }
    store = test::open_backend_with_regions(dir, GetParam());
  }

  // Plans `fn` and fails for each query that scans a growing table.
  std::vector<QueryPlan> expect_indexed(const std::string& what, const Store::Work& fn,
                                        Allow allow = Allow::nothing) {
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

  TempDir dir;
  std::unique_ptr<SqlStore> store;
  const std::string some_id = "0190a000-0000-7000-8000-000000000001";
};

TEST_P(StorePlans, PersonsEveryFilterAndSort) {
  std::vector<std::pair<std::string, std::function<void(PersonFilter&)>>> filters = {
      {"none", [](PersonFilter&) {}},
      {"name", [](PersonFilter& f) { f.name_prefix = "张"; }},
      {"pinyin", [](PersonFilter& f) { f.pinyin_prefix = "zh"; }},
      {"id number", [](PersonFilter& f) { f.id_indexes = {"a", "b"}; }},
      {"category", [](PersonFilter& f) { f.category = "dibao"; }},
      {"grid", [&](PersonFilter& f) { f.grid_id = some_id; }},
      {"worker", [&](PersonFilter& f) { f.worker_id = some_id; }},
      {"risk", [](PersonFilter& f) { f.risk_level = "high"; }},
      {"household", [&](PersonFilter& f) { f.household_id = some_id; }},
      {"merged too", [](PersonFilter& f) { f.include_merged = true; }},
      {"category and risk", [](PersonFilter& f) { f.category = "tekun"; f.risk_level = "high"; }},
      {"category and grid", [&](PersonFilter& f) { f.category = "tekun"; f.grid_id = some_id; }},
      {"category and name", [](PersonFilter& f) { f.category = "tekun"; f.pinyin_prefix = "w"; }},
  };
  for (const auto& scope : scopes())
    for (const auto& [name, set] : filters)
      for (const auto& page : pages({"name", "birth_date", "created_at", "updated_at", "region_code", "risk_level"})) {
        PersonFilter f;
        f.scope = scope;
        f.on = "2026-12-01";
        set(f);
        expect_indexed("persons by " + name + " in '" + std::string(scope.prefix()) + "' sorted by " + page.sort,
                       [&](Repositories& r) -> Result<void> {
                         SHEGONG_TRY(r.persons().list(f, page));
                         return ok();
                       }, allowance(name));
      }
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
  std::vector<std::pair<std::string, std::function<void(HouseholdFilter&)>>> filters = {
      {"none", [](HouseholdFilter&) {}},
      {"address", [](HouseholdFilter& f) { f.q = "路"; }},
      {"grid", [&](HouseholdFilter& f) { f.grid_id = some_id; }},
  };
  for (const auto& scope : scopes())
    for (const auto& [name, set] : filters)
      for (const auto& page : pages({"address", "created_at", "region_code"})) {
        HouseholdFilter f;
        f.scope = scope;
        set(f);
        expect_indexed("households by " + name, [&](Repositories& r) -> Result<void> {
          SHEGONG_TRY(r.households().list(f, page));
          return ok();
        }, allowance(name));
      }
}

TEST_P(StorePlans, VisitsEveryFilter) {
  std::vector<std::pair<std::string, std::function<void(VisitFilter&)>>> filters = {
      {"none", [](VisitFilter&) {}},
      {"campaign", [&](VisitFilter& f) { f.campaign_id = some_id; }},
      {"target", [&](VisitFilter& f) { f.target_id = some_id; }},
      {"worker", [&](VisitFilter& f) { f.worker_id = some_id; }},
      {"period", [](VisitFilter& f) { f.from = 1700000000000; f.to = 1800000000000; }},
      {"campaign and period", [&](VisitFilter& f) { f.campaign_id = some_id; f.from = 1700000000000; }},
  };
  for (const auto& scope : scopes())
    for (const auto& [name, set] : filters)
      for (const auto& page : pages({"visited_at"})) {
        VisitFilter f;
        f.scope = scope;
        set(f);
        expect_indexed("visits by " + name, [&](Repositories& r) -> Result<void> {
          SHEGONG_TRY(r.outreach().list_visits(f, page));
          return ok();
        }, allowance(name));
      }
}

TEST_P(StorePlans, NeedsEveryFilterAndSort) {
  std::vector<std::pair<std::string, std::function<void(NeedFilter&)>>> filters = {
      {"none", [](NeedFilter&) {}},
      {"campaign", [&](NeedFilter& f) { f.campaign_id = some_id; }},
      {"state", [](NeedFilter& f) { f.state = "raised"; }},
      {"open", [](NeedFilter& f) { f.open_only = true; }},
      {"overdue", [](NeedFilter& f) { f.overdue_before = "2026-12-01"; }},
      {"category", [](NeedFilter& f) { f.category = "medical"; }},
      {"worker", [&](NeedFilter& f) { f.worker_id = some_id; }},
      {"target", [&](NeedFilter& f) { f.target_id = some_id; }},
  };
  for (const auto& scope : scopes())
    for (const auto& [name, set] : filters)
      for (const auto& page : pages({"due_on", "raised_at", "urgency"})) {
        NeedFilter f;
        f.scope = scope;
        set(f);
        expect_indexed("needs by " + name, [&](Repositories& r) -> Result<void> {
          SHEGONG_TRY(r.outreach().list_needs(f, page));
          return ok();
        }, allowance(name));
      }
}

TEST_P(StorePlans, TargetsEveryFilterAndSort) {
  std::vector<std::pair<std::string, std::function<void(TargetFilter&)>>> filters = {
      {"none", [](TargetFilter&) {}},
      {"grid", [&](TargetFilter& f) { f.grid_id = some_id; }},
      {"worker", [&](TargetFilter& f) { f.worker_id = some_id; }},
      {"unassigned", [](TargetFilter& f) { f.unassigned = true; }},
      {"due", [](TargetFilter& f) { f.due_from = "2026-12-01"; f.due_to = "2026-12-08"; }},
      {"visited", [](TargetFilter& f) { f.visited = true; }},
      {"address", [](TargetFilter& f) { f.q = "路"; }},
  };
  for (const auto& scope : scopes())
    for (const auto& [name, set] : filters)
      for (const auto& page : pages({"next_due_on", "address", "last_visit_at"})) {
        TargetFilter f;
        f.scope = scope;
        f.campaign_id = some_id;
        set(f);
        expect_indexed("targets by " + name, [&](Repositories& r) -> Result<void> {
          SHEGONG_TRY(r.outreach().list_targets(f, page));
          return ok();
        }, allowance(name));
      }
}

TEST_P(StorePlans, AuditEveryFilter) {
  std::vector<std::pair<std::string, std::function<void(AuditFilter&)>>> filters = {
      {"none", [](AuditFilter&) {}},
      {"user", [&](AuditFilter& f) { f.user_id = some_id; }},
      {"record", [&](AuditFilter& f) { f.record_id = some_id; }},
      {"action", [](AuditFilter& f) { f.action = "person.read"; }},
      {"period", [](AuditFilter& f) { f.from = 1700000000000; f.to = 1800000000000; }},
  };
  for (const auto& scope : scopes())
    for (const auto& [name, set] : filters)
      for (const auto& page : pages({"seq"})) {
        AuditFilter f;
        f.scope = scope;
        set(f);
        expect_indexed("audit by " + name, [&](Repositories& r) -> Result<void> {
          SHEGONG_TRY(r.audit().list(f, page));
          return ok();
        }, allowance(name));
      }
}

INSTANTIATE_TEST_SUITE_P(Engines, StorePlans, ::testing::Values("sqlite", "postgres"));

} // namespace
} // namespace shegong
