// The ports the use cases need from the outside world. The store adapters
// (SQLite now, PostgreSQL next) implement the repositories and the unit of work;
// the crypto adapter implements hashing and tokens.
//
// Scope is a parameter of every read that serves a user request: there is no
// unscoped read path for user data.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/clock.hpp"
#include "shegong/core/region_code.hpp"
#include "shegong/core/result.hpp"
#include "shegong/domain/access.hpp"
#include "shegong/domain/audit.hpp"
#include "shegong/domain/password.hpp"
#include "shegong/domain/grid.hpp"
#include "shegong/domain/region.hpp"
#include "shegong/domain/station.hpp"
#include "shegong/app/outreach_ports.hpp"
#include "shegong/app/person_ports.hpp"
#include "shegong/app/stats_ports.hpp"

namespace shegong {

struct PageRequest {
  int page = 1; // 1-based
  int page_size = 20; // 1..200
  std::string sort; // a field name the use case has checked against its allow-list
  bool descending = false;
};

// Lists count what matches up to this many; past it a total is "at least" (a
// province's whole register is never counted to show a page).
inline constexpr std::int64_t kTotalCap = 10'000;

template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
  bool total_exact = true; // false: `total` is kTotalCap and more match
  int page = 1;
  int page_size = 20;
};

struct RegionSearchHit {
  Region region;
  std::string path; // names of the ancestors and the region, joined by '/'
};

class RegionRepository {
 public:
  virtual ~RegionRepository() = default;
  virtual Result<std::optional<Region>> find(const RegionCode& code) = 0;
  // The regions that exist among `codes`, in code order.
  virtual Result<std::vector<Region>> find_many(const std::vector<RegionCode>& codes) = 0;
  // Children of `parent`, or the provinces when parent is nullopt; has_children filled.
  virtual Result<std::vector<Region>> children(const std::optional<RegionCode>& parent) = 0;
  // Regions inside `scope` whose name contains `q`, shallow levels first.
  virtual Result<Page<Region>> search(std::string_view q, const Scope& scope, const PageRequest& page) = 0;
  virtual Result<std::int64_t> count() = 0;
  struct UpsertCounts {
    std::int64_t inserted = 0, renamed = 0, unchanged = 0;
  };
  // Inserts new codes and renames changed ones; never deletes (codes are retired, not reused).
  virtual Result<UpsertCounts> upsert(std::span<const Region> regions) = 0;
};

struct StationFilter {
  Scope scope = Scope::national();
  std::optional<StationKind> kind;
  std::optional<bool> active;
  std::string q; // name contains
};

class StationRepository {
 public:
  virtual ~StationRepository() = default;
  virtual Result<std::optional<Station>> find(std::string_view id, const Scope& scope) = 0;
  // Looks a station up by id whatever the scope; only for idempotency checks of a create.
  virtual Result<bool> exists(std::string_view id) = 0;
  virtual Result<void> insert(const Station& s) = 0;
  // Writes `s` if the stored version is still `expected_version`; false when it is not.
  virtual Result<bool> update(const Station& s, std::int64_t expected_version) = 0;
  virtual Result<Page<Station>> list(const StationFilter& f, const PageRequest& page) = 0;
  virtual Result<std::map<StationKind, std::int64_t>> count_active_by_kind(const Scope& scope) = 0;
};

struct GridFilter {
  Scope scope = Scope::national();
  std::optional<GridKind> kind;
  std::optional<std::string> parent_id;
  std::optional<bool> active;
  std::string q;
};

struct GridSummary {
  std::int64_t grids = 0, micro_grids = 0, households = 0, residents = 0;
};

class GridRepository {
 public:
  virtual ~GridRepository() = default;
  virtual Result<std::optional<Grid>> find(std::string_view id, const Scope& scope) = 0;
  virtual Result<bool> exists(std::string_view id) = 0;
  virtual Result<void> insert(const Grid& g) = 0;
  virtual Result<bool> update(const Grid& g, std::int64_t expected_version) = 0;
  virtual Result<Page<Grid>> list(const GridFilter& f, const PageRequest& page) = 0;
  virtual Result<std::int64_t> count_active_children(std::string_view grid_id) = 0;
  // Active grids and micro-grids; households and residents are summed over grids only,
  // since micro-grids subdivide them.
  virtual Result<GridSummary> summary(const Scope& scope) = 0;
};

