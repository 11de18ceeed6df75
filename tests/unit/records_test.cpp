// A record described once (records/places.hpp): the store reads its rows by column
// name whatever their order, writes what the description says, and the description
// agrees with the wire contract in docs/openapi.json.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "db.hpp"
#include "record_sql.hpp"
#include "shegong/records/places.hpp"
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
    ASSERT_TRUE(conn->exec_script(
        "CREATE TABLE regions (code TEXT PRIMARY KEY, name TEXT NOT NULL);"
        "INSERT INTO regions VALUES ('330521005000', '康乾街道');"
        "CREATE TABLE stations (id TEXT PRIMARY KEY, region_code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,"
        " address TEXT NOT NULL, phone TEXT NOT NULL, manager TEXT NOT NULL, opened_on TEXT, active INTEGER NOT NULL,"
        " version BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);"));
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
  auto back = read_one(
      "SELECT 42 AS unrelated, s.updated_at AS updated_at, s.created_at AS created_at, s.version AS version,"
      " s.active AS active, s.opened_on AS opened_on, s.manager AS manager, s.phone AS phone, s.address AS address,"
      " s.kind AS kind, s.name AS name, 'x' AS region_name, s.region_code AS region_code, s.id AS id FROM stations s");
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

// ---- the description against docs/openapi.json ----------------------------------------

boost::json::object openapi_schema(std::string_view name) {
  std::ifstream in(std::string(SHEGONG_SOURCE_DIR) + "/docs/openapi.json");
  std::stringstream text;
  text << in.rdbuf();
  return boost::json::parse(text.str()).at("components").at("schemas").at(name).as_object();
}

// What the document should say of a field, from its C++ type and flags: a $ref or a type.
template <class F>
std::string expected_schema(const F& f) {
  using M = typename F::value_type;
  const std::string text = f.has(records::uuid) ? "Uuid" : f.has(records::date) ? "Date" : "string";
  if constexpr (std::is_same_v<M, std::string>)
    return f.has(records::empty_is_null) ? text + "|null" : text;
  else if constexpr (std::is_same_v<M, std::optional<std::string>>)
    return text + "|null";
  else if constexpr (std::is_same_v<M, bool>)
    return "boolean";
  else if constexpr (std::is_same_v<M, std::int64_t>)
    return f.has(records::timestamp) ? "Timestamp" : "integer";
  else if constexpr (std::is_same_v<M, RegionCode>)
    return "RegionCode";
  else if constexpr (records::Coded<M>)
    return std::string(records::Enum<M>::schema);
  else
    static_assert(sizeof(M) == 0);
}

// The document's schema of a property, in the same words: "Date|null", "integer", ….
std::string described(const boost::json::value& v) {
  const auto& o = v.as_object();
  if (auto ref = o.if_contains("$ref")) {
    const std::string r(ref->as_string());
    return r.substr(r.rfind('/') + 1);
  }
  if (auto one = o.if_contains("oneOf")) {
    std::string out;
    for (const auto& alt : one->as_array()) out += (out.empty() ? "" : "|") + described(alt);
    return out;
  }
  const auto& type = o.at("type");
  if (type.is_string()) return std::string(type.as_string());
  std::string out;
  for (const auto& t : type.as_array()) out += (out.empty() ? "" : "|") + std::string(t.as_string());
  return out;
}

template <class R>
void expect_matches_document(std::string_view schema_name) {
  const auto schema = openapi_schema(schema_name);
  const auto& properties = schema.at("properties").as_object();
  std::set<std::string> documented, required, described_fields;
  for (const auto& [k, v] : properties) documented.insert(std::string(k));
  for (const auto& r : schema.at("required").as_array()) required.insert(std::string(r.as_string()));
  records::each_field<R>([&](const auto& f) {
    const std::string name(f.name);
    described_fields.insert(name);
    ASSERT_TRUE(properties.contains(name)) << schema_name << " does not document " << name;
    const std::string want = expected_schema(f);
    const std::string have = described(properties.at(name));
    EXPECT_EQ(have, want) << schema_name << "." << name;
  });
  EXPECT_EQ(documented, described_fields) << schema_name << ": the document and the description name other fields";
  EXPECT_EQ(required, described_fields) << schema_name << ": every field is always sent";
}

TEST(RecordDescriptions, StationIsWhatTheDocumentSays) { expect_matches_document<Station>("Station"); }
TEST(RecordDescriptions, GridIsWhatTheDocumentSays) { expect_matches_document<Grid>("Grid"); }

} // namespace
} // namespace shegong
