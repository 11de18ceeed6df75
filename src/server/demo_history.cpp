#include "demo_history.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include <spdlog/spdlog.h>

#include "shegong/domain/citizen_id.hpp"
#include "shegong/domain/person.hpp"

namespace shegong {
namespace {

// The seed's figures for 漯河市 since 2023-12, which the city's report must reproduce.
constexpr int kWorkers = 178; // 民政社工 (3 of them are the demo's named accounts)
constexpr int kHouseholdsVisited = 12316; // 走访困难群体户数
constexpr int kPersonTimes = 63296; // 惠及人次: every demo visit sees one person
constexpr int kNeedsResolved = 316; // 解决需求件数
constexpr std::int64_t kValueYuan = 592360; // 链接社会款物 "59万余元"
constexpr int kHouseholds = 12800; // in the campaigns' targets; the rest are not yet visited
constexpr int kNeedsReferred = 30, kNeedsClosed = 10, kNeedsOpen = 64;
constexpr std::string_view kLastDay = "2026-10-31"; // every demo event lies on or before it

// Passwords are hashed once: every generated worker account has the published demo password.
class HashOnce final : public PasswordHasher {
 public:
  explicit HashOnce(PasswordHasher& inner) : inner_(inner) {}
  Result<std::string> hash(std::string_view password) override {
    if (!hash_ || password != password_) {
      SHEGONG_ASSIGN(auto h, inner_.hash(password));
      hash_ = h;
      password_ = std::string(password);
    }
    return *hash_;
  }
  bool verify(std::string_view hash, std::string_view password) override { return inner_.verify(hash, password); }

 private:
  PasswordHasher& inner_;
  std::optional<std::string> hash_;
  std::string password_;
};

TimestampMs at_china(std::string_view day, int hour, int minute) {
  const auto t = parse_timestamp(std::string(day) + "T00:00:00+08:00");
  return *t + (static_cast<TimestampMs>(hour) * 60 + minute) * 60'000;
}

int days_between(std::string_view a, std::string_view b) {
  return static_cast<int>((at_china(b, 0, 0) - at_china(a, 0, 0)) / 86'400'000);
}

struct Worker {
  Actor actor;
  std::string township;
};

struct CampaignPlan {
  const char* name;
  const char* starts_on;
  const char* ends_on;
  std::string id;
  std::int64_t version = 0;
};

enum class EventKind { start, end, visit, link, settle };

struct Event {
  TimestampMs at = 0;
  EventKind kind = EventKind::visit;
  int campaign = 0;
  std::size_t target = 0; // index into targets
  int need = -1; // index into needs
};

struct NeedPlan {
  std::string id;
  std::int64_t version = 1;
  std::string category, outcome; // resolved, referred, closed, linked, raised
  std::int64_t value_fen = 0;
  std::size_t target = 0;
};

struct History {
  Services& s;
  ManualClock& clock;
  Random& random;
  HistoryReport& report;
  std::uint64_t seed = 20231201;

  std::uint64_t next(std::uint64_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % bound;
  }

  void move_clock_to(TimestampMs t) {
    if (t > clock.now_ms()) clock.advance_ms(t - clock.now_ms());
  }

  Actor bureau() {
    Actor a = system_actor();
    a.user_id = "system";
    a.role = Role::civil_affairs_admin;
    a.region_code = *RegionCode::parse("411100000000");
    a.scope = Scope::under(*a.region_code);
    return a;
  }

  Result<std::vector<Region>> children(const std::string& code) {
    auto c = RegionCode::parse(code);
    if (!c) return std::move(c).error();
    auto kids = s.regions->children(system_actor(), *c);
    if (!kids && kids.error().code == ErrorCode::not_found) return std::vector<Region>{};
    return kids;
  }

  std::string synthetic_name(bool female) {
    static const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡",
                                      "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐"};
    static const char* kFemale[] = {"秀英", "桂兰", "玉兰", "淑珍", "凤英", "春花", "梓萱", "欣怡", "雨桐",
                                    "丽",   "秀兰", "玉梅", "桂英", "翠花", "素芳", "金凤", "思琪", "佳怡"};
    static const char* kMale[] = {"建国", "建华", "国强", "志强", "子涵", "浩然", "宇轩", "俊杰", "明",
                                  "军",   "德胜", "福来", "长顺", "振华", "文博", "天佑", "铁柱", "保国"};
    return std::string(kSurnames[next(std::size(kSurnames))]) +
           (female ? kFemale[next(std::size(kFemale))] : kMale[next(std::size(kMale))]);
  }

