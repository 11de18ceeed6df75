#include "paging.hpp"
#include "record_sql.hpp"
#include "repos.hpp"
#include "shegong/records/audit.hpp"

namespace shegong::sql {
Result<AuditRepository::Head> SqlAudit::lock_head() {
  // A no-op update takes the row lock on PostgreSQL (portable, unlike FOR UPDATE);
  // SQLite's write transactions are serialised already.
  SHEGONG_ASSIGN(auto lock, c_.prepare("UPDATE audit_head SET seq = seq WHERE id = 1"));
  SHEGONG_TRY(lock->exec());
  return head();
}

Result<AuditRepository::Head> SqlAudit::head() {
  SHEGONG_ASSIGN(auto st,
                 c_.prepare("SELECT seq, hash, pruned_seq, pruned_hash, key_id, mac FROM audit_head WHERE id = 1"));
  SHEGONG_ASSIGN(bool found, st->step());
  if (!found) return Error::make(ErrorCode::internal, "the audit trail has no head row; the schema is damaged");
  return Head{st->int64(0), st->text(1), st->int64(2), st->text(3), st->text(4), st->text(5)};
}

Result<void> SqlAudit::append(const AuditEntry& e, std::string_view key_id, std::string_view mac) {
  SHEGONG_TRY(insert_record(c_, e));
  SHEGONG_ASSIGN(auto head,
                 c_.prepare("UPDATE audit_head SET seq = ?, hash = ?, key_id = ?, mac = ? WHERE id = 1 AND seq = ?"));
  SHEGONG_ASSIGN(int moved,
                 head->bind(1, e.seq).bind(2, e.hash).bind(3, key_id).bind(4, mac).bind(5, e.seq - 1).exec());
  if (moved != 1) return Error::make(ErrorCode::conflict, "the audit trail moved under this append; retry");
  return ok();
}

Result<Page<AuditEntry>> SqlAudit::list(const AuditFilter& f, const PageRequest& page) {
  Where w;
  w.scope("region_code", f.scope);
  if (!f.user_id.empty()) w.add("user_id = ?", f.user_id);
  if (!f.record_id.empty()) w.add("record_id = ?", f.record_id);
  if (!f.action.empty()) w.add("action = ?", f.action);
  if (f.from) w.add("at >= ?", *f.from);
  if (f.to) w.add("at < ?", *f.to);
  return run_page<AuditEntry>(c_, select_sql<AuditEntry>(), "audit_log a", w, " ORDER BY a.seq DESC", page,
                              read_record<AuditEntry>);
}

Result<void> SqlAudit::scan(const std::function<Result<void>(const AuditEntry&)>& fn) {
  // Stored order is what is checked: ordering by seq would hide an entry moved
  // to another place only if seq were rewritten too, which the chain catches.
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<AuditEntry>() + " ORDER BY a.seq"));
  for (;;) {
    SHEGONG_ASSIGN(bool r, st->step());
    if (!r) break;
    SHEGONG_ASSIGN(auto e, read_record<AuditEntry>(*st));
    SHEGONG_TRY(fn(e));
  }
  return ok();
}

Result<std::int64_t> SqlAudit::prune_before(TimestampMs cutoff) {
  // The first entry to keep: the oldest one at or after the cutoff. Everything before
  // it goes, so the kept part is one unbroken run of the chain.
  SHEGONG_ASSIGN(auto first, c_.prepare("SELECT MIN(seq) FROM audit_log WHERE at >= ?"));
  first->bind(1, cutoff);
  SHEGONG_ASSIGN(bool row, first->step());
  SHEGONG_ASSIGN(auto h, head());
  const std::int64_t keep_from = (row && !first->is_null(0)) ? first->int64(0) : h.seq + 1;
  if (keep_from - 1 <= h.pruned_seq) return std::int64_t{0};
  SHEGONG_ASSIGN(auto anchor, c_.prepare("SELECT hash FROM audit_log WHERE seq = ?"));
  anchor->bind(1, keep_from - 1);
  SHEGONG_ASSIGN(bool has_anchor, anchor->step());
  if (!has_anchor)
    return Error::make(ErrorCode::conflict,
                       "entry " + std::to_string(keep_from - 1) + " is missing; verify the trail first");
  const std::string anchor_hash = anchor->text(0);
  // The head first: the database lets only entries it marks as pruned go.
  SHEGONG_ASSIGN(auto upd, c_.prepare("UPDATE audit_head SET pruned_seq = ?, pruned_hash = ? WHERE id = 1"));
  SHEGONG_TRY(upd->bind(1, keep_from - 1).bind(2, anchor_hash).exec());
  SHEGONG_ASSIGN(auto del, c_.prepare("DELETE FROM audit_log WHERE seq < ?"));
  SHEGONG_ASSIGN(int n, del->bind(1, keep_from).exec());
  return static_cast<std::int64_t>(n);
}

