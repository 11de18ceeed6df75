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
  e.key_id = hasher_.current_key();
  auto link = hasher_.link(e.key_id, e.prev_hash, canonical(e));
  if (!link) return Error::make(ErrorCode::internal, "the audit chain's key is not at hand");
  e.hash = std::move(*link);
  std::string mac;
  if (!e.key_id.empty()) {
    auto signed_head = hasher_.sign(e.key_id, head_text(e.seq, e.hash, head.pruned_seq, head.pruned_hash));
    if (!signed_head) return Error::make(ErrorCode::internal, "the audit chain's key is not at hand");
    mac = std::move(*signed_head);
  }
  return r.audit().append(e, e.key_id, mac);
}

Result<void> AuditService::record(AuditEntry e) {
  return store_.write([&](Repositories& r) { return append(r, std::move(e)); });
}

Result<void> AuditService::record_denial(const Actor& actor, std::string what, std::string record_id,
                                         std::string outcome) {
  const TimestampMs now = clock_.now_ms();
  std::int64_t unrecorded = 0;
  {
    std::lock_guard lock(denials_mu_);
    if (denials_.size() > 10'000) denials_.clear(); // bounded; a lost count only loses a summary
    auto& w = denials_[actor.user_id];
    if (now - w.start >= 60'000) {
      unrecorded = w.unrecorded;
      w = DenialWindow{now, 0, 0};
    }
    if (w.recorded >= kDenialsPerMinute) {
      ++w.unrecorded;
      return ok();
    }
    ++w.recorded;
  }
  auto e = audit_entry(actor, "access.denied", "request", std::move(record_id),
                       actor.region_code ? actor.region_code->str() : "", std::move(outcome));
  e.detail = std::move(what);
  if (unrecorded > 0)
    e.detail += "; " + std::to_string(unrecorded) + " more refused in the minute before, not recorded one by one";
  return record(std::move(e));
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
    SHEGONG_ASSIGN(auto head, r.audit().head());
    AuditEntry e = audit_entry_unsigned("system", "", std::string(kPruneAction), "audit", "");
    // The statement of where the kept trail starts: a prune marker nobody stated is forged.
    e.detail = std::to_string(removed) + " entries older than " + format_timestamp(cutoff) + " removed; " +
               prune_statement(head.pruned_seq, head.pruned_hash);
    return append(r, std::move(e));
  }));
  return removed;
}

Result<bool> AuditService::key_chain() {
  if (hasher_.current_key().empty()) return false;
  bool keyed = false;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto head, r.audit().lock_head());
    if (!head.mac.empty()) return ok();
    AuditEntry e = audit_entry_unsigned("system", "", "audit.keyed", "audit", "");
    e.detail = "from entry " + std::to_string(head.seq + 1) + " on, every link is keyed";
    keyed = true;
    return append(r, std::move(e));
  }));
  return keyed;
}

Result<AuditService::Verification> AuditService::verify(const std::vector<WitnessMark>& witness) {
  AuditRepository::Head head;
  std::optional<ChainVerifier> v;
  // One write transaction: the head cannot move while the trail is read.
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(head, r.audit().lock_head());
    v.emplace([this](std::string_view key, std::string_view prev,
                     std::string_view entry) { return hasher_.link(key, prev, entry); },
              head.pruned_seq, head.pruned_hash);
    for (const auto& m : witness) v->want(m.seq);
    return r.audit().scan([&](const AuditEntry& e) -> Result<void> {
      v->feed(e);
      return ok();
    });
  }));
  Verification out;
  out.problem = v->finish(head.seq, head.hash);
  out.checked = v->checked();
  if (out.problem) return out;
  // With the key ring at hand the head must be signed: a trail rewritten whole without
  // the key (plain links from the first entry on) has a head nobody could sign.
  if (!hasher_.current_key().empty()) {
    auto expected = hasher_.sign(head.key_id, head_text(head.seq, head.hash, head.pruned_seq, head.pruned_hash));
    if (head.mac.empty() || !expected || *expected != head.mac) {
      out.problem = ChainProblem{
          head.seq, head.mac.empty() ? "the head is not signed: the trail was made before keys (start the server once "
                                       "to key it) or rewritten without them"
                                     : "the head's signature does not check (the head was moved by hand)"};
      return out;
    }
  }
  // What the witness saw must still be there: a head it saw beyond today's is a cut
  // tail, a hash that differs is a rewritten trail.
  for (std::size_t i = 0; i < witness.size(); ++i) {
    const auto& m = witness[i];
    const std::string where = "witness line " + std::to_string(i + 1) + ": ";
    auto expected = hasher_.sign(m.key_id, witness_text(m.seq, m.hash, m.at));
    if (!expected || *expected != m.signature) {
      out.problem = ChainProblem{m.seq, where + "its signature does not check with this key ring"};
      break;
    }
    if (m.seq > head.seq) {
      out.problem =
          ChainProblem{head.seq + 1, where + "it saw entry " + std::to_string(m.seq) + ", but the trail ends at " +
                                         std::to_string(head.seq) + " (its tail was cut)"};
      break;
    }
    if (m.seq <= head.pruned_seq) continue; // removed under the retention rule, as a prune entry states
    if (v->hash_of(m.seq) != m.hash) {
      out.problem = ChainProblem{
          m.seq, where + "entry " + std::to_string(m.seq) + " is not what it saw (the trail was rewritten)"};
      break;
    }
    ++out.witnessed;
  }
  return out;
}

Result<WitnessMark> AuditService::witness() {
  AuditRepository::Head head;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(head, r.audit().head());
    return ok();
  }));
  WitnessMark m{head.seq, head.hash, clock_.now_ms(), hasher_.current_key(), {}};
  auto signature = hasher_.sign(m.key_id, witness_text(m.seq, m.hash, m.at));
  if (!signature)
    return Error::make(ErrorCode::unavailable, "the audit witness needs a key ring (SHEGONG_KEYS or the keys file)");
  m.signature = std::move(*signature);
  return m;
}

} // namespace shegong
