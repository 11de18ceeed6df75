#include "shegong/app/audit_service.hpp"

namespace shegong {

AuditEntry audit_entry(const Actor& actor, std::string action, std::string resource, std::string record_id,
                       std::string region_code, std::string outcome) {
  AuditEntry e;
  e.user_id = actor.user_id;
  e.username = actor.username;
  e.role = std::string(to_string(actor.role));
  e.remote = actor.remote;
  e.action = std::move(action);
  e.resource = std::move(resource);
  e.record_id = std::move(record_id);
  e.region_code = std::move(region_code);
  e.outcome = std::move(outcome);
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

Result<AuditService::Verification> AuditService::verify() {
  ChainVerifier v([this](std::string_view prev, std::string_view entry) { return hasher_.link(prev, entry); });
  AuditRepository::Head head;
  // One write transaction: the head cannot move while the trail is read.
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(head, r.audit().lock_head());
    return r.audit().scan([&](const AuditEntry& e) -> Result<void> {
      v.feed(e);
      return ok();
    });
  }));
  Verification out;
  out.problem = v.finish(head.seq, head.hash);
  out.checked = v.checked();
  return out;
}

} // namespace shegong
