// The register's records, described once: persons and households as the store keeps
// them (personal data sealed by the vault before it gets here, masked copies beside it).
#pragma once

#include "shegong/app/person_ports.hpp"
#include "shegong/records/record.hpp"

namespace shegong::records {

template <>
struct Record<PersonRecord> {
  static constexpr std::string_view table = "persons", alias = "p";
  static constexpr std::string_view from =
      "persons p LEFT JOIN regions r ON r.code = p.region_code LEFT JOIN grids g ON g.id = p.grid_id "
      "LEFT JOIN users u ON u.id = p.worker_id LEFT JOIN households h ON h.id = p.household_id";
  static constexpr auto fields = std::make_tuple(
      field("id", &PersonRecord::id, key | uuid), field("region_code", &PersonRecord::region_code),
      field("name", &PersonRecord::name), field("name_pinyin", &PersonRecord::name_pinyin),
      field("name_initials", &PersonRecord::name_initials), field("id_sealed", &PersonRecord::id_sealed),
      field("id_index", &PersonRecord::id_index), field("id_masked", &PersonRecord::id_masked),
      field("sex", &PersonRecord::sex), field("birth_date", &PersonRecord::birth_date, date),
      field("phone_sealed", &PersonRecord::phone_sealed), field("phone_masked", &PersonRecord::phone_masked),
      field("health_sealed", &PersonRecord::health_sealed), field("guardians_sealed", &PersonRecord::guardians_sealed),
      field("living_situation", &PersonRecord::living_situation), field("risk_level", &PersonRecord::risk_level),
      field("cadre_contact", &PersonRecord::cadre_contact), field("notes", &PersonRecord::notes),
      field("grid_id", &PersonRecord::grid_id, uuid), field("worker_id", &PersonRecord::worker_id, uuid),
      field("household_id", &PersonRecord::household_id, uuid), field("relation", &PersonRecord::relation),
      // Set and cleared only by merging and undoing a merge, which have their own statements.
      field("merged_into", &PersonRecord::merged_into, fixed | uuid), field("version", &PersonRecord::version),
      field("created_at", &PersonRecord::created_at, fixed | timestamp),
      field("updated_at", &PersonRecord::updated_at, timestamp), field("created_by", &PersonRecord::created_by, fixed),
      field("registered_address", &PersonRecord::registered_address),
      field("current_address", &PersonRecord::current_address),
      field("region_name", &PersonRecord::region_name, read_model, "COALESCE(r.name, '')"),
      field("grid_name", &PersonRecord::grid_name, read_model, "COALESCE(g.name, '')"),
      field("worker_name", &PersonRecord::worker_name, read_model, "COALESCE(u.display_name, '')"),
      field("household_address", &PersonRecord::household_address, read_model, "COALESCE(h.address, '')"));
};

template <>
struct Record<HouseholdRecord> {
  static constexpr std::string_view table = "households", alias = "h";
  static constexpr std::string_view from =
      "households h LEFT JOIN regions r ON r.code = h.region_code LEFT JOIN grids g ON g.id = h.grid_id "
      "LEFT JOIN grids m ON m.id = h.micro_grid_id";
  static constexpr auto fields = std::make_tuple(
      field("id", &HouseholdRecord::id, key | uuid), field("region_code", &HouseholdRecord::region_code, fixed),
      field("address", &HouseholdRecord::address), field("grid_id", &HouseholdRecord::grid_id, uuid),
      field("micro_grid_id", &HouseholdRecord::micro_grid_id, uuid),
      field("contacts_sealed", &HouseholdRecord::contacts_sealed), field("version", &HouseholdRecord::version),
      field("created_at", &HouseholdRecord::created_at, fixed | timestamp),
      field("updated_at", &HouseholdRecord::updated_at, timestamp),
      field("region_name", &HouseholdRecord::region_name, read_model, "COALESCE(r.name, '')"),
      field("grid_name", &HouseholdRecord::grid_name, read_model, "COALESCE(g.name, '')"),
      field("micro_grid_name", &HouseholdRecord::micro_grid_name, read_model, "COALESCE(m.name, '')"),
      field("head_name", &HouseholdRecord::head_name, read_model,
            "COALESCE((SELECT MIN(p.name) FROM persons p WHERE p.household_id = h.id AND p.relation = 'head' "
            "AND p.merged_into IS NULL), '')"),
      field("members", &HouseholdRecord::members, read_model,
            "(SELECT COUNT(*) FROM persons p WHERE p.household_id = h.id AND p.merged_into IS NULL)"));
};

// An import job as the store keeps it; its wire names differ (created, user), so its
// JSON is the import handler's.
template <>
struct Record<ImportJob> {
  static constexpr std::string_view table = "import_jobs", alias = "j";
  static constexpr std::string_view from = "import_jobs j";
  static constexpr auto fields = std::make_tuple(
      field("id", &ImportJob::id, key | uuid), field("region_code", &ImportJob::region_code, fixed),
      field("user_id", &ImportJob::user_id, fixed | uuid), field("username", &ImportJob::username, fixed),
      field("filename", &ImportJob::filename, fixed), field("mode", &ImportJob::mode, fixed),
      field("status", &ImportJob::status), field("total_rows", &ImportJob::total_rows),
      field("processed_rows", &ImportJob::processed_rows), field("created_rows", &ImportJob::created_rows),
      field("unchanged_rows", &ImportJob::unchanged_rows), field("failed_rows", &ImportJob::failed_rows),
      field("committed", &ImportJob::committed), field("message", &ImportJob::message),
      field("started_at", &ImportJob::started_at, fixed | timestamp),
      field("finished_at", &ImportJob::finished_at, timestamp),
      field("heartbeat_at", &ImportJob::heartbeat_at, timestamp));
};

template <>
struct Record<ImportStatusChange> {
  static constexpr std::string_view table = "import_transitions", alias = "t";
  static constexpr std::string_view from = "import_transitions t";
  static constexpr auto fields = std::make_tuple(
      field("job_id", &ImportStatusChange::job_id, key | uuid), field("seq", &ImportStatusChange::seq, fixed),
      field("from_status", &ImportStatusChange::from, fixed), field("to_status", &ImportStatusChange::to, fixed),
      field("at", &ImportStatusChange::at, fixed | timestamp), field("by_user", &ImportStatusChange::by, fixed));
};

} // namespace shegong::records
