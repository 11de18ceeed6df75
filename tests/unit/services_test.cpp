#include <gtest/gtest.h>

#include <algorithm>

#include "shegong/app/account_service.hpp"
#include "shegong/app/audit_service.hpp"
#include "shegong/app/auth_service.hpp"
#include "shegong/app/place_service.hpp"
#include "shegong/app/region_service.hpp"
#include "shegong/crypto/audit_chain.hpp"
#include "shegong/crypto/secrets.hpp"
#include "shegong/crypto/sodium.hpp"
#include "shegong/crypto/sm3.hpp"
#include "shegong/crypto/totp.hpp"
#include "support/test_store.hpp"

namespace shegong {
namespace {

using test::TempDir;

Actor actor_at(Role role, const char* region) {
  Actor a;
  a.user_id = "u";
  a.role = role;
  if (region) {
    a.region_code = *RegionCode::parse(region);
    a.scope = Scope::under(*a.region_code);
  }
  return a;
}

class ServicesTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<SqliteStore> store = test::open_store_with_regions(dir);
  ManualClock clock{1701388800000};
  test::FixedRandom random;
  test::PlainHasher hasher;
  SodiumTokenService tokens;
  KeyRing ring = KeyRing::parse(*KeyRing::generate("t1"), "test").value();
  std::unique_ptr<KeyedChainHasher> chain = KeyedChainHasher::create(&ring).value();
  AuditService audit{*store, clock, *chain};
  FieldSecretBox secrets{FieldCipher::create(*KeyRing::parse(*KeyRing::generate("t1"), "test")).value()};
  TotpCodes codes;
  AccessControl access{*store, clock};
  PlaceService places{*store, clock, random, audit, access};
  RegionService regions{*store, clock};
  AuthService auth{*store, clock, random, hasher, tokens, audit, secrets, codes};
  AccountService accounts{*store, clock, auth, audit, access};
  Actor luohe = actor_at(Role::civil_affairs_admin, "4111");
  Actor deqing = actor_at(Role::civil_affairs_admin, "330521");

  Station laojie() {
    Station c{};
    c.id = "018c22ad-2208-745c-b523-4e630a830b8b";
    c.region_code = *RegionCode::parse("411102001");
    c.name = "老街街道社工站";
    c.kind = StationKind::social_work_station;
    return c;
  }
};

TEST_F(ServicesTest, CreatingTwiceWithTheSameIdIsAReplay) {
  auto first = places.create_station(luohe, laojie());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->record.region_name, "老街街道");
  auto replay = places.create_station(luohe, laojie());
  ASSERT_TRUE(replay.ok());
  EXPECT_FALSE(replay->created);
  auto changed = laojie();
  changed.name = "别的名字";
  auto clash = places.create_station(luohe, changed);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, ErrorCode::conflict);
  EXPECT_EQ(places.list_stations(luohe, {}, {1, 20, "name", false})->total, 1);
}

TEST_F(ServicesTest, ScopeDecidesWhatAnAdministratorSeesAndChanges) {
  auto created = places.create_station(luohe, laojie());
  ASSERT_TRUE(created.ok());
  auto from_deqing = places.get_station(deqing, created->record.id);
  ASSERT_FALSE(from_deqing.ok());
  EXPECT_EQ(from_deqing.error().code, ErrorCode::not_found); // not forbidden: existence is not revealed
  Edit<Station> p;
  p.set(&Station::name, "改名");
  EXPECT_EQ(places.update_station(deqing, created->record.id, 1, p).error().code, ErrorCode::not_found);
  auto into_luohe = places.create_station(deqing, laojie());
  ASSERT_FALSE(into_luohe.ok());
  EXPECT_EQ(into_luohe.error().code, ErrorCode::forbidden);
  StationFilter f;
  f.scope = Scope::under(*RegionCode::parse("4111"));
  EXPECT_EQ(places.list_stations(deqing, f, {1, 20, "name", false}).error().code, ErrorCode::forbidden);
  EXPECT_EQ(places.list_stations(deqing, {}, {1, 20, "name", false})->total, 0);
}

TEST_F(ServicesTest, RolesWithoutWriteAccessAreRefused) {
  auto worker = actor_at(Role::social_worker, "4111");
  auto r = places.create_station(worker, laojie());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::forbidden);
}

TEST_F(ServicesTest, UnknownRegionsAndWrongLevelsAreNamed) {
  auto c = laojie();
  c.region_code = *RegionCode::parse("411102009");
  EXPECT_EQ(places.create_station(luohe, c).error().code, ErrorCode::unknown_region);
  c.region_code = *RegionCode::parse("411102001001");
  auto r = places.create_station(luohe, c);
  EXPECT_EQ(r.error().code, ErrorCode::region_level);
  EXPECT_EQ(r.error().field, "region_code");
}

TEST_F(ServicesTest, AStaleEditIsAConflictAndAnEmptyEditKeepsTheVersion) {
  auto created = places.create_station(luohe, laojie());
  ASSERT_TRUE(created.ok());
  const auto id = created->record.id;
  Edit<Station> same;
  same.set(&Station::name, "老街街道社工站");
  auto unchanged = places.update_station(luohe, id, 1, same);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->version, 1);
  clock.advance_ms(5000);
  Edit<Station> p;
  p.set(&Station::manager, "王芳");
  p.set(&Station::active, false);
  auto updated = places.update_station(luohe, id, 1, p);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->version, 2);
  EXPECT_FALSE(updated->active);
  EXPECT_EQ(updated->updated_at, 1701388805000);
  auto stale = places.update_station(luohe, id, 1, p);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::version_conflict);
  StationFilter active_only;
  active_only.active = true;
  EXPECT_EQ(places.list_stations(luohe, active_only, {1, 20, "name", false})->total, 0);
}

