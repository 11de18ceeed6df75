// The register's repositories and the adapters it needs beyond those in ports.hpp.
// Records here are in their stored form: personal fields sealed, with the masked
// forms beside them, so that a list never needs a key.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shegong/core/region_code.hpp"
#include "shegong/core/result.hpp"
#include "shegong/domain/person.hpp"

namespace shegong {

struct PageRequest;
template <typename T>
struct Page;

struct PersonRecord {
  std::string id;
  RegionCode region_code;
  std::string name, name_pinyin, name_initials;
  std::string id_sealed, id_masked;
  std::optional<std::string> id_index; // blind index of the ID number; nullopt when none
  std::string sex = "0", birth_date;
  std::string phone_sealed, phone_masked, health_sealed, guardians_sealed;
  std::string registered_address, current_address;
  std::string living_situation, risk_level = "low", cadre_contact, notes;
  std::optional<std::string> grid_id, worker_id, household_id, relation, merged_into;
  std::int64_t version = 1;
  TimestampMs created_at = 0, updated_at = 0;
  std::string created_by;
  // read model: filled by the store on reads
  std::string region_name, grid_name, worker_name, household_address;
  std::vector<std::string> categories; // held on the filter's day (lists) or today
};

struct PersonFilter {
  Scope scope = Scope::national();
  std::string name_prefix; // Chinese characters, matched from the first
  std::string pinyin_prefix; // lower-case letters: full pinyin or initials
  std::vector<std::string> id_indexes; // exact ID number: its blind index under every key
  std::optional<std::string> category;
  std::string on; // the day categories are read for (YYYY-MM-DD)
  std::optional<std::string> grid_id, worker_id, risk_level, household_id;
  bool include_merged = false;
};

struct MergeRecord {
  std::string id, survivor_id, merged_id, reason, merged_by;
  TimestampMs merged_at = 0;
  std::optional<TimestampMs> undone_at;
};

class PersonRepository {
 public:
  virtual ~PersonRepository() = default;
  virtual Result<std::optional<PersonRecord>> find(std::string_view id, const Scope& scope, std::string_view on) = 0;
  virtual Result<bool> exists(std::string_view id) = 0;
  // The person holding any of these ID-number indexes, wherever they live (deduplication).
  virtual Result<std::optional<PersonRecord>> find_by_id_index(const std::vector<std::string>& indexes) = 0;
  // Unmerged persons inside `scope` with this name and birth date, except `except_id`.
  virtual Result<std::vector<PersonRecord>> same_name_and_birth(const Scope& scope, std::string_view name,
                                                                std::string_view birth_date,
                                                                std::string_view except_id) = 0;
  virtual Result<void> insert(const PersonRecord& p) = 0;
  virtual Result<void> insert_many(const std::vector<PersonRecord>& people) = 0;
  virtual Result<bool> update(const PersonRecord& p, std::int64_t expected_version) = 0;
  virtual Result<Page<PersonRecord>> list(const PersonFilter& f, const PageRequest& page) = 0;
  // Every person in `ids` found by the blind index: index -> person id (for imports).
  virtual Result<std::vector<std::pair<std::string, std::string>>> ids_by_index(
      const std::vector<std::string>& indexes) = 0;
  // Sets (or clears) merged_into if it is not already set (or cleared); false when someone else did first.
  virtual Result<bool> set_merged_into(std::string_view id, const std::optional<std::string>& survivor,
                                       TimestampMs at) = 0;
  virtual Result<void> insert_merge(const MergeRecord& m) = 0;
  virtual Result<std::optional<MergeRecord>> open_merge_of(std::string_view merged_id) = 0;
  virtual Result<void> close_merge(std::string_view merge_id, TimestampMs at, std::string_view by) = 0;
  // The persons merged into `survivor_id` (open merges), oldest first.
  virtual Result<std::vector<std::pair<PersonRecord, TimestampMs>>> merged_into(std::string_view survivor_id) = 0;
  // Fills each person's categories held on `on` (the lists and finds do it themselves).
  virtual Result<void> fill_categories(std::vector<PersonRecord>& people, std::string_view on) = 0;
  // The members of a household (unmerged), head first.
  virtual Result<std::vector<PersonRecord>> members(std::string_view household_id) = 0;
  // Every person (merged ones too) with an id after `after_id`, in id order: a whole-table walk.
  virtual Result<std::vector<PersonRecord>> scan_after(std::string_view after_id, int limit) = 0;
  // Writes sealed fields and the blind index again (key rotation) if the stored version is
  // still p.version; the version stays. False when the person was edited meanwhile.
  virtual Result<bool> reseal(const PersonRecord& p) = 0;
};

class CategoryRepository {
 public:
  virtual ~CategoryRepository() = default;
  virtual Result<std::vector<Category>> all() = 0;
  virtual Result<std::optional<Category>> find(std::string_view code) = 0;
  virtual Result<void> insert(const Category& c) = 0;
  virtual Result<void> update(const Category& c) = 0;
  virtual Result<std::vector<CategoryEntry>> entries(std::string_view person_id) = 0; // newest first
  virtual Result<std::optional<CategoryEntry>> find_entry(std::string_view entry_id) = 0;
  virtual Result<void> insert_entry(const CategoryEntry& e) = 0;
  virtual Result<void> insert_entries(const std::vector<CategoryEntry>& entries) = 0;
  virtual Result<void> update_entry(const CategoryEntry& e) = 0;
  // Moves every entry of `from` to `to`, remembering the merge; returns how many.
  virtual Result<std::int64_t> move_entries(std::string_view from, std::string_view to, std::string_view merge_id) = 0;
  // Moves the entries a merge moved back to `to`.
  virtual Result<std::int64_t> restore_entries(std::string_view merge_id, std::string_view to) = 0;
};

struct HouseholdRecord {
  std::string id;
  RegionCode region_code;
  std::string address;
  std::optional<std::string> grid_id, micro_grid_id;
  std::string contacts_sealed;
  std::int64_t version = 1;
  TimestampMs created_at = 0, updated_at = 0;
  // read model
  std::string region_name, grid_name, micro_grid_name, head_name;
  std::int64_t members = 0;
};

struct HouseholdFilter {
  Scope scope = Scope::national();
  std::string q; // address contains
  std::optional<std::string> grid_id;
};

class HouseholdRepository {
 public:
  virtual ~HouseholdRepository() = default;
  virtual Result<std::optional<HouseholdRecord>> find(std::string_view id, const Scope& scope) = 0;
  virtual Result<bool> exists(std::string_view id) = 0;
  virtual Result<void> insert(const HouseholdRecord& h) = 0;
  virtual Result<bool> update(const HouseholdRecord& h, std::int64_t expected_version) = 0;
  virtual Result<Page<HouseholdRecord>> list(const HouseholdFilter& f, const PageRequest& page) = 0;
  virtual Result<std::vector<HouseholdRecord>> scan_after(std::string_view after_id, int limit) = 0;
  virtual Result<bool> reseal_contacts(std::string_view id, std::string_view sealed, std::int64_t version) = 0;
};

struct ImportRowError {
  std::int64_t row = 0;
  std::string column, reason;
  // The row as read, for the downloadable report: it may hold ID numbers and phones,
  // so the store keeps it sealed (the service seals and opens it).
  std::string cells_sealed;
};

// A change of an import job's status (kImportTransitions in domain/vocabulary.hpp).
struct ImportStatusChange {
  std::string job_id;
  std::int64_t seq = 0; // 1, 2, … within the job
  std::string from, to; // from is empty for the job being queued
  TimestampMs at = 0;
  std::string by; // a username
};

struct ImportJob {
  std::string id;
  std::optional<RegionCode> region_code; // the importer's area
  std::string user_id, username, filename;
  std::string mode = "all_or_nothing"; // or valid_rows
  std::string status = "queued"; // queued, reading, checking, writing, done, failed
  std::int64_t total_rows = 0, processed_rows = 0, created_rows = 0, unchanged_rows = 0, failed_rows = 0;
  bool committed = false;
  std::string message;
  TimestampMs started_at = 0;
  std::optional<TimestampMs> finished_at;
  TimestampMs heartbeat_at = 0; // the runner's last sign of life
  std::vector<ImportRowError> errors; // the first ones, on reads of one job
  std::vector<ImportStatusChange> history; // on reads of one job, and kept by the job's runner
};

class ImportJobRepository {
 public:
  virtual ~ImportJobRepository() = default;
  virtual Result<void> insert(const ImportJob& j) = 0;
  virtual Result<void> update(const ImportJob& j) = 0; // counts, status, message, times
  virtual Result<void> add_transition(const ImportStatusChange& t) = 0;
  virtual Result<void> touch(std::string_view id, TimestampMs at) = 0;
  // Jobs not done or failed whose runner was last seen before `silent_since`, anywhere.
  virtual Result<std::vector<ImportJob>> silent(TimestampMs silent_since) = 0;
  virtual Result<std::optional<ImportJob>> find(std::string_view id, const Scope& scope, int max_errors) = 0;
  virtual Result<Page<ImportJob>> list(const Scope& scope, const PageRequest& page) = 0;
  virtual Result<void> add_errors(std::string_view job_id, std::int64_t first_seq,
                                  const std::vector<ImportRowError>& errors) = 0;
  virtual Result<std::vector<ImportRowError>> errors(std::string_view job_id) = 0;
  // The sealed cells of stored failures after (job_id, seq), in that order: a walk for key rotation.
  struct SealedCells {
    std::string job_id;
    std::int64_t seq = 0;
    std::string cells_sealed;
  };
  virtual Result<std::vector<SealedCells>> cells_after(std::string_view job_id, std::int64_t seq, int limit) = 0;
  virtual Result<void> reseal_cells(std::string_view job_id, std::int64_t seq, std::string_view sealed) = 0;
};

// Reads the rows of a spreadsheet file (CSV in UTF-8 or GBK, or XLSX) as text cells,
// numbered as a spreadsheet program shows them. Returns a description of the format.
class SpreadsheetReader {
 public:
  virtual ~SpreadsheetReader() = default;
  using RowFn = std::function<Result<void>(std::size_t row_number, std::vector<std::string>& cells)>;
  virtual Result<std::string> read(std::string_view bytes, const RowFn& fn) = 0;
};

// Runs long work (imports) off the request threads.
class JobRunner {
 public:
  virtual ~JobRunner() = default;
  // Holds a place in the queue; false when too much work waits already (the caller asks
  // the user to retry, having written nothing).
  virtual bool reserve() = 0;
  // Runs `work` in the place reserve() held; an empty `work` gives the place back.
  virtual void run_reserved(std::function<void()> work) = 0;
};

// A person's name as letters, for search by pinyin: "张丽丽" -> {"zhanglili", "zll"},
// with surnames read as surnames (单 shan, 曾 zeng). Thread-safe.
struct NameKeys {
  std::string pinyin, initials;
};
class NameIndexer {
 public:
  virtual ~NameIndexer() = default;
  virtual NameKeys keys(std::string_view name) = 0;
};

// Keyed, deterministic hash of a value for exact lookup of encrypted fields.
class BlindIndex {
 public:
  virtual ~BlindIndex() = default;
  virtual Result<std::string> index(std::string_view value, std::string_view purpose) = 0;
  // The value's index under every key in the ring (lookups during a key rotation).
  virtual Result<std::vector<std::string>> all_indexes(std::string_view value, std::string_view purpose) = 0;
};

} // namespace shegong
