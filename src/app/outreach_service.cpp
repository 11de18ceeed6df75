#include "shegong/app/outreach_service.hpp"
#include "shegong/app/stats_service.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "shegong/domain/masking.hpp"
#include "shegong/domain/text.hpp"
#include "shegong/domain/vocabulary.hpp"

namespace shegong {
namespace {

constexpr std::array<std::string_view, 3> kCampaignSort = {"starts_on", "name", "created_at"};
constexpr std::array<std::string_view, 3> kTargetSort = {"next_due_on", "address", "last_visit_at"};
constexpr std::array<std::string_view, 3> kNeedSort = {"due_on", "raised_at", "urgency"};
constexpr std::string_view kLocation = "visit.location";
constexpr std::size_t kMaxMine = 2000;

Error no_campaign() { return Error::make(ErrorCode::not_found, "no campaign has this id", "id"); }
Error no_visit() { return Error::make(ErrorCode::not_found, "no visit has this id", "id"); }
Error no_need() { return Error::make(ErrorCode::not_found, "no need has this id", "id"); }
Error bad(std::string_view field, const std::string& msg) {
  return Error::make(ErrorCode::invalid_field, std::string(field) + " " + msg, std::string(field));
}

std::string encode_location(const GeoPoint& p) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.5f,%.5f,%lld", p.lat, p.lng, static_cast<long long>(p.accuracy_m));
  return buf;
}

std::optional<GeoPoint> decode_location(std::string_view s) {
  GeoPoint p;
  const auto a = s.find(','), b = s.rfind(',');
  if (a == std::string_view::npos || a == b) return std::nullopt;
  try {
    p.lat = std::stod(std::string(s.substr(0, a)));
    p.lng = std::stod(std::string(s.substr(a + 1, b - a - 1)));
    p.accuracy_m = std::stoll(std::string(s.substr(b + 1)));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return p;
}

std::string pad12(std::string_view prefix) { return std::string(prefix) + std::string(12 - prefix.size(), '0'); }

// A target's risk: the highest of the members who made it a target.
std::vector<CampaignTarget> targets_from(const Campaign& c, const std::vector<TargetCandidate>& found,
                                         TimestampMs now) {
  std::map<std::string, CampaignTarget> by_id;
  for (const auto& f : found) {
    auto [it, fresh] = by_id.try_emplace(f.target_id);
    CampaignTarget& t = it->second;
    if (fresh) {
      t.campaign_id = c.id;
      t.target_id = f.target_id;
      t.kind = f.kind;
      t.region_code = f.region_code;
      t.grid_id = f.grid_id;
      t.risk_level = f.risk_level;
      t.joined_at = now;
    } else {
      t.risk_level = std::string(higher_risk(t.risk_level, f.risk_level));
    }
  }
  std::vector<CampaignTarget> out;
  for (auto& [id, t] : by_id) {
    t.next_due_on = next_due_on(c, t.risk_level, std::nullopt);
    out.push_back(std::move(t));
  }
  return out;
}

// Adds the targets the campaign lacks; a target already in it whose risk rose (a member
// of higher risk came to hold a target category) is visited more often from now on.
Result<std::int64_t> join(Repositories& r, const Campaign& c, const std::vector<TargetCandidate>& found,
                          TimestampMs now) {
  const auto targets = targets_from(c, found, now);
  SHEGONG_ASSIGN(auto added, r.targets().add(targets));
  for (const auto& t : targets) SHEGONG_TRY(recount_household(r, t.target_id));
  if (added == static_cast<std::int64_t>(targets.size())) return added;
  for (const auto& t : targets) {
    SHEGONG_ASSIGN(auto current, r.targets().state(c.id, t.target_id));
    if (!current || higher_risk(current->risk_level, t.risk_level) == current->risk_level) continue;
    SHEGONG_TRY(
        r.targets().set_risk(c.id, t.target_id, t.risk_level, next_due_on(c, t.risk_level, current->last_visit_on)));
  }
  return added;
}

} // namespace

std::span<const std::string_view> OutreachService::campaign_sort_keys() { return kCampaignSort; }
std::span<const std::string_view> OutreachService::target_sort_keys() { return kTargetSort; }
std::span<const std::string_view> OutreachService::need_sort_keys() { return kNeedSort; }
std::string OutreachService::today() const { return china_date(clock_.now_ms()); }

Result<std::int64_t> join_campaigns_for(Repositories& r, const PersonRecord& person, std::string_view category,
                                        TimestampMs now) {
  SHEGONG_TRY(r.campaigns().lock_over(person.region_code));
  SHEGONG_ASSIGN(auto campaigns, r.campaigns().active_over(person.region_code, category));
  std::int64_t joined = 0;
  const std::string day = china_date(now);
  for (const auto& c : campaigns) {
    if (day > c.ends_on) continue;
    SHEGONG_ASSIGN(auto found, r.targets().candidates(Scope::under(person.region_code), c.categories, c.starts_on,
                                                      std::min(day, c.ends_on)));
    std::erase_if(found, [&](const TargetCandidate& t) {
      return t.target_id != person.id && (!person.household_id || t.target_id != *person.household_id);
    });
    SHEGONG_ASSIGN(auto n, join(r, c, found, now));
    joined += n;
  }
  return joined;
}

Result<void> rejudge_risk(Repositories& r, const PersonRecord& person, TimestampMs now) {
  SHEGONG_TRY(r.campaigns().lock_over(person.region_code));
  SHEGONG_ASSIGN(auto campaigns, r.campaigns().active_over(person.region_code, ""));
  const std::string target_id = person.household_id.value_or(person.id);
  const std::string day = china_date(now);
  for (const auto& c : campaigns) {
    SHEGONG_ASSIGN(auto current, r.targets().state(c.id, target_id));
    if (!current) continue;
    SHEGONG_ASSIGN(auto found, r.targets().candidates(Scope::under(current->region_code), c.categories, c.starts_on,
                                                      std::clamp(day, c.starts_on, c.ends_on)));
    std::string risk;
    for (const auto& f : found)
      if (f.target_id == target_id) risk = risk.empty() ? f.risk_level : std::string(higher_risk(risk, f.risk_level));
    if (risk.empty() || risk == current->risk_level) continue;
    SHEGONG_TRY(r.targets().set_risk(c.id, target_id, risk, next_due_on(c, risk, current->last_visit_on)));
  }
  return ok();
}

Result<std::int64_t> join_active_campaigns(Repositories& r, const Scope& scope,
                                           const std::vector<std::string>& person_ids, TimestampMs now) {
  CampaignFilter f;
  f.scope = scope;
  f.status = "active";
  PageRequest page;
  page.page_size = 200;
  page.sort = "created_at";
  std::int64_t joined = 0;
  const std::string day = china_date(now);
  for (;; ++page.page) {
    SHEGONG_ASSIGN(auto campaigns, r.campaigns().list(f, page));
    for (const auto& c : campaigns.items) {
      if (day > c.ends_on) continue;
      auto part = Scope::under(c.region_code).intersect(scope);
      if (!part) continue;
      SHEGONG_ASSIGN(auto found, r.targets().candidates_among(person_ids, *part, c.categories, c.starts_on,
                                                              std::min(day, c.ends_on)));
      SHEGONG_ASSIGN(auto n, join(r, c, found, now));
      joined += n;
    }
    if (static_cast<int>(campaigns.items.size()) < page.page_size) break;
  }
  return joined;
}

Result<bool> OutreachService::full_view(const Actor& actor) {
  SHEGONG_ASSIGN(auto policy, access_.policy());
  return policy.permits(actor.role, Action::reveal, Resource::person);
}

// ---- campaigns -------------------------------------------------------------------

Result<Page<Campaign>> OutreachService::list_campaigns(const Actor& actor, CampaignFilter filter,
                                                       std::optional<RegionCode> region, const PageRequest& page) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::campaign));
  SHEGONG_ASSIGN(filter.scope,
                 PlaceService::narrow(actor, region ? Scope::under(*region) : Scope::national(), "region"));
  filter.q = trim_text(filter.q);
  SHEGONG_TRY(check_text(filter.q, "q", 100, false));
  if (filter.status && !has_code(kCampaignStatuses, *filter.status))
    return Error::make(ErrorCode::invalid_query, "status must be draft, active or ended", "status");
  Page<Campaign> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.campaigns().list(filter, page));
    return ok();
  }));
  return out;
}