TEST_F(ServicesTest, AnEditThatBreaksARuleChangesNothing) {
  auto created = places.create_station(luohe, laojie());
  ASSERT_TRUE(created.ok());
  Edit<Station> p;
  p.set(&Station::name, "新名字");
  p.set(&Station::opened_on, std::optional<std::string>("2023-02-30"));
  auto refused = places.update_station(luohe, created->record.id, 1, p);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "opened_on");
  auto kept = places.get_station(luohe, created->record.id);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->name, "老街街道社工站");
  EXPECT_EQ(kept->version, 1);
  Edit<Station> fixed;
  fixed.set(&Station::name, "新名字");
  fixed.set(&Station::opened_on, std::optional<std::string>("2024-02-29"));
  auto done = places.update_station(luohe, created->record.id, 1, fixed);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->name, "新名字");
  EXPECT_EQ(done->opened_on, "2024-02-29");
}

TEST_F(ServicesTest, AGridCannotBeDeactivatedWhileItsMicroGridsAreActive) {
  Grid g{};
  g.region_code = *RegionCode::parse("330521005001");
  g.name = "第一网格";
  g.households = 300;
  g.residents = 812;
  auto grid = places.create_grid(deqing, g);
  ASSERT_TRUE(grid.ok()) << grid.error().message;
  Grid m{};
  m.region_code = g.region_code;
  m.kind = GridKind::micro_grid;
  m.parent_id = grid->record.id;
  m.name = "第一微网格";
  auto micro = places.create_grid(deqing, m);
  ASSERT_TRUE(micro.ok()) << micro.error().message;
  EXPECT_EQ(micro->record.parent_name, "第一网格");
  Edit<Grid> off;
  off.set(&Grid::active, false);
  auto refused = places.update_grid(deqing, grid->record.id, 1, off);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  ASSERT_TRUE(places.update_grid(deqing, micro->record.id, 1, off).ok());
  ASSERT_TRUE(places.update_grid(deqing, grid->record.id, 1, off).ok());
  auto summary = places.summary(deqing, std::nullopt);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->grids.grids, 0);
  m.id.clear();
  m.name = "新微网格";
  auto under_inactive = places.create_grid(deqing, m);
  ASSERT_FALSE(under_inactive.ok());
  EXPECT_EQ(under_inactive.error().field, "parent_id");
}

TEST_F(ServicesTest, SortKeysAndPageBoundsAreChecked) {
  auto keys = PlaceService::station_sort_keys();
  EXPECT_TRUE(make_page_request(1, 20, "-created_at", keys, "name").ok());
  EXPECT_EQ(make_page_request(1, 20, "password", keys, "name").error().field, "sort");
  EXPECT_EQ(make_page_request(0, 20, "", keys, "name").error().field, "page");
  EXPECT_EQ(make_page_request(1, 201, "", keys, "name").error().field, "page_size");
}

TEST_F(ServicesTest, RegionDetailCarriesItsAncestors) {
  auto d = regions.get(luohe, *RegionCode::parse("411102001001"));
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->ancestors.size(), 4u);
  EXPECT_EQ(d->ancestors[1].name, "漯河市");
  EXPECT_EQ(d->region.name, "滨西社区居民委员会");
  EXPECT_EQ(regions.get(luohe, *RegionCode::parse("411102001999")).error().code, ErrorCode::not_found);
  auto hits = regions.search(luohe, "千丰", std::nullopt, {1, 10, "level", false});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->total, 1);
  EXPECT_EQ(hits->items[0].path, "浙江省/湖州市/德清县/康乾街道/千丰社区居委会");
}

