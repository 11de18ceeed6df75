// Copying a whole store into another (SQLite → PostgreSQL when a county's data moves
// to the province), table by table in foreign-key order, with counts checked.
#include "migrator.hpp"
#include "pool.hpp"
#include "shegong/store/sql_store.hpp"

namespace shegong {
namespace {

struct TableSpec {
  const char* name;
  const char* order; // parents before children
  bool seeded = false; // the migrations fill it; the source's rows replace those
};

// Every table that holds records, with all its columns as the source has them (both
// stores are at one schema version), so a column a migration adds is copied too.
// Sessions and sign-in failure counts are left behind on purpose; the audit trail's head
// is copied after its entries.
const std::vector<TableSpec>& tables() {
  static const std::vector<TableSpec> t = {
      {"regions", "level, code"},
      {"users", "id"},
      {"stations", "id"},
      {"grids", "CASE WHEN parent_id IS NULL THEN 0 ELSE 1 END, id"},
      {"role_permissions", "role, action, resource"},
      {"categories", "position, code", true},
      {"households", "id"},
      {"persons", "CASE WHEN merged_into IS NULL THEN 0 ELSE 1 END, id"},
      {"person_merges", "merged_at, id"},
      {"person_categories", "id"},
      {"import_jobs", "started_at, id"},
      {"import_errors", "job_id, seq"},
      {"import_transitions", "job_id, seq"},
      {"campaigns", "id"},
      {"campaign_targets", "campaign_id, target_id"},
      {"visits", "id"},
      {"visit_versions", "visit_id, version"},
      {"needs", "id"},
      {"need_transitions", "id"},
      {"need_resources", "id"},
      {"outreach_counters", "campaign_id, region_code, worker_id, day"},
      {"stat_counts", "node, month, indicator, dim"},
      {"stat_shares", "subject"},
      {"audit_log", "seq"},
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
                SHEGONG_ASSIGN(auto st, src.prepare("SELECT * FROM " + std::string(t.name) + " ORDER BY " + t.order));
                std::vector<std::string> columns;
                std::vector<std::vector<std::optional<std::string>>> batch;
                batch.reserve(10'000);
                for (;;) {
                  SHEGONG_ASSIGN(bool row, st->step());
                  if (row) {
                    if (columns.empty())
                      for (int i = 0; i < st->column_count(); ++i) columns.emplace_back(st->column_name(i));
                    std::vector<std::optional<std::string>> r;
                    r.reserve(columns.size());
                    for (std::size_t i = 0; i < columns.size(); ++i) r.push_back(st->opt_text(static_cast<int>(i)));
                    batch.push_back(std::move(r));
                  }
                  if (batch.size() >= 10'000 || (!row && !batch.empty())) {
                    SHEGONG_TRY(dst.bulk_insert(t.name, columns, batch));
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
              // The chain continues where the source's ends, its head signed as it was.
              SHEGONG_ASSIGN(auto head, src.prepare("SELECT seq, hash, pruned_seq, pruned_hash, key_id, mac "
                                                    "FROM audit_head WHERE id = 1"));
              SHEGONG_ASSIGN(bool has_head, head->step());
              if (!has_head) return Error::make(ErrorCode::internal, "the source's audit trail has no head row");
              SHEGONG_ASSIGN(auto move, dst.prepare("UPDATE audit_head SET seq = ?, hash = ?, pruned_seq = ?, "
                                                    "pruned_hash = ?, key_id = ?, mac = ? WHERE id = 1"));
              SHEGONG_TRY(move->bind(1, head->int64(0))
                              .bind(2, head->text(1))
                              .bind(3, head->int64(2))
                              .bind(4, head->text(3))
                              .bind(5, head->text(4))
                              .bind(6, head->text(5))
                              .exec());
              return ok();
            },
            "BEGIN");
      },
      to.begin_write()));
  return counts;
}

} // namespace shegong