Result<Campaign> OutreachService::get_campaign(const Actor& actor, std::string_view id) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::campaign));
  Campaign out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.campaigns().find(id, actor.scope));
    if (!found) return no_campaign();
    out = std::move(*found);
    return ok();
  }));
  return out;
}

Result<Created<Campaign>> OutreachService::create_campaign(const Actor& actor, std::optional<std::string> id,
                                                           CampaignFields f) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::campaign));
  if (!f.name) return Error::make(ErrorCode::missing_field, "name is required", "name");
  if (!f.region_code) return Error::make(ErrorCode::missing_field, "region_code is required", "region_code");
  if (!f.categories) return Error::make(ErrorCode::missing_field, "categories is required", "categories");
  Campaign c;
  c.id = id ? *id : new_uuid_v7(clock_, random_);
  c.name = *f.name;
  c.region_code = *f.region_code;
  c.starts_on = f.starts_on.value_or("");
  c.ends_on = f.ends_on.value_or("");
  c.categories = *f.categories;
  if (f.rule) c.rule = *f.rule;
  SHEGONG_TRY(normalize(c));
  if (!actor.scope.contains(c.region_code))
    return Error::make(ErrorCode::forbidden, "the region lies outside your area", "region_code");
  c.created_at = c.updated_at = clock_.now_ms();
  c.created_by = actor.username;
  Created<Campaign> out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(bool taken, r.campaigns().exists(c.id));
    if (taken) {
      SHEGONG_ASSIGN(auto prior, r.campaigns().find(c.id, actor.scope));
      if (prior && prior->name == c.name && prior->region_code == c.region_code && prior->starts_on == c.starts_on &&
          prior->ends_on == c.ends_on && prior->categories == c.categories && prior->rule == c.rule) {
        out.record = std::move(*prior);
        out.created = false;
        return ok();
      }
      return Error::make(ErrorCode::conflict, "another record already has this id", "id");
    }
    SHEGONG_ASSIGN(auto region, r.regions().find(c.region_code));
    if (!region)
      return Error::make(ErrorCode::unknown_region, "no region has code " + c.region_code.str(), "region_code");
    SHEGONG_ASSIGN(auto known, r.categories().all());
    for (const auto& code : c.categories)
      if (std::none_of(known.begin(), known.end(), [&](const Category& k) { return k.code == code; }))
        return bad("categories", "names a category that does not exist");
    SHEGONG_TRY(r.campaigns().insert(c));
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "campaign.create", "campaign", c.id, c.region_code.str())));
    SHEGONG_ASSIGN(auto stored, r.campaigns().find(c.id, Scope::national()));
    out.record = stored ? std::move(*stored) : c;
    return ok();
  }));
  return out;
}