TEST_F(ServicesTest, ARenamedRegionShowsOnceTheCacheTimeHasPassed) {
  const auto code = *RegionCode::parse("330521005001");
  ASSERT_EQ(regions.get(luohe, code)->region.name, "千丰社区居委会");
  std::vector<Region> renamed = {Region{code, "千丰社区", false}};
  ASSERT_TRUE(store
                  ->write([&](Repositories& r) -> Result<void> {
                    SHEGONG_TRY(r.regions().upsert(renamed));
                    return ok();
                  })
                  .ok());
  clock.advance_ms(59'999);
  EXPECT_EQ(regions.get(luohe, code)->region.name, "千丰社区居委会");
  clock.advance_ms(1);
  EXPECT_EQ(regions.get(luohe, code)->region.name, "千丰社区");
  RegionService uncached(*store, clock, 0);
  EXPECT_EQ(uncached.get(luohe, code)->region.name, "千丰社区");
}

TEST_F(ServicesTest, SessionsEndWhenIdleOrTooOldAndOnLogout) {
  ASSERT_TRUE(auth.add_user({"laojie", "老街社工", "Secret#2026", Role::social_worker,
                             RegionCode::parse("411102001").value(), false})
                  .ok());
  EXPECT_EQ(auth.login("laojie", "wrong", "127.0.0.1").error().code, ErrorCode::invalid_credentials);
  EXPECT_EQ(auth.login("nobody", "Secret#2026", "127.0.0.1").error().code, ErrorCode::invalid_credentials);
  auto login = auth.login("laojie", "Secret#2026", "127.0.0.1");
  ASSERT_TRUE(login.ok());
  EXPECT_EQ(login->region_name, "老街街道");
  auto actor = auth.authenticate(login->token);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->scope.prefix(), "411102001");

  // Used every 20 minutes it stays alive; 30 idle minutes end it.
  for (int i = 0; i < 3; ++i) {
    clock.advance_ms(20 * 60 * 1000);
    ASSERT_TRUE(auth.authenticate(login->token).ok()) << i;
  }
  clock.advance_ms(30 * 60 * 1000);
  EXPECT_EQ(auth.authenticate(login->token).error().code, ErrorCode::unauthenticated);

  // However busy, a session ends after its absolute lifetime (12 h).
  auto busy = auth.login("laojie", "Secret#2026", "127.0.0.1");
  ASSERT_TRUE(busy.ok());
  for (int i = 0; i < 12 * 3; ++i) {
    clock.advance_ms(20 * 60 * 1000);
    auto r = auth.authenticate(busy->token);
    if (i < 35)
      ASSERT_TRUE(r.ok()) << i;
    else
      EXPECT_FALSE(r.ok());
  }

  auto fresh = auth.login("laojie", "Secret#2026", "127.0.0.1");
  ASSERT_TRUE(fresh.ok());
  ASSERT_TRUE(auth.logout(*auth.authenticate(fresh->token), fresh->token).ok());
  EXPECT_FALSE(auth.authenticate(fresh->token).ok());
  EXPECT_FALSE(auth.authenticate("").ok());
}

TEST_F(ServicesTest, ARevocationElsewhereTakesEffectWithinTheCacheTime) {
  ASSERT_TRUE(auth.add_user({"cached", "", "Secret#2026", Role::viewer, std::nullopt, false}).ok());
  auto login = auth.login("cached", "Secret#2026", "127.0.0.1");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(auth.authenticate(login->token).ok());
  // Another server ends the session in the shared store.
  ASSERT_TRUE(store->write([&](Repositories& r) { return r.sessions().remove(tokens.hash(login->token)); }).ok());
  clock.advance_ms(999);
  EXPECT_TRUE(auth.authenticate(login->token).ok()) << "trusted for up to a second";
  clock.advance_ms(1);
  EXPECT_EQ(auth.authenticate(login->token).error().code, ErrorCode::unauthenticated);
}

TEST_F(ServicesTest, UserNamesAreUniqueAndPasswordsLongEnough) {
  EXPECT_EQ(auth.add_user({"a b", "", "Secret#2026", Role::viewer, std::nullopt}).error().field, "username");
  EXPECT_EQ(auth.add_user({"short", "", "Ab#4567", Role::viewer, std::nullopt}).error().field, "password");
  EXPECT_EQ(auth.add_user({"simple", "", "abcdefgh1", Role::viewer, std::nullopt}).error().field, "password");
  EXPECT_EQ(auth.add_user({"zhangli", "", "Zhangli#2026", Role::viewer, std::nullopt}).error().field, "password");
  ASSERT_TRUE(auth.add_user({"twice", "", "Secret#2026", Role::viewer, std::nullopt}).ok());
  EXPECT_EQ(auth.add_user({"twice", "", "Secret#2026", Role::viewer, std::nullopt}).error().code, ErrorCode::conflict);
  EXPECT_EQ(auth.add_user({"far", "", "Secret#2026", Role::viewer, RegionCode::parse("110101").value()}).error().code,
            ErrorCode::unknown_region);
}

TEST_F(ServicesTest, FiveFailuresLockTheAccountForFifteenMinutes) {
  ASSERT_TRUE(auth.add_user({"lock", "", "Secret#2026", Role::viewer, std::nullopt, false}).ok());
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(auth.login("lock", "wrong", "10.0.0.1").error().code, ErrorCode::invalid_credentials) << i;
    clock.advance_ms(1000);
  }
  EXPECT_EQ(auth.login("lock", "wrong", "10.0.0.1").error().code, ErrorCode::login_locked);
  // Locked: even the right password is refused, from any address.
  EXPECT_EQ(auth.login("lock", "Secret#2026", "10.0.0.2").error().code, ErrorCode::login_locked);
  clock.advance_ms(15 * 60 * 1000);
  EXPECT_TRUE(auth.login("lock", "Secret#2026", "10.0.0.2").ok());
  // The success cleared the account's count: four more failures do not lock it.
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(auth.login("lock", "bad", "10.0.0.3").error().code, ErrorCode::invalid_credentials);
}

