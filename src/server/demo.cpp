#include "demo.hpp"
#include "demo_history.hpp"

#include <cstdio>
#include <random>

#include "shegong/domain/citizen_id.hpp"

namespace shegong {
namespace {

// Fixed time and seed, so every run makes the same ids and a rerun is a replay.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) : gen_(seed) {}
  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = static_cast<std::uint8_t>(gen_());
  }

 private:
  std::mt19937_64 gen_;
};

// "千丰社区居委会" -> "千丰社区", "联合村委会" -> "联合村": the name people use.
std::string short_village_name(std::string name) {
  for (const char* suffix : {"居民委员会", "村民委员会", "居委会", "村委会"}) {
    const std::string s(suffix);
    if (name.size() > s.size() && name.ends_with(s)) {
      name.resize(name.size() - s.size());
      if (s.starts_with("村")) name += "村";
      break;
    }
  }
  return name;
}

constexpr TimestampMs kDemoEpoch = 1701388800000; // 2023-12-01T00:00:00Z, when Luohe's campaign began

struct Loader {
  Services& s;
  DemoReport& report;
  Actor actor = system_actor();
  ManualClock clock{kDemoEpoch};
  SeededRandom random{20231201};
  // The demo's own clock and seed make its ids; everything else is the real service.
  PlaceService places{*s.store, clock, random, *s.audit, *s.access};
  PersonService persons{*s.store, clock, random, *s.audit, *s.access, *s.vault};
  std::uint64_t people_seed = 88;

  // A deterministic pseudo-random number for the synthetic people.
  std::uint64_t next(std::uint64_t bound) {
    people_seed = people_seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (people_seed >> 33) % bound;
  }

  // A synthetic ID number: the county's code, the birth date, a sequence and a valid check character.
  std::string fake_id(const RegionCode& village, const std::string& birth, bool female) {
    std::string s17 = village.str().substr(0, 6) + birth.substr(0, 4) + birth.substr(5, 2) + birth.substr(8, 2);
    const auto seq = 100 + next(400) * 2 + (female ? 0 : 1);
    s17 += std::to_string(seq).substr(0, 3);
    return s17 + citizen_id_check_char(s17);
  }

