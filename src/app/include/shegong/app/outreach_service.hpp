// Use cases of door-knocking outreach: campaigns and their targets, assignment,
// visits (recorded offline and replayed safely), needs and the resources linked, and
// coverage figures kept live in the same transaction as each fact.
#pragma once

#include "shegong/app/access_control.hpp"
#include "shegong/app/actor.hpp"
#include "shegong/app/audit_service.hpp"
#include "shegong/app/place_service.hpp"

namespace shegong {

struct CampaignFields {
  std::optional<std::string> name, starts_on, ends_on;
  std::optional<RegionCode> region_code;
  std::optional<std::vector<std::string>> categories;
  std::optional<VisitRule> rule;
};

struct VisitCommand {
  std::string id; // client-generated UUIDv7
  std::string target_id;
  std::optional<std::string> campaign_id;
  VisitContent content;
  std::vector<NeedDraft> needs;
};

struct VisitView {
  VisitRecord visit;
  std::vector<VisitVersion> versions; // on a single read: every version, oldest first
};

struct AssignCommand {
  std::optional<std::string> worker_id; // nullopt: unassign
  std::vector<std::string> target_ids;
  std::optional<std::string> grid_id;
};

struct TransitionCommand {
  std::optional<std::string> id;
  std::string to, reason;
  std::int64_t version = 0;
};

struct Coverage {
  RegionCode region_code;
  std::string region_name, today;
  CoverageRow totals;
  std::vector<CoverageRow> rows;
};

// Puts the household (or lone person) of `person` into every active campaign over its
// region that targets `category`; called when a category is granted. How many joined.
Result<std::int64_t> join_campaigns_for(Repositories& r, const PersonRecord& person, std::string_view category,
                                        TimestampMs now);

// After a person's risk level changed: their household's (or their own) target in every
// active campaign takes the highest risk among the members who make it a target, and is
// due by that risk's interval from its last visit.
Result<void> rejudge_risk(Repositories& r, const PersonRecord& person, TimestampMs now);

// After an import: these new people (at most 500), where a category of theirs is one an
// active campaign overlapping `scope` reaches, join it with their households. Touches
// only their targets; how many joined.
Result<std::int64_t> join_active_campaigns(Repositories& r, const Scope& scope,
                                           const std::vector<std::string>& person_ids, TimestampMs now);

class OutreachService {
 public:
  OutreachService(Store& store, const Clock& clock, Random& random, AuditService& audit, AccessControl& access,
                  SecretBox& secrets)
      : store_(store), clock_(clock), random_(random), audit_(audit), access_(access), secrets_(secrets) {}

  static std::span<const std::string_view> campaign_sort_keys();
  static std::span<const std::string_view> target_sort_keys();
  static std::span<const std::string_view> need_sort_keys();
  std::string today() const;

  Result<Page<Campaign>> list_campaigns(const Actor& actor, CampaignFilter filter, std::optional<RegionCode> region,
                                        const PageRequest& page);
  Result<Campaign> get_campaign(const Actor& actor, std::string_view id);
  Result<Created<Campaign>> create_campaign(const Actor& actor, std::optional<std::string> id, CampaignFields fields);
  Result<Campaign> update_campaign(const Actor& actor, std::string_view id, std::int64_t version, CampaignFields patch);
  Result<Campaign> start_campaign(const Actor& actor, std::string_view id, std::int64_t version);
  Result<Campaign> end_campaign(const Actor& actor, std::string_view id, std::int64_t version);
  Result<std::int64_t> refresh_campaign(const Actor& actor, std::string_view id);

  Result<Page<CampaignTarget>> list_targets(const Actor& actor, TargetFilter filter, std::optional<RegionCode> region,
                                            std::optional<std::string> due_state, const PageRequest& page);
  Result<std::int64_t> assign(const Actor& actor, std::string_view campaign_id, const AssignCommand& cmd);
  // The caller's own targets in every active campaign, soonest due first (at most 2,000).
  Result<Page<CampaignTarget>> mine(const Actor& actor);

  Result<Created<VisitView>> record_visit(const Actor& actor, VisitCommand cmd);
  Result<VisitView> get_visit(const Actor& actor, std::string_view id);
  Result<VisitView> correct_visit(const Actor& actor, std::string_view id, std::int64_t version, VisitContent content);
  Result<Page<VisitRecord>> list_visits(const Actor& actor, VisitFilter filter, std::optional<RegionCode> region,
                                        const PageRequest& page);

  Result<Page<NeedRecord>> list_needs(const Actor& actor, NeedFilter filter, std::optional<RegionCode> region,
                                      bool overdue, const PageRequest& page);
  Result<NeedRecord> get_need(const Actor& actor, std::string_view id);
  Result<Created<NeedRecord>> transition(const Actor& actor, std::string_view need_id, TransitionCommand cmd);
  Result<Created<NeedRecord>> link_resource(const Actor& actor, std::string_view need_id, ResourceDraft draft,
                                            std::int64_t version);

  // by: "region" (one level below the region) or "worker".
  Result<Coverage> coverage(const Actor& actor, std::string_view campaign_id, std::optional<RegionCode> region,
                            std::string_view by);

 private:
  Result<bool> full_view(const Actor& actor);
  Result<void> fill_members(Repositories& r, std::vector<CampaignTarget>& targets, bool full);
  Result<std::int64_t> join_targets(Repositories& r, const Campaign& c);
  Result<VisitView> view_visit(Repositories& r, const Actor& actor, std::string_view id, bool versions);
  Result<std::optional<GeoPoint>> open_location(const std::string& sealed);
  Result<Campaign> set_status(const Actor& actor, std::string_view id, std::int64_t version, std::string_view status);

  Store& store_;
  const Clock& clock_;
  Random& random_;
  AuditService& audit_;
  AccessControl& access_;
  SecretBox& secrets_;
};

} // namespace shegong
