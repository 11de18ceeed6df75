// The accounts' and the audit trail's repositories pass the same scenarios on every
// engine: users and sessions read back as written, sign-in failures count and lock,
// role permissions are replaced whole, and the audit trail keeps its order, its head
// and the area each entry is about.
#include <gtest/gtest.h>

#include <random>

#include "pool.hpp"
#include "support/test_store.hpp"

namespace shegong {
namespace {

class AccountStore : public test::EachBackend {
 protected:
  template <class F>
  void run(bool writing, F&& f) {
    auto work = [&](Repositories& repos) -> Result<void> { return f(repos); };
    auto r = writing ? store->write(work) : store->read(work);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  static User user(const char* id, const char* name, const char* region) {
    User u;
    u.id = id;
    u.username = name;
    u.display_name = "李社工";
    u.password_hash = "$argon2id$v=19$placeholder";
    u.role = Role::social_worker;
    u.region_code = *RegionCode::parse(region);
    u.created_at = u.password_changed_at = 1'765'000'000'000;
    return u;
  }
};

TEST_P(AccountStore, UsersAndSessionsReadBackAndEndWhenTold) {
  const User li = user("01900000-0000-7000-8000-0000000002a1", "li.worker", "4111");
  Session s{"hash-of-token", li.id, 1'765'000'000'000, 1'765'000'000'000, 1'765'028'800'000, "127.0.0.1"};
  run(true, [&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.users().insert(li));
    SHEGONG_TRY(r.sessions().insert(s));
    return r.sessions().touch(s.token_hash, 1'765'000'060'000);
  });
  std::optional<User> by_name, by_id;
  std::optional<Session> found;
  std::int64_t users = 0;
  run(false, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(by_name, r.users().find_by_username("li.worker"));
    SHEGONG_ASSIGN(by_id, r.users().find_by_id(li.id));
    SHEGONG_ASSIGN(found, r.sessions().find(s.token_hash));
    SHEGONG_ASSIGN(users, r.users().count());
    return ok();
  });
  ASSERT_TRUE(by_name && by_id && found);
  EXPECT_EQ(by_name->id, li.id);
  EXPECT_EQ(by_id->role, Role::social_worker);
  EXPECT_EQ(by_id->region_code, li.region_code);
  EXPECT_EQ(by_id->password_hash, li.password_hash);
  EXPECT_EQ(found->last_seen_at, 1'765'000'060'000) << "touched";
  EXPECT_EQ(found->expires_at, s.expires_at);
  EXPECT_GE(users, 1);
  std::int64_t ended = 0;
  run(true, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(ended, r.sessions().remove_for_user(li.id));
    return ok();
  });
  EXPECT_EQ(ended, 1);
  run(false, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(found, r.sessions().find(s.token_hash));
    return ok();
  });
  EXPECT_FALSE(found.has_value());
}

TEST_P(AccountStore, SignInFailuresCountLockAndClear) {
  const FailureCount five{5, 1'765'000'000'000, 1'765'000'900'000};
  std::vector<std::pair<std::string, FailureCount>> locked, later;
  FailureCount read_back;
  run(true, [&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.login_failures().put("user:li.worker", five));
    SHEGONG_TRY(r.login_failures().put("user:wang", FailureCount{2, 1'765'000'000'000, 0}));
    SHEGONG_ASSIGN(read_back, r.login_failures().get("user:li.worker"));
    SHEGONG_ASSIGN(locked, r.login_failures().locked("user:", 1'765'000'100'000));
    SHEGONG_ASSIGN(later, r.login_failures().locked("user:", 1'765'001'000'000));
    return r.login_failures().clear("user:li.worker");
  });
  EXPECT_EQ(read_back.failures, 5);
  EXPECT_EQ(read_back.locked_until, five.locked_until);
  ASSERT_EQ(locked.size(), 1u) << "two failures do not lock";
  EXPECT_EQ(locked[0].first, "user:li.worker");
  EXPECT_TRUE(later.empty()) << "a lock ends";
  run(false, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(read_back, r.login_failures().get("user:li.worker"));
    return ok();
  });
  EXPECT_EQ(read_back.failures, 0) << "cleared";
}

TEST_P(AccountStore, ARolesPermissionsAreReplacedWhole) {
  std::vector<RolePermissionRepository::Row> before, after;
  run(true, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(before, r.role_permissions().all());
    return r.role_permissions().replace("viewer", {{"viewer", "read", "region"}, {"viewer", "read", "station"}});
  });
  run(false, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(after, r.role_permissions().all());
    return ok();
  });
  auto of = [](const std::vector<RolePermissionRepository::Row>& rows, const std::string& role) {
    std::vector<std::string> out;
    for (const auto& row : rows)
      if (row.role == role) out.push_back(row.action + " " + row.resource);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(of(after, "viewer"), (std::vector<std::string>{"read region", "read station"}));
  EXPECT_EQ(of(after, "auditor"), of(before, "auditor")) << "other roles untouched";
}