TEST_F(ServicesTest, FailuresFromOneAddressSlowItButNeverKeepAColleagueOut) {
  const LockoutPolicy policy;
  ASSERT_TRUE(auth.add_user({"colleague", "", "Secret#2026", Role::viewer, std::nullopt, false}).ok());
  // A hundred failures from one address (a county bureau behind one NAT, or someone guessing names).
  for (int i = 1; i <= 100; ++i) {
    auto r = auth.login("u" + std::to_string(i), "guess", "10.9.9.9");
    ASSERT_FALSE(r.ok());
    if (i <= policy.slow_address_after) {
      EXPECT_EQ(r.error().code, ErrorCode::invalid_credentials) << i;
      continue;
    }
    // Past the threshold each failure asks for a wait that doubles, up to the lock's length.
    const std::int64_t want = std::min<std::int64_t>(std::int64_t{1} << std::min(i - policy.slow_address_after - 1, 30),
                                                     policy.lock_ms / 1000);
    EXPECT_EQ(r.error().code, ErrorCode::rate_limited) << i;
    EXPECT_EQ(r.error().retry_after_s, want) << i;
  }
  // A colleague at that address with the right password signs in at once.
  EXPECT_TRUE(auth.login("colleague", "Secret#2026", "10.9.9.9").ok());
  // The account that fails is locked, at any address; its lock shows to the security
  // administrator, who lifts it (and the lifting is audited).
  for (int i = 0; i < policy.max_failures; ++i) (void)auth.login("colleague", "typo", "10.9.9.9");
  auto locked = auth.login("colleague", "Secret#2026", "10.1.1.1");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::login_locked);
  EXPECT_GT(locked.error().retry_after_s, 14 * 60);
  const Actor security = actor_at(Role::secadmin, "4111");
  const Actor national_security = actor_at(Role::secadmin, nullptr);
  auto listed = accounts.list_lockouts(national_security);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u) << "only the account that failed five times is locked";
  EXPECT_EQ(listed->front().username, "colleague");
  EXPECT_EQ(listed->front().failures, 0) << "a lock starts a new count";
  EXPECT_EQ(accounts.list_lockouts(luohe).error().code, ErrorCode::forbidden);
  EXPECT_TRUE(accounts.list_lockouts(security)->empty()) << "a national account is outside Luohe's area";
  EXPECT_EQ(accounts.lift_lockout(security, "colleague").error().code, ErrorCode::not_found);
  ASSERT_TRUE(accounts.lift_lockout(national_security, "colleague").ok());
  EXPECT_TRUE(accounts.list_lockouts(national_security)->empty());
  EXPECT_TRUE(auth.login("colleague", "Secret#2026", "10.1.1.1").ok());
  bool audited = false;
  ASSERT_TRUE(store
                  ->read([&](Repositories& r) -> Result<void> {
                    SHEGONG_ASSIGN(auto page, r.audit().list({}, {1, 20, "seq", true}));
                    for (const auto& e : page.items)
                      audited |= e.action == "login.unlock" && e.detail.find("colleague") != std::string::npos;
                    return ok();
                  })
                  .ok());
  EXPECT_TRUE(audited);
}

TEST_F(ServicesTest, ANewAccountAndAnOldPasswordMustBeChanged) {
  ASSERT_TRUE(auth.add_user({"fresh", "", "Secret#2026", Role::viewer, std::nullopt}).ok());
  auto first = auth.login("fresh", "Secret#2026", "127.0.0.1");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->actor.must_change_password);
  EXPECT_EQ(auth.change_password(first->actor, "nope", "Better#2027").error().field, "current_password");
  EXPECT_EQ(auth.change_password(first->actor, "Secret#2026", "weak").error().field, "password");
  EXPECT_EQ(auth.change_password(first->actor, "Secret#2026", "Secret#2026").error().field, "password");
  ASSERT_TRUE(auth.change_password(first->actor, "Secret#2026", "Better#2027").ok());
  auto second = auth.login("fresh", "Better#2027", "127.0.0.1");
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->actor.must_change_password);
  clock.advance_ms(90LL * 24 * 3600 * 1000);
  auto stale = auth.login("fresh", "Better#2027", "127.0.0.1");
  ASSERT_TRUE(stale.ok());
  EXPECT_TRUE(stale->actor.must_change_password) << "after 90 days the password must change";
}

TEST_F(ServicesTest, EveryChangeAndSignInIsInTheAuditTrailAndTheChainHolds) {
  auto created = places.create_station(luohe, laojie());
  ASSERT_TRUE(created.ok());
  Edit<Station> p;
  p.set(&Station::active, false);
  ASSERT_TRUE(places.update_station(luohe, created->record.id, 1, p).ok());
  ASSERT_TRUE(auth.add_user({"aud", "", "Secret#2026", Role::auditor, std::nullopt, false}).ok());
  EXPECT_FALSE(auth.login("aud", "wrong", "127.0.0.1").ok());
  auto login = auth.login("aud", "Secret#2026", "127.0.0.1");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(access.require(login->actor, Action::read, Resource::audit).ok());
  auto trail = audit.list({}, {1, 50, "seq", true});
  ASSERT_TRUE(trail.ok());
  std::vector<std::string> actions;
  for (const auto& e : trail->items) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"login.success", "login.failure", "user.create", "station.deactivate",
                                               "station.create"}));
  EXPECT_EQ(trail->items.back().record_id, created->record.id);
  EXPECT_EQ(trail->items.back().region_code, "411102001000");
  EXPECT_EQ(access.require(luohe, Action::read, Resource::audit).error().code, ErrorCode::forbidden);
  auto v = audit.verify();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->checked, 5);
  EXPECT_FALSE(v->problem.has_value());
}