Result<Campaign> OutreachService::update_campaign(const Actor& actor, std::string_view id, std::int64_t version,
                                                  CampaignFields patch) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::campaign));
  if (patch.region_code) return bad("region_code", "cannot change; make a new campaign");
  if (patch.starts_on) return bad("starts_on", "cannot change; make a new campaign");
  Campaign out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.campaigns().find(id, actor.scope));
    if (!found || !actor.scope.contains(found->region_code)) return no_campaign();
    if (found->version != version)
      return Error::make(ErrorCode::version_conflict, "the campaign was changed by someone else", "version");
    if (found->status == "ended") return Error::make(ErrorCode::conflict, "an ended campaign cannot change", "status");
    Campaign next = *found;
    if (patch.name) next.name = *patch.name;
    if (patch.ends_on) next.ends_on = *patch.ends_on;
    if (patch.rule) next.rule = *patch.rule;
    if (patch.categories) {
      if (found->status != "draft") return bad("categories", "can change only before the campaign starts");
      next.categories = *patch.categories;
    }
    SHEGONG_TRY(normalize(next));
    SHEGONG_ASSIGN(auto known, r.categories().all());
    for (const auto& code : next.categories)
      if (std::none_of(known.begin(), known.end(), [&](const Category& k) { return k.code == code; }))
        return bad("categories", "names a category that does not exist");
    if (next.name == found->name && next.ends_on == found->ends_on && next.rule == found->rule &&
        next.categories == found->categories) {
      out = std::move(*found);
      return ok();
    }
    next.version = version + 1;
    next.updated_at = clock_.now_ms();
    SHEGONG_ASSIGN(bool written, r.campaigns().update(next, version));
    if (!written)
      return Error::make(ErrorCode::version_conflict, "the campaign was changed by someone else", "version");
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "campaign.update", "campaign", next.id, next.region_code.str())));
    SHEGONG_ASSIGN(auto stored, r.campaigns().find(id, Scope::national()));
    out = stored ? std::move(*stored) : next;
    return ok();
  }));
  return out;
}

Result<std::int64_t> OutreachService::join_targets(Repositories& r, const Campaign& c) {
  const std::string day = std::clamp(today(), c.starts_on, c.ends_on);
  SHEGONG_ASSIGN(auto found, r.targets().candidates(Scope::under(c.region_code), c.categories, c.starts_on, day));
  return join(r, c, found, clock_.now_ms());
}

Result<Campaign> OutreachService::set_status(const Actor& actor, std::string_view id, std::int64_t version,
                                             std::string_view status) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::campaign));
  Campaign out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.campaigns().find(id, actor.scope));
    if (!found || !actor.scope.contains(found->region_code)) return no_campaign();
    if (found->version != version)
      return Error::make(ErrorCode::version_conflict, "the campaign was changed by someone else", "version");
    const std::string_view from = found->status;
    if (!find_transition(kCampaignTransitions, from, status))
      return Error::make(ErrorCode::invalid_transition,
                         "a campaign that is " + std::string(from) + " cannot become " + std::string(status), "status");
    Campaign next = *found;
    next.status = std::string(status);
    next.version = version + 1;
    next.updated_at = clock_.now_ms();
    if (status == "active") {
      next.started_at = next.updated_at;
      next.started_by = actor.username;
    } else {
      next.ended_at = next.updated_at;
      next.ended_by = actor.username;
    }
    SHEGONG_ASSIGN(bool written, r.campaigns().update(next, version));
    if (!written)
      return Error::make(ErrorCode::version_conflict, "the campaign was changed by someone else", "version");
    if (status == "active") SHEGONG_TRY(join_targets(r, next));
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, status == "active" ? "campaign.start" : "campaign.end", "campaign",
                                             next.id, next.region_code.str())));
    SHEGONG_ASSIGN(auto stored, r.campaigns().find(id, Scope::national()));
    out = stored ? std::move(*stored) : next;
    return ok();
  }));
  return out;
}

Result<Campaign> OutreachService::start_campaign(const Actor& actor, std::string_view id, std::int64_t version) {
  return set_status(actor, id, version, "active");
}

Result<Campaign> OutreachService::end_campaign(const Actor& actor, std::string_view id, std::int64_t version) {
  return set_status(actor, id, version, "ended");
}

Result<std::int64_t> OutreachService::refresh_campaign(const Actor& actor, std::string_view id) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::assignment));
  std::int64_t joined = 0;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.campaigns().find(id, actor.scope));
    if (!found) return no_campaign();
    if (found->status != "active")
      return Error::make(ErrorCode::invalid_transition, "only an active campaign takes in new targets", "status");
    // A caller below the campaign's region refreshes the part inside their own area.
    Campaign part = *found;
    if (!actor.scope.is_national() && !actor.scope.contains(found->region_code)) {
      auto code = RegionCode::parse(pad12(actor.scope.prefix()));
      if (!code) return Error::make(ErrorCode::internal, "the caller's area is malformed");
      part.region_code = *code;
    }
    SHEGONG_ASSIGN(joined, join_targets(r, part));
    if (joined > 0)
      SHEGONG_TRY(
          audit_.append(r, audit_entry(actor, "campaign.refresh", "campaign", found->id, found->region_code.str())));
    return ok();
  }));
  return joined;
}

// ---- targets and assignment ------------------------------------------------------

Result<void> OutreachService::fill_members(Repositories& r, std::vector<CampaignTarget>& targets, bool full) {
  const std::string day = today();
  for (auto& t : targets) {
    SHEGONG_ASSIGN(t.members, r.targets().members(t.target_id, t.kind, day));
    if (!full)
      for (auto& m : t.members) m.name = mask_name(m.name);
  }
  return ok();
}

