// The repositories in portable SQL, bound to one connection inside a transaction.
#pragma once

#include "sql.hpp"
#include "shegong/app/ports.hpp"

namespace shegong::sql {

class SqlRegions final : public RegionRepository {
 public:
  explicit SqlRegions(Connection& c) : c_(c) {}
  Result<std::optional<Region>> find(const RegionCode& code) override;
  Result<std::vector<Region>> find_many(const std::vector<RegionCode>& codes) override;
  Result<std::vector<Region>> children(const std::optional<RegionCode>& parent) override;
  Result<Page<Region>> search(std::string_view q, const Scope& scope, const PageRequest& page) override;
  Result<std::int64_t> count() override;
  Result<UpsertCounts> upsert(std::span<const Region> regions) override;

 private:
  Connection& c_;
};

class SqlStations final : public StationRepository {
 public:
  explicit SqlStations(Connection& c) : c_(c) {}
  Result<std::optional<Station>> find(std::string_view id, const Scope& scope) override;
  Result<bool> exists(std::string_view id) override;
  Result<void> insert(const Station& s) override;
  Result<bool> update(const Station& s, std::int64_t expected_version) override;
  Result<Page<Station>> list(const StationFilter& f, const PageRequest& page) override;
  Result<std::map<StationKind, std::int64_t>> count_active_by_kind(const Scope& scope) override;

 private:
  Connection& c_;
};

class SqlGrids final : public GridRepository {
 public:
  explicit SqlGrids(Connection& c) : c_(c) {}
  Result<std::optional<Grid>> find(std::string_view id, const Scope& scope) override;
  Result<bool> exists(std::string_view id) override;
  Result<void> insert(const Grid& g) override;
  Result<bool> update(const Grid& g, std::int64_t expected_version) override;
  Result<Page<Grid>> list(const GridFilter& f, const PageRequest& page) override;
  Result<std::int64_t> count_active_children(std::string_view grid_id) override;
  Result<GridSummary> summary(const Scope& scope) override;

 private:
  Connection& c_;
};

class SqlUsers final : public UserRepository {
 public:
  explicit SqlUsers(Connection& c) : c_(c) {}
  Result<std::optional<User>> find_by_username(std::string_view username) override;
  Result<std::optional<User>> find_by_id(std::string_view id) override;
  Result<void> insert(const User& u) override;
  Result<void> set_password(std::string_view id, std::string_view hash, TimestampMs changed_at,
                            bool must_change) override;
  Result<std::int64_t> count() override;
  Result<void> set_totp(std::string_view id, std::string_view encrypted_secret, bool active) override;
  Result<bool> advance_totp_step(std::string_view id, std::int64_t step) override;
  Result<void> set_active(std::string_view id, bool active) override;
  Result<void> reseal_totp(std::string_view id, std::string_view encrypted_secret) override;
  Result<Page<User>> list(const Scope& scope, std::string_view q, const PageRequest& page) override;

 private:
  Result<std::optional<User>> find_where(const std::string& column, std::string_view value);
  static User row(const Statement& st);
  Connection& c_;
};

class SqlSessions final : public SessionRepository {
 public:
  explicit SqlSessions(Connection& c) : c_(c) {}
  Result<void> insert(const Session& s) override;
  Result<std::optional<Session>> find(std::string_view token_hash) override;
  Result<void> touch(std::string_view token_hash, TimestampMs at) override;
  Result<void> remove(std::string_view token_hash) override;
  Result<std::int64_t> remove_expired(TimestampMs now, TimestampMs idle_ms) override;
  Result<std::int64_t> remove_for_user(std::string_view user_id, std::string_view except = {}) override;
  Result<Page<Listed>> list(const Scope& scope, TimestampMs now, TimestampMs idle_ms, const PageRequest& page) override;

 private:
  Connection& c_;
};

class SqlAudit final : public AuditRepository {
 public:
  explicit SqlAudit(Connection& c) : c_(c) {}
  Result<Head> lock_head() override;
  Result<Head> head() override;
  Result<void> append(const AuditEntry& e, std::string_view key_id, std::string_view mac) override;
  Result<Page<AuditEntry>> list(const AuditFilter& f, const PageRequest& page) override;
  Result<void> scan(const std::function<Result<void>(const AuditEntry&)>& fn) override;
  Result<std::int64_t> prune_before(TimestampMs cutoff) override;

 private:
  Connection& c_;
};

class SqlLoginFailures final : public LoginFailureRepository {
 public:
  explicit SqlLoginFailures(Connection& c) : c_(c) {}
  Result<FailureCount> get(std::string_view subject) override;
  Result<void> put(std::string_view subject, const FailureCount& f) override;
  Result<void> clear(std::string_view subject) override;
  Result<std::vector<std::pair<std::string, FailureCount>>> locked(std::string_view prefix, std::int64_t now) override;

