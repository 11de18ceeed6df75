// The deployment's access policy, kept as data in the store and cached. On first use
// an empty table is filled with the defaults. Every server rereads it every
// `refresh_ms`, so a change made on one server holds everywhere within that time.
// Thread-safe.
#pragma once

#include <mutex>

#include "shegong/app/actor.hpp"
#include "shegong/app/audit_service.hpp"
#include "shegong/app/ports.hpp"

namespace shegong {

class AccessControl {
 public:
  AccessControl(Store& store, const Clock& clock, TimestampMs refresh_ms = 30'000)
      : store_(store), clock_(clock), refresh_ms_(refresh_ms) {}

  // forbidden unless the actor's role has the permission.
  Result<void> require(const Actor& actor, Action action, Resource resource);
  Result<AccessPolicy> policy();
  // Replaces one role's permissions (system administrator), within the separation of duties.
  Result<void> replace(const Actor& actor, Role role, const std::vector<Permission>& permissions, AuditService& audit);
  // Every role back to the defaults (`shegong roles reset`, on the server itself): the way
  // back from a matrix nobody can edit any more. Audited as role.reset.
  Result<void> reset(AuditService& audit);

 private:
  Result<AccessPolicy> load();
  Store& store_;
  const Clock& clock_;
  TimestampMs refresh_ms_;
  std::mutex mu_;
  std::optional<AccessPolicy> cached_; // GUARDED_BY(mu_)
  TimestampMs loaded_at_ = 0; // GUARDED_BY(mu_)
  std::uint64_t generation_ = 0; // GUARDED_BY(mu_); bumped by replace(), so a load begun before it is dropped
};

} // namespace shegong
