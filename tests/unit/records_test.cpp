// A record described once (records/places.hpp): the store reads its rows by column
// name whatever their order, writes what the description says; docs/openapi.json holds
// the schemas the description gives, and its limits are the domain's.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "db.hpp"
#include "migrator.hpp"
#include "record_sql.hpp"
#include "shegong/http/api.hpp"
#include "shegong/records/places.hpp"
#include "shegong/records/register.hpp"
#include "support/test_store.hpp"

namespace shegong {
namespace {

Station sample_station() {
  Station s;
  s.id = "01900000-0000-7000-8000-000000000001";
  s.region_code = *RegionCode::parse("330521005");
  s.name = "康乾街道社工站";
  s.kind = StationKind::neighbourhood_centre;
  s.address = "康乾街道1号";
  s.phone = "0572-1234567";
  s.manager = "沈敏";
  s.opened_on = "2024-03-01";
  s.active = false;
  s.version = 3;
  s.created_at = 1'700'000'000'123;
  s.updated_at = 1'700'000'999'456;
  return s;
}

class RecordsOnSqlite : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = sqlite::Connection::open(dir.file("records.db"));
    ASSERT_TRUE(c) << c.error().message;
    conn = std::move(*c);
    // The real schema, so that a column a migration adds is here too.
    auto applied = sql::migrate(*conn, "BEGIN IMMEDIATE");
    ASSERT_TRUE(applied) << applied.error().message;
    ASSERT_TRUE(
        conn->exec_script("INSERT INTO regions (code, parent_code, level, name) VALUES"
                          " ('330521005000', NULL, 4, '康乾街道');"));
  }
  Result<Station> read_one(const std::string& sql) {
    SHEGONG_ASSIGN(auto st, conn->prepare(sql));
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) return Error::make(ErrorCode::not_found, "no row");
    return sql::read_record<Station>(*st);
  }
  test::TempDir dir;
  std::unique_ptr<sqlite::Connection> conn;
};

TEST_F(RecordsOnSqlite, WritesAndReadsBackEveryField) {
  const Station s = sample_station();
  ASSERT_TRUE(sql::insert_record(*conn, s));
  auto back = read_one(sql::select_sql<Station>());
  ASSERT_TRUE(back) << back.error().message;
  Station expected = s;
  expected.region_name = "康乾街道"; // the read model, from the join
  EXPECT_EQ(back->id, expected.id);
  EXPECT_EQ(back->region_code.str(), expected.region_code.str());
  EXPECT_EQ(back->region_name, expected.region_name);
  EXPECT_EQ(back->name, expected.name);
  EXPECT_EQ(back->kind, expected.kind);
  EXPECT_EQ(back->address, expected.address);
  EXPECT_EQ(back->phone, expected.phone);
  EXPECT_EQ(back->manager, expected.manager);
  EXPECT_EQ(back->opened_on, expected.opened_on);
  EXPECT_EQ(back->active, expected.active);
  EXPECT_EQ(back->version, expected.version);
  EXPECT_EQ(back->created_at, expected.created_at);
  EXPECT_EQ(back->updated_at, expected.updated_at);
}

TEST_F(RecordsOnSqlite, ReadsByColumnNameInWhateverOrderTheQueryGivesThem) {
  ASSERT_TRUE(sql::insert_record(*conn, sample_station()));
  // The select list reversed, with an unrelated column in front: nothing shifts.
  std::vector<std::string> columns;
  records::each_field<Station>([&](const auto& f) {
    const std::string name(f.name);
    columns.insert(columns.begin(), (f.stored() ? "s." + name : std::string("'x'")) + " AS " + name);
  });
  std::string select = "SELECT 42 AS unrelated";
  for (const auto& c : columns) select += ", " + c;
  auto back = read_one(select + " FROM stations s");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->manager, "沈敏");
  EXPECT_EQ(back->phone, "0572-1234567");
  EXPECT_EQ(back->kind, StationKind::neighbourhood_centre);
  EXPECT_EQ(back->version, 3);
  EXPECT_EQ(back->created_at, 1'700'000'000'123);
  EXPECT_EQ(back->region_name, "x");
  // The columns found for one query are not trusted for the next: the usual order again.
  auto usual = read_one(sql::select_sql<Station>());
  ASSERT_TRUE(usual) << usual.error().message;
  EXPECT_EQ(usual->manager, "沈敏");
  EXPECT_EQ(usual->region_name, "康乾街道");
  EXPECT_EQ(usual->created_at, 1'700'000'000'123);
}

