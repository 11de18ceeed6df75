#include "shegong/domain/outreach.hpp"

#include <algorithm>
#include <cmath>

#include "shegong/domain/text.hpp"
#include "shegong/domain/vocabulary.hpp"

namespace shegong {
namespace {

Error bad(std::string_view field, const std::string& msg) {
  return Error::make(ErrorCode::invalid_field, std::string(field) + " " + msg, std::string(field));
}
Error missing(std::string_view field) {
  return Error::make(ErrorCode::missing_field, std::string(field) + " is required", std::string(field));
}

// A code of `table` (or its Chinese label, which becomes the code).
Result<void> code_of(std::span<const CodeLabel> table, std::string& value, std::string_view field) {
  value = trim_text(value);
  if (value.empty()) return missing(field);
  auto code = find_code(table, value);
  if (!code) {
    std::string list;
    for (const auto& e : table) list += (list.empty() ? "" : ", ") + std::string(e.code);
    return bad(field, "must be one of " + list);
  }
  value = std::string(*code);
  return ok();
}

int risk_rank(std::string_view level) noexcept {
  if (level == "high") return 2;
  if (level == "medium") return 1;
  return 0;
}

constexpr TimestampMs kSkewMs = 5 * 60 * 1000;
constexpr TimestampMs kEarliestVisit = 946684800000; // 2000-01-01: older times are typing errors

} // namespace

int VisitRule::days_for(std::string_view risk_level) const noexcept {
  if (risk_level == "high") return high;
  if (risk_level == "medium") return medium;
  return low;
}

Result<void> validate(const VisitRule& rule) {
  const std::pair<int, const char*> days[] = {
      {rule.high, "visit_rule.high"}, {rule.medium, "visit_rule.medium"}, {rule.low, "visit_rule.low"}};
  for (const auto& [d, field] : days)
    if (d < 1 || d > 366) return bad(field, "must be a number of days from 1 to 366");
  if (rule.high > rule.medium || rule.medium > rule.low)
    return bad("visit_rule", "must visit higher risk at least as often: high ≤ medium ≤ low");
  return ok();
}

std::string_view higher_risk(std::string_view a, std::string_view b) noexcept {
  static constexpr std::string_view kByRank[] = {"low", "medium", "high"};
  return kByRank[std::max(risk_rank(a), risk_rank(b))];
}

Result<void> normalize(Campaign& c) {
  c.name = trim_text(c.name);
  SHEGONG_TRY(check_text(c.name, "name", 100, true));
  if (c.starts_on.empty()) return missing("starts_on");
  if (c.ends_on.empty()) return missing("ends_on");
  if (!parse_date(c.starts_on)) return bad("starts_on", "must be a date YYYY-MM-DD");
  if (!parse_date(c.ends_on)) return bad("ends_on", "must be a date YYYY-MM-DD");
  if (c.ends_on < c.starts_on) return bad("ends_on", "must not be before starts_on");
  if (c.ends_on > add_days(c.starts_on, 731)) return bad("ends_on", "a campaign lasts at most two years");
  if (c.categories.empty()) return bad("categories", "must name at least one category");
  if (c.categories.size() > 30) return bad("categories", "may name at most 30 categories");
  for (auto& code : c.categories) code = trim_text(code);
  std::sort(c.categories.begin(), c.categories.end());
  if (std::adjacent_find(c.categories.begin(), c.categories.end()) != c.categories.end())
    return bad("categories", "names a category twice");
  SHEGONG_TRY(validate(c.rule));
  return ok();
}

bool covers_day(const Campaign& c, std::string_view day) noexcept { return day >= c.starts_on && day <= c.ends_on; }

std::string next_due_on(const Campaign& c, std::string_view risk_level,
                        const std::optional<std::string>& last_visit_day) {
  const int days = c.rule.days_for(risk_level);
  return add_days(last_visit_day ? *last_visit_day : c.starts_on, days);
}

std::string_view due_state(std::string_view next_due, std::string_view today) {
  if (next_due < today) return "overdue";
  if (next_due <= add_days(today, 7)) return "due";
  return "ok";
}

Result<void> normalize(VisitContent& v, TimestampMs now) {
  if (v.visited_at > now + kSkewMs) return bad("visited_at", "lies in the future");
  if (v.visited_at < kEarliestVisit) return bad("visited_at", "lies before 2000");
  SHEGONG_TRY(code_of(kVisitModes, v.mode, "mode"));
  std::sort(v.persons_seen.begin(), v.persons_seen.end());
  if (std::adjacent_find(v.persons_seen.begin(), v.persons_seen.end()) != v.persons_seen.end())
    return bad("persons_seen", "names a person twice");
  if (v.persons_seen.size() > 30) return bad("persons_seen", "may name at most 30 people");
  if (v.persons_seen.empty() && v.mode != "phone")
    return bad("persons_seen", "must name whom the worker saw on a home or video visit");
  std::vector<VisitCheck> ordered;
  for (auto& c : v.checks) {
    const std::string field = "checks." + c.item;
    if (!find_code(kVisitChecks, c.item)) return bad("checks", "has an item that is not one of the checks");
    SHEGONG_TRY(code_of(kCheckValues, c.value, field));
  }
  for (const auto& item : kVisitChecks)
    for (const auto& c : v.checks)
      if (c.item == item.code) ordered.push_back(c);
  v.checks = std::move(ordered);
  SHEGONG_TRY(check_multiline_text(v.notes, "notes", 2000));
  v.notes = trim_text(v.notes);
  if (v.location) {
    const auto& p = *v.location;
    if (!std::isfinite(p.lat) || p.lat < -90 || p.lat > 90)
      return bad("location.lat", "must be a latitude from -90 to 90");
    if (!std::isfinite(p.lng) || p.lng < -180 || p.lng > 180)
      return bad("location.lng", "must be a longitude from -180 to 180");
    if (p.accuracy_m < 0 || p.accuracy_m > 100000) return bad("location.accuracy_m", "must be 0 to 100000 metres");
    // Kept to about a metre: a phone's position is not more exact than that, and a
    // replay compares equal after a round trip through JSON.
    v.location->lat = std::round(p.lat * 1e5) / 1e5;
    v.location->lng = std::round(p.lng * 1e5) / 1e5;
  }
  return ok();
}

Result<void> normalize(NeedDraft& n, std::string_view visit_day, std::string_view field) {
  const std::string f(field);
  SHEGONG_TRY(code_of(kNeedCategories, n.category, f + "category"));
  if (trim_text(n.urgency).empty()) n.urgency = "normal";
  SHEGONG_TRY(code_of(kUrgencies, n.urgency, f + "urgency"));
  n.description = trim_text(n.description);
  SHEGONG_TRY(check_text(n.description, f + "description", 500, true));
  if (n.due_on.empty()) {
    n.due_on = add_days(visit_day, n.urgency == "urgent" ? 3 : n.urgency == "normal" ? 14 : 30);
  } else {
    if (!parse_date(n.due_on)) return bad(f + "due_on", "must be a date YYYY-MM-DD");
    if (n.due_on < visit_day) return bad(f + "due_on", "must not be before the visit");
    if (n.due_on > add_days(visit_day, 366)) return bad(f + "due_on", "must be within a year of the visit");
  }
  return ok();
}

bool is_open_need_state(std::string_view state) noexcept {
  return state == "raised" || state == "linked" || state == "in_progress";
}

Result<void> check_transition(std::string_view from, std::string_view to, std::string_view reason) {
  if (!has_code(kNeedStates, to)) return bad("to", "must be one of linked, in_progress, resolved, referred, closed");
  const Transition* t = find_transition(kNeedTransitions, from, to);
  if (!t)
    return Error::make(ErrorCode::invalid_transition,
                       "a need that is " + std::string(from) + " cannot become " + std::string(to), "to");
  if (t->reason_required && trim_text(reason).empty())
    return Error::make(ErrorCode::missing_field, "reason is required to refer or close a need", "reason");
  return ok();
}

Result<void> normalize(ResourceDraft& r) {
  SHEGONG_TRY(code_of(kResourceKinds, r.kind, "kind"));
  r.provider = trim_text(r.provider);
  SHEGONG_TRY(check_text(r.provider, "provider", 100, true));
  r.description = trim_text(r.description);
  SHEGONG_TRY(check_text(r.description, "description", 500, false));
  if (r.value_fen < 0) return bad("value_fen", "must not be negative");
  if (r.value_fen > 100'000'000'00LL) return bad("value_fen", "must be at most 100,000,000 yuan");
  if (r.kind == "referral" && r.value_fen != 0) return bad("value_fen", "must be 0 for a referral");
  if ((r.kind == "money" || r.kind == "goods") && r.value_fen == 0)
    return bad("value_fen", "must give the value of money or goods in fen");
  return ok();
}

} // namespace shegong
