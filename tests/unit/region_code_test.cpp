#include <gtest/gtest.h>

#include "shegong/core/region_code.hpp"

namespace shegong {
namespace {

TEST(RegionCode, NormalisesShortFormsAndFindsTheLevel) {
  struct Case {
    const char* in;
    const char* code;
    RegionLevel level;
    const char* prefix;
  };
  const Case cases[] = {
      {"41", "410000000000", RegionLevel::province, "41"},
      {"4111", "411100000000", RegionLevel::city, "4111"},
      {"411102", "411102000000", RegionLevel::county, "411102"},
      {"411102001", "411102001000", RegionLevel::township, "411102001"},
      {"411102001001", "411102001001", RegionLevel::village, "411102001001"},
      {"520526000000", "520526000000", RegionLevel::county, "520526"},
      {"330521005001", "330521005001", RegionLevel::village, "330521005001"},
  };
  for (const auto& c : cases) {
    auto r = RegionCode::parse(c.in);
    ASSERT_TRUE(r.ok()) << c.in;
    EXPECT_EQ(r->str(), c.code) << c.in;
    EXPECT_EQ(r->level(), c.level) << c.in;
    EXPECT_EQ(r->prefix(), c.prefix) << c.in;
  }
}

TEST(RegionCode, RejectsMalformedCodesNamingTheField) {
  for (const char* bad : {"", "4", "411", "41110", "4111020010", "41110200100a", "４１", "010000000000", "410000001000",
                          "41 1100000000", "4111000000000"}) {
    auto r = RegionCode::parse(bad, "region");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_region_code) << bad;
    EXPECT_EQ(r.error().field, "region") << bad;
  }
}

TEST(RegionCode, ParentsAndAncestorsClimbOneLevelAtATime) {
  auto v = *RegionCode::parse("330521005001");
  auto anc = v.ancestors();
  ASSERT_EQ(anc.size(), 4u);
  EXPECT_EQ(anc[0].str(), "330000000000");
  EXPECT_EQ(anc[1].str(), "330500000000");
  EXPECT_EQ(anc[2].str(), "330521000000");
  EXPECT_EQ(anc[3].str(), "330521005000");
  EXPECT_EQ(v.parent()->str(), "330521005000");
  EXPECT_FALSE(RegionCode::parse("33")->parent().has_value());
  EXPECT_TRUE(RegionCode::parse("3305")->contains(v));
  EXPECT_FALSE(RegionCode::parse("3306")->contains(v));
}

TEST(Scope, RangeCoversExactlyTheSubtree) {
  auto s = Scope::under(*RegionCode::parse("4111"));
  const std::string lo = s.range_low(), hi = s.range_high();
  auto inside = [&](const std::string& c) { return c >= lo && c < hi; };
  EXPECT_TRUE(inside("411100000000"));
  EXPECT_TRUE(inside("411199999999"));
  EXPECT_TRUE(inside("411102001001"));
  EXPECT_FALSE(inside("411200000000"));
  EXPECT_FALSE(inside("411099999999"));
  EXPECT_TRUE(s.contains(*RegionCode::parse("411102001001")));
  EXPECT_FALSE(s.contains(*RegionCode::parse("330521005001")));
  auto national = Scope::national();
  EXPECT_TRUE(national.contains(*RegionCode::parse("330521005001")));
  EXPECT_TRUE(national.range_low() <= "110000000000" && "820000000000" < national.range_high());
  EXPECT_EQ(hi, "411200000000");
  EXPECT_EQ(Scope::under(*RegionCode::parse("411199")).range_high(), "411200000000");
  EXPECT_EQ(Scope::under(*RegionCode::parse("330521005001")).range_high(), "330521005002");
}

TEST(Scope, IntersectionIsTheNarrowerScopeOrNothing) {
  auto city = Scope::under(*RegionCode::parse("4111"));
  auto county = Scope::under(*RegionCode::parse("411102"));
  auto other = Scope::under(*RegionCode::parse("3305"));
  EXPECT_EQ(city.intersect(county)->prefix(), "411102");
  EXPECT_EQ(county.intersect(city)->prefix(), "411102");
  EXPECT_FALSE(city.intersect(other).has_value());
  EXPECT_EQ(Scope::national().intersect(city)->prefix(), "4111");
}

} // namespace
} // namespace shegong

namespace shegong {
namespace {

// 东莞 (4419) has no counties: its towns carry a zero county part.
TEST(RegionCode, CityWithoutCountiesHasTownshipsDirectlyUnderIt) {
  auto town = RegionCode::parse("441900003");
  ASSERT_TRUE(town.ok());
  EXPECT_EQ(town->level(), RegionLevel::township);
  EXPECT_EQ(town->prefix(), "441900003");
  EXPECT_EQ(town->parent()->str(), "441900000000");
  EXPECT_EQ(town->parent()->level(), RegionLevel::city);
  auto village = RegionCode::parse("441900003001");
  ASSERT_TRUE(village.ok());
  auto anc = village->ancestors();
  ASSERT_EQ(anc.size(), 3u);
  EXPECT_EQ(anc[1].str(), "441900000000");
  EXPECT_EQ(anc[2].str(), "441900003000");
  // The gap is allowed for the county part only.
  EXPECT_FALSE(RegionCode::parse("440019003000").ok());
  EXPECT_FALSE(RegionCode::parse("441900000001").ok());
}

} // namespace
} // namespace shegong