TEST_F(ServicesTest, AdministratorsSignInWithASecondFactor) {
  ASSERT_TRUE(auth.add_user({"secadm", "", "Secret#2026", Role::secadmin, std::nullopt, false}).ok());
  auto first = auth.login("secadm", "Secret#2026", "127.0.0.1");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->actor.must_enrol_totp);
  auto enrolment = auth.enrol_totp(first->actor);
  ASSERT_TRUE(enrolment.ok());
  EXPECT_TRUE(enrolment->uri.starts_with("otpauth://totp/"));
  auto secret = *base32_decode(enrolment->secret);
  auto code_at = [&](TimestampMs ms) { return *totp_code(secret, ms / 1000); };
  EXPECT_EQ(auth.confirm_totp(first->actor, "000000").error().code, ErrorCode::invalid_totp);
  ASSERT_TRUE(auth.confirm_totp(first->actor, code_at(clock.now_ms())).ok());
  EXPECT_EQ(auth.enrol_totp(first->actor).error().code, ErrorCode::conflict) << "a confirmed factor is not replaced";

  // The stored secret is sealed, not the base32 text.
  std::optional<User> stored;
  ASSERT_TRUE(store
                  ->read([&](Repositories& r) -> Result<void> {
                    SHEGONG_ASSIGN(stored, r.users().find_by_username("secadm"));
                    return ok();
                  })
                  .ok());
  EXPECT_EQ(stored->totp_secret.find(enrolment->secret), std::string::npos);
  EXPECT_TRUE(stored->totp_secret.starts_with("v1."));

  clock.advance_ms(60'000);
  EXPECT_EQ(auth.login("secadm", "Secret#2026", "127.0.0.1").error().code, ErrorCode::totp_required);
  EXPECT_EQ(auth.login("secadm", "Secret#2026", "127.0.0.1", "123456").error().code, ErrorCode::invalid_totp);
  const auto code = code_at(clock.now_ms());
  auto second = auth.login("secadm", "Secret#2026", "127.0.0.1", code);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->actor.must_enrol_totp);
  EXPECT_EQ(auth.login("secadm", "Secret#2026", "127.0.0.1", code).error().code, ErrorCode::invalid_totp)
      << "a code is used once";
  EXPECT_EQ(auth.login("secadm", "wrong", "127.0.0.1", code_at(clock.now_ms() + 30'000)).error().code,
            ErrorCode::invalid_credentials);
  // Non-administrators are not asked.
  ASSERT_TRUE(auth.add_user({"plain", "", "Secret#2026", Role::social_worker, std::nullopt, false}).ok());
  EXPECT_FALSE(auth.login("plain", "Secret#2026", "127.0.0.1")->actor.must_enrol_totp);
}

TEST_F(ServicesTest, RolesAreDataThatEveryServerRereads) {
  auto worker = actor_at(Role::social_worker, "4111");
  EXPECT_EQ(places.create_station(worker, laojie()).error().code, ErrorCode::forbidden);
  Actor admin = actor_at(Role::sysadmin, nullptr);
  auto perms = AccessPolicy::defaults().of(Role::social_worker);
  perms.push_back({Action::write, Resource::station});
  AccessControl other_server{*store, clock}; // a second server sharing the store
  ASSERT_TRUE(other_server.require(worker, Action::read, Resource::station).ok()); // it has loaded the policy
  ASSERT_TRUE(access.replace(admin, Role::social_worker, perms, audit).ok());
  EXPECT_TRUE(places.create_station(worker, laojie()).ok()) << "this server applies the change at once";
  EXPECT_EQ(other_server.require(worker, Action::write, Resource::station).error().code, ErrorCode::forbidden);
  clock.advance_ms(30'000);
  EXPECT_TRUE(other_server.require(worker, Action::write, Resource::station).ok()) << "the other within 30 s";

  // Separation of duties holds whatever the configuration.
  EXPECT_EQ(access.replace(admin, Role::sysadmin, {{Action::read, Resource::audit}}, audit).error().field,
            "permissions");
  EXPECT_FALSE(access.replace(admin, Role::auditor, {{Action::write, Resource::station}}, audit).ok());
  EXPECT_FALSE(access.replace(admin, Role::civil_affairs_admin, {{Action::write, Resource::region}}, audit).ok());
  EXPECT_EQ(access.replace(luohe, Role::viewer, {}, audit).error().code, ErrorCode::forbidden);
}

TEST(AccessPolicyDefaults, MatchTheWrittenTableAndKeepTheSeparationOfDuties) {
  const auto p = AccessPolicy::defaults();
  for (auto role : kAllRoles) {
    for (auto a : kAllActions)
      for (auto r : kAllResources) EXPECT_EQ(p.permits(role, a, r), permits(role, a, r));
    EXPECT_TRUE(check_separation_of_duties(role, p.of(role)).ok()) << to_string(role);
  }
}

TEST_F(ServicesTest, PruningKeepsAtLeastSixMonthsAndTheRestStillVerifies) {
  auto first = places.create_station(luohe, laojie()); // entry 1, on day 0
  ASSERT_TRUE(first.ok());
  Edit<Station> p;
  p.set(&Station::manager, "王芳");
  ASSERT_TRUE(places.update_station(luohe, first->record.id, 1, p).ok()); // entry 2, day 0
  clock.advance_ms(200LL * 24 * 3600 * 1000);
  p.set(&Station::manager, "李强");
  ASSERT_TRUE(places.update_station(luohe, first->record.id, 2, p).ok()); // entry 3, day 200
  EXPECT_EQ(audit.prune(100).error().field, "audit_retention_days") << "less than six months is refused";
  auto removed = audit.prune(183);
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_EQ(*removed, 2);
  auto v = audit.verify();
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->problem.has_value()) << v->problem->reason;
  EXPECT_EQ(v->checked, 2); // entry 3 and the prune's own record
  auto again = audit.prune(183);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  EXPECT_FALSE(audit.verify()->problem.has_value());
}

TEST_F(ServicesTest, AWitnessedHeadIsFoundAndAnAlteredLineIsNot) {
  auto station = places.create_station(luohe, laojie());
  ASSERT_TRUE(station.ok());
  auto first = audit.witness();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->key_id, "t1");
  clock.advance_ms(1000);
  Edit<Station> p;
  p.set(&Station::manager, "王芳");
  ASSERT_TRUE(places.update_station(luohe, station->record.id, 1, p).ok());
  auto second = audit.witness();
  ASSERT_TRUE(second.ok());
  EXPECT_GT(second->seq, first->seq);
  auto v = audit.verify({*first, *second});
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->problem.has_value()) << v->problem->reason;
  EXPECT_EQ(v->witnessed, 2);
  // A line moved forward by hand (to blame a cut that never happened) does not check.
  WitnessMark moved = *second;
  moved.seq += 5;
  v = audit.verify({*first, moved});
  ASSERT_TRUE(v->problem.has_value());
  EXPECT_NE(v->problem->reason.find("signature does not check"), std::string::npos) << v->problem->reason;
}