  // 175 generated social workers, three to each township and one at the development
  // zone; with the demo's named station manager and two workers that makes the seed's 178.
  Result<std::vector<Worker>> workers(const std::vector<Region>& towns) {
    HashOnce once(s.hasher);
    AuthService auth(*s.store, clock, random, once, s.tokens, *s.audit, *s.secrets, s.codes);
    std::vector<Worker> out;
    auto add = [&](const RegionCode& region, const std::string& username) -> Result<void> {
      const bool female = next(2) == 0;
      NewUser nu{username, synthetic_name(female), kDemoPassword, Role::social_worker, region, false};
      auto added = auth.add_user(nu);
      User u;
      if (added) {
        u = *added;
        ++report.workers;
      } else if (added.error().code == ErrorCode::conflict) {
        SHEGONG_TRY(s.store->read([&](Repositories& r) -> Result<void> {
          SHEGONG_ASSIGN(auto found, r.users().find_by_username(username));
          if (found) u = *found;
          return ok();
        }));
      } else {
        return std::move(added).error();
      }
      Actor a;
      a.user_id = u.id;
      a.username = u.username;
      a.display_name = u.display_name;
      a.role = Role::social_worker;
      a.region_code = region;
      a.scope = Scope::under(region);
      out.push_back(Worker{a, region.str()});
      return ok();
    };
    for (const auto& t : towns)
      for (int k = 1; k <= 3; ++k) SHEGONG_TRY(add(t.code, "sg" + t.code.str().substr(0, 9) + "-" + std::to_string(k)));
    SHEGONG_TRY(add(*RegionCode::parse("411171000000"), "sg411171-1"));
    return out;
  }

  // The households of the campaigns: people registered without a household (a household
  // of one each), imported as a bureau would, from a spreadsheet.
  Result<void> people(const std::vector<Region>& villages, int count) {
    std::string csv =
        "姓名,身份证号,性别,出生日期,联系电话,现居住地,所属村(社区),人员类别,认定日期,居住状况,风险等级\n";
    struct Kind {
      const char* category;
      int min_age, max_age;
      const char* living;
    };
    static const Kind kKinds[] = {{"tekun", 62, 92, "alone"},
                                  {"elderly_in_difficulty", 70, 95, "alone"},
                                  {"dibao", 35, 80, "with_spouse"},
                                  {"dibao", 45, 85, "with_children"},
                                  {"left_behind_child", 4, 15, "with_grandparents"},
                                  {"unsupported_child", 3, 17, "with_relatives"},
                                  {"orphan", 3, 17, "with_relatives"},
                                  {"disabled", 20, 70, "with_children"},
                                  {"dibao_marginal", 40, 75, "with_spouse"}};
    static const char* kRisk[] = {"high", "medium", "medium", "medium", "low", "low", "low"};
    std::set<std::string> ids;
    for (int i = 0; i < count; ++i) {
      const Region& v = villages[static_cast<std::size_t>(i) % villages.size()];
      const Kind& k = kKinds[next(std::size(kKinds))];
      const bool female = next(2) == 0;
      const int age =
          k.min_age +
          static_cast<int>(next(static_cast<std::uint64_t>(k.max_age) - static_cast<std::uint64_t>(k.min_age) + 1));
      char birth[48];
      std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", 2023 - age, 1 + static_cast<int>(next(12)),
                    1 + static_cast<int>(next(28)));
      std::string id;
      do { // 900-999: a range the demo's other people do not use
        std::string s17 = v.code.str().substr(0, 6) + std::string(birth, 4) + std::string(birth + 5, 2) +
                          std::string(birth + 8, 2) + std::to_string(900 + next(50) * 2 + (female ? 0 : 1));
        id = s17 + citizen_id_check_char(s17);
      } while (!ids.insert(id).second);
      char since[48];
      std::snprintf(since, sizeof since, "%04d-%02d-01", 2019 + static_cast<int>(next(5)),
                    1 + static_cast<int>(next(11)));
      if (std::string(since) > "2023-11-01") std::snprintf(since, sizeof since, "2023-06-01");
      csv += synthetic_name(female) + "," + id + "," + (female ? "女" : "男") + "," + birth + ",1370000" +
             std::to_string(1000 + next(9000)) + "," + v.name + std::to_string(1 + next(200)) + "号," + v.code.str() +
             "," + k.category + "," + since + "," + k.living + "," + kRisk[next(std::size(kRisk))] + "\n";
    }
    ImportService imports(*s.store, clock, random, *s.audit, *s.access, *s.vault, *s.reader, *s.jobs);
    SHEGONG_ASSIGN(auto job, imports.run(bureau(), ImportRequest{"漯河市困难群体名册.csv", "valid_rows", csv}));
    report.people += job.created_rows;
    return ok();
  }