TEST_F(RecordsOnSqlite, AMissingColumnIsNamedNotGuessed) {
  ASSERT_TRUE(sql::insert_record(*conn, sample_station()));
  auto back = read_one("SELECT s.id AS id, s.name AS name FROM stations s");
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().code, ErrorCode::internal);
  EXPECT_NE(back.error().message.find("region_code"), std::string::npos) << back.error().message;
}

TEST_F(RecordsOnSqlite, AnUpdateWritesWhatMayChangeAndOnlyOnTheExpectedVersion) {
  const Station s = sample_station();
  ASSERT_TRUE(sql::insert_record(*conn, s));
  Station changed = s;
  changed.name = "康乾街道社会工作服务站";
  changed.version = 4;
  changed.region_code = *RegionCode::parse("330521006"); // fixed: an update leaves it
  changed.created_at = 1; // fixed too
  auto stale = sql::update_record(*conn, changed, 2);
  ASSERT_TRUE(stale);
  EXPECT_FALSE(*stale);
  auto done = sql::update_record(*conn, changed, 3);
  ASSERT_TRUE(done);
  EXPECT_TRUE(*done);
  auto back = read_one(sql::select_sql<Station>());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, "康乾街道社会工作服务站");
  EXPECT_EQ(back->version, 4);
  EXPECT_EQ(back->region_code.str(), s.region_code.str());
  EXPECT_EQ(back->created_at, s.created_at);
}

// ---- the description against docs/openapi.json and the domain's rules -------------------