TEST_F(ServicesTest, RefusalsAreRecordedTwentyAMinuteAndTheRestCounted) {
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(audit.record_denial(luohe, "GET /api/v1/stations/{id}", "s1", "not_found"));
  AuditFilter denied;
  denied.action = "access.denied";
  EXPECT_EQ(audit.list(denied, {1, 100, "seq", true})->items.size(), 20u);
  clock.advance_ms(60'000);
  ASSERT_TRUE(audit.record_denial(luohe, "GET /api/v1/audit", "", "denied"));
  auto trail = audit.list(denied, {1, 100, "seq", false});
  ASSERT_EQ(trail->items.size(), 21u);
  EXPECT_EQ(trail->items[0].detail, "GET /api/v1/audit; 5 more refused in the minute before, not recorded one by one");
  EXPECT_TRUE(audit.record_denial(deqing, "GET /api/v1/audit", "", "denied").ok())
      << "another user has a window of its own";
  EXPECT_EQ(audit.list(denied, {1, 100, "seq", true})->items.size(), 22u);
}

TEST_F(ServicesTest, RotatingKeysResealsSecretsThatStillWork) {
  // The operator appends a new key; the old one stays in the ring to read old values.
  const std::string old_line = *KeyRing::generate("t1");
  const std::string ring_text = old_line + "\n" + *KeyRing::generate("t2") + "\n";
  FieldSecretBox before{FieldCipher::create(*KeyRing::parse(old_line, "old")).value()};
  FieldSecretBox after{FieldCipher::create(*KeyRing::parse(ring_text, "new")).value()};
  AuthService old_server{*store, clock, random, hasher, tokens, audit, before, codes};
  AuthService new_server{*store, clock, random, hasher, tokens, audit, after, codes};
  auto fresh = old_server.add_user({"rot2", "", "Secret#2026", Role::secadmin, std::nullopt, false});
  ASSERT_TRUE(fresh.ok());
  auto l2 = old_server.login("rot2", "Secret#2026", "127.0.0.1");
  auto e2 = old_server.enrol_totp(l2->actor);
  auto s2 = *base32_decode(e2->secret);
  ASSERT_TRUE(old_server.confirm_totp(l2->actor, *totp_code(s2, clock.now_ms() / 1000)).ok());
  auto n = new_server.rotate_keys();
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 1) << "only the secret under the old key t1 is resealed";
  std::optional<User> stored;
  ASSERT_TRUE(store
                  ->read([&](Repositories& r) -> Result<void> {
                    SHEGONG_ASSIGN(stored, r.users().find_by_username("rot2"));
                    return ok();
                  })
                  .ok());
  EXPECT_TRUE(stored->totp_secret.starts_with("v1.t2.")) << stored->totp_secret;
  clock.advance_ms(30'000);
  EXPECT_TRUE(new_server.login("rot2", "Secret#2026", "127.0.0.1", *totp_code(s2, clock.now_ms() / 1000)).ok());
  EXPECT_EQ(*new_server.rotate_keys(), 0) << "nothing left to reseal";
}

TEST_F(ServicesTest, AdministratorsOfTheSystemAreNotMadeThroughTheApi) {
  Actor admin = actor_at(Role::sysadmin, nullptr);
  for (Role r : {Role::sysadmin, Role::secadmin, Role::auditor}) {
    auto made = accounts.create_user(admin, {"x" + std::string(to_string(r)), "", "Secret#2026", r, std::nullopt});
    ASSERT_FALSE(made.ok()) << to_string(r);
    EXPECT_EQ(made.error().field, "role");
  }
  ASSERT_TRUE(auth.add_user({"aud9", "", "Secret#2026", Role::auditor, std::nullopt, false}).ok()); // the CLI path
  auto aud = auth.login("aud9", "Secret#2026", "127.0.0.1");
  AccountPatch reset;
  reset.temporary_password = "Taken#2026over";
  EXPECT_EQ(accounts.update_user(admin, aud->actor.user_id, reset).error().code, ErrorCode::forbidden)
      << "the system administrator cannot take over the auditor's account";
  EXPECT_TRUE(accounts.create_user(admin, {"clerk9", "", "Secret#2026", Role::viewer, std::nullopt}).ok());
}

TEST_F(ServicesTest, SessionsAreManagedInsideTheSecurityAdministratorsArea) {
  ASSERT_TRUE(
      auth.add_user({"sec_luohe", "", "Secret#2026", Role::secadmin, RegionCode::parse("4111").value(), false}).ok());
  ASSERT_TRUE(
      auth.add_user({"w_luohe", "", "Secret#2026", Role::social_worker, RegionCode::parse("411102").value(), false})
          .ok());
  ASSERT_TRUE(
      auth.add_user({"w_deqing", "", "Secret#2026", Role::social_worker, RegionCode::parse("330521").value(), false})
          .ok());
  auto sec = auth.login("sec_luohe", "Secret#2026", "127.0.0.1");
  ASSERT_TRUE(auth.login("w_luohe", "Secret#2026", "127.0.0.1").ok());
  auto far = auth.login("w_deqing", "Secret#2026", "127.0.0.1");
  auto listed = accounts.list_sessions(sec->actor, {1, 50, "last_seen_at", true});
  ASSERT_TRUE(listed.ok());
  std::vector<std::string> names;
  for (const auto& l : listed->items) names.push_back(l.username);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"sec_luohe", "w_luohe"}));
  EXPECT_EQ(accounts.revoke_session(sec->actor, tokens.hash(far->token)).error().code, ErrorCode::not_found);
  EXPECT_TRUE(auth.authenticate(far->token).ok()) << "the other county's session lives on";
}