Result<Page<CampaignTarget>> OutreachService::list_targets(const Actor& actor, TargetFilter filter,
                                                           std::optional<RegionCode> region,
                                                           std::optional<std::string> due_state,
                                                           const PageRequest& page) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::campaign));
  SHEGONG_ASSIGN(filter.scope,
                 PlaceService::narrow(actor, region ? Scope::under(*region) : Scope::national(), "region"));
  filter.q = trim_text(filter.q);
  SHEGONG_TRY(check_text(filter.q, "q", 100, false));
  const std::string day = today();
  if (due_state) {
    if (*due_state == "overdue")
      filter.due_to = add_days(day, -1);
    else if (*due_state == "due")
      filter.due_from = day, filter.due_to = add_days(day, 7);
    else if (*due_state == "ok")
      filter.due_from = add_days(day, 8);
    else
      return Error::make(ErrorCode::invalid_query, "due_state must be overdue, due or ok", "due_state");
  }
  SHEGONG_ASSIGN(bool full, full_view(actor));
  Page<CampaignTarget> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto campaign, r.campaigns().find(filter.campaign_id, actor.scope));
    if (!campaign) return no_campaign();
    SHEGONG_ASSIGN(out, r.targets().list(filter, page));
    return fill_members(r, out.items, full);
  }));
  // The members' names and categories are personal data: who listed them is recorded.
  SHEGONG_TRY(audit_.record(audit_entry(actor, "campaign.targets.view", "campaign", filter.campaign_id,
                                        filter.scope.is_national() ? "" : filter.scope.range_low())));
  return out;
}

Result<std::int64_t> OutreachService::assign(const Actor& actor, std::string_view campaign_id,
                                             const AssignCommand& cmd) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::assignment));
  if (cmd.target_ids.empty() && !cmd.grid_id)
    return Error::make(ErrorCode::missing_field, "give target_ids or grid_id", "target_ids");
  if (!cmd.target_ids.empty() && cmd.grid_id) return bad("grid_id", "give either target_ids or grid_id, not both");
  if (cmd.target_ids.size() > 5000) return bad("target_ids", "may hold at most 5000 targets");
  std::int64_t changed = 0;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto campaign, r.campaigns().find(campaign_id, actor.scope));
    if (!campaign) return no_campaign();
    if (campaign->status == "ended") return Error::make(ErrorCode::conflict, "the campaign has ended", "status");
    Scope scope = actor.scope;
    if (cmd.worker_id) {
      SHEGONG_ASSIGN(auto worker, r.users().find_by_id(*cmd.worker_id));
      if (!worker || !worker->active || (worker->role != Role::social_worker && worker->role != Role::station_manager))
        return bad("worker_id", "must be an active social worker or station manager");
      // A worker is given targets only inside their own area.
      if (worker->region_code) {
        auto narrowed = scope.intersect(Scope::under(*worker->region_code));
        if (!narrowed) return Error::make(ErrorCode::forbidden, "the worker works outside your area", "worker_id");
        scope = *narrowed;
      } else if (!actor.scope.is_national()) {
        return Error::make(ErrorCode::forbidden, "the worker works outside your area", "worker_id");
      }
    }
    SHEGONG_ASSIGN(auto in_area, r.targets().count(campaign_id, actor.scope, cmd.target_ids, cmd.grid_id));
    if (!cmd.grid_id && in_area != static_cast<std::int64_t>(cmd.target_ids.size()))
      return bad("target_ids", "names targets that are not the campaign's, or lie outside your area");
    SHEGONG_ASSIGN(changed, r.targets().assign(campaign_id, scope, cmd.target_ids, cmd.grid_id, cmd.worker_id));
    if (changed != in_area)
      return bad("worker_id", std::to_string(in_area - changed) + " of the targets lie outside the worker's area");
    auto entry = audit_entry(actor, cmd.worker_id ? "campaign.assign" : "campaign.unassign", "campaign", campaign->id,
                             campaign->region_code.str());
    entry.detail = std::to_string(changed) + (cmd.worker_id ? " → " + *cmd.worker_id : "");
    SHEGONG_TRY(audit_.append(r, std::move(entry)));
    return ok();
  }));
  return changed;
}

Result<Page<CampaignTarget>> OutreachService::mine(const Actor& actor) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::campaign));
  TargetFilter f;
  f.scope = actor.scope;
  f.worker_id = actor.user_id;
  PageRequest page;
  page.page_size = kMaxMine;
  page.sort = "next_due_on";
  SHEGONG_ASSIGN(bool full, full_view(actor));
  Page<CampaignTarget> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.targets().list(f, page));
    return fill_members(r, out.items, full);
  }));
  SHEGONG_TRY(audit_.record(audit_entry(actor, "assignment.mine.view", "assignment", actor.user_id,
                                        actor.scope.is_national() ? "" : actor.scope.range_low())));
  return out;
}

// ---- visits ----------------------------------------------------------------------

Result<std::optional<GeoPoint>> OutreachService::open_location(const std::string& sealed) {
  if (sealed.empty()) return std::optional<GeoPoint>();
  SHEGONG_ASSIGN(auto plain, secrets_.open(sealed, kLocation));
  auto p = decode_location(plain);
  if (!p) return Error::make(ErrorCode::internal, "a stored visit location is malformed");
  return p;
}

Result<VisitView> OutreachService::view_visit(Repositories& r, const Actor& actor, std::string_view id, bool versions) {
  SHEGONG_ASSIGN(auto found, r.visits().find(id, actor.scope));
  if (!found) return no_visit();
  VisitView out;
  out.visit = std::move(*found);
  SHEGONG_ASSIGN(bool full, full_view(actor));
  if (full) {
    SHEGONG_ASSIGN(out.visit.content.location, open_location(out.visit.location_sealed));
  }
  if (versions) {
    SHEGONG_ASSIGN(out.versions, r.visits().versions(id));
    // The earlier versions: the current one is the visit itself.
    std::erase_if(out.versions, [&](const VisitVersion& v) { return v.version == out.visit.version; });
    if (full)
      for (auto& v : out.versions) {
        SHEGONG_ASSIGN(v.content.location, open_location(v.location_sealed));
      }
  }
  return out;
}