TEST_P(AccountStore, TheAuditTrailKeepsItsOrderHeadAndArea) {
  auto entry = [](std::int64_t seq, const char* action, const char* region, const std::string& prev) {
    AuditEntry e;
    e.seq = seq;
    e.at = 1'765'000'000'000 + seq;
    e.username = "luohe";
    e.action = action;
    e.resource = "station";
    e.record_id = "s" + std::to_string(seq);
    e.region_code = region;
    e.outcome = "ok";
    e.prev_hash = prev;
    e.key_id = "k1";
    e.hash = "hash" + std::to_string(seq);
    return e;
  };
  run(true, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto head, r.audit().lock_head());
    SHEGONG_TRY(r.audit().append(entry(head.seq + 1, "station.create", "411102001000", head.hash), "k1", "mac1"));
    SHEGONG_TRY(r.audit().append(
        entry(head.seq + 2, "station.update", "330521005000", "hash" + std::to_string(head.seq + 1)), "k1", "mac2"));
    return ok();
  });
  AuditRepository::Head head;
  Page<AuditEntry> luohe_area, everything;
  std::vector<std::int64_t> scanned;
  run(false, [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(head, r.audit().head());
    AuditFilter f;
    f.scope = Scope::under(*RegionCode::parse("4111"));
    SHEGONG_ASSIGN(luohe_area, r.audit().list(f, {1, 20, "", false}));
    SHEGONG_ASSIGN(everything, r.audit().list(AuditFilter{}, {1, 20, "", false}));
    return r.audit().scan([&](const AuditEntry& e) -> Result<void> {
      scanned.push_back(e.seq);
      return ok();
    });
  });
  ASSERT_GE(scanned.size(), 2u);
  for (std::size_t i = 1; i < scanned.size(); ++i) EXPECT_EQ(scanned[i], scanned[i - 1] + 1) << "no gap";
  EXPECT_EQ(head.seq, scanned.back());
  EXPECT_EQ(head.hash, "hash" + std::to_string(head.seq));
  EXPECT_EQ(std::tie(head.key_id, head.mac), std::tie("k1", "mac2")) << "the head keeps its signature";
  EXPECT_EQ(everything.items[0].key_id, "k1");
  ASSERT_EQ(luohe_area.total, 1) << "an area's auditor sees the entries about it";
  EXPECT_EQ(luohe_area.items[0].action, "station.create");
  ASSERT_GE(everything.items.size(), 2u);
  EXPECT_EQ(everything.items[0].seq, head.seq) << "newest first";
}

// Deployed as docs/operations.md says — the tables owned by the migrating role, the
// server connecting as a role that may only add to the audit trail — the server's role
// can neither change nor remove an entry, nor drop or disable the guards, nor move the
// head back; its appends go on.
TEST(AuditOnPostgres, TheServersRoleOnlyAddsToTheTrail) {
  if (test::postgres_conninfo().empty()) GTEST_SKIP() << "no PostgreSQL server given";
  std::random_device rd;
  const std::string schema = "own" + std::to_string(rd()), role = "app" + std::to_string(rd());
  auto owner = PostgresStore::open({test::postgres_conninfo(), 1, schema}).value();
  ASSERT_TRUE(owner->migrate().ok());
  auto as_owner = [&](const std::string& script) {
    return owner->pool().transact_raw([&](sql::Connection& c) { return c.exec_script(script); }, "BEGIN");
  };
  ASSERT_TRUE(as_owner("CREATE ROLE " + role + " LOGIN; GRANT USAGE ON SCHEMA " + schema + " TO " + role +
                       "; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role +
                       "; REVOKE UPDATE, DELETE ON audit_log FROM " + role)
                  .ok());
  std::string conninfo = test::postgres_conninfo();
  conninfo.replace(conninfo.find("postgres@"), 9, role + "@");
  {
    auto app = PostgresStore::open({conninfo, 1, schema}).value();
    ASSERT_TRUE(app->migrate().ok()) << "a server started as this role finds the schema current";
    AuditEntry e;
    e.at = 1;
    e.action = "station.create";
    e.outcome = "ok";
    ASSERT_TRUE(app->write([&](Repositories& r) -> Result<void> {
                     SHEGONG_ASSIGN(auto head, r.audit().lock_head());
                     e.seq = head.seq + 1;
                     e.prev_hash = head.hash;
                     e.hash = "h1";
                     return r.audit().append(e, "", "");
                   })
                    .ok())
        << "the server's appends go on";
    auto as_app = [&](const std::string& script) {
      return app->pool().transact_raw([&](sql::Connection& c) { return c.exec_script(script); }, "BEGIN");
    };
    for (const std::string attack :
         {"UPDATE audit_log SET username = 'admin'", "DELETE FROM audit_log",
          "ALTER TABLE audit_log DISABLE TRIGGER ALL", "DROP TRIGGER audit_log_append_only ON audit_log",
          "UPDATE audit_head SET seq = 0, hash = 'x'", "DELETE FROM audit_head", "TRUNCATE audit_log"}) {
      auto done = as_app(attack);
      EXPECT_FALSE(done.ok()) << attack;
    }
  }
  // Even the owner's own UPDATE meets the trigger; removing goes through the head's prune mark.
  EXPECT_FALSE(as_owner("UPDATE audit_log SET username = 'admin'").ok());
  EXPECT_FALSE(as_owner("DELETE FROM audit_log").ok());
  EXPECT_TRUE(as_owner("UPDATE audit_head SET pruned_seq = 1 WHERE id = 1; DELETE FROM audit_log WHERE seq <= 1").ok());
  ASSERT_TRUE(as_owner("DROP SCHEMA " + schema + " CASCADE; DROP OWNED BY " + role + "; DROP ROLE " + role).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountStore, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

} // namespace
} // namespace shegong