  Result<void> run() {
    // Only with the whole division tree: the seed's 60 stations stand on Luohe's 58 townships.
    std::vector<Region> towns, villages;
    SHEGONG_ASSIGN(auto counties, children("411100000000"));
    for (const auto& c : counties) {
      SHEGONG_ASSIGN(auto ts, children(c.code.str()));
      towns.insert(towns.end(), ts.begin(), ts.end());
    }
    if (towns.size() != 58) {
      report.skipped = "漯河市 (4111): the outreach history needs every township loaded";
      return ok();
    }
    OutreachService outreach(*s.store, clock, random, *s.audit, *s.access, *s.secrets);
    {
      CampaignFilter f;
      f.q = "漯河市2023年冬季敲门行动";
      SHEGONG_ASSIGN(auto found, outreach.list_campaigns(bureau(), f, std::nullopt, PageRequest{}));
      if (found.total > 0) return ok(); // loaded before
    }
    for (const auto& t : towns) {
      SHEGONG_ASSIGN(auto vs, children(t.code.str()));
      if (vs.empty()) {
        report.skipped = "漯河市 (4111): the outreach history needs the villages of every township loaded";
        return ok();
      }
      for (std::size_t i = 0; i < vs.size() && i < 12; ++i) villages.push_back(vs[i]);
    }
    spdlog::info("demo: recording Luohe's outreach since 2023-12 through the services (about a minute)");
    move_clock_to(at_china("2023-11-20", 9, 0));
    SHEGONG_ASSIGN(auto ws, workers(towns));
    if (static_cast<int>(ws.size()) + 3 != kWorkers)
      return Error::make(ErrorCode::internal, "demo: Luohe's workers do not come to the seed's 178");
    std::map<std::string, std::vector<std::size_t>> by_town; // township -> its workers
    for (std::size_t i = 0; i < ws.size(); ++i) by_town[ws[i].township].push_back(i);

    // Everyone served in the city: the demo's own people and the imported register.
    std::int64_t already = 0;
    SHEGONG_TRY(s.store->read([&](Repositories& r) -> Result<void> {
      std::vector<std::string> all;
      for (const auto& c :
           std::array{"orphan", "unsupported_child", "left_behind_child", "child_in_difficulty",
                      "elderly_in_difficulty", "dibao", "dibao_marginal", "tekun", "disabled", "severely_disabled"})
        all.emplace_back(c);
      SHEGONG_ASSIGN(auto found, r.targets().candidates(Scope::under(*RegionCode::parse("411100000000")), all,
                                                        "2023-12-01", "2023-12-01"));
      std::set<std::string> distinct;
      for (const auto& f : found) distinct.insert(f.target_id);
      already = static_cast<std::int64_t>(distinct.size());
      return ok();
    }));
    SHEGONG_TRY(people(villages, kHouseholds - static_cast<int>(already)));

    CampaignPlan plans[] = {{"漯河市2023年冬季敲门行动", "2023-12-01", "2024-02-29", "", 0},
                            {"漯河市2024年度常态化走访", "2024-03-01", "2025-02-28", "", 0},
                            {"漯河市2025年度常态化走访", "2025-03-01", "2026-02-28", "", 0},
                            {"漯河市2026年度常态化走访", "2026-03-01", "2027-02-28", "", 0}};
    const std::vector<std::string> categories{"orphan",
                                              "unsupported_child",
                                              "left_behind_child",
                                              "child_in_difficulty",
                                              "elderly_in_difficulty",
                                              "dibao",
                                              "dibao_marginal",
                                              "tekun",
                                              "disabled",
                                              "severely_disabled"};
    std::vector<TargetCandidate> targets;
    SHEGONG_TRY(s.store->read([&](Repositories& r) -> Result<void> {
      SHEGONG_ASSIGN(auto found, r.targets().candidates(Scope::under(*RegionCode::parse("411100000000")), categories,
                                                        "2023-12-01", "2023-12-01"));
      std::map<std::string, TargetCandidate> distinct;
      for (auto& f : found) distinct.emplace(f.target_id, std::move(f));
      for (auto& [id, t] : distinct) targets.push_back(std::move(t));
      return ok();
    }));
    if (targets.size() < static_cast<std::size_t>(kHouseholdsVisited))
      return Error::make(ErrorCode::internal, "demo: too few households for Luohe's figures");

    // Who visits whom: a target's township's workers in turn.
    std::vector<std::size_t> visitor(targets.size());
    std::map<std::string, std::size_t> turn;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const auto town = targets[i].region_code.str().substr(0, 9) + "000";
      const auto& list = by_town[town];
      if (list.empty()) return Error::make(ErrorCode::internal, "demo: a township without workers: " + town);
      visitor[i] = list[turn[town]++ % list.size()];
    }

