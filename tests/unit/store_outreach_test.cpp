// The outreach repositories (campaigns, targets, visits, needs) pass the same scenarios on
// every engine: a record reads back as written, outside the caller's area it is not
// there, an edit on a stale version writes nothing, and a visit keeps every version.
#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace shegong {
namespace {

constexpr const char* kWorker = "01900000-0000-7000-8000-0000000000a1";
constexpr const char* kCampaign = "01900000-0000-7000-8000-0000000000c1";
constexpr const char* kVisit = "01900000-0000-7000-8000-0000000000d1";
constexpr const char* kNeed = "01900000-0000-7000-8000-0000000000e1";
constexpr const char* kTarget = "01900000-0000-7000-8000-0000000000f1";

class OutreachStore : public test::EachBackend {
 protected:
  void SetUp() override {
    test::EachBackend::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    User u;
    u.id = kWorker;
    u.username = "li.worker";
    u.display_name = "李社工";
    u.role = Role::social_worker;
    u.region_code = *RegionCode::parse("4111");
    ASSERT_TRUE(store->write([&](Repositories& r) { return r.users().insert(u); }).ok());
  }

  static Campaign campaign() {
    Campaign c;
    c.id = kCampaign;
    c.name = "2026年冬季敲门行动";
    c.region_code = *RegionCode::parse("411102");
    c.starts_on = "2026-11-01";
    c.ends_on = "2027-02-28";
    c.categories = {"dibao", "tekun"};
    c.rule = {5, 20, 60};
    c.created_at = c.updated_at = 1'700'000'000'000;
    c.created_by = kWorker;
    return c;
  }

  static VisitRecord visit() {
    VisitRecord v;
    v.id = kVisit;
    v.campaign_id = kCampaign;
    v.target_id = kTarget;
    v.kind = "household";
    v.region_code = *RegionCode::parse("411102001001");
    v.worker_id = kWorker;
    v.visited_on = "2026-11-03";
    v.content.visited_at = 1'762'150'000'000;
    v.content.mode = "home";
    v.content.notes = "老人身体尚好，取暖需关注";
    v.content.checks = {{"health", "ok"}, {"heating", "concern"}};
    v.created_at = v.updated_at = 1'762'150'100'000;
    return v;
  }

  template <class F>
  void write(F&& f) {
    auto r = store->write([&](Repositories& repos) -> Result<void> { return f(repos); });
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  template <class F>
  void read(F&& f) {
    auto r = store->read([&](Repositories& repos) -> Result<void> { return f(repos); });
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  const Scope luohe = Scope::under(*RegionCode::parse("4111"));
  const Scope deqing = Scope::under(*RegionCode::parse("3305"));
};

TEST_P(OutreachStore, ACampaignReadsBackAsWrittenOnlyInsideItsArea) {
  const Campaign c = campaign();
  write([&](Repositories& r) { return r.campaigns().insert(c); });
  std::optional<Campaign> inside, outside;
  bool exists = false;
  read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(inside, r.campaigns().find(kCampaign, luohe));
    SHEGONG_ASSIGN(outside, r.campaigns().find(kCampaign, deqing));
    SHEGONG_ASSIGN(exists, r.campaigns().exists(kCampaign));
    return ok();
  });
  ASSERT_TRUE(inside.has_value());
  EXPECT_FALSE(outside.has_value());
  EXPECT_TRUE(exists);
  EXPECT_EQ(inside->name, c.name);
  EXPECT_EQ(inside->categories, c.categories);
  EXPECT_EQ(inside->rule.high, 5);
  EXPECT_EQ(inside->rule.medium, 20);
  EXPECT_EQ(inside->rule.low, 60);
  EXPECT_EQ(inside->starts_on, c.starts_on);
  EXPECT_EQ(inside->ends_on, c.ends_on);
  EXPECT_EQ(inside->status, "draft");
  EXPECT_EQ(inside->created_at, c.created_at);
  EXPECT_FALSE(inside->started_at.has_value());
  EXPECT_FALSE(inside->region_name.empty()) << "the region's name is joined in";
}

TEST_P(OutreachStore, ACampaignEditOnAStaleVersionWritesNothing) {
  write([&](Repositories& r) { return r.campaigns().insert(campaign()); });
  Campaign next = campaign();
  next.status = "active";
  next.started_at = 1'762'000'000'000;
  next.version = 2;
  bool first = false, stale = true;
  write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(first, r.campaigns().update(next, 1));
    next.name = "改过的名字";
    next.version = 3;
    SHEGONG_ASSIGN(stale, r.campaigns().update(next, 1));
    return ok();
  });
  EXPECT_TRUE(first);
  EXPECT_FALSE(stale);
  std::optional<Campaign> now;
  Page<Campaign> active;
  read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(now, r.campaigns().find(kCampaign, luohe));
    CampaignFilter f;
    f.scope = luohe;
    f.status = "active";
    SHEGONG_ASSIGN(active, r.campaigns().list(f, {1, 20, "created_at", true}));
    return ok();
  });
  ASSERT_TRUE(now.has_value());
  EXPECT_EQ(now->version, 2);
  EXPECT_EQ(now->name, campaign().name);
  EXPECT_EQ(now->started_at, 1'762'000'000'000);
  EXPECT_EQ(active.total, 1);
}

