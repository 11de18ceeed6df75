// The outreach repository: campaigns, targets, visits, needs and their counters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/region_code.hpp"
#include "shegong/core/result.hpp"
#include "shegong/domain/outreach.hpp"

namespace shegong {

struct PageRequest;
template <typename T>
struct Page;

struct CampaignFilter {
  Scope scope = Scope::national(); // campaigns whose region lies inside, or that contain it
  std::optional<std::string> status;
  std::string q;
};

struct TargetMember {
  std::string person_id, name, birth_date;
  std::vector<std::string> categories;
};

struct CampaignTarget {
  std::string campaign_id, target_id, kind = "household";
  RegionCode region_code;
  std::optional<std::string> grid_id, worker_id;
  std::string risk_level = "low";
  TimestampMs joined_at = 0;
  std::int64_t visits = 0;
  std::optional<TimestampMs> first_visit_at, last_visit_at;
  std::optional<std::string> last_visit_on;
  std::string next_due_on;
  // read model
  std::string address, region_name, grid_name, worker_name, campaign_name;
  std::int64_t open_needs = 0;
  std::vector<TargetMember> members;
};

struct TargetFilter {
  Scope scope = Scope::national();
  std::string campaign_id; // empty: every active campaign (a worker's own list)
  std::optional<std::string> grid_id, worker_id;
  bool unassigned = false;
  std::optional<std::string> due_from, due_to; // next_due_on within [from, to]
  std::optional<bool> visited;
  std::string q; // address contains
};

// A target found in the register: who makes a household (or a lone person) a target.
struct TargetCandidate {
  std::string target_id, kind;
  RegionCode region_code;
  std::optional<std::string> grid_id;
  std::string risk_level;
};

struct VisitRecord {
  std::string id;
  std::optional<std::string> campaign_id;
  std::string target_id, kind;
  RegionCode region_code;
  std::string worker_id;
  std::string visited_on;
  VisitContent content; // location left empty: it is sealed
  std::string location_sealed;
  std::int64_t version = 1;
  TimestampMs created_at = 0, updated_at = 0;
  // read model
  std::string worker_name, region_name, address;
  std::string updated_by; // who recorded the current version
  std::vector<std::string> need_ids;
};

struct VisitVersion {
  std::int64_t version = 1;
  VisitContent content;
  std::string location_sealed;
  TimestampMs recorded_at = 0;
  std::string recorded_by, recorded_by_name;
};

struct VisitFilter {
  Scope scope = Scope::national();
  std::optional<std::string> campaign_id, target_id, worker_id;
  std::optional<TimestampMs> from, to; // [from, to)
};

struct NeedTransition {
  std::string id, need_id, from, to, reason;
  TimestampMs at = 0;
  std::string by, by_name;
};

struct NeedResource {
  std::string id, need_id, kind, provider, description;
  std::int64_t value_fen = 0;
  TimestampMs at = 0;
  std::string by, by_name;
};

struct NeedRecord {
  std::string id, visit_id;
  std::optional<std::string> campaign_id, person_id;
  std::string target_id;
  RegionCode region_code;
  std::string worker_id;
  std::string category, urgency, description, due_on, state = "raised";
  std::int64_t value_fen = 0;
  TimestampMs raised_at = 0;
  std::optional<TimestampMs> closed_at;
  std::int64_t version = 1;
  TimestampMs updated_at = 0;
  // read model
  std::string region_name, address, worker_name, person_name;
  std::vector<NeedTransition> transitions;
  std::vector<NeedResource> resources;
};

struct NeedFilter {
  Scope scope = Scope::national();
  std::optional<std::string> campaign_id, state, category, worker_id, target_id;
  bool open_only = false;
  std::optional<std::string> overdue_before; // open and due before this day
};

// Flows, added to the counters in the transaction of the fact that causes them.
struct OutreachDelta {
  std::string campaign_id; // '' outside any campaign
  RegionCode region_code;
  std::string worker_id, day;
  std::int64_t visits = 0, person_times = 0, households_visited = 0, needs_raised = 0, needs_resolved = 0,
               needs_referred = 0, needs_closed = 0, resources = 0, value_fen = 0;
};

struct CoverageRow {
  std::string key; // a region code prefix, a worker id, or '' (unassigned)
  std::int64_t targets = 0, assigned = 0, visited = 0, due = 0, overdue = 0, visits = 0, person_times = 0,
               needs_raised = 0, needs_open = 0, needs_resolved = 0, needs_overdue = 0, value_fen = 0;
  std::string name;
  std::string station_name; // a township's social-work station, when rows are townships
};

// How coverage rows are grouped: by the first `prefix_digits` of the region code, or by worker.
struct CoverageQuery {
  std::string campaign_id;
  Scope scope = Scope::national();
  int prefix_digits = 0; // 0: by worker
  std::string today;
};

// Door-knocking campaigns.
class CampaignRepository {
 public:
  virtual ~CampaignRepository() = default;
  virtual Result<std::optional<Campaign>> find(std::string_view id, const Scope& scope) = 0;
  virtual Result<bool> exists(std::string_view id) = 0;
  virtual Result<void> insert(const Campaign& c) = 0;
  virtual Result<bool> update(const Campaign& c, std::int64_t expected_version) = 0;
  virtual Result<Page<Campaign>> list(const CampaignFilter& f, const PageRequest& page) = 0;
  // Takes the row locks of the draft and active campaigns over `region` (PostgreSQL), so that a
  // campaign starting at the same moment sees this transaction's people, or they see it started.
  virtual Result<void> lock_over(const RegionCode& region) = 0;
  // Active campaigns whose region contains `region` and that target `category` (or any, when empty).
  virtual Result<std::vector<Campaign>> active_over(const RegionCode& region, std::string_view category) = 0;
};

// A campaign's targets (households and lone persons) and who visits them.
class TargetRepository {
 public:
  virtual ~TargetRepository() = default;
  // Households and lone persons inside `scope` with a member who held one of `categories`
  // at some time in [from, to]; one row per member (the service takes the highest risk).
  virtual Result<std::vector<TargetCandidate>> candidates(const Scope& scope,
                                                          const std::vector<std::string>& categories,
                                                          std::string_view from, std::string_view to) = 0;
  // The same among these people only (an import's new people, at most 500 at a time).
  virtual Result<std::vector<TargetCandidate>> candidates_among(const std::vector<std::string>& person_ids,
                                                                const Scope& scope,
                                                                const std::vector<std::string>& categories,
                                                                std::string_view from, std::string_view to) = 0;
  // Inserts the targets not yet in the campaign; returns how many were new.
  virtual Result<std::int64_t> add(const std::vector<CampaignTarget>& targets) = 0;
  virtual Result<std::optional<CampaignTarget>> find(std::string_view campaign_id, std::string_view target_id) = 0;
  // The same without the read model (address, names, open needs), for the write path:
  // the row is locked first, so two visits to one target at once count both (PostgreSQL).
  virtual Result<std::optional<CampaignTarget>> state(std::string_view campaign_id, std::string_view target_id) = 0;
  // The targets of every active campaign that hold `target_id` (for a visit without a campaign id).
  virtual Result<Page<CampaignTarget>> list(const TargetFilter& f, const PageRequest& page) = 0;
  // How many of the given targets (or of the targets of `grid_id`) the campaign has inside `scope`.
  virtual Result<std::int64_t> count(std::string_view campaign_id, const Scope& scope,
                                     const std::vector<std::string>& target_ids,
                                     const std::optional<std::string>& grid_id) = 0;
  // Sets the worker of the given targets (or of every target of `grid_id`) inside `scope`; how many.
  virtual Result<std::int64_t> assign(std::string_view campaign_id, const Scope& scope,
                                      const std::vector<std::string>& target_ids,
                                      const std::optional<std::string>& grid_id,
                                      const std::optional<std::string>& worker_id) = 0;
  // A target's risk rose (a member came to hold a target category): visited more often.
  virtual Result<void> set_risk(std::string_view campaign_id, std::string_view target_id, std::string_view risk_level,
                                std::string_view next_due_on) = 0;
  // Records a visit on the target: counts, first and last visit, next due day.
  virtual Result<void> update_visits(const CampaignTarget& t) = 0;
  // The members of a target (a household's unmerged members, or the lone person) with
  // the categories held on `on`.
  virtual Result<std::vector<TargetMember>> members(std::string_view target_id, std::string_view kind,
                                                    std::string_view on) = 0;
  // The ids of a target's members (unmerged), without their names or categories.
  virtual Result<std::vector<std::string>> member_ids(std::string_view target_id, std::string_view kind) = 0;
  // Where a target lives: region (and its name), grid, address; nullopt when no such
  // household or person.
  virtual Result<std::optional<CampaignTarget>> locate(std::string_view target_id) = 0;
};

// Visits, each with its versions.
class VisitRepository {
 public:
  virtual ~VisitRepository() = default;
  virtual Result<std::optional<VisitRecord>> find(std::string_view id, const Scope& scope) = 0;
  // Whatever the scope: for the idempotency check of a create.
  virtual Result<std::optional<VisitRecord>> find_any(std::string_view id) = 0;
  virtual Result<bool> exists(std::string_view id) = 0;
  virtual Result<void> insert(const VisitRecord& v, std::string_view recorded_by) = 0;
  virtual Result<bool> update(const VisitRecord& v, std::int64_t expected_version, std::string_view recorded_by) = 0;
  virtual Result<std::vector<VisitVersion>> versions(std::string_view id) = 0;
  virtual Result<Page<VisitRecord>> list(const VisitFilter& f, const PageRequest& page) = 0;
  // The times of a target's earliest and latest visit in a campaign (after a correction moved one).
  virtual Result<std::optional<std::pair<TimestampMs, TimestampMs>>> span(std::string_view campaign_id,
                                                                          std::string_view target_id) = 0;
};

// Needs a visit found, with their transitions and the resources linked.
class NeedRepository {
 public:
  virtual ~NeedRepository() = default;
  virtual Result<std::optional<NeedRecord>> find(std::string_view id, const Scope& scope) = 0;
  virtual Result<bool> exists(std::string_view id) = 0;
  virtual Result<void> insert(const NeedRecord& n) = 0;
  virtual Result<bool> update(const NeedRecord& n, std::int64_t expected_version) = 0;
  virtual Result<Page<NeedRecord>> list(const NeedFilter& f, const PageRequest& page) = 0;
  virtual Result<std::optional<NeedTransition>> find_transition(std::string_view id) = 0;
  virtual Result<void> insert_transition(const NeedTransition& t) = 0;
  virtual Result<std::optional<NeedResource>> find_resource(std::string_view id) = 0;
  virtual Result<void> insert_resource(const NeedResource& r) = 0;
};

// A campaign's counters by region, worker and day, and the coverage read from them.
class CoverageRepository {
 public:
  virtual ~CoverageRepository() = default;
  virtual Result<void> add(const OutreachDelta& d) = 0;
  // Totals first, then one row per group.
  virtual Result<std::vector<CoverageRow>> rows(const CoverageQuery& q) = 0;
};
} // namespace shegong