Result<Created<VisitView>> OutreachService::record_visit(const Actor& actor, VisitCommand cmd) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::visit));
  const TimestampMs now = clock_.now_ms();
  SHEGONG_TRY(normalize(cmd.content, now));
  const std::string day = china_date(cmd.content.visited_at);
  if (cmd.needs.size() > 20) return bad("needs", "may hold at most 20 needs");
  for (std::size_t i = 0; i < cmd.needs.size(); ++i)
    SHEGONG_TRY(normalize(cmd.needs[i], day, "needs[" + std::to_string(i) + "]."));
  std::string sealed;
  if (cmd.content.location) {
    SHEGONG_ASSIGN(sealed, secrets_.seal(encode_location(*cmd.content.location), kLocation));
  }
  Created<VisitView> out;
  auto record = [&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(bool seen_before, r.visits().exists(cmd.id));
    if (seen_before) {
      SHEGONG_ASSIGN(auto prior, r.visits().find_any(cmd.id));
      // A replay of an offline submission: the same visit again is a no-op.
      SHEGONG_ASSIGN(auto location, open_location(prior->location_sealed));
      VisitContent stored = prior->content;
      stored.location = location;
      std::vector<std::string> need_ids;
      for (const auto& n : cmd.needs) need_ids.push_back(n.id);
      auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
      };
      const bool same_author = prior->target_id == cmd.target_id && prior->campaign_id == cmd.campaign_id &&
                               prior->worker_id == actor.user_id && actor.scope.contains(prior->region_code);
      // Replayed after it was corrected, the correction stands; otherwise it must be the same visit.
      if (same_author &&
          (prior->version > 1 || (stored == cmd.content && sorted(prior->need_ids) == sorted(need_ids)))) {
        SHEGONG_ASSIGN(out.record, view_visit(r, actor, cmd.id, false));
        out.created = false;
        return ok();
      }
      return Error::make(ErrorCode::conflict, "another visit already has this id", "id");
    }
    SHEGONG_ASSIGN(auto target, r.targets().locate(cmd.target_id));
    if (!target) return bad("target_id", "is neither a household nor a person registered without one");
    if (!actor.scope.contains(target->region_code))
      return Error::make(ErrorCode::forbidden, "the household lies outside your area", "target_id");
    std::optional<Campaign> campaign;
    std::optional<CampaignTarget> in_campaign;
    if (cmd.campaign_id) {
      SHEGONG_ASSIGN(campaign, r.campaigns().find(*cmd.campaign_id, actor.scope));
      if (!campaign) return bad("campaign_id", "names no campaign you can see");
      if (campaign->status == "draft") return bad("campaign_id", "names a campaign that has not started");
      if (!covers_day(*campaign, day))
        return bad("visited_at",
                   "lies outside the campaign's period " + campaign->starts_on + " – " + campaign->ends_on);
      SHEGONG_ASSIGN(in_campaign, r.targets().state(*cmd.campaign_id, cmd.target_id));
      if (!in_campaign) return bad("target_id", "is not one of the campaign's targets");
    }
    bool names_people = !cmd.content.persons_seen.empty();
    for (const auto& n : cmd.needs) names_people = names_people || n.person_id.has_value();
    std::vector<std::string> members;
    if (names_people) {
      SHEGONG_ASSIGN(members, r.targets().member_ids(cmd.target_id, target->kind));
    }
    auto is_member = [&](const std::string& pid) {
      return std::find(members.begin(), members.end(), pid) != members.end();
    };
    for (const auto& pid : cmd.content.persons_seen)
      if (!is_member(pid)) return bad("persons_seen", "names someone who is not a member of the household");
    for (std::size_t i = 0; i < cmd.needs.size(); ++i) {
      const auto& n = cmd.needs[i];
      const std::string at = "needs[" + std::to_string(i) + "]";
      if (n.person_id && !is_member(*n.person_id)) return bad(at + ".person_id", "is not a member of the household");
      for (std::size_t k = 0; k < i; ++k)
        if (cmd.needs[k].id == n.id) return bad(at + ".id", "repeats another need's id");
      SHEGONG_ASSIGN(bool taken, r.needs().exists(n.id));
      if (taken) return Error::make(ErrorCode::conflict, "another need already has this id", at + ".id");
    }

    VisitRecord v;
    v.id = cmd.id;
    v.campaign_id = cmd.campaign_id;
    v.target_id = cmd.target_id;
    v.kind = target->kind;
    v.region_code = target->region_code;
    v.worker_id = actor.user_id;
    v.visited_on = day;
    v.content = cmd.content;
    v.content.location.reset();
    v.location_sealed = sealed;
    v.created_at = v.updated_at = now;
    SHEGONG_TRY(r.visits().insert(v, actor.user_id));
    SHEGONG_TRY(count_visit(r, nullptr, v));

    OutreachDelta d;
    d.campaign_id = cmd.campaign_id.value_or("");
    d.region_code = target->region_code;
    d.worker_id = actor.user_id;
    d.day = day;
    d.visits = 1;
    d.person_times = std::max<std::int64_t>(1, static_cast<std::int64_t>(cmd.content.persons_seen.size()));
    d.needs_raised = static_cast<std::int64_t>(cmd.needs.size());
    if (in_campaign) {
      CampaignTarget t = *in_campaign;
      if (!t.first_visit_at) d.households_visited = 1;
      t.visits += 1;
      t.first_visit_at = std::min(t.first_visit_at.value_or(v.content.visited_at), v.content.visited_at);
      if (!t.last_visit_at || v.content.visited_at >= *t.last_visit_at) {
        t.last_visit_at = v.content.visited_at;
        t.last_visit_on = day;
      }
      t.next_due_on = next_due_on(*campaign, t.risk_level, t.last_visit_on);
      SHEGONG_TRY(r.targets().update_visits(t));
    }
    for (const auto& draft : cmd.needs) {
      NeedRecord n;
      n.id = draft.id;
      n.visit_id = v.id;
      n.campaign_id = cmd.campaign_id;
      n.target_id = cmd.target_id;
      n.person_id = draft.person_id;
      n.region_code = target->region_code;
      n.worker_id = actor.user_id;
      n.category = draft.category;
      n.urgency = draft.urgency;
      n.description = draft.description;
      n.due_on = draft.due_on;
      // Found at the visit: a visit sent later from a phone without signal keeps its needs' day.
      n.raised_at = cmd.content.visited_at;
      n.updated_at = now;
      SHEGONG_TRY(r.needs().insert(n));
      SHEGONG_TRY(count_need(r, nullptr, n));
      SHEGONG_TRY(r.needs().insert_transition(
          NeedTransition{new_uuid_v7(clock_, random_), n.id, "", "raised", "", now, actor.user_id, ""}));
      v.need_ids.push_back(n.id);
    }
    SHEGONG_TRY(r.coverage().add(d));
    auto entry = audit_entry(actor, "visit.create", "visit", v.id, v.region_code.str());
    entry.detail = "target " + v.target_id + (cmd.needs.empty() ? "" : ", needs " + std::to_string(cmd.needs.size()));
    SHEGONG_TRY(audit_.append(r, std::move(entry)));
    // The answer is built from what was just written, not read back.
    v.content.location = cmd.content.location;
    v.worker_name = v.updated_by = actor.display_name;
    v.region_name = target->region_name;
    v.address = target->address;
    out.record.visit = std::move(v);
    out.created = true;
    return ok();
  };
  auto written = store_.write(record);
  // Two copies of one offline submission arriving at once on PostgreSQL: both find no
  // visit, one commits, the other's insert breaks the unique key. Tried again, it finds
  // the visit and answers as a replay. (Any other conflict answers the same again.)
  if (!written && written.error().code == ErrorCode::conflict) written = store_.write(record);
  SHEGONG_TRY(std::move(written));
  return out;
}

