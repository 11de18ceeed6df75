// The code lists and state machines the API serves: each enum's codes are its table's,
// every code has both labels, and every transition stays inside its list.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "shegong/domain/access.hpp"
#include "shegong/domain/grid.hpp"
#include "shegong/domain/outreach.hpp"
#include "shegong/domain/station.hpp"
#include "shegong/domain/vocabulary.hpp"

namespace shegong {
namespace {

template <class E, std::size_t N, std::size_t M, class Parse>
void expect_enum_is_its_table(const E (&all)[N], const CodeLabel (&table)[M], Parse parse) {
  ASSERT_EQ(N, M) << "one row a value";
  for (std::size_t i = 0; i < N; ++i) {
    EXPECT_EQ(to_string(all[i]), table[i].code);
    EXPECT_EQ(parse(table[i].code), all[i]);
  }
}

TEST(Vocabulary, AnEnumsCodesAreItsTables) {
  expect_enum_is_its_table(kAllStationKinds, kStationKinds, parse_station_kind);
  expect_enum_is_its_table(kAllRoles, kRoles, parse_role);
  const GridKind grid_kinds[] = {GridKind::grid, GridKind::micro_grid};
  expect_enum_is_its_table(grid_kinds, kGridKinds, parse_grid_kind);
}

TEST(Vocabulary, EveryCodeIsUniqueAndLabelledInBothLanguages) {
  std::set<std::string> names;
  for (const auto& list : vocabulary()) {
    EXPECT_TRUE(names.insert(std::string(list.name)).second) << list.name << " twice";
    ASSERT_FALSE(list.codes.empty()) << list.name;
    std::set<std::string> codes, zh, en;
    for (const auto& c : list.codes) {
      EXPECT_TRUE(codes.insert(std::string(c.code)).second) << list.name << "." << c.code << " twice";
      EXPECT_TRUE(zh.insert(std::string(c.label)).second) << list.name << "." << c.code << ": a Chinese label twice";
      EXPECT_TRUE(en.insert(std::string(c.en)).second) << list.name << "." << c.code << ": an English label twice";
      EXPECT_FALSE(c.label.empty() || c.en.empty()) << list.name << "." << c.code;
    }
    for (const auto& t : list.transitions) {
      EXPECT_TRUE(codes.contains(std::string(t.from))) << list.name << ": from " << t.from;
      EXPECT_TRUE(codes.contains(std::string(t.to))) << list.name << ": to " << t.to;
      EXPECT_NE(t.from, t.to);
    }
  }
  EXPECT_GE(names.size(), 19u);
}

TEST(Vocabulary, ANeedMovesForwardAndItsEndsAreFinal) {
  for (std::string_view end : {"resolved", "referred", "closed"}) {
    EXPECT_FALSE(is_open_need_state(end));
    for (const auto& to : kNeedStates) EXPECT_EQ(find_transition(kNeedTransitions, end, to.code), nullptr) << end;
  }
  for (const auto& from : kNeedStates) {
    if (!is_open_need_state(from.code)) continue;
    const auto* refer = find_transition(kNeedTransitions, from.code, "referred");
    const auto* close = find_transition(kNeedTransitions, from.code, "closed");
    ASSERT_TRUE(refer && close) << from.code << " may always be referred or closed";
    EXPECT_TRUE(refer->reason_required && close->reason_required);
  }
  EXPECT_TRUE(check_transition("raised", "linked", "").ok());
  EXPECT_EQ(check_transition("linked", "raised", "").error().code, ErrorCode::invalid_transition);
  EXPECT_EQ(check_transition("raised", "closed", " ").error().field, "reason");
  EXPECT_EQ(find_transition(kCampaignTransitions, "ended", "active"), nullptr);
}

} // namespace
} // namespace shegong