Result<FailureCount> SqlLoginFailures::get(std::string_view subject) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT failures, first_at, locked_until FROM login_failures WHERE subject = ?"));
  st->bind(1, subject);
  SHEGONG_ASSIGN(bool r, st->step());
  if (!r) return FailureCount{};
  return FailureCount{static_cast<int>(st->int64(0)), st->int64(1), st->int64(2)};
}

Result<void> SqlLoginFailures::put(std::string_view subject, const FailureCount& f) {
  SHEGONG_ASSIGN(auto upd, c_.prepare("UPDATE login_failures SET failures = ?, first_at = ?, locked_until = ? "
                                      "WHERE subject = ?"));
  SHEGONG_ASSIGN(int n, upd->bind(1, f.failures).bind(2, f.first_at).bind(3, f.locked_until).bind(4, subject).exec());
  if (n == 1) return ok();
  SHEGONG_ASSIGN(auto ins, c_.prepare("INSERT INTO login_failures (subject, failures, first_at, locked_until) "
                                      "VALUES (?, ?, ?, ?)"));
  SHEGONG_TRY(ins->bind(1, subject).bind(2, f.failures).bind(3, f.first_at).bind(4, f.locked_until).exec());
  return ok();
}

Result<void> SqlLoginFailures::clear(std::string_view subject) {
  SHEGONG_ASSIGN(auto st, c_.prepare("DELETE FROM login_failures WHERE subject = ?"));
  SHEGONG_TRY(st->bind(1, subject).exec());
  return ok();
}

Result<std::vector<std::pair<std::string, FailureCount>>> SqlLoginFailures::locked(std::string_view prefix,
                                                                                   std::int64_t now) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT subject, failures, first_at, locked_until FROM login_failures "
                                     "WHERE locked_until > ? AND subject >= ? AND subject < ? "
                                     "ORDER BY locked_until DESC, subject LIMIT 1000"));
  st->bind(1, now).bind(2, prefix).bind(3, std::string(prefix) + "\x7f");
  std::vector<std::pair<std::string, FailureCount>> out;
  for (;;) {
    SHEGONG_ASSIGN(bool r, st->step());
    if (!r) break;
    out.emplace_back(st->text(0), FailureCount{static_cast<int>(st->int64(1)), st->int64(2), st->int64(3)});
  }
  return out;
}

Result<std::vector<RolePermissionRepository::Row>> SqlRolePermissions::all() {
  SHEGONG_ASSIGN(auto st,
                 c_.prepare("SELECT role, action, resource FROM role_permissions ORDER BY role, action, resource"));
  std::vector<Row> out;
  for (;;) {
    SHEGONG_ASSIGN(bool r, st->step());
    if (!r) break;
    out.push_back({st->text(0), st->text(1), st->text(2)});
  }
  return out;
}

Result<void> SqlRolePermissions::replace(std::string_view role, const std::vector<Row>& rows) {
  SHEGONG_ASSIGN(auto del, c_.prepare("DELETE FROM role_permissions WHERE role = ?"));
  SHEGONG_TRY(del->bind(1, role).exec());
  for (const auto& r : rows) {
    // prepare() hands back the cached statement reset for the next row.
    SHEGONG_ASSIGN(auto ins, c_.prepare("INSERT INTO role_permissions (role, action, resource) VALUES (?, ?, ?)"));
    SHEGONG_TRY(ins->bind(1, r.role).bind(2, r.action).bind(3, r.resource).exec());
  }
  return ok();
}

} // namespace shegong::sql