 private:
  Connection& c_;
};

class SqlRolePermissions final : public RolePermissionRepository {
 public:
  explicit SqlRolePermissions(Connection& c) : c_(c) {}
  Result<std::vector<Row>> all() override;
  Result<void> replace(std::string_view role, const std::vector<Row>& rows) override;

 private:
  Connection& c_;
};

class SqlPersons final : public PersonRepository {
 public:
  explicit SqlPersons(Connection& c) : c_(c) {}
  Result<std::optional<PersonRecord>> find(std::string_view id, const Scope& scope, std::string_view on) override;
  Result<bool> exists(std::string_view id) override;
  Result<std::optional<PersonRecord>> find_by_id_index(const std::vector<std::string>& indexes) override;
  Result<std::vector<PersonRecord>> same_name_and_birth(const Scope& scope, std::string_view name,
                                                        std::string_view birth_date,
                                                        std::string_view except_id) override;
  Result<void> insert(const PersonRecord& p) override;
  Result<void> insert_many(const std::vector<PersonRecord>& people) override;
  Result<bool> update(const PersonRecord& p, std::int64_t expected_version) override;
  Result<Page<PersonRecord>> list(const PersonFilter& f, const PageRequest& page) override;
  Result<std::vector<std::pair<std::string, std::string>>> ids_by_index(
      const std::vector<std::string>& indexes) override;
  Result<bool> set_merged_into(std::string_view id, const std::optional<std::string>& survivor,
                               TimestampMs at) override;
  Result<void> insert_merge(const MergeRecord& m) override;
  Result<std::optional<MergeRecord>> open_merge_of(std::string_view merged_id) override;
  Result<void> close_merge(std::string_view merge_id, TimestampMs at, std::string_view by) override;
  Result<std::vector<std::pair<PersonRecord, TimestampMs>>> merged_into(std::string_view survivor_id) override;
  Result<std::vector<PersonRecord>> members(std::string_view household_id) override;
  Result<void> fill_categories(std::vector<PersonRecord>& people, std::string_view on) override;
  Result<std::vector<PersonRecord>> scan_after(std::string_view after_id, int limit) override;
  Result<bool> reseal(const PersonRecord& p) override;

 private:
  Connection& c_;
};

class SqlCategories final : public CategoryRepository {
 public:
  explicit SqlCategories(Connection& c) : c_(c) {}
  Result<std::vector<Category>> all() override;
  Result<std::optional<Category>> find(std::string_view code) override;
  Result<void> insert(const Category& c) override;
  Result<void> update(const Category& c) override;
  Result<std::vector<CategoryEntry>> entries(std::string_view person_id) override;
  Result<std::optional<CategoryEntry>> find_entry(std::string_view entry_id) override;
  Result<void> insert_entry(const CategoryEntry& e) override;
  Result<void> insert_entries(const std::vector<CategoryEntry>& entries) override;
  Result<void> update_entry(const CategoryEntry& e) override;
  Result<std::int64_t> move_entries(std::string_view from, std::string_view to, std::string_view merge_id) override;
  Result<std::int64_t> restore_entries(std::string_view merge_id, std::string_view to) override;

 private:
  Connection& c_;
};

class SqlHouseholds final : public HouseholdRepository {
 public:
  explicit SqlHouseholds(Connection& c) : c_(c) {}
  Result<std::optional<HouseholdRecord>> find(std::string_view id, const Scope& scope) override;
  Result<bool> exists(std::string_view id) override;
  Result<void> insert(const HouseholdRecord& h) override;
  Result<bool> update(const HouseholdRecord& h, std::int64_t expected_version) override;
  Result<Page<HouseholdRecord>> list(const HouseholdFilter& f, const PageRequest& page) override;
  Result<std::vector<HouseholdRecord>> scan_after(std::string_view after_id, int limit) override;
  Result<bool> reseal_contacts(std::string_view id, std::string_view sealed, std::int64_t version) override;