TEST_P(OutreachStore, AVisitKeepsEveryVersionAndAStaleEditWritesNothing) {
  write([&](Repositories& r) { return r.campaigns().insert(campaign()); });
  const VisitRecord v = visit();
  write([&](Repositories& r) { return r.visits().insert(v, kWorker); });
  VisitRecord edited = v;
  edited.content.notes = "补充：已联系供暖公司";
  edited.version = 2;
  edited.updated_at = v.updated_at + 60'000;
  bool first = false, stale = true;
  write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(first, r.visits().update(edited, 1, kWorker));
    SHEGONG_ASSIGN(stale, r.visits().update(edited, 1, kWorker));
    return ok();
  });
  EXPECT_TRUE(first);
  EXPECT_FALSE(stale);
  std::optional<VisitRecord> inside, outside, any;
  std::vector<VisitVersion> versions;
  Page<VisitRecord> listed;
  read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(inside, r.visits().find(kVisit, luohe));
    SHEGONG_ASSIGN(outside, r.visits().find(kVisit, deqing));
    SHEGONG_ASSIGN(any, r.visits().find_any(kVisit));
    SHEGONG_ASSIGN(versions, r.visits().versions(kVisit));
    VisitFilter f;
    f.scope = luohe;
    f.campaign_id = kCampaign;
    SHEGONG_ASSIGN(listed, r.visits().list(f, {1, 20, "visited_at", true}));
    return ok();
  });
  ASSERT_TRUE(inside.has_value());
  EXPECT_FALSE(outside.has_value());
  EXPECT_TRUE(any.has_value());
  EXPECT_EQ(inside->version, 2);
  EXPECT_EQ(inside->content, edited.content);
  EXPECT_EQ(inside->visited_on, v.visited_on);
  EXPECT_EQ(inside->worker_name, "李社工");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].content.notes, v.content.notes) << "the first version is kept as it was";
  EXPECT_EQ(versions[1].content.notes, edited.content.notes);
  EXPECT_EQ(listed.total, 1);
}

TEST_P(OutreachStore, ANeedKeepsItsTransitionsAndResources) {
  write([&](Repositories& r) { return r.campaigns().insert(campaign()); });
  write([&](Repositories& r) { return r.visits().insert(visit(), kWorker); });
  NeedRecord n;
  n.id = kNeed;
  n.visit_id = kVisit;
  n.campaign_id = kCampaign;
  n.target_id = kTarget;
  n.region_code = *RegionCode::parse("411102001001");
  n.worker_id = kWorker;
  n.category = "safety";
  n.urgency = "urgent";
  n.description = "冬季取暖设施老化";
  n.due_on = "2026-11-06";
  n.raised_at = 1'762'150'100'000;
  n.updated_at = n.raised_at;
  write([&](Repositories& r) { return r.needs().insert(n); });
  NeedTransition t{
      "01900000-0000-7000-8000-0000000000e2", kNeed, "raised", "linked", "", n.raised_at + 1000, kWorker, ""};
  NeedResource res{"01900000-0000-7000-8000-0000000000e3",
                   kNeed,
                   "money",
                   "区慈善总会",
                   "取暖补贴",
                   50'000,
                   n.raised_at + 2000,
                   kWorker,
                   ""};
  NeedRecord linked = n;
  linked.state = "linked";
  linked.value_fen = 50'000;
  linked.version = 2;
  bool first = false, stale = true;
  write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.needs().insert_transition(t));
    SHEGONG_TRY(r.needs().insert_resource(res));
    SHEGONG_ASSIGN(first, r.needs().update(linked, 1));
    SHEGONG_ASSIGN(stale, r.needs().update(linked, 1));
    return ok();
  });
  EXPECT_TRUE(first);
  EXPECT_FALSE(stale);
  std::optional<NeedRecord> inside, outside;
  std::optional<NeedTransition> transition;
  std::optional<NeedResource> resource;
  Page<NeedRecord> open;
  read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(inside, r.needs().find(kNeed, luohe));
    SHEGONG_ASSIGN(outside, r.needs().find(kNeed, deqing));
    SHEGONG_ASSIGN(transition, r.needs().find_transition(t.id));
    SHEGONG_ASSIGN(resource, r.needs().find_resource(res.id));
    NeedFilter f;
    f.scope = luohe;
    f.open_only = true;
    SHEGONG_ASSIGN(open, r.needs().list(f, {1, 20, "due_on", false}));
    return ok();
  });
  ASSERT_TRUE(inside.has_value());
  EXPECT_FALSE(outside.has_value());
  EXPECT_EQ(inside->state, "linked");
  EXPECT_EQ(inside->value_fen, 50'000);
  EXPECT_EQ(inside->version, 2);
  ASSERT_EQ(inside->transitions.size(), 1u);
  EXPECT_EQ(inside->transitions[0].to, "linked");
  EXPECT_EQ(inside->transitions[0].by_name, "李社工") << "who changed the state, and when, is kept";
  EXPECT_EQ(inside->transitions[0].at, t.at);
  ASSERT_EQ(inside->resources.size(), 1u);
  EXPECT_EQ(inside->resources[0].provider, "区慈善总会");
  ASSERT_TRUE(transition && resource);
  EXPECT_EQ(resource->value_fen, 50'000);
  EXPECT_EQ(open.total, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutreachStore, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

} // namespace
} // namespace shegong
