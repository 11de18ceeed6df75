// Copying a whole store into another (SQLite → PostgreSQL when a county's data moves
// to the province), table by table in foreign-key order, with counts checked.
#include "migrator.hpp"
#include "pool.hpp"
#include "shegong/store/sql_store.hpp"

namespace shegong {
namespace {

struct TableSpec {
  const char* name;
  std::vector<std::string> columns;
  const char* order; // parents before children
  bool seeded = false; // the migrations fill it; the source's rows replace those
};

// Every table that holds records. Sessions and sign-in failure counts are left
// behind on purpose; the audit trail's head is copied after its entries.
const std::vector<TableSpec>& tables() {
  static const std::vector<TableSpec> t = {
      {"regions", {"code", "parent_code", "level", "name"}, "level, code"},
      {"users",
       {"id", "username", "display_name", "password_hash", "role", "region_code", "active", "created_at",
        "must_change_password", "password_changed_at", "totp_secret", "totp_active", "totp_last_step"},
       "id"},
      {"stations",
       {"id", "region_code", "name", "kind", "address", "phone", "manager", "opened_on", "active", "version",
        "created_at", "updated_at"},
       "id"},
      {"grids",
       {"id", "region_code", "parent_id", "kind", "name", "households", "residents", "grid_worker", "active", "version",
        "created_at", "updated_at"},
       "CASE WHEN parent_id IS NULL THEN 0 ELSE 1 END, id"},
      {"role_permissions", {"role", "action", "resource"}, "role, action, resource"},
      {"categories", {"code", "name", "description", "active", "builtin", "position"}, "position, code", true},
      {"households",
       {"id", "region_code", "address", "grid_id", "micro_grid_id", "contacts_sealed", "version", "created_at",
        "updated_at"},
       "id"},
      {"persons",
       {"id",
        "region_code",
        "name",
        "name_pinyin",
        "name_initials",
        "id_sealed",
        "id_index",
        "id_masked",
        "sex",
        "birth_date",
        "phone_sealed",
        "phone_masked",
        "health_sealed",
        "guardians_sealed",
        "living_situation",
        "risk_level",
        "cadre_contact",
        "notes",
        "grid_id",
        "worker_id",
        "household_id",
        "relation",
        "merged_into",
        "version",
        "created_at",
        "updated_at",
        "created_by",
        "registered_address",
        "current_address"},
       "CASE WHEN merged_into IS NULL THEN 0 ELSE 1 END, id"},
      {"person_merges",
       {"id", "survivor_id", "merged_id", "reason", "merged_at", "merged_by", "undone_at", "undone_by"},
       "merged_at, id"},
      {"person_categories",
       {"id", "person_id", "category", "start_date", "end_date", "document", "created_at", "created_by", "merge_id"},
       "id"},
      {"import_jobs",
       {"id", "region_code", "user_id", "username", "filename", "mode", "status", "total_rows", "processed_rows",
        "created_rows", "unchanged_rows", "failed_rows", "committed", "message", "started_at", "finished_at"},
       "started_at, id"},
      {"import_errors", {"job_id", "seq", "row_no", "col", "reason", "cells"}, "job_id, seq"},
      {"campaigns",
       {"id", "name", "region_code", "starts_on", "ends_on", "categories", "rule_high", "rule_medium", "rule_low",
        "status", "targets", "version", "created_at", "updated_at", "started_at", "ended_at", "created_by"},
       "id"},
      {"campaign_targets",
       {"campaign_id", "target_id", "kind", "region_code", "grid_id", "risk_level", "worker_id", "joined_at", "visits",
        "first_visit_at", "last_visit_at", "last_visit_on", "next_due_on"},
       "campaign_id, target_id"},
      {"visits",
       {"id", "campaign_id", "target_id", "kind", "region_code", "worker_id", "visited_at", "visited_on", "mode",
        "persons_seen", "checks", "notes", "location_sealed", "version", "created_at", "updated_at"},
       "id"},
      {"visit_versions",
       {"visit_id", "version", "visited_at", "mode", "persons_seen", "checks", "notes", "location_sealed",
        "recorded_at", "recorded_by"},
       "visit_id, version"},
      {"needs",
       {"id", "visit_id", "campaign_id", "target_id", "person_id", "region_code", "worker_id", "category", "urgency",
        "description", "due_on", "state", "value_fen", "raised_at", "closed_at", "version", "updated_at"},
       "id"},
      {"need_transitions", {"id", "need_id", "from_state", "to_state", "reason", "at", "by_user"}, "id"},
      {"need_resources", {"id", "need_id", "kind", "provider", "value_fen", "description", "at", "by_user"}, "id"},
      {"outreach_counters",
       {"campaign_id", "region_code", "worker_id", "day", "visits", "person_times", "households_visited",
        "needs_raised", "needs_resolved", "needs_referred", "needs_closed", "resources", "value_fen"},
       "campaign_id, region_code, worker_id, day"},
      {"stat_counts", {"node", "month", "indicator", "dim", "value"}, "node, month, indicator, dim"},
      {"stat_shares", {"subject", "deltas"}, "subject"},
      {"audit_log",
       {"seq", "at", "user_id", "username", "role", "remote", "action", "resource", "record_id", "region_code",
        "outcome", "purpose", "detail", "prev_hash", "hash"},
       "seq"},
  };
  return t;
}

Result<std::int64_t> count(sql::Connection& c, const std::string& table) {
  SHEGONG_ASSIGN(auto st, c.prepare("SELECT COUNT(*) FROM " + table));
  SHEGONG_ASSIGN(bool row, st->step());
  return row ? st->int64(0) : 0;
}

} // namespace

Result<std::vector<TableCount>> copy_store(SqlStore& from, SqlStore& to) {
  SHEGONG_ASSIGN(int from_version, from.schema_version());
  SHEGONG_ASSIGN(int to_version, to.schema_version());
  if (from_version != to_version)
    return Error::make(ErrorCode::conflict, "the stores are at schema versions " + std::to_string(from_version) +
                                                " and " + std::to_string(to_version) + "; migrate both first");
  std::vector<TableCount> counts;
  // One transaction on the destination: a failure anywhere leaves it as it was.
  SHEGONG_TRY(to.pool().transact_raw(
      [&](sql::Connection& dst) -> Result<void> {
        for (const auto& t : tables()) {
          if (t.seeded) {
            SHEGONG_TRY(dst.exec_script(std::string("DELETE FROM ") + t.name));
            continue;
          }
          SHEGONG_ASSIGN(auto existing, count(dst, t.name));
          if (existing != 0)
            return Error::make(ErrorCode::conflict, std::string("the destination already holds ") + t.name +
                                                        "; copy into an empty, migrated database");
        }
        // One read transaction on the source, so every table comes from the same moment.
        return from.pool().transact_raw(
            [&](sql::Connection& src) -> Result<void> {
              for (const auto& t : tables()) {
                TableCount tc{t.name, 0, 0};
                SHEGONG_ASSIGN(tc.source, count(src, t.name));
                std::string select = "SELECT ";
                for (std::size_t i = 0; i < t.columns.size(); ++i) select += (i ? ", " : "") + t.columns[i];
                select += " FROM " + std::string(t.name) + " ORDER BY " + t.order;
                SHEGONG_ASSIGN(auto st, src.prepare(select));
                std::vector<std::vector<std::optional<std::string>>> batch;
                batch.reserve(10'000);
                for (;;) {
                  SHEGONG_ASSIGN(bool row, st->step());
                  if (row) {
                    std::vector<std::optional<std::string>> r;
                    r.reserve(t.columns.size());
                    for (std::size_t i = 0; i < t.columns.size(); ++i) r.push_back(st->opt_text(static_cast<int>(i)));
                    batch.push_back(std::move(r));
                  }
                  if (batch.size() >= 10'000 || (!row && !batch.empty())) {
                    SHEGONG_TRY(dst.bulk_insert(t.name, t.columns, batch));
                    tc.copied += static_cast<std::int64_t>(batch.size());
                    batch.clear();
                  }
                  if (!row) break;
                }
                SHEGONG_ASSIGN(auto landed, count(dst, t.name));
                if (landed != tc.source || tc.copied != tc.source)
                  return Error::make(ErrorCode::conflict, std::string(t.name) + ": " + std::to_string(tc.source) +
                                                              " rows in the source, " + std::to_string(landed) +
                                                              " in the destination; nothing was kept");
                counts.push_back(tc);
              }
              // The chain continues where the source's ends.
              SHEGONG_ASSIGN(auto head,
                             src.prepare("SELECT seq, hash, pruned_seq, pruned_hash FROM audit_head WHERE id = 1"));
              SHEGONG_ASSIGN(bool has_head, head->step());
              if (!has_head) return Error::make(ErrorCode::internal, "the source's audit trail has no head row");
              SHEGONG_ASSIGN(
                  auto move,
                  dst.prepare("UPDATE audit_head SET seq = ?, hash = ?, pruned_seq = ?, pruned_hash = ? WHERE id = 1"));
              SHEGONG_TRY(move->bind(1, head->int64(0))
                              .bind(2, head->text(1))
                              .bind(3, head->int64(2))
                              .bind(4, head->text(3))
                              .exec());
              return ok();
            },
            "BEGIN");
      },
      to.begin_write()));
  return counts;
}

} // namespace shegong
