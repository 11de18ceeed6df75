#include <gtest/gtest.h>

#include "shegong/domain/access.hpp"
#include "shegong/domain/grid.hpp"
#include "shegong/domain/station.hpp"
#include "shegong/domain/text.hpp"

namespace shegong {
namespace {

Station station_at(const char* code, StationKind kind) {
  Station s;
  s.id = "018c22ad-2208-745c-b523-4e630a830b8b";
  s.region_code = *RegionCode::parse(code);
  s.name = "老街街道社工站";
  s.kind = kind;
  return s;
}

TEST(Text, TrimsAsciiAndIdeographicSpaces) {
  EXPECT_EQ(trim_text("  \t千丰社区\xE3\x80\x80 "), "千丰社区");
  EXPECT_EQ(trim_text("\xE3\x80\x80\xE3\x80\x80"), "");
  EXPECT_EQ(utf8_length("千丰社区"), 4u);
}

TEST(Text, ChecksLengthInCharactersNotBytes) {
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "社";
  EXPECT_TRUE(check_text(hundred, "name", 100, true).ok());
  auto r = check_text(hundred + "社", "name", 100, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "name");
  EXPECT_EQ(check_text("", "name", 10, true).error().code, ErrorCode::missing_field);
  EXPECT_EQ(check_text("a\x01", "name", 10, true).error().code, ErrorCode::invalid_field);
}

TEST(Text, PhoneNumbersAsPeopleWriteThem) {
  EXPECT_TRUE(check_phone("0395-3123456", "phone").ok());
  EXPECT_TRUE(check_phone("+86 138 0000 0000", "phone").ok());
  EXPECT_TRUE(check_phone("", "phone").ok());
  EXPECT_FALSE(check_phone("12", "phone").ok());
  EXPECT_FALSE(check_phone("138abc", "phone").ok());
}

TEST(Station, KindDecidesTheLevelsWhereItMayStand) {
  struct Case {
    const char* code;
    StationKind kind;
    bool allowed;
  };
  const Case cases[] = {
      {"411102001000", StationKind::social_work_station, true}, // township
      {"411171000000", StationKind::social_work_station, true}, // development zone (county level)
      {"411102001001", StationKind::social_work_station, false}, // a community is too small
      {"411100000000", StationKind::social_work_station, false}, // a city is too large
      {"330521005001", StationKind::neighbourhood_centre, true},
      {"330521005000", StationKind::community_service_complex, true},
      {"330521000000", StationKind::children_home, false},
  };
  for (const auto& c : cases) {
    auto r = validate(station_at(c.code, c.kind));
    EXPECT_EQ(r.ok(), c.allowed) << c.code << " " << to_string(c.kind);
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, ErrorCode::region_level);
      EXPECT_EQ(r.error().field, "region_code");
    }
  }
}

TEST(Grid, BelongsToACommunityAndMicroGridsToAGrid) {
  Grid g;
  g.region_code = *RegionCode::parse("330521005001");
  g.name = "第一网格";
  EXPECT_TRUE(validate(g).ok());
  g.region_code = *RegionCode::parse("330521005000");
  EXPECT_EQ(validate(g).error().code, ErrorCode::region_level);
  g.region_code = *RegionCode::parse("330521005001");
  g.households = -1;
  EXPECT_EQ(validate(g).error().field, "households");
  g.households = 10;
  g.kind = GridKind::micro_grid;
  EXPECT_EQ(validate(g).error().field, "parent_id");

  Grid parent = g;
  parent.kind = GridKind::grid;
  g.parent_id = "p";
  EXPECT_TRUE(validate_parent(g, parent).ok());
  Grid other_community = parent;
  other_community.region_code = *RegionCode::parse("330521005203");
  EXPECT_FALSE(validate_parent(g, other_community).ok());
  Grid micro_parent = g;
  EXPECT_FALSE(validate_parent(g, micro_parent).ok());
}

// The authorization table: every role × action × resource, written out.
TEST(Access, PermissionTable) {
  using R = Resource;
  struct Row {
    Role role;
    bool write_station, write_grid, write_user, read_user;
  };
  const Row rows[] = {
      {Role::sysadmin, true, true, true, true},
      {Role::secadmin, false, false, false, true},
      {Role::auditor, false, false, false, false},
      {Role::civil_affairs_admin, true, true, false, false},
      {Role::station_manager, false, true, false, false},
      {Role::social_worker, false, false, false, false},
      {Role::volunteer_coordinator, false, false, false, false},
      {Role::viewer, false, false, false, false},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(std::string(to_string(r.role)));
    EXPECT_EQ(permits(r.role, Action::write, R::station), r.write_station);
    EXPECT_EQ(permits(r.role, Action::write, R::grid), r.write_grid);
    EXPECT_EQ(permits(r.role, Action::write, R::user), r.write_user);
    EXPECT_EQ(permits(r.role, Action::read, R::user), r.read_user);
    EXPECT_TRUE(permits(r.role, Action::read, R::station));
    EXPECT_TRUE(permits(r.role, Action::read, R::region));
    EXPECT_FALSE(permits(r.role, Action::write, R::region));
    EXPECT_EQ(parse_role(to_string(r.role)), r.role);
  }
}

TEST(Clock, DatesAndUuids) {
  EXPECT_TRUE(parse_date("2024-02-29").has_value());
  EXPECT_FALSE(parse_date("2023-02-29").has_value());
  EXPECT_FALSE(parse_date("2023-2-01").has_value());
  EXPECT_FALSE(parse_date("２０２３-01-01").has_value());
  EXPECT_EQ(format_timestamp(1701388800000), "2023-12-01T00:00:00.000Z");
  ManualClock clock(1701388800000);
  struct Zero final : Random {
    void fill(std::span<std::uint8_t> out) override { std::fill(out.begin(), out.end(), std::uint8_t{0xFF}); }
  } rnd;
  const auto id = new_uuid_v7(clock, rnd);
  EXPECT_EQ(id.substr(0, 15), "018c22ac-d000-7"); // 0x018c22acd000 ms, then version 7
  EXPECT_EQ(id[19], 'b'); // RFC 9562 variant 10xx
  EXPECT_EQ(parse_uuid(id), id);
  EXPECT_FALSE(parse_uuid("018c22ad20007fff").has_value());
  EXPECT_EQ(*parse_uuid("018C22AD-2000-7FFF-BFFF-FFFFFFFFFFFF"), "018c22ad-2000-7fff-bfff-ffffffffffff");
}

} // namespace
} // namespace shegong