    // Which households are visited, how often, and when.
    std::vector<std::size_t> order(targets.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[next(i)]);
    std::vector<Event> events;
    for (int c = 0; c < 4; ++c) {
      events.push_back(Event{at_china(plans[c].starts_on, 8, 30), EventKind::start, c, 0, -1});
      if (c < 3) events.push_back(Event{at_china(add_days(plans[c].ends_on, 1), 8, 0), EventKind::end, c, 0, -1});
    }
    auto day_in = [&](int c) {
      const std::string from = plans[c].starts_on;
      const std::string to = std::min(std::string(plans[c].ends_on), std::string(kLastDay));
      return add_days(from, static_cast<int>(next(static_cast<std::uint64_t>(days_between(from, to)) + 1)));
    };
    std::vector<Event> visits;
    const int extra = kPersonTimes - 5 * kHouseholdsVisited; // households visited six times
    for (int k = 0; k < kHouseholdsVisited; ++k) {
      const std::size_t t = order[static_cast<std::size_t>(k)];
      const int per_campaign[4] = {1, 2, k < extra ? 2 : 1, 1};
      for (int c = 0; c < 4; ++c)
        for (int n = 0; n < per_campaign[c]; ++n)
          visits.push_back(Event{at_china(day_in(c), 9 + static_cast<int>(next(8)), static_cast<int>(next(60))),
                                 EventKind::visit, c, t, -1});
    }
    // Needs found on visits before 2026, and what came of them.
    std::vector<NeedPlan> needs;
    const int total_needs = kNeedsResolved + kNeedsReferred + kNeedsClosed + kNeedsOpen;
    std::vector<std::int64_t> values(kNeedsResolved);
    std::int64_t sum = 0;
    for (auto& v : values) sum += v = 1000 + static_cast<std::int64_t>(next(1750));
    // Spread what is missing (or too much) evenly, so the total is exact.
    const std::int64_t missing = kValueYuan - sum, each = missing / kNeedsResolved,
                       rest = missing - each * kNeedsResolved;
    for (std::size_t i = 0; i < values.size(); ++i)
      values[i] += each + (static_cast<std::int64_t>(i) < (rest < 0 ? -rest : rest) ? (rest < 0 ? -1 : 1) : 0);
    for (int i = 0; i < total_needs; ++i) {
      Event* v = nullptr;
      while (!v || v->need >= 0 || v->campaign == 3) v = &visits[next(visits.size())];
      NeedPlan n;
      n.category = kNeedCategories[next(std::size(kNeedCategories))].code;
      n.target = v->target;
      n.outcome = i < kNeedsResolved                                   ? "resolved"
                  : i < kNeedsResolved + kNeedsReferred                ? "referred"
                  : i < kNeedsResolved + kNeedsReferred + kNeedsClosed ? "closed"
                  : i % 2                                              ? "linked"
                                                                       : "raised";
      if (i < kNeedsResolved) n.value_fen = values[static_cast<std::size_t>(i)] * 100;
      v->need = i;
      needs.push_back(n);
      const TimestampMs raised = v->at + 30 * 60'000;
      const TimestampMs linked = raised + (2 + static_cast<TimestampMs>(next(10))) * 86'400'000;
      const TimestampMs settled = linked + (1 + static_cast<TimestampMs>(next(20))) * 86'400'000;
      if (n.outcome != "raised" && n.outcome != "closed")
        events.push_back(Event{linked, EventKind::link, v->campaign, v->target, i});
      if (n.outcome == "resolved" || n.outcome == "referred" || n.outcome == "closed")
        events.push_back(Event{settled, EventKind::settle, v->campaign, v->target, i});
    }
    events.insert(events.end(), visits.begin(), visits.end());
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });

    const Actor office = bureau();
    for (const auto& e : events) {
      move_clock_to(e.at + (e.kind == EventKind::visit ? 30 * 60'000 : 0));
      auto& plan = plans[e.campaign];
      switch (e.kind) {
        case EventKind::start: {
          CampaignFields f;
          f.name = plan.name;
          f.starts_on = plan.starts_on;
          f.ends_on = plan.ends_on;
          f.region_code = *RegionCode::parse("411100000000");
          f.categories = categories;
          SHEGONG_ASSIGN(auto created, outreach.create_campaign(office, std::nullopt, f));
          SHEGONG_ASSIGN(auto started, outreach.start_campaign(office, created.record.id, created.record.version));
          plan.id = started.id;
          plan.version = started.version;
          std::map<std::size_t, std::vector<std::string>> by_worker;
          for (std::size_t i = 0; i < targets.size(); ++i) by_worker[visitor[i]].push_back(targets[i].target_id);
          for (const auto& [w, ids] : by_worker)
            SHEGONG_TRY(outreach.assign(office, plan.id, AssignCommand{ws[w].actor.user_id, ids, std::nullopt}));
          break;
        }
        case EventKind::end: {
          SHEGONG_ASSIGN(auto ended, outreach.end_campaign(office, plan.id, plan.version));
          plan.version = ended.version;
          break;
        }
        case EventKind::visit: {
          const auto& t = targets[e.target];
          VisitCommand cmd;
          cmd.id = new_uuid_v7(clock, random);
          cmd.target_id = t.target_id;
          cmd.campaign_id = plan.id;
          const auto mode = next(20);
          cmd.content.visited_at = e.at;
          cmd.content.mode = mode < 16 ? "home" : mode < 19 ? "phone" : "video";
          cmd.content.persons_seen = {t.target_id}; // a household of one: the person
          cmd.content.checks = {{"health", next(6) ? "ok" : "concern"}, {"home_safety", "ok"}, {"mood", "ok"}};
          if (e.campaign == 0) cmd.content.checks.push_back({"heating", next(8) ? "ok" : "concern"});
          if (e.need >= 0) {
            auto& n = needs[static_cast<std::size_t>(e.need)];
            n.id = new_uuid_v7(clock, random);
            NeedDraft d;
            d.id = n.id;
            d.category = n.category;
            d.urgency = next(4) ? "normal" : "urgent";
            d.description =
                std::string(kNeedCategories[0].code) == n.category ? "需定期复诊，行动不便" : "走访中发现，需跟进";
            d.person_id = t.target_id;
            cmd.needs.push_back(d);
          }
          auto recorded = outreach.record_visit(ws[visitor[e.target]].actor, cmd);
          if (!recorded) return std::move(recorded).error();
          ++report.visits;
          break;
        }
        case EventKind::link: {
          auto& n = needs[static_cast<std::size_t>(e.need)];
          ResourceDraft r;
          r.id = new_uuid_v7(clock, random);
          if (n.outcome == "resolved") {
            r.kind = next(3) ? "money" : "goods";
            r.provider = r.kind == "money" ? "慈善总会临时救助金" : "爱心企业捐赠物资";
            r.value_fen = n.value_fen;
          } else if (n.outcome == "referred") {
            r.kind = "referral";
            r.provider = "乡镇卫生院";
          } else {
            r.kind = "service";
            r.provider = "社工站志愿服务队";
          }
          SHEGONG_ASSIGN(auto linked, outreach.link_resource(ws[visitor[e.target]].actor, n.id, r, n.version));
          n.version = linked.record.version;
          break;
        }
        case EventKind::settle: {
          auto& n = needs[static_cast<std::size_t>(e.need)];
          TransitionCommand cmd;
          cmd.to = n.outcome;
          cmd.version = n.version;
          if (n.outcome == "referred") cmd.reason = "转介乡镇卫生院跟进治疗";
          if (n.outcome == "closed") cmd.reason = "服务对象已迁出本地";
          SHEGONG_ASSIGN(auto moved, outreach.transition(ws[visitor[e.target]].actor, n.id, cmd));
          n.version = moved.record.version;
          ++report.needs_settled;
          break;
        }
      }
    }
    report.needs = static_cast<std::int64_t>(needs.size());
    return ok();
  }
};

} // namespace

Result<HistoryReport> load_luohe_history(Services& s, ManualClock& clock, Random& random) {
  HistoryReport report;
  const auto started = std::chrono::steady_clock::now();
  History h{s, clock, random, report};
  SHEGONG_TRY(h.run());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

} // namespace shegong