struct User {
  std::string id;
  std::string username;
  std::string display_name;
  std::string password_hash;
  Role role = Role::viewer;
  std::optional<RegionCode> region_code; // nullopt: the whole country
  bool active = true;
  TimestampMs created_at = 0;
  bool must_change_password = false; // set for a new account and after a reset
  TimestampMs password_changed_at = 0;
  std::string totp_secret; // encrypted (SecretBox); empty when never enrolled
  bool totp_active = false; // confirmed: sign-in asks for a code
  std::int64_t totp_last_step = 0; // the last accepted time step; older codes are refused
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual Result<std::optional<User>> find_by_username(std::string_view username) = 0;
  virtual Result<std::optional<User>> find_by_id(std::string_view id) = 0;
  virtual Result<void> insert(const User& u) = 0;
  // Stores a new password hash; `must_change` asks for another change at next sign-in.
  virtual Result<void> set_password(std::string_view id, std::string_view hash, TimestampMs changed_at,
                                    bool must_change) = 0;
  virtual Result<std::int64_t> count() = 0;
  virtual Result<void> set_totp(std::string_view id, std::string_view encrypted_secret, bool active) = 0;
  // Replaces the sealed secret with the same secret sealed again (key rotation).
  virtual Result<void> reseal_totp(std::string_view id, std::string_view encrypted_secret) = 0;
  virtual Result<void> set_active(std::string_view id, bool active) = 0;
  // Accounts bound inside `scope` (a national scope also lists national accounts), by user name.
  virtual Result<Page<User>> list(const Scope& scope, std::string_view q, const PageRequest& page) = 0;
  // Records an accepted step if it is newer than the stored one; false on a replay.
  virtual Result<bool> advance_totp_step(std::string_view id, std::int64_t step) = 0;
};

struct Session {
  std::string token_hash; // the token itself is never stored
  std::string user_id;
  TimestampMs created_at = 0;
  TimestampMs last_seen_at = 0;
  TimestampMs expires_at = 0; // absolute end
  std::string remote_address;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Result<void> insert(const Session& s) = 0;
  virtual Result<std::optional<Session>> find(std::string_view token_hash) = 0;
  virtual Result<void> touch(std::string_view token_hash, TimestampMs at) = 0;
  virtual Result<void> remove(std::string_view token_hash) = 0;
  virtual Result<std::int64_t> remove_expired(TimestampMs now, TimestampMs idle_ms) = 0;
  // Ends the account's sessions, except the one whose hash is `except` (if given).
  virtual Result<std::int64_t> remove_for_user(std::string_view user_id, std::string_view except = {}) = 0;
  struct Listed {
    Session session;
    std::string username;
  };
  // Sessions not yet expired or idle of accounts inside `scope` (national accounts only
  // for a national scope), most recently used first.
  virtual Result<Page<Listed>> list(const Scope& scope, TimestampMs now, TimestampMs idle_ms,
                                    const PageRequest& page) = 0;
};

struct AuditFilter {
  Scope scope = Scope::national(); // a region-bound auditor sees the entries about its area
  std::string user_id, record_id, action;
  std::optional<TimestampMs> from, to; // [from, to)
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  struct Head {
    std::int64_t seq = 0;
    std::string hash;
    std::int64_t pruned_seq = 0; // entries 1..pruned_seq were removed under the retention rule
    std::string pruned_hash; // the hash of entry pruned_seq
    std::string key_id, mac; // the head signed under the chain's key (domain/audit.hpp head_text)
  };
  // The chain's head, locked for the rest of the transaction so appends queue.
  virtual Result<Head> lock_head() = 0;
  virtual Result<Head> head() = 0;
  // Appends an entry whose seq, prev_hash and hash are set, and moves the head to it,
  // signed by `mac` under `key_id`.
  virtual Result<void> append(const AuditEntry& e, std::string_view key_id, std::string_view mac) = 0;
  virtual Result<Page<AuditEntry>> list(const AuditFilter& f, const PageRequest& page) = 0; // newest first
  // Removes the entries older than `cutoff` from the front of the trail (never one
  // after a kept entry) and records the anchor in the head; returns how many.
  virtual Result<std::int64_t> prune_before(TimestampMs cutoff) = 0;
  // Every entry in stored (seq) order, one at a time; stops at the first error.
  virtual Result<void> scan(const std::function<Result<void>(const AuditEntry&)>& fn) = 0;
};