TEST_F(ServicesTest, GuessingThroughThePasswordChangeLocksToo) {
  ASSERT_TRUE(auth.add_user({"guessed", "", "Secret#2026", Role::viewer, std::nullopt, false}).ok());
  auto stolen = auth.login("guessed", "Secret#2026", "127.0.0.1");
  auto other = auth.login("guessed", "Secret#2026", "127.0.0.2");
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(
        auth.change_password(stolen->actor, "guess" + std::to_string(i), "New#Secret2026", stolen->token).error().field,
        "current_password");
  EXPECT_EQ(auth.change_password(stolen->actor, "guess5", "New#Secret2026", stolen->token).error().code,
            ErrorCode::login_locked);
  EXPECT_EQ(auth.change_password(stolen->actor, "Secret#2026", "New#Secret2026", stolen->token).error().code,
            ErrorCode::login_locked)
      << "even the right one waits for the lock to end";
  clock.advance_ms(15 * 60 * 1000);
  ASSERT_TRUE(auth.change_password(stolen->actor, "Secret#2026", "New#Secret2026", stolen->token).ok());
  clock.advance_ms(1000);
  EXPECT_TRUE(auth.authenticate(stolen->token).ok()) << "the session that changed it stays";
  EXPECT_FALSE(auth.authenticate(other->token).ok()) << "other sessions end with the old password";
}

// A trail of six keyed entries (or `legacy` of them first, linked before keys).
struct Trail {
  KeyRing ring = KeyRing::parse(*KeyRing::generate("k1"), "test").value();
  std::unique_ptr<KeyedChainHasher> h = KeyedChainHasher::create(&ring).value();
  ChainFn link = [this](std::string_view key, std::string_view prev, std::string_view entry) {
    return h->link(key, prev, entry);
  };
  std::vector<AuditEntry> entries;
  std::string head{kGenesisHash};

  explicit Trail(int legacy = 0) {
    for (int i = 1; i <= 6; ++i) add(i <= legacy ? "" : "k1", "station.update", "");
  }
  void add(std::string key, std::string action, std::string detail) {
    AuditEntry e;
    e.seq = static_cast<std::int64_t>(entries.size()) + 1;
    e.at = 1000 + e.seq;
    e.action = std::move(action);
    e.detail = std::move(detail);
    e.record_id = "r" + std::to_string(e.seq);
    e.outcome = "ok";
    e.key_id = std::move(key);
    e.prev_hash = head;
    e.hash = *h->link(e.key_id, head, canonical(e));
    head = e.hash;
    entries.push_back(e);
  }
  Trail(const Trail&) = delete;
};

// What an attacker without the key does after editing: every link from `from` on
// recomputed as plain SM3, the only hash they can compute; returns the new head.
std::string relink_without_key(std::vector<AuditEntry>& entries, std::size_t from) {
  std::string prev = from ? entries[from - 1].hash : std::string(kGenesisHash);
  for (std::size_t i = from; i < entries.size(); ++i) {
    entries[i].key_id.clear();
    entries[i].prev_hash = prev;
    entries[i].hash = *chain_hash(prev, canonical(entries[i]));
    prev = entries[i].hash;
  }
  return prev;
}