// The document holds, for every described record, the schemas its description gives; a
// field added to a description and not written into the document (`make api`) fails here.
TEST(RecordDescriptions, TheDocumentHoldsTheSchemasTheDescriptionsGive) {
  std::ifstream in(std::string(SHEGONG_SOURCE_DIR) + "/docs/openapi.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto document = boost::json::parse(text.str()).at("components").at("schemas").as_object();
  const auto described = boost::json::parse(http::described_schemas_json()).as_object();
  ASSERT_GE(described.size(), 6u);
  for (const auto& [name, schema] : described) {
    ASSERT_TRUE(document.contains(name)) << name << " is missing from docs/openapi.json: run make api";
    EXPECT_EQ(document.at(name), schema) << name << " differs from its description: run make api\n"
                                         << "document:  " << boost::json::serialize(document.at(name)) << "\n"
                                         << "described: " << boost::json::serialize(schema);
  }
}

// Every limit the description states on the wire is the one the domain enforces: the
// longest text and the extreme numbers it states pass, one more is refused naming the field.
template <class R>
void expect_limits_are_the_domains(const R& valid) {
  ASSERT_TRUE(validate(valid).ok());
  int checked = 0;
  records::each_field<R>([&](const auto& f) {
    using M = typename std::decay_t<decltype(f)>::value_type;
    if constexpr (std::is_same_v<M, std::string>) {
      if (f.max_length == 0) return;
      R r = valid;
      f.of(r) = std::string(static_cast<std::size_t>(f.max_length), '1');
      EXPECT_TRUE(validate(r).ok()) << f.name << " at its stated length";
      f.of(r) += "1";
      auto refused = validate(r);
      ASSERT_FALSE(refused.ok()) << f.name << " past its stated length";
      EXPECT_EQ(refused.error().field, f.name);
      ++checked;
    } else if constexpr (std::is_same_v<M, std::int64_t> || std::is_same_v<M, std::optional<std::int64_t>>) {
      if (!f.maximum || f.has(records::managed)) return;
      R r = valid;
      f.of(r) = *f.maximum;
      EXPECT_TRUE(validate(r).ok()) << f.name << " at its stated maximum";
      f.of(r) = *f.maximum + 1;
      ASSERT_FALSE(validate(r).ok()) << f.name << " past its stated maximum";
      EXPECT_EQ(validate(r).error().field, f.name);
      f.of(r) = *f.minimum - 1;
      ASSERT_FALSE(validate(r).ok()) << f.name << " below its stated minimum";
      ++checked;
    }
  });
  EXPECT_GT(checked, 0);
}

TEST(RecordDescriptions, StationLimitsAreTheDomains) { expect_limits_are_the_domains(sample_station()); }

TEST(RecordDescriptions, GridLimitsAreTheDomains) {
  Grid g;
  g.region_code = *RegionCode::parse("330521005001");
  g.name = "第一网格";
  expect_limits_are_the_domains(g);
}

// Migration 12 began keeping an import's status changes: a job from before it keeps
// what its row tells (queued when it started, its final status when it finished), and
// nothing about it changes.
TEST(ImportHistoryMigration, AJobFromBeforeKeepsWhatItsRowTells) {
  test::TempDir dir;
  auto c = sqlite::Connection::open(dir.file("old.db"));
  ASSERT_TRUE(c) << c.error().message;
  auto& conn = **c;
  ASSERT_TRUE(sql::migrate(conn, "BEGIN IMMEDIATE", 11));
  ASSERT_TRUE(conn.exec_script(
      "INSERT INTO import_jobs (id, region_code, user_id, username, filename, mode, status, total_rows, "
      "processed_rows, created_rows, unchanged_rows, failed_rows, committed, message, started_at, finished_at) VALUES "
      "('j-done', '411100000000', '01900000-0000-7000-8000-0000000000u1', 'luohe', 'a.xlsx', 'valid_rows', 'done', "
      "3, 3, 2, 0, 1, 1, '', 1000, 5000),"
      "('j-queued', '411100000000', '01900000-0000-7000-8000-0000000000u1', 'luohe', 'b.xlsx', 'valid_rows', "
      "'queued', 0, 0, 0, 0, 0, 0, '', 7000, NULL);"));
  auto applied = sql::migrate(conn, "BEGIN IMMEDIATE");
  ASSERT_TRUE(applied) << applied.error().message;
  auto st = conn.prepare(sql::select_sql<ImportStatusChange>() + " ORDER BY t.job_id, t.seq");
  ASSERT_TRUE(st);
  auto rows = sql::collect<ImportStatusChange>(**st, sql::read_record<ImportStatusChange>);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ(std::tie((*rows)[0].job_id, (*rows)[0].from, (*rows)[0].to, (*rows)[0].at),
            std::make_tuple(std::string("j-done"), std::string(""), std::string("queued"), std::int64_t{1000}));
  EXPECT_EQ(std::tie((*rows)[1].from, (*rows)[1].to, (*rows)[1].at),
            std::make_tuple(std::string("queued"), std::string("done"), std::int64_t{5000}));
  EXPECT_EQ(std::tie((*rows)[2].job_id, (*rows)[2].to, (*rows)[2].by),
            std::make_tuple(std::string("j-queued"), std::string("queued"), std::string("luohe")));
  auto job = conn.prepare(sql::select_sql<ImportJob>() + " WHERE j.id = 'j-done'");
  ASSERT_TRUE(job);
  ASSERT_TRUE((*job)->step());
  auto read = sql::read_record<ImportJob>(**job);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(std::tie(read->status, read->created_rows, read->failed_rows, read->committed),
            std::make_tuple(std::string("done"), std::int64_t{2}, std::int64_t{1}, true));
}

} // namespace
} // namespace shegong