Result<VisitView> OutreachService::get_visit(const Actor& actor, std::string_view id) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::visit));
  VisitView out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, view_visit(r, actor, id, true));
    return ok();
  }));
  return out;
}

Result<VisitView> OutreachService::correct_visit(const Actor& actor, std::string_view id, std::int64_t version,
                                                 VisitContent content) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::visit));
  const TimestampMs now = clock_.now_ms();
  SHEGONG_TRY(normalize(content, now));
  const std::string day = china_date(content.visited_at);
  std::string sealed;
  if (content.location) {
    SHEGONG_ASSIGN(sealed, secrets_.seal(encode_location(*content.location), kLocation));
  }
  VisitView out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto before, view_visit(r, actor, id, false));
    VisitRecord& old = before.visit;
    // A social worker corrects what they recorded; a station manager or the bureau may
    // correct anyone's.
    if (actor.role == Role::social_worker && old.worker_id != actor.user_id)
      return Error::make(ErrorCode::forbidden,
                         "only the worker who recorded a visit, or a station manager, corrects it", "id");
    if (old.version != version)
      return Error::make(ErrorCode::version_conflict,
                         "the visit was corrected by someone else; compare both versions and submit again", "version");
    if (old.content == content) {
      out = std::move(before);
      return ok(); // nothing changed: no new version
    }
    std::optional<Campaign> campaign;
    if (old.campaign_id) {
      SHEGONG_ASSIGN(campaign, r.campaigns().find(*old.campaign_id, Scope::national()));
      if (campaign && !covers_day(*campaign, day))
        return bad("visited_at",
                   "lies outside the campaign's period " + campaign->starts_on + " – " + campaign->ends_on);
    }
    SHEGONG_ASSIGN(auto members, r.targets().member_ids(old.target_id, old.kind));
    for (const auto& pid : content.persons_seen)
      if (std::find(members.begin(), members.end(), pid) == members.end())
        return bad("persons_seen", "names someone who is not a member of the household");

    VisitRecord next = old;
    next.content = content;
    next.content.location.reset();
    next.location_sealed = sealed;
    next.visited_on = day;
    next.version = version + 1;
    next.updated_at = now;
    SHEGONG_ASSIGN(bool written, r.visits().update(next, version, actor.user_id));
    if (!written) return Error::make(ErrorCode::version_conflict, "the visit was corrected by someone else", "version");
    SHEGONG_TRY(count_visit(r, &old, next));

    // The figures follow the correction: its person-times, and its day if that moved.
    const std::int64_t before_times =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(old.content.persons_seen.size()));
    const std::int64_t after_times = std::max<std::int64_t>(1, static_cast<std::int64_t>(content.persons_seen.size()));
    OutreachDelta out_of;
    out_of.campaign_id = old.campaign_id.value_or("");
    out_of.region_code = old.region_code;
    out_of.worker_id = old.worker_id;
    out_of.day = old.visited_on;
    OutreachDelta into = out_of;
    into.day = day;
    if (old.visited_on != day) {
      out_of.visits = -1;
      out_of.person_times = -before_times;
      into.visits = 1;
      into.person_times = after_times;
      SHEGONG_TRY(r.coverage().add(out_of));
      SHEGONG_TRY(r.coverage().add(into));
    } else if (before_times != after_times) {
      into.person_times = after_times - before_times;
      SHEGONG_TRY(r.coverage().add(into));
    }
    if (campaign && old.content.visited_at != content.visited_at) {
      SHEGONG_ASSIGN(auto target, r.targets().state(campaign->id, old.target_id));
      SHEGONG_ASSIGN(auto span, r.visits().span(campaign->id, old.target_id));
      if (target && span) {
        target->first_visit_at = span->first;
        target->last_visit_at = span->second;
        target->last_visit_on = china_date(span->second); // a visit's day is its China date
        target->next_due_on = next_due_on(*campaign, target->risk_level, target->last_visit_on);
        SHEGONG_TRY(r.targets().update_visits(*target));
      }
    }
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "visit.update", "visit", next.id, next.region_code.str())));
    SHEGONG_ASSIGN(out, view_visit(r, actor, id, true));
    return ok();
  }));
  return out;
}