class LoginFailureRepository {
 public:
  virtual ~LoginFailureRepository() = default;
  virtual Result<FailureCount> get(std::string_view subject) = 0; // zero when none
  virtual Result<void> put(std::string_view subject, const FailureCount& f) = 0;
  virtual Result<void> clear(std::string_view subject) = 0;
  // Subjects starting with `prefix` that are locked at `now`, the longest-locked first.
  virtual Result<std::vector<std::pair<std::string, FailureCount>>> locked(std::string_view prefix,
                                                                           std::int64_t now) = 0;
};

class RolePermissionRepository {
 public:
  virtual ~RolePermissionRepository() = default;
  struct Row {
    std::string role, action, resource;
  };
  virtual Result<std::vector<Row>> all() = 0;
  virtual Result<void> replace(std::string_view role, const std::vector<Row>& rows) = 0;
};

// The repositories bound to one transaction.
class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual RegionRepository& regions() = 0;
  virtual StationRepository& stations() = 0;
  virtual GridRepository& grids() = 0;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual AuditRepository& audit() = 0;
  virtual LoginFailureRepository& login_failures() = 0;
  virtual RolePermissionRepository& role_permissions() = 0;
  virtual PersonRepository& persons() = 0;
  virtual CategoryRepository& categories() = 0;
  virtual HouseholdRepository& households() = 0;
  virtual ImportJobRepository& imports() = 0;
  virtual CampaignRepository& campaigns() = 0;
  virtual TargetRepository& targets() = 0;
  virtual VisitRepository& visits() = 0;
  virtual NeedRepository& needs() = 0;
  virtual CoverageRepository& coverage() = 0;
  virtual StatsRepository& stats() = 0;
};

// The unit of work. `fn` runs inside one transaction: if it returns an error, or
// throws, nothing it wrote stays. Thread-safe: each call takes its own connection.
class Store {
 public:
  virtual ~Store() = default;
  using Work = std::function<Result<void>(Repositories&)>;
  virtual Result<void> read(const Work& fn) = 0;
  virtual Result<void> write(const Work& fn) = 0;
  virtual Result<void> ping() = 0;
};

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  virtual Result<std::string> hash(std::string_view password) = 0;
  virtual bool verify(std::string_view hash, std::string_view password) = 0;
};

// Encrypts small secrets at rest (SM4 + HMAC-SM3 in production). `context` names the
// field, so a value copied into another field does not decrypt.
class SecretBox {
 public:
  virtual ~SecretBox() = default;
  virtual Result<std::string> seal(std::string_view plaintext, std::string_view context) = 0;
  virtual Result<std::string> open(std::string_view sealed, std::string_view context) = 0;
  // True when `sealed` was made under a key or algorithm that is no longer current.
  virtual bool needs_rotation(std::string_view sealed) const = 0;
};

// RFC 6238 one-time codes.
class OneTimeCodes {
 public:
  virtual ~OneTimeCodes() = default;
  virtual Result<std::string> new_secret() = 0; // base32
  virtual std::string uri(std::string_view account, std::string_view secret_base32) = 0;
  // The matched time step (±1 step of clock drift), or nullopt.
  virtual std::optional<std::int64_t> verify(std::string_view secret_base32, std::string_view code,
                                             std::int64_t unix_seconds) = 0;
};

// One sheet of a workbook; cells in `numeric` columns that parse as numbers are written as numbers.
struct SheetData {
  std::string name;
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;
};

// Writes a table as a spreadsheet file (XLSX), returned as bytes.
class SpreadsheetWriter {
 public:
  virtual ~SpreadsheetWriter() = default;
  virtual Result<std::string> write(std::string_view sheet_name, const std::vector<std::string>& headers,
                                    const std::vector<std::vector<std::string>>& rows) = 0;
  virtual Result<std::string> write_book(const std::vector<SheetData>& sheets) = 0;
};

// The audit chain's keyed link (domain/audit.hpp) and the witness's signature.
class ChainHasher {
 public:
  virtual ~ChainHasher() = default;
  // The key new links are made under; empty when the server has no key ring (plain SM3).
  virtual std::string current_key() const = 0;
  // The link under `key_id` (empty: plain SM3); nullopt when the ring lacks that key.
  virtual std::optional<std::string> link(std::string_view key_id, std::string_view prev_hash,
                                          std::string_view canonical_entry) = 0;
  // A signature of `text` under `key_id`'s witness key; nullopt without that key.
  virtual std::optional<std::string> sign(std::string_view key_id, std::string_view text) = 0;
};

class TokenService {
 public:
  virtual ~TokenService() = default;
  virtual std::string new_token() = 0; // opaque, URL-safe, 256 bits
  virtual std::string hash(std::string_view token) = 0; // what the store keeps
};

} // namespace shegong
