// The register's repositories (persons, households, categories, import jobs) pass the
// same scenarios on every engine: a record reads back as written, outside the caller's
// area it is not there, and an edit on a stale version writes nothing.
#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace shegong {
namespace {

constexpr const char* kPerson = "01900000-0000-7000-8000-0000000001a1";
constexpr const char* kHousehold = "01900000-0000-7000-8000-0000000001b1";
constexpr const char* kJob = "01900000-0000-7000-8000-0000000001c1";

class RegisterStore : public test::EachBackend {
 protected:
  static HouseholdRecord household() {
    HouseholdRecord h;
    h.id = kHousehold;
    h.region_code = *RegionCode::parse("411102001001");
    h.address = "老街街道一号院3栋";
    h.contacts_sealed = "sealed:contacts";
    h.created_at = h.updated_at = 1'765'000'000'000;
    return h;
  }
  static PersonRecord person() {
    PersonRecord p;
    p.id = kPerson;
    p.region_code = *RegionCode::parse("411102001001");
    p.name = "王秀英";
    p.name_pinyin = "wangxiuying";
    p.name_initials = "wxy";
    p.id_sealed = "sealed:id";
    p.id_masked = "411102********1224";
    p.id_index = "index:1";
    p.sex = "2";
    p.birth_date = "1948-03-02";
    p.phone_sealed = "sealed:phone";
    p.phone_masked = "138****5678";
    p.health_sealed = "sealed:health";
    p.living_situation = "alone";
    p.risk_level = "high";
    p.notes = "独居，冬季需关注取暖";
    p.household_id = kHousehold;
    p.relation = "head";
    p.registered_address = "漯河市源汇区老街街道";
    p.current_address = "老街街道一号院3栋";
    p.created_at = p.updated_at = 1'765'000'000'000;
    p.created_by = "luohe";
    return p;
  }
  template <class F>
  void run(bool writing, F&& f) {
    auto work = [&](Repositories& repos) -> Result<void> { return f(repos); };
    auto r = writing ? store->write(work) : store->read(work);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  const Scope luohe = Scope::under(*RegionCode::parse("4111"));
  const Scope deqing = Scope::under(*RegionCode::parse("3305"));
};

TEST_P(RegisterStore, APersonReadsBackAsWrittenWithTheirCategoriesOnlyInsideTheirArea) {
  CategoryEntry dibao{"01900000-0000-7000-8000-0000000001d1",
                      kPerson,
                      "dibao",
                      "2024-03-05",
                      std::nullopt,
                      "源民〔2024〕12号",
                      1'765'000'000'000,
                      "luohe",
                      ""};
  run(true, [&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.households().insert(household()));
    SHEGONG_TRY(r.persons().insert(person()));
    return r.categories().insert_entry(dibao);
  });
  std::optional<PersonRecord> inside, outside, by_index;
  std::optional<HouseholdRecord> home;
  std::vector<PersonRecord> namesakes;
  Page<PersonRecord> dibao_list, tekun_list;
  run(false, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(inside, r.persons().find(kPerson, luohe, "2026-12-07"));
    SHEGONG_ASSIGN(outside, r.persons().find(kPerson, deqing, "2026-12-07"));
    SHEGONG_ASSIGN(by_index, r.persons().find_by_id_index({"index:0", "index:1"}));
    SHEGONG_ASSIGN(namesakes, r.persons().same_name_and_birth(luohe, "王秀英", "1948-03-02", ""));
    SHEGONG_ASSIGN(home, r.households().find(kHousehold, luohe));
    PersonFilter f;
    f.scope = luohe;
    f.on = "2026-12-07";
    f.category = "dibao";
    SHEGONG_ASSIGN(dibao_list, r.persons().list(f, {1, 20, "name", false}));
    f.category = "tekun";
    SHEGONG_ASSIGN(tekun_list, r.persons().list(f, {1, 20, "name", false}));
    return ok();
  });
  ASSERT_TRUE(inside.has_value());
  EXPECT_FALSE(outside.has_value());
  const PersonRecord want = person();
  EXPECT_EQ(inside->name, want.name);
  EXPECT_EQ(inside->name_pinyin, want.name_pinyin);
  EXPECT_EQ(inside->id_sealed, want.id_sealed);
  EXPECT_EQ(inside->id_masked, want.id_masked);
  EXPECT_EQ(inside->id_index, want.id_index);
  EXPECT_EQ(inside->birth_date, want.birth_date);
  EXPECT_EQ(inside->phone_sealed, want.phone_sealed);
  EXPECT_EQ(inside->health_sealed, want.health_sealed);
  EXPECT_EQ(inside->household_id, want.household_id);
  EXPECT_EQ(inside->relation, want.relation);
  EXPECT_EQ(inside->notes, want.notes);
  EXPECT_EQ(inside->current_address, want.current_address);
  EXPECT_EQ(inside->created_at, want.created_at);
  EXPECT_EQ(inside->categories, std::vector<std::string>{"dibao"});
  EXPECT_EQ(inside->household_address, household().address);
  ASSERT_TRUE(by_index.has_value());
  EXPECT_EQ(by_index->id, kPerson);
  ASSERT_EQ(namesakes.size(), 1u);
  ASSERT_TRUE(home.has_value());
  EXPECT_EQ(home->contacts_sealed, "sealed:contacts");
  EXPECT_EQ(home->members, 1);
  EXPECT_EQ(dibao_list.total, 1);
  EXPECT_EQ(tekun_list.total, 0);
}

