// The audit trail's entries as the store keeps them (their JSON is the audit handler's).
#pragma once

#include "shegong/domain/audit.hpp"
#include "shegong/records/record.hpp"

namespace shegong::records {

template <>
struct Record<AuditEntry> {
  static constexpr std::string_view table = "audit_log", alias = "a";
  static constexpr std::string_view from = "audit_log a";
  static constexpr auto fields =
      std::make_tuple(field("seq", &AuditEntry::seq, key), field("at", &AuditEntry::at, timestamp),
                      field("user_id", &AuditEntry::user_id), field("username", &AuditEntry::username),
                      field("role", &AuditEntry::role), field("remote", &AuditEntry::remote),
                      field("action", &AuditEntry::action), field("resource", &AuditEntry::resource),
                      field("record_id", &AuditEntry::record_id), field("region_code", &AuditEntry::region_code),
                      field("outcome", &AuditEntry::outcome), field("purpose", &AuditEntry::purpose),
                      field("detail", &AuditEntry::detail), field("key_id", &AuditEntry::key_id),
                      field("prev_hash", &AuditEntry::prev_hash), field("hash", &AuditEntry::hash));
};

} // namespace shegong::records
