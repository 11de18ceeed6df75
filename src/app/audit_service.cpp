#include "shegong/app/audit_service.hpp"

namespace shegong {

AuditEntry audit_entry_unsigned(std::string username, std::string remote, std::string action, std::string resource,
                                std::string record_id, std::string outcome) {
  AuditEntry e;
  e.username = std::move(username);
  e.remote = std::move(remote);
  e.action = std::move(action);
  e.resource = std::move(resource);
  e.record_id = std::move(record_id);
  e.outcome = std::move(outcome);
  return e;
}

AuditEntry audit_entry(const Actor& actor, std::string action, std::string resource, std::string record_id,
                       std::string region_code, std::string outcome) {
  AuditEntry e = audit_entry_unsigned(actor.username, actor.remote, std::move(action), std::move(resource),
                                      std::move(record_id), std::move(outcome));
  e.user_id = actor.user_id;
  e.role = std::string(to_string(actor.role));
  e.region_code = std::move(region_code);
  return e;
}

Result<void> AuditService::append(Repositories& r, AuditEntry e) {
  SHEGONG_ASSIGN(auto head, r.audit().lock_head());
  e.seq = head.seq + 1;
  e.at = clock_.now_ms();
  e.prev_hash = head.hash;
  e.hash = hasher_.link(e.prev_hash, canonical(e));
  return r.audit().append(e);
}

Result<void> AuditService::record(AuditEntry e) {
  return store_.write([&](Repositories& r) { return append(r, std::move(e)); });
}

Result<Page<AuditEntry>> AuditService::list(const AuditFilter& filter, const PageRequest& page) {
  Page<AuditEntry> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.audit().list(filter, page));
    return ok();
  }));
  return out;
}

Result<std::string> AuditService::export_xlsx(const Actor& actor, const AuditFilter& filter, SpreadsheetWriter& writer,
                                              std::int64_t max_rows) {
  std::vector<std::vector<std::string>> rows;
  for (int page = 1;; ++page) {
    SHEGONG_ASSIGN(auto chunk, list(filter, PageRequest{page, 200, "seq", true}));
    for (auto& e : chunk.items) {
      rows.push_back({std::to_string(e.seq), format_timestamp(e.at), e.username, e.role, e.remote, e.action, e.resource,
                      e.record_id, e.region_code, e.outcome, e.purpose, e.detail, e.hash});
      if (static_cast<std::int64_t>(rows.size()) >= max_rows) break;
    }
    if (chunk.items.size() < 200 || static_cast<std::int64_t>(rows.size()) >= max_rows) break;
  }
  SHEGONG_ASSIGN(auto bytes, writer.write("审计日志",
                                          {"序号", "时间(UTC)", "用户", "角色", "来源地址", "操作", "对象类型",
                                           "对象ID", "区划", "结果", "目的", "说明", "哈希"},
                                          rows));
  auto e = audit_entry(actor, "audit.export", "audit", "", "");
  e.detail = std::to_string(rows.size()) + " entries";
  SHEGONG_TRY(record(std::move(e)));
  return bytes;
}

Result<std::int64_t> AuditService::prune(int retention_days) {
  if (retention_days < 183)
    return Error::make(ErrorCode::invalid_field, "audit records are kept at least 183 days (six months)",
                       "audit_retention_days");
  const TimestampMs cutoff = clock_.now_ms() - static_cast<TimestampMs>(retention_days) * 24 * 3600 * 1000;
  std::int64_t removed = 0;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.audit().lock_head());
    SHEGONG_ASSIGN(removed, r.audit().prune_before(cutoff));
    AuditEntry e = audit_entry_unsigned("system", "", "audit.prune", "audit", "");
    e.detail = std::to_string(removed) + " entries older than " + format_timestamp(cutoff) + " removed";
    return append(r, std::move(e));
  }));
  return removed;
}

Result<AuditService::Verification> AuditService::verify() {
  AuditRepository::Head head;
  std::optional<ChainVerifier> v;
  // One write transaction: the head cannot move while the trail is read.
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(head, r.audit().lock_head());
    v.emplace([this](std::string_view prev, std::string_view entry) { return hasher_.link(prev, entry); },
              head.pruned_seq, head.pruned_hash);
    return r.audit().scan([&](const AuditEntry& e) -> Result<void> {
      v->feed(e);
      return ok();
    });
  }));
  Verification out;
  out.problem = v->finish(head.seq, head.hash);
  out.checked = v->checked();
  return out;
}

} // namespace shegong
