// Door-knocking outreach (敲门行动): campaigns, visits, needs and the resources linked
// to them. The rules here are pure: what a campaign, a visit and a need may hold, how
// often a target is due a visit, and which moves a need's state may make.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/clock.hpp"
#include "shegong/core/region_code.hpp"
#include "shegong/core/result.hpp"
#include "shegong/domain/person.hpp"

namespace shegong {

inline constexpr CodeLabel kVisitModes[] = {
    {"home", "上门", "Home visit"}, {"phone", "电话", "Phone"}, {"video", "视频", "Video"}};
inline constexpr CodeLabel kVisitChecks[] = {{"health", "健康", "Health"},
                                             {"home_safety", "居住安全", "Home safety"},
                                             {"heating", "冬季取暖", "Winter heating"},
                                             {"food", "饮食", "Food"},
                                             {"school", "就学", "Schooling"},
                                             {"mood", "情绪", "Mood"}};
inline constexpr CodeLabel kCheckValues[] = {
    {"ok", "正常", "Fine"}, {"concern", "需关注", "Concern"}, {"na", "不适用", "N/A"}};
inline constexpr CodeLabel kNeedCategories[] = {{"medical", "医疗", "Medical"},
                                                {"daily_care", "生活照料", "Daily care"},
                                                {"family", "心理/家庭关系", "Mental health / family"},
                                                {"hygiene", "环境卫生", "Hygiene"},
                                                {"safety", "安全", "Safety"},
                                                {"education", "教育", "Education"},
                                                {"economic", "经济", "Economic"},
                                                {"other", "其他", "Other"}};
inline constexpr CodeLabel kUrgencies[] = {
    {"low", "一般", "Low"}, {"normal", "较急", "Soon"}, {"urgent", "紧急", "Urgent"}};
inline constexpr CodeLabel kNeedStates[] = {
    {"raised", "已发现", "Raised"},           {"linked", "已链接资源", "Resources linked"},
    {"in_progress", "办理中", "In progress"}, {"resolved", "已解决", "Resolved"},
    {"referred", "已转介", "Referred"},       {"closed", "未解决关闭", "Closed unresolved"}};
inline constexpr CodeLabel kResourceKinds[] = {{"referral", "转介", "Referral"},
                                               {"money", "资金", "Money"},
                                               {"goods", "物资", "Goods"},
                                               {"service", "服务", "Service"}};

// Days between visits per risk level of the register (高 / 中 / 低).
struct VisitRule {
  int high = 7, medium = 30, low = 90;
  int days_for(std::string_view risk_level) const noexcept;
  friend bool operator==(const VisitRule&, const VisitRule&) = default;
};
Result<void> validate(const VisitRule& rule);

// The higher of two risk levels ("high" > "medium" > "low").
std::string_view higher_risk(std::string_view a, std::string_view b) noexcept;

struct Campaign {
  std::string id;
  std::string name;
  RegionCode region_code;
  std::string starts_on, ends_on; // YYYY-MM-DD, inclusive
  std::vector<std::string> categories; // codes of the register's categories
  VisitRule rule;
  std::string status = "draft"; // draft, active, ended
  std::int64_t version = 1;
  TimestampMs created_at = 0, updated_at = 0;
  std::optional<TimestampMs> started_at, ended_at;
  std::string created_by;
  std::string started_by, ended_by; // who started and who ended it (usernames); empty until then
  // read model
  std::string region_name;
  std::int64_t targets = 0;
};
// Trims and checks a campaign's own fields (not whether its categories exist).
Result<void> normalize(Campaign& c);
bool covers_day(const Campaign& c, std::string_view day) noexcept;

// When a target is next due a visit: its last visit's day plus the rule's interval, or
// the campaign's start plus the interval before the first visit.
std::string next_due_on(const Campaign& c, std::string_view risk_level,
                        const std::optional<std::string>& last_visit_day);
// "overdue" before today, "due" within the next 7 days, else "ok".
std::string_view due_state(std::string_view next_due, std::string_view today);

struct VisitCheck {
  std::string item, value; // codes of kVisitChecks / kCheckValues
  friend bool operator==(const VisitCheck&, const VisitCheck&) = default;
};

struct GeoPoint {
  double lat = 0, lng = 0;
  std::int64_t accuracy_m = 0;
  friend bool operator==(const GeoPoint&, const GeoPoint&) = default;
};

// What a worker writes down about one visit: the part a correction may change.
struct VisitContent {
  TimestampMs visited_at = 0;
  std::string mode = "home";
  std::vector<std::string> persons_seen; // person ids, sorted, distinct
  std::vector<VisitCheck> checks; // in kVisitChecks order, one per item given
  std::string notes;
  std::optional<GeoPoint> location;
  friend bool operator==(const VisitContent&, const VisitContent&) = default;
};
// Checks and normalises the content (checks ordered, persons sorted and distinct).
// `now` bounds visited_at (5 minutes of clock skew are allowed).
Result<void> normalize(VisitContent& v, TimestampMs now);

struct NeedDraft {
  std::string id;
  std::string category, urgency = "normal", description, due_on;
  std::optional<std::string> person_id;
  friend bool operator==(const NeedDraft&, const NeedDraft&) = default;
};
// `field` prefixes the names in errors ("needs[0].").
Result<void> normalize(NeedDraft& n, std::string_view visit_day, std::string_view field);

bool is_open_need_state(std::string_view state) noexcept;
// Whether a need may move from `from` to `to`; invalid_transition when not, missing_field
// when the move needs a reason and none is given.
Result<void> check_transition(std::string_view from, std::string_view to, std::string_view reason);

struct ResourceDraft {
  std::string id;
  std::string kind, provider, description;
  std::int64_t value_fen = 0;
};
Result<void> normalize(ResourceDraft& r);

} // namespace shegong