 private:
  Connection& c_;
};

class SqlImportJobs final : public ImportJobRepository {
 public:
  explicit SqlImportJobs(Connection& c) : c_(c) {}
  Result<void> insert(const ImportJob& j) override;
  Result<void> update(const ImportJob& j) override;
  Result<void> add_transition(const ImportStatusChange& t) override;
  Result<void> touch(std::string_view id, TimestampMs at) override;
  Result<std::vector<ImportJob>> silent(TimestampMs silent_since) override;
  Result<std::optional<ImportJob>> find(std::string_view id, const Scope& scope, int max_errors) override;
  Result<Page<ImportJob>> list(const Scope& scope, const PageRequest& page) override;
  Result<void> add_errors(std::string_view job_id, std::int64_t first_seq,
                          const std::vector<ImportRowError>& errors) override;
  Result<std::vector<ImportRowError>> errors(std::string_view job_id) override;
  Result<std::vector<SealedCells>> cells_after(std::string_view job_id, std::int64_t seq, int limit) override;
  Result<void> reseal_cells(std::string_view job_id, std::int64_t seq, std::string_view sealed) override;

 private:
  Connection& c_;
};

class SqlCampaigns final : public CampaignRepository {
 public:
  explicit SqlCampaigns(Connection& c) : c_(c) {}
  Result<std::optional<Campaign>> find(std::string_view id, const Scope& scope) override;
  Result<bool> exists(std::string_view id) override;
  Result<void> insert(const Campaign& c) override;
  Result<bool> update(const Campaign& c, std::int64_t expected_version) override;
  Result<Page<Campaign>> list(const CampaignFilter& f, const PageRequest& page) override;
  Result<std::vector<Campaign>> active_over(const RegionCode& region, std::string_view category) override;
  Result<void> lock_over(const RegionCode& region) override;

 private:
  Connection& c_;
};

class SqlTargets final : public TargetRepository {
 public:
  explicit SqlTargets(Connection& c) : c_(c) {}
  Result<std::vector<TargetCandidate>> candidates(const Scope& scope, const std::vector<std::string>& categories,
                                                  std::string_view from, std::string_view to) override;
  Result<std::vector<TargetCandidate>> candidates_among(const std::vector<std::string>& person_ids, const Scope& scope,
                                                        const std::vector<std::string>& categories,
                                                        std::string_view from, std::string_view to) override;
  Result<std::int64_t> add(const std::vector<CampaignTarget>& targets) override;
  Result<std::optional<CampaignTarget>> find(std::string_view campaign_id, std::string_view target_id) override;
  Result<std::optional<CampaignTarget>> state(std::string_view campaign_id, std::string_view target_id) override;
  Result<std::vector<std::string>> member_ids(std::string_view target_id, std::string_view kind) override;
  Result<Page<CampaignTarget>> list(const TargetFilter& f, const PageRequest& page) override;
  Result<std::int64_t> count(std::string_view campaign_id, const Scope& scope,
                             const std::vector<std::string>& target_ids,
                             const std::optional<std::string>& grid_id) override;
  Result<std::int64_t> assign(std::string_view campaign_id, const Scope& scope,
                              const std::vector<std::string>& target_ids, const std::optional<std::string>& grid_id,
                              const std::optional<std::string>& worker_id) override;
  Result<void> update_visits(const CampaignTarget& t) override;
  Result<void> set_risk(std::string_view campaign_id, std::string_view target_id, std::string_view risk_level,
                        std::string_view next_due_on) override;
  Result<std::vector<TargetMember>> members(std::string_view target_id, std::string_view kind,
                                            std::string_view on) override;
  Result<std::optional<CampaignTarget>> locate(std::string_view target_id) override;

 private:
  Result<std::vector<TargetCandidate>> find_candidates(const std::vector<std::string>* person_ids, const Scope& scope,
                                                       const std::vector<std::string>& categories,
                                                       std::string_view from, std::string_view to);
  Connection& c_;
};

class SqlVisits final : public VisitRepository {
 public:
  explicit SqlVisits(Connection& c) : c_(c) {}
  Result<bool> exists(std::string_view id) override;
  Result<std::optional<VisitRecord>> find(std::string_view id, const Scope& scope) override;
  Result<std::optional<VisitRecord>> find_any(std::string_view id) override;
  Result<void> insert(const VisitRecord& v, std::string_view recorded_by) override;
  Result<bool> update(const VisitRecord& v, std::int64_t expected_version, std::string_view recorded_by) override;
  Result<std::vector<VisitVersion>> versions(std::string_view id) override;
  Result<Page<VisitRecord>> list(const VisitFilter& f, const PageRequest& page) override;
  Result<std::optional<std::pair<TimestampMs, TimestampMs>>> span(std::string_view campaign_id,
                                                                  std::string_view target_id) override;