  // People served in `villages`: elderly people living alone or in hardship, children left
  // behind or orphaned, people with disabilities, some of them in families.
  Result<int> people(const std::vector<Region>& villages, int count) {
    static const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                      "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
    // Given names that read as a woman's or a man's, so that a name agrees with the sex in the ID number.
    static const char* kGivenFemale[] = {"秀英", "桂兰", "玉兰", "淑珍", "凤英", "春花", "梓萱", "欣怡", "雨桐", "丽"};
    static const char* kGivenMale[] = {"建国", "建华", "国强", "志强", "子涵", "浩然", "宇轩", "俊杰", "明", "军"};
    struct Kind {
      const char* category;
      int min_age, max_age;
      const char* living;
      const char* risk;
    };
    static const Kind kKinds[] = {{"tekun", 62, 92, "alone", "high"},
                                  {"elderly_in_difficulty", 70, 95, "alone", "medium"},
                                  {"dibao", 35, 80, "with_spouse", "medium"},
                                  {"left_behind_child", 4, 15, "with_grandparents", "medium"},
                                  {"orphan", 3, 17, "with_relatives", "high"},
                                  {"disabled", 20, 70, "with_children", "low"},
                                  {"dibao_marginal", 40, 75, "with_spouse", "low"}};
    int made = 0;
    Actor bureau = actor;
    bureau.role = Role::civil_affairs_admin;
    for (int i = 0; i < count && !villages.empty(); ++i) {
      const Region& v = villages[static_cast<std::size_t>(i) % villages.size()];
      const Kind& k = kKinds[next(std::size(kKinds))];
      const bool female = next(2) == 0;
      const int age =
          k.min_age +
          static_cast<int>(next(static_cast<std::uint64_t>(k.max_age) - static_cast<std::uint64_t>(k.min_age) + 1));
      char birth[48];
      std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", 2023 - age, 1 + static_cast<int>(next(12)),
                    1 + static_cast<int>(next(28)));
      PersonCreate cmd;
      cmd.id = new_uuid_v7(clock, random);
      clock.advance_ms(1000);
      cmd.fields.region_code = v.code;
      cmd.fields.name =
          std::string(kSurnames[next(std::size(kSurnames))]) +
          (female ? kGivenFemale[next(std::size(kGivenFemale))] : kGivenMale[next(std::size(kGivenMale))]);
      cmd.fields.id_number = fake_id(v.code, birth, female);
      cmd.fields.phone = "1380000" + std::to_string(1000 + next(9000));
      cmd.fields.living_situation = k.living;
      cmd.fields.risk_level = k.risk;
      cmd.fields.current_address = short_village_name(v.name) + std::to_string(1 + next(120)) + "号";
      if (next(4) == 0) cmd.fields.health_notes = age > 60 ? "高血压，需按时服药" : "身体状况良好";
      char start[48];
      std::snprintf(start, sizeof start, "%04d-%02d-01", 2020 + static_cast<int>(next(4)),
                    1 + static_cast<int>(next(11)));
      cmd.categories.push_back(
          CategoryEntry{"", "", k.category, start, std::nullopt,
                        "民政认定〔" + std::string(start, 4) + "〕" + std::to_string(1 + next(200)) + "号", 0, "", ""});
      if (std::string(k.category) == "tekun" && next(3) == 0)
        cmd.categories.push_back(CategoryEntry{"", "", "severely_disabled", start, std::nullopt, "", 0, "", ""});
      if (std::string(k.category) == "left_behind_child" || std::string(k.category) == "orphan")
        cmd.fields.guardians = std::vector<Contact>{
            {std::string(kSurnames[next(20)]) + "奶奶", "祖母", "1390000" + std::to_string(1000 + next(9000))}};
      cmd.allow_duplicate = true;
      auto created = persons.create(bureau, std::move(cmd));
      if (!created) {
        if (created.error().code == ErrorCode::duplicate_person || created.error().code == ErrorCode::conflict)
          continue;
        return std::move(created).error();
      }
      made += created->created ? 1 : 0;
    }
    return made;
  }

  // The villages and communities under `code` (at most `limit`, spread evenly).
  Result<std::vector<Region>> villages_of(const std::string& code, std::size_t limit) {
    std::vector<Region> out;
    SHEGONG_ASSIGN(auto level, children(code));
    std::vector<Region> frontier = level;
    while (!frontier.empty() && frontier.front().code.level() != RegionLevel::village) {
      std::vector<Region> deeper;
      for (const auto& r : frontier) {
        SHEGONG_ASSIGN(auto kids, children(r.code.str()));
        deeper.insert(deeper.end(), kids.begin(), kids.end());
      }
      frontier = std::move(deeper);
    }
    for (std::size_t i = 0; i < limit && i < frontier.size(); ++i)
      out.push_back(frontier[i * frontier.size() / std::min(limit, frontier.size())]);
    return out;
  }

  Result<std::vector<Region>> children(const std::string& code) {
    auto c = RegionCode::parse(code);
    if (!c) return std::move(c).error();
    auto kids = s.regions->children(actor, *c);
    if (!kids && kids.error().code == ErrorCode::not_found) return std::vector<Region>{};
    return kids;
  }

  Result<void> station(const RegionCode& code, const std::string& name, StationKind kind, const std::string& addr) {
    Station cmd{};
    cmd.id = new_uuid_v7(clock, random);
    clock.advance_ms(1000);
    cmd.region_code = code;
    cmd.name = name;
    cmd.kind = kind;
    cmd.address = addr;
    cmd.opened_on = "2023-06-30";
    SHEGONG_ASSIGN(auto created, places.create_station(actor, std::move(cmd)));
    report.stations += created.created ? 1 : 0;
    return ok();
  }

  Result<std::string> grid(const RegionCode& code, const std::optional<std::string>& parent, const std::string& name,
                           std::int64_t households, std::int64_t residents) {
    Grid cmd{};
    cmd.id = new_uuid_v7(clock, random);
    clock.advance_ms(1000);
    cmd.region_code = code;
    cmd.kind = parent ? GridKind::micro_grid : GridKind::grid;
    cmd.parent_id = parent;
    cmd.name = name;
    cmd.households = households;
    cmd.residents = residents;
    SHEGONG_ASSIGN(auto created, places.create_grid(actor, std::move(cmd)));
    report.grids += created.created ? 1 : 0;
    return created.record.id;
  }

  // One social-work station per township of every county under `code`.
  Result<int> township_stations(const std::string& county_or_city) {
    int n = 0;
    SHEGONG_ASSIGN(auto level2, children(county_or_city));
    auto code = RegionCode::parse(county_or_city);
    std::vector<Region> counties;
    if (code && code->level() == RegionLevel::county)
      counties.push_back(Region{*code, "", true});
    else
      counties = level2;
    for (const auto& county : counties) {
      SHEGONG_ASSIGN(auto towns, children(county.code.str()));
      for (const auto& t : towns) {
        SHEGONG_TRY(station(t.code, t.name + "社工站", StationKind::social_work_station, county.name + t.name));
        ++n;
      }
    }
    return n;
  }

  Result<void> luohe() {
    SHEGONG_ASSIGN(int n, township_stations("411100000000"));
    if (n == 0) {
      report.skipped.push_back("漯河市 (4111): townships not loaded");
      return ok();
    }
    // Two stations stand above township level: a district's and the development zone's.
    for (const char* c : {"411171000000", "411102000000"}) {
      auto code = RegionCode::parse(c);
      SHEGONG_ASSIGN(auto detail, s.regions->get(actor, *code));
      SHEGONG_TRY(station(*code, detail.region.name + "社会工作服务中心", StationKind::social_work_station,
                          detail.region.name));
    }
    SHEGONG_ASSIGN(auto served, villages_of("411100000000", 60));
    SHEGONG_ASSIGN(int people_made, people(served, 240));
    report.persons += people_made;
    if (!served.empty())
      if (auto township = RegionCode::parse(served.front().code.str().substr(0, 9) + "000"))
        SHEGONG_TRY(workers(*township));
    return ok();
  }

  // A station manager and two social workers in the township of the first village served.
  Result<void> workers(const RegionCode& township) {
    struct U {
      const char* name;
      const char* display;
      Role role;
    };
    const U users[] = {{"zhanzhang", "社工站站长", Role::station_manager},
                       {"sgwang", "王社工", Role::social_worker},
                       {"sgli", "李社工", Role::social_worker}};
    for (const auto& u : users) {
      NewUser nu{u.name, u.display, kDemoPassword, u.role, township, false};
      auto added = s.auth->add_user(nu);
      if (added)
        ++report.users;
      else if (added.error().code != ErrorCode::conflict)
        return std::move(added).error();
    }
    return ok();
  }

  Result<void> weining() {
    SHEGONG_ASSIGN(int n, township_stations("520526000000"));
    if (n == 0) report.skipped.push_back("威宁自治县 (520526): townships not loaded");
    return ok();
  }

  Result<void> deqing() {
    SHEGONG_ASSIGN(int n, township_stations("330521000000"));
    if (n == 0) {
      report.skipped.push_back("德清县 (330521): townships not loaded");
      return ok();
    }
    std::vector<Region> villages, communities;
    SHEGONG_ASSIGN(auto towns, children("330521000000"));
    for (const auto& t : towns) {
      SHEGONG_ASSIGN(auto vs, children(t.code.str()));
      for (auto& v : vs) {
        // Village part 001-199 is a residents' committee (社区), 200-399 a villagers' committee.
        if (v.code.str().substr(9) < "200") communities.push_back(v);
        villages.push_back(std::move(v));
      }
    }
    if (villages.size() < 70 || communities.size() < 15) {
      report.skipped.push_back("德清县 (330521): villages not loaded");
      return ok();
    }
    // 70 neighbourhood centres spread evenly over the villages and communities.
    for (std::size_t i = 0; i < 70; ++i) {
      const auto& v = villages[i * villages.size() / 70];
      SHEGONG_TRY(station(v.code, short_village_name(v.name) + "幸福邻里中心", StationKind::neighbourhood_centre,
                          "德清县" + v.name));
    }
    for (std::size_t i = 0; i < 15; ++i) {
      const auto& v = communities[i * communities.size() / 15];
      SHEGONG_TRY(station(v.code, short_village_name(v.name) + "服务综合体", StationKind::community_service_complex,
                          "德清县" + v.name));
    }
    SHEGONG_TRY(qianfeng());
    SHEGONG_ASSIGN(auto served, villages_of("330521005000", 12));
    SHEGONG_ASSIGN(int people_made, people(served, 60));
    report.persons += people_made;
    return ok();
  }

  // 千丰社区: 6,012 residents in 8 grids and 42 micro-grids (the seed's figures).
  Result<void> qianfeng() {
    auto code = RegionCode::parse("330521005001");
    const std::int64_t residents[8] = {812, 760, 745, 731, 790, 704, 748, 722}; // sums to 6012
    const std::int64_t households[8] = {301, 284, 279, 270, 296, 262, 281, 268}; // synthetic
    const int micro[8] = {5, 5, 5, 5, 5, 5, 6, 6}; // sums to 42
    for (int g = 0; g < 8; ++g) {
      SHEGONG_ASSIGN(auto id, grid(*code, std::nullopt, "千丰社区第" + std::to_string(g + 1) + "网格", households[g],
                                   residents[g]));
      std::int64_t hh_left = households[g], res_left = residents[g];
      for (int m = 0; m < micro[g]; ++m) {
        const int remaining = micro[g] - m;
        const std::int64_t hh = hh_left / remaining, res = res_left / remaining;
        hh_left -= hh;
        res_left -= res;
        SHEGONG_TRY(
            grid(*code, id, "第" + std::to_string(g + 1) + "网格第" + std::to_string(m + 1) + "微网格", hh, res));
      }
    }
    return ok();
  }

  Result<void> users() {
    struct U {
      const char* name;
      const char* display;
      Role role;
      const char* region;
    };
    const U users[] = {{"admin", "系统管理员", Role::sysadmin, nullptr},
                       {"auditor", "审计员", Role::auditor, nullptr},
                       {"security", "安全管理员", Role::secadmin, nullptr},
                       {"luohe", "漯河市民政局", Role::civil_affairs_admin, "411100000000"},
                       {"deqing", "德清县民政局", Role::civil_affairs_admin, "330521000000"},
                       {"weining", "威宁自治县民政局", Role::civil_affairs_admin, "520526000000"}};
    for (const auto& u : users) {
      // Demo accounts keep their published password: no change is forced at first sign-in.
      NewUser nu{u.name, u.display, kDemoPassword, u.role, std::nullopt, false};
      if (u.region) {
        nu.region_code = *RegionCode::parse(u.region);
        auto exists = s.regions->get(actor, *nu.region_code);
        if (!exists) continue;
      }
      auto added = s.auth->add_user(nu);
      if (added)
        ++report.users;
      else if (added.error().code != ErrorCode::conflict)
        return std::move(added).error();
    }
    return ok();
  }
};

} // namespace

Result<DemoReport> load_demo(Services& s) {
  DemoReport report;
  Loader l{s, report};
  SHEGONG_TRY(l.users());
  SHEGONG_TRY(l.luohe());
  SHEGONG_ASSIGN(auto history, load_luohe_history(s, l.clock, l.random));
  if (!history.skipped.empty()) report.skipped.push_back(history.skipped);
  report.users += history.workers;
  report.persons += static_cast<int>(history.people);
  report.visits = history.visits;
  SHEGONG_TRY(l.weining());
  SHEGONG_TRY(l.deqing());
  return report;
}

} // namespace shegong