Result<Page<VisitRecord>> OutreachService::list_visits(const Actor& actor, VisitFilter filter,
                                                       std::optional<RegionCode> region, const PageRequest& page) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::visit));
  SHEGONG_ASSIGN(filter.scope,
                 PlaceService::narrow(actor, region ? Scope::under(*region) : Scope::national(), "region"));
  SHEGONG_ASSIGN(bool full, full_view(actor));
  Page<VisitRecord> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.visits().list(filter, page));
    return ok();
  }));
  // Where a vulnerable person lives is personal data: shown to those who may see it in full.
  if (full)
    for (auto& v : out.items) {
      SHEGONG_ASSIGN(v.content.location, open_location(v.location_sealed));
    }
  return out;
}

// ---- needs -----------------------------------------------------------------------

Result<Page<NeedRecord>> OutreachService::list_needs(const Actor& actor, NeedFilter filter,
                                                     std::optional<RegionCode> region, bool overdue,
                                                     const PageRequest& page) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::visit));
  SHEGONG_ASSIGN(filter.scope,
                 PlaceService::narrow(actor, region ? Scope::under(*region) : Scope::national(), "region"));
  if (filter.state && !find_code(kNeedStates, *filter.state))
    return Error::make(ErrorCode::invalid_query,
                       "state must be one of raised, linked, in_progress, resolved, referred, closed", "state");
  if (filter.category && !find_code(kNeedCategories, *filter.category))
    return Error::make(ErrorCode::invalid_query, "category is not a need category", "category");
  if (overdue) filter.overdue_before = today();
  SHEGONG_ASSIGN(bool full, full_view(actor));
  Page<NeedRecord> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.needs().list(filter, page));
    return ok();
  }));
  if (!full)
    for (auto& n : out.items) n.person_name = mask_name(n.person_name);
  SHEGONG_TRY(audit_.record(
      audit_entry(actor, "need.search", "need", "", filter.scope.is_national() ? "" : filter.scope.range_low())));
  return out;
}

Result<NeedRecord> OutreachService::get_need(const Actor& actor, std::string_view id) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::visit));
  SHEGONG_ASSIGN(bool full, full_view(actor));
  NeedRecord out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.needs().find(id, actor.scope));
    if (!found) return no_need();
    out = std::move(*found);
    return ok();
  }));
  if (!full) out.person_name = mask_name(out.person_name);
  SHEGONG_TRY(audit_.record(audit_entry(actor, "need.view", "need", out.id, out.region_code.str())));
  return out;
}

Result<Created<NeedRecord>> OutreachService::transition(const Actor& actor, std::string_view need_id,
                                                        TransitionCommand cmd) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::visit));
  cmd.reason = trim_text(cmd.reason);
  SHEGONG_TRY(check_text(cmd.reason, "reason", 500, false));
  const TimestampMs now = clock_.now_ms();
  Created<NeedRecord> out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto need, r.needs().find(need_id, actor.scope));
    if (!need) return no_need();
    if (cmd.id) {
      SHEGONG_ASSIGN(auto prior, r.needs().find_transition(*cmd.id));
      if (prior) {
        if (prior->need_id != need->id || prior->to != cmd.to)
          return Error::make(ErrorCode::conflict, "another transition already has this id", "id");
        out.record = std::move(*need);
        out.created = false;
        return ok();
      }
    }
    if (need->version != cmd.version)
      return Error::make(ErrorCode::version_conflict, "the need was changed by someone else", "version");
    SHEGONG_TRY(check_transition(need->state, cmd.to, cmd.reason));
    NeedRecord next = *need;
    next.state = cmd.to;
    next.version = cmd.version + 1;
    next.updated_at = now;
    if (!is_open_need_state(next.state)) next.closed_at = now;
    SHEGONG_ASSIGN(bool written, r.needs().update(next, cmd.version));
    if (!written) return Error::make(ErrorCode::version_conflict, "the need was changed by someone else", "version");
    SHEGONG_TRY(count_need(r, &*need, next));
    SHEGONG_TRY(r.needs().insert_transition(NeedTransition{cmd.id.value_or(new_uuid_v7(clock_, random_)), next.id,
                                                           need->state, cmd.to, cmd.reason, now, actor.user_id, ""}));
    if (!is_open_need_state(next.state)) {
      OutreachDelta d;
      d.campaign_id = next.campaign_id.value_or("");
      d.region_code = next.region_code;
      d.worker_id = next.worker_id; // a need's outcome counts for whoever found it, like its raising
      d.day = china_date(now);
      d.needs_resolved = next.state == "resolved";
      d.needs_referred = next.state == "referred";
      d.needs_closed = next.state == "closed";
      SHEGONG_TRY(r.coverage().add(d));
    }
    auto entry = audit_entry(actor, "need.transition", "need", next.id, next.region_code.str());
    entry.detail = need->state + " → " + cmd.to;
    SHEGONG_TRY(audit_.append(r, std::move(entry)));
    SHEGONG_ASSIGN(auto stored, r.needs().find(next.id, Scope::national()));
    out.record = stored ? std::move(*stored) : next;
    return ok();
  }));
  SHEGONG_ASSIGN(bool full, full_view(actor));
  if (!full) out.record.person_name = mask_name(out.record.person_name);
  return out;
}