 private:
  Connection& c_;
};

class SqlNeeds final : public NeedRepository {
 public:
  explicit SqlNeeds(Connection& c) : c_(c) {}
  Result<std::optional<NeedRecord>> find(std::string_view id, const Scope& scope) override;
  Result<bool> exists(std::string_view id) override;
  Result<void> insert(const NeedRecord& n) override;
  Result<bool> update(const NeedRecord& n, std::int64_t expected_version) override;
  Result<Page<NeedRecord>> list(const NeedFilter& f, const PageRequest& page) override;
  Result<std::optional<NeedTransition>> find_transition(std::string_view id) override;
  Result<void> insert_transition(const NeedTransition& t) override;
  Result<std::optional<NeedResource>> find_resource(std::string_view id) override;
  Result<void> insert_resource(const NeedResource& r) override;

 private:
  Connection& c_;
};

class SqlCoverage final : public CoverageRepository {
 public:
  explicit SqlCoverage(Connection& c) : c_(c) {}
  Result<void> add(const OutreachDelta& d) override;
  Result<std::vector<CoverageRow>> rows(const CoverageQuery& q) override;

 private:
  Connection& c_;
};
class SqlStats final : public StatsRepository {
 public:
  explicit SqlStats(Connection& c) : c_(c) {}
  Result<void> add(std::span<const StatDelta> deltas) override;
  Result<std::vector<StatRow>> rows(std::string_view node, std::string_view from_month) override;
  Result<std::optional<std::string>> share(std::string_view subject) override;
  Result<void> put_share(std::string_view subject, std::string_view deltas) override;
  Result<std::optional<PersonFacts>> person(std::string_view person_id) override;
  Result<HouseholdFacts> household(std::string_view target_id) override;
  Result<std::int64_t> distinct_households_visited(const Scope& scope, std::string_view from_day,
                                                   std::string_view to_day) override;
  Result<std::int64_t> count_workers(const Scope& scope) override;
  Result<void> scan_people(const std::function<Result<void>(const PersonFacts&)>& fn) override;
  Result<void> scan_households(const std::function<Result<void>(const HouseholdFacts&)>& fn) override;
  Result<void> scan_visits(const std::function<Result<void>(const VisitFacts&)>& fn) override;
  Result<void> scan_needs(const std::function<Result<void>(const NeedFacts&)>& fn) override;
  Result<void> scan_resources(const std::function<Result<void>(const ResourceFacts&)>& fn) override;
  Result<void> scan_counts(const std::function<Result<void>(const CountRow&)>& fn) override;
  Result<void> scan_shares(const std::function<Result<void>(std::string_view, std::string_view)>& fn) override;
  Result<bool> uncounted() override;
  Result<void> replace_all(const std::vector<CountRow>& counts,
                           const std::vector<std::pair<std::string, std::string>>& shares) override;

 private:
  Connection& c_;
};

class SqlRepositories final : public Repositories {
 public:
  explicit SqlRepositories(Connection& c)
      : regions_(c),
        stations_(c),
        grids_(c),
        users_(c),
        sessions_(c),
        audit_(c),
        failures_(c),
        roles_(c),
        persons_(c),
        categories_(c),
        households_(c),
        imports_(c),
        campaigns_(c),
        targets_(c),
        visits_(c),
        needs_(c),
        coverage_(c),
        stats_(c) {}
  RegionRepository& regions() override { return regions_; }
  StationRepository& stations() override { return stations_; }
  GridRepository& grids() override { return grids_; }
  UserRepository& users() override { return users_; }
  SessionRepository& sessions() override { return sessions_; }
  AuditRepository& audit() override { return audit_; }
  LoginFailureRepository& login_failures() override { return failures_; }
  RolePermissionRepository& role_permissions() override { return roles_; }
  PersonRepository& persons() override { return persons_; }
  CategoryRepository& categories() override { return categories_; }
  HouseholdRepository& households() override { return households_; }
  ImportJobRepository& imports() override { return imports_; }
  CampaignRepository& campaigns() override { return campaigns_; }
  TargetRepository& targets() override { return targets_; }
  VisitRepository& visits() override { return visits_; }
  NeedRepository& needs() override { return needs_; }
  CoverageRepository& coverage() override { return coverage_; }
  StatsRepository& stats() override { return stats_; }

 private:
  SqlRegions regions_;
  SqlStations stations_;
  SqlGrids grids_;
  SqlUsers users_;
  SqlSessions sessions_;
  SqlAudit audit_;
  SqlLoginFailures failures_;
  SqlRolePermissions roles_;
  SqlPersons persons_;
  SqlCategories categories_;
  SqlHouseholds households_;
  SqlImportJobs imports_;
  SqlCampaigns campaigns_;
  SqlTargets targets_;
  SqlVisits visits_;
  SqlNeeds needs_;
  SqlCoverage coverage_;
  SqlStats stats_;
};

} // namespace shegong::sql