TEST_P(RegisterStore, AnEditOnAStaleVersionWritesNothing) {
  run(true, [&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.households().insert(household()));
    return r.persons().insert(person());
  });
  PersonRecord p = person();
  p.risk_level = "medium";
  p.version = 2;
  HouseholdRecord h = household();
  h.address = "老街街道二号院";
  h.version = 2;
  bool person_first = false, person_stale = true, home_first = false, home_stale = true;
  run(true, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(person_first, r.persons().update(p, 1));
    p.notes = "不应写入";
    p.version = 3;
    SHEGONG_ASSIGN(person_stale, r.persons().update(p, 1));
    SHEGONG_ASSIGN(home_first, r.households().update(h, 1));
    SHEGONG_ASSIGN(home_stale, r.households().update(h, 1));
    return ok();
  });
  EXPECT_TRUE(person_first && home_first);
  EXPECT_FALSE(person_stale || home_stale);
  std::optional<PersonRecord> now;
  run(false, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(now, r.persons().find(kPerson, luohe, "2026-12-07"));
    return ok();
  });
  ASSERT_TRUE(now.has_value());
  EXPECT_EQ(now->version, 2);
  EXPECT_EQ(now->risk_level, "medium");
  EXPECT_EQ(now->notes, person().notes);
}

TEST_P(RegisterStore, AnImportJobKeepsItsCountsAndItsRowsErrorsInOrder) {
  ImportJob job;
  job.id = kJob;
  job.region_code = *RegionCode::parse("4111");
  job.username = "luohe";
  job.filename = "源汇区花名册.xlsx";
  job.mode = "valid_rows";
  job.started_at = 1'765'000'000'000;
  run(true, [&](Repositories& r) { return r.imports().insert(job); });
  job.status = "done";
  job.total_rows = job.processed_rows = 3;
  job.created_rows = 1;
  job.failed_rows = 2;
  job.committed = true;
  job.finished_at = 1'765'000'005'000;
  const std::vector<ImportRowError> errors = {{2, "身份证号", "身份证号校验位不正确", "sealed:2"},
                                              {4, "姓名", "姓名为空", "sealed:4"}};
  run(true, [&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.imports().update(job));
    // Written out of order: a job's history reads back by its sequence.
    SHEGONG_TRY(r.imports().add_transition({kJob, 2, "queued", "done", *job.finished_at, "luohe"}));
    SHEGONG_TRY(r.imports().add_transition({kJob, 1, "", "queued", job.started_at, "luohe"}));
    return r.imports().add_errors(kJob, 1, errors);
  });
  std::optional<ImportJob> inside, outside;
  std::vector<ImportRowError> all;
  Page<ImportJob> listed;
  run(false, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(inside, r.imports().find(kJob, luohe, 1));
    SHEGONG_ASSIGN(outside, r.imports().find(kJob, deqing, 1));
    SHEGONG_ASSIGN(all, r.imports().errors(kJob));
    SHEGONG_ASSIGN(listed, r.imports().list(luohe, {1, 20, "started_at", true}));
    return ok();
  });
  ASSERT_TRUE(inside.has_value());
  EXPECT_FALSE(outside.has_value());
  EXPECT_EQ(inside->status, "done");
  EXPECT_EQ(inside->created_rows, 1);
  EXPECT_EQ(inside->failed_rows, 2);
  EXPECT_TRUE(inside->committed);
  EXPECT_EQ(inside->finished_at, job.finished_at);
  ASSERT_EQ(inside->errors.size(), 1u) << "at most the errors asked for";
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].row, 2);
  EXPECT_EQ(all[1].reason, "姓名为空");
  EXPECT_EQ(all[1].cells_sealed, "sealed:4");
  EXPECT_EQ(listed.total, 1);
  ASSERT_EQ(inside->history.size(), 2u);
  EXPECT_EQ(inside->history[0].from, "");
  EXPECT_EQ(inside->history[0].at, job.started_at);
  EXPECT_EQ(inside->history[1].to, "done");
  EXPECT_EQ(inside->history[1].by, "luohe");
  EXPECT_EQ(inside->region_code, job.region_code);
  EXPECT_TRUE(listed.items.at(0).history.empty()) << "a list leaves the history out";
}

INSTANTIATE_TEST_SUITE_P(Backends, RegisterStore, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

} // namespace
} // namespace shegong