Result<Created<NeedRecord>> OutreachService::link_resource(const Actor& actor, std::string_view need_id,
                                                           ResourceDraft draft, std::int64_t version) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::visit));
  SHEGONG_TRY(normalize(draft));
  const TimestampMs now = clock_.now_ms();
  if (draft.id.empty()) draft.id = new_uuid_v7(clock_, random_);
  Created<NeedRecord> out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto need, r.needs().find(need_id, actor.scope));
    if (!need) return no_need();
    SHEGONG_ASSIGN(auto prior, r.needs().find_resource(draft.id));
    if (prior) {
      if (prior->need_id != need->id || prior->kind != draft.kind || prior->value_fen != draft.value_fen ||
          prior->provider != draft.provider || prior->description != draft.description)
        return Error::make(ErrorCode::conflict, "another resource already has this id", "id");
      out.record = std::move(*need);
      out.created = false;
      return ok();
    }
    if (need->version != version)
      return Error::make(ErrorCode::version_conflict, "the need was changed by someone else", "version");
    if (!is_open_need_state(need->state))
      return Error::make(ErrorCode::invalid_transition, "a need that is " + need->state + " takes no more resources",
                         "need");
    NeedRecord next = *need;
    next.value_fen += draft.value_fen;
    next.version = version + 1;
    next.updated_at = now;
    if (need->state == "raised") next.state = "linked";
    SHEGONG_ASSIGN(bool written, r.needs().update(next, version));
    if (!written) return Error::make(ErrorCode::version_conflict, "the need was changed by someone else", "version");
    const NeedResource resource{draft.id, next.id,       draft.kind, draft.provider, draft.description, draft.value_fen,
                                now,      actor.user_id, ""};
    SHEGONG_TRY(r.needs().insert_resource(resource));
    SHEGONG_TRY(count_resource(r, next, resource));
    if (need->state != next.state)
      SHEGONG_TRY(r.needs().insert_transition(
          NeedTransition{new_uuid_v7(clock_, random_), next.id, need->state, next.state, "", now, actor.user_id, ""}));
    OutreachDelta d;
    d.campaign_id = next.campaign_id.value_or("");
    d.region_code = next.region_code;
    d.worker_id = next.worker_id; // counted for whoever found the need, like its raising
    d.day = china_date(now);
    d.resources = 1;
    d.value_fen = draft.value_fen;
    SHEGONG_TRY(r.coverage().add(d));
    auto entry = audit_entry(actor, "need.resource", "need", next.id, next.region_code.str());
    entry.detail = draft.kind + " " + std::to_string(draft.value_fen) + " fen";
    SHEGONG_TRY(audit_.append(r, std::move(entry)));
    SHEGONG_ASSIGN(auto stored, r.needs().find(next.id, Scope::national()));
    out.record = stored ? std::move(*stored) : next;
    return ok();
  }));
  SHEGONG_ASSIGN(bool full, full_view(actor));
  if (!full) out.record.person_name = mask_name(out.record.person_name);
  return out;
}

// ---- coverage --------------------------------------------------------------------

Result<Coverage> OutreachService::coverage(const Actor& actor, std::string_view campaign_id,
                                           std::optional<RegionCode> region, std::string_view by) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::campaign));
  if (by != "region" && by != "worker")
    return Error::make(ErrorCode::invalid_query, "by must be region or worker", "by");
  Coverage out;
  out.today = today();
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto campaign, r.campaigns().find(campaign_id, actor.scope));
    if (!campaign) return no_campaign();
    const RegionCode wanted = region ? *region : campaign->region_code;
    SHEGONG_ASSIGN(Scope scope, PlaceService::narrow(actor, Scope::under(wanted), "region"));
    auto inside = scope.intersect(Scope::under(campaign->region_code));
    if (!inside) return Error::make(ErrorCode::invalid_query, "region lies outside the campaign", "region");
    scope = *inside;
    auto code = RegionCode::parse(pad12(scope.prefix().empty() ? "" : scope.prefix()));
    out.region_code = code ? *code : campaign->region_code;
    SHEGONG_ASSIGN(auto named, r.regions().find(out.region_code));
    out.region_name = named ? named->name : "";
    CoverageQuery q;
    q.campaign_id = campaign->id;
    q.scope = scope;
    q.today = out.today;
    if (by == "region") {
      const std::size_t len = scope.prefix().size();
      q.prefix_digits = len < 2 ? 2 : len < 4 ? 4 : len < 6 ? 6 : len < 9 ? 9 : 12;
    }
    SHEGONG_ASSIGN(auto rows, r.coverage().rows(q));
    out.totals = rows.front();
    out.rows.assign(rows.begin() + 1, rows.end());
    if (by == "region") {
      std::vector<RegionCode> codes;
      for (const auto& row : out.rows)
        if (auto c = RegionCode::parse(pad12(row.key))) codes.push_back(*c);
      SHEGONG_ASSIGN(auto regions, r.regions().find_many(codes));
      for (auto& row : out.rows) {
        const std::string full = pad12(row.key);
        row.key = full;
        for (const auto& reg : regions)
          if (reg.code.str() == full) row.name = reg.name;
        // A township's figures are its social-work station's (乡镇社工站).
        if (q.prefix_digits == 9) {
          StationFilter sf;
          sf.scope = Scope::under(*RegionCode::parse(full));
          sf.kind = StationKind::social_work_station;
          sf.active = true;
          PageRequest one;
          one.page_size = 1;
          SHEGONG_ASSIGN(auto stations, r.stations().list(sf, one));
          if (!stations.items.empty()) row.station_name = stations.items.front().name;
        }
      }
    } else {
      for (auto& row : out.rows) {
        if (row.key.empty()) {
          row.name = "未分配";
          continue;
        }
        SHEGONG_ASSIGN(auto user, r.users().find_by_id(row.key));
        row.name = user ? user->display_name : "";
      }
    }
    return ok();
  }));
  return out;
}

} // namespace shegong