TEST(ChainVerifier, NamesTheFirstEditedDeletedInsertedOrMovedEntry) {
  Trail t;
  const auto& trail = t.entries;
  const std::string prev = t.head;
  const auto& link = t.link;
  EXPECT_FALSE(verify_chain(trail, link, 6, prev).has_value());

  auto edited = trail;
  edited[2].record_id = "someone-else";
  EXPECT_EQ(verify_chain(edited, link, 6, prev)->seq, 3);

  auto deleted = trail;
  deleted.erase(deleted.begin() + 3);
  EXPECT_EQ(verify_chain(deleted, link, 6, prev)->seq, 4);

  auto inserted = trail;
  AuditEntry forged = trail[1];
  forged.record_id = "forged";
  forged.hash = *t.h->link(forged.key_id, forged.prev_hash, canonical(forged)); // well formed, not in the chain
  inserted.insert(inserted.begin() + 2, forged);
  EXPECT_EQ(verify_chain(inserted, link, 6, prev)->seq, 3); // the third stored entry is the stranger

  auto moved = trail;
  std::swap(moved[3], moved[4]);
  EXPECT_EQ(verify_chain(moved, link, 6, prev)->seq, 4);

  auto truncated = trail;
  truncated.pop_back();
  EXPECT_EQ(verify_chain(truncated, link, 6, prev)->seq, 6);
}

TEST(ChainVerifier, AnEditRelinkedWithoutTheKeyIsFound) {
  Trail t;
  auto relinked = t.entries;
  relinked[2].username = "admin"; // a social worker's reveal now shown as the administrator's
  const std::string head = relink_without_key(relinked, 2);
  auto problem = verify_chain(relinked, t.link, 6, head);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 3);
  EXPECT_NE(problem->reason.find("without a key after keyed"), std::string::npos) << problem->reason;

  // Keeping the key id and linking with a key of one's own does not pass either.
  auto other_ring = KeyRing::parse(*KeyRing::generate("k1"), "attacker").value();
  auto other = KeyedChainHasher::create(&other_ring).value();
  auto forged = t.entries;
  std::string prev = forged[1].hash;
  for (std::size_t i = 2; i < forged.size(); ++i) {
    forged[i].prev_hash = prev;
    forged[i].hash = *other->link("k1", prev, canonical(forged[i]));
    prev = forged[i].hash;
  }
  problem = verify_chain(forged, t.link, 6, prev);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 3);
  EXPECT_NE(problem->reason.find("does not match its hash"), std::string::npos);
}

TEST(ChainVerifier, EntriesFromBeforeKeysStillCheckButNoneMayFollowAKeyedOne) {
  Trail t(3); // three links from before the chain was keyed, then keyed ones
  EXPECT_FALSE(verify_chain(t.entries, t.link, 6, t.head).has_value());
  auto unknown = t.entries;
  unknown[4].key_id = "k9";
  EXPECT_NE(verify_chain(unknown, t.link, 6, t.head)->reason.find("key ring does not hold"), std::string::npos);
}

TEST(ChainVerifier, APruneMarkerMustBeStatedByAKeyedPruneEntry) {
  Trail t;
  // Entries 1-2 removed under the retention rule, stated by a prune entry.
  const std::string anchor = t.entries[1].hash;
  t.add("k1", std::string(kPruneAction), "2 entries removed; " + prune_statement(2, anchor));
  std::vector<AuditEntry> kept(t.entries.begin() + 2, t.entries.end());
  ChainVerifier stated(t.link, 2, anchor);
  for (const auto& e : kept) stated.feed(e);
  EXPECT_FALSE(stated.finish(7, t.head).has_value());

  // An attacker deletes entries 1-4 and moves the marker: no prune entry states it.
  std::vector<AuditEntry> cut(t.entries.begin() + 4, t.entries.end());
  ChainVerifier forged(t.link, 4, t.entries[3].hash);
  for (const auto& e : cut) forged.feed(e);
  auto problem = forged.finish(7, t.head);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->reason.find("forged prune marker"), std::string::npos) << problem->reason;
}

TEST(ChainVerifier, AWitnessLineReadsBackAsWritten) {
  WitnessMark m{42, std::string(64, 'a'), 1'765'000'000'000, "k1", std::string(64, 'b')};
  auto back = read_witness_line(witness_line(m));
  ASSERT_TRUE(back);
  EXPECT_EQ(std::tie(back->seq, back->hash, back->at, back->key_id, back->signature),
            std::tie(m.seq, m.hash, m.at, m.key_id, m.signature));
  EXPECT_FALSE(read_witness_line("42 abc"));
  EXPECT_FALSE(read_witness_line("x " + std::string(64, 'a') + " 1 k1 sig"));
}

TEST(Argon2PasswordHasher, VerifiesOnlyTheRightPassword) {
  ASSERT_TRUE(init_sodium());
  Argon2PasswordHasher h;
  auto hash = h.hash("Shegong@2026");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(h.verify(*hash, "Shegong@2026"));
  EXPECT_FALSE(h.verify(*hash, "Shegong@2025"));
  EXPECT_FALSE(h.verify("garbage", "Shegong@2026"));
  SodiumTokenService t;
  const auto a = t.new_token(), b = t.new_token();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(t.hash(a), t.hash(a));
  EXPECT_EQ(t.hash(a).size(), 64u);
}

} // namespace
} // namespace shegong
