// The rules of outreach: campaigns, when a target is due, what a visit may hold, and
// the moves a need may make. Also the time and date helpers they rely on.
#include <gtest/gtest.h>

#include "shegong/core/clock.hpp"
#include "shegong/domain/outreach.hpp"

namespace shegong {
namespace {

constexpr TimestampMs kNow = 1704423600000; // 2024-01-05T03:00:00Z, 11:00 in China

Campaign winter() {
  Campaign c;
  c.id = "c";
  c.name = "  冬季敲门行动 ";
  c.region_code = *RegionCode::parse("411100000000");
  c.starts_on = "2023-12-01";
  c.ends_on = "2024-02-29";
  c.categories = {"tekun", "orphan"};
  return c;
}

TEST(Timestamps, ParsesZonesAndFractions) {
  EXPECT_EQ(parse_timestamp("2024-01-05T03:00:00Z"), kNow);
  EXPECT_EQ(parse_timestamp("2024-01-05T11:00:00+08:00"), kNow);
  EXPECT_EQ(parse_timestamp("2024-01-04T22:30:00-04:30"), kNow);
  EXPECT_EQ(parse_timestamp("2024-01-05T03:00:00.250Z"), kNow + 250);
  EXPECT_EQ(parse_timestamp("2024-01-05T03:00:00.1Z"), kNow + 100);
  EXPECT_EQ(parse_timestamp("2024-01-05 03:00:00Z"), kNow);
}

TEST(Timestamps, RefusesWhatIsNotATimeWithAZone) {
  for (const char* bad :
       {"2024-01-05T03:00:00", "2024-01-05", "2024-02-30T03:00:00Z", "2024-01-05T24:00:00Z", "2024-01-05T03:60:00Z",
        "2024-01-05T03:00:00+8", "2024-01-05T03:00:00Zjunk", "2024-01-05T03:00:00.Z", "x024-01-05T03:00:00Z", ""})
    EXPECT_FALSE(parse_timestamp(bad)) << bad;
}

TEST(Dates, AddsDaysAcrossMonthsYearsAndLeapDays) {
  EXPECT_EQ(add_days("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(add_days("2023-02-28", 1), "2023-03-01");
  EXPECT_EQ(add_days("2023-12-25", 7), "2024-01-01");
  EXPECT_EQ(add_days("2024-03-01", -1), "2024-02-29");
  EXPECT_EQ(add_days("2023-12-01", 90), "2024-02-29");
}

TEST(Campaign, NormalisesItsFields) {
  Campaign c = winter();
  ASSERT_TRUE(normalize(c));
  EXPECT_EQ(c.name, "冬季敲门行动");
  EXPECT_EQ(c.categories, (std::vector<std::string>{"orphan", "tekun"})); // sorted
}

TEST(Campaign, RefusesBadFieldsNamingThem) {
  auto refused = [](auto change, const char* field) {
    Campaign c = winter();
    change(c);
    auto r = normalize(c);
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().field, field);
  };
  refused([](Campaign& c) { c.name = " "; }, "name");
  refused([](Campaign& c) { c.ends_on = "2023-11-30"; }, "ends_on");
  refused([](Campaign& c) { c.ends_on = "2026-01-01"; }, "ends_on"); // over two years
  refused([](Campaign& c) { c.starts_on = "2023-12-32"; }, "starts_on");
  refused([](Campaign& c) { c.categories.clear(); }, "categories");
  refused([](Campaign& c) { c.categories = {"orphan", "orphan"}; }, "categories");
  refused([](Campaign& c) { c.rule.high = 0; }, "visit_rule.high");
  refused([](Campaign& c) { c.rule.low = 400; }, "visit_rule.low");
  refused([](Campaign& c) { c.rule = {30, 7, 90}; }, "visit_rule"); // high risk visited less often
}

TEST(Campaign, CoversItsPeriodInclusive) {
  Campaign c = winter();
  EXPECT_TRUE(covers_day(c, "2023-12-01"));
  EXPECT_TRUE(covers_day(c, "2024-02-29"));
  EXPECT_FALSE(covers_day(c, "2023-11-30"));
  EXPECT_FALSE(covers_day(c, "2024-03-01"));
}

TEST(VisitRule, DueDateFollowsTheRiskLevelAndTheLastVisit) {
  Campaign c = winter();
  c.rule = {7, 30, 90};
  EXPECT_EQ(next_due_on(c, "high", std::nullopt), "2023-12-08");
  EXPECT_EQ(next_due_on(c, "medium", std::nullopt), "2023-12-31");
  EXPECT_EQ(next_due_on(c, "low", std::nullopt), "2024-02-29");
  EXPECT_EQ(next_due_on(c, "high", std::string("2024-01-05")), "2024-01-12");
  EXPECT_EQ(next_due_on(c, "unknown", std::string("2024-01-05")), "2024-04-04"); // treated as low
}

TEST(VisitRule, DueStateAroundToday) {
  EXPECT_EQ(due_state("2024-01-04", "2024-01-05"), "overdue");
  EXPECT_EQ(due_state("2024-01-05", "2024-01-05"), "due");
  EXPECT_EQ(due_state("2024-01-12", "2024-01-05"), "due");
  EXPECT_EQ(due_state("2024-01-13", "2024-01-05"), "ok");
}

TEST(VisitRule, TheHigherRiskWins) {
  EXPECT_EQ(higher_risk("low", "high"), "high");
  EXPECT_EQ(higher_risk("medium", "low"), "medium");
  EXPECT_EQ(higher_risk("low", "low"), "low");
  EXPECT_EQ(higher_risk("high", "medium"), "high");
}

VisitContent home_visit() {
  VisitContent v;
  v.visited_at = kNow - 3600'000;
  v.mode = "上门";
  v.persons_seen = {"b", "a"};
  v.checks = {{"mood", "需关注"}, {"health", "ok"}};
  v.notes = "炉子老旧\r\n已告知家属";
  v.location = GeoPoint{33.5812345, 114.0123456, 15};
  return v;
}

TEST(Visit, NormalisesLabelsOrderAndPrecision) {
  VisitContent v = home_visit();
  ASSERT_TRUE(normalize(v, kNow));
  EXPECT_EQ(v.mode, "home");
  EXPECT_EQ(v.persons_seen, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(v.checks.size(), 2u);
  EXPECT_EQ(v.checks[0], (VisitCheck{"health", "ok"})); // in the order of the check list
  EXPECT_EQ(v.checks[1], (VisitCheck{"mood", "concern"}));
  EXPECT_EQ(v.notes, "炉子老旧\n已告知家属");
  EXPECT_DOUBLE_EQ(v.location->lat, 33.58123);
  EXPECT_DOUBLE_EQ(v.location->lng, 114.01235);
  // Normalising again changes nothing: a replay compares equal.
  VisitContent again = v;
  ASSERT_TRUE(normalize(again, kNow));
  EXPECT_EQ(again, v);
}

TEST(Visit, RefusesImpossibleContent) {
  auto refused = [](auto change, const char* field) {
    VisitContent v = home_visit();
    change(v);
    auto r = normalize(v, kNow);
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().field, field);
  };
  refused([](VisitContent& v) { v.visited_at = kNow + 6 * 60'000; }, "visited_at");
  refused([](VisitContent& v) { v.visited_at = 0; }, "visited_at");
  refused([](VisitContent& v) { v.mode = "letter"; }, "mode");
  refused([](VisitContent& v) { v.persons_seen = {"a", "a"}; }, "persons_seen");
  refused([](VisitContent& v) { v.persons_seen.clear(); }, "persons_seen"); // a home visit saw someone
  refused([](VisitContent& v) { v.checks = {{"weather", "ok"}}; }, "checks");
  refused([](VisitContent& v) { v.checks = {{"food", "bad"}}; }, "checks.food");
  refused([](VisitContent& v) { v.location = GeoPoint{91, 0, 0}; }, "location.lat");
  refused([](VisitContent& v) { v.location = GeoPoint{0, 181, 0}; }, "location.lng");
  refused([](VisitContent& v) { v.notes = std::string("a\x01"); }, "notes");

  VisitContent call = home_visit();
  call.mode = "phone";
  call.persons_seen.clear();
  EXPECT_TRUE(normalize(call, kNow)); // a call may not say whom it reached
  VisitContent skew = home_visit();
  skew.visited_at = kNow + 4 * 60'000;
  EXPECT_TRUE(normalize(skew, kNow)); // a phone's clock a little ahead
}

TEST(Need, GetsADefaultDueDateByUrgencyAndChecksItsOwn) {
  NeedDraft n{"n1", "医疗", "urgent", " 需要陪同就医 ", "", std::nullopt};
  ASSERT_TRUE(normalize(n, "2024-01-05", "needs[0]."));
  EXPECT_EQ(n.category, "medical");
  EXPECT_EQ(n.description, "需要陪同就医");
  EXPECT_EQ(n.due_on, "2024-01-08");
  NeedDraft later{"n2", "other", "", "x", "", std::nullopt};
  ASSERT_TRUE(normalize(later, "2024-01-05", ""));
  EXPECT_EQ(later.urgency, "normal");
  EXPECT_EQ(later.due_on, "2024-01-19");

  NeedDraft early{"n3", "safety", "low", "x", "2024-01-04", std::nullopt};
  auto r = normalize(early, "2024-01-05", "needs[2].");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "needs[2].due_on");
  NeedDraft unknown{"n4", "weather", "low", "x", "", std::nullopt};
  EXPECT_EQ(normalize(unknown, "2024-01-05", "needs[3].").error().field, "needs[3].category");
  NeedDraft empty{"n5", "safety", "low", "  ", "", std::nullopt};
  EXPECT_EQ(normalize(empty, "2024-01-05", "").error().field, "description");
}

TEST(Need, MovesOnlyAlongTheStateMachine) {
  const std::pair<const char*, const char*> allowed[] = {
      {"raised", "linked"},        {"raised", "in_progress"}, {"linked", "in_progress"}, {"linked", "resolved"},
      {"in_progress", "resolved"}, {"raised", "referred"},    {"in_progress", "closed"}, {"linked", "closed"}};
  for (const auto& [from, to] : allowed) EXPECT_TRUE(check_transition(from, to, "理由")) << from << " → " << to;

  const std::pair<const char*, const char*> refused[] = {{"raised", "resolved"},      {"resolved", "closed"},
                                                         {"referred", "resolved"},    {"in_progress", "linked"},
                                                         {"resolved", "in_progress"}, {"closed", "in_progress"}};
  for (const auto& [from, to] : refused) {
    auto r = check_transition(from, to, "理由");
    ASSERT_FALSE(r) << from << " → " << to;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_transition);
  }
  EXPECT_EQ(check_transition("raised", "closed", " ").error().code, ErrorCode::missing_field);
  EXPECT_EQ(check_transition("raised", "referred", "").error().field, "reason");
  // Nothing moves back to raised; a state that does not exist is a bad field.
  EXPECT_EQ(check_transition("linked", "raised", "").error().code, ErrorCode::invalid_transition);
  EXPECT_EQ(check_transition("raised", "raised", "").error().code, ErrorCode::invalid_transition);
  EXPECT_EQ(check_transition("raised", "sideways", "").error().code, ErrorCode::invalid_field);
}

TEST(Resource, ValueMustFitItsKind) {
  ResourceDraft money{"r", "资金", " 市慈善总会 ", "", 50000};
  ASSERT_TRUE(normalize(money));
  EXPECT_EQ(money.kind, "money");
  EXPECT_EQ(money.provider, "市慈善总会");
  ResourceDraft referral{"r", "referral", "社区卫生服务中心", "", 100};
  EXPECT_EQ(normalize(referral).error().field, "value_fen");
  ResourceDraft goods{"r", "goods", "爱心企业", "", 0};
  EXPECT_EQ(normalize(goods).error().field, "value_fen");
  ResourceDraft negative{"r", "service", "志愿者", "", -1};
  EXPECT_EQ(normalize(negative).error().field, "value_fen");
  ResourceDraft nobody{"r", "service", "", "", 0};
  EXPECT_EQ(normalize(nobody).error().field, "provider");
  ResourceDraft service{"r", "service", "志愿者协会", "", 0};
  EXPECT_TRUE(normalize(service)); // a service may carry no value
}

} // namespace
} // namespace shegong
