#include "shegong/app/access_control.hpp"

namespace shegong {

namespace {
std::vector<RolePermissionRepository::Row> rows_of(Role role, const std::vector<Permission>& perms) {
  std::vector<RolePermissionRepository::Row> out;
  out.reserve(perms.size());
  for (const auto& p : perms)
    out.push_back({std::string(to_string(role)), std::string(to_string(p.action)), std::string(to_string(p.resource))});
  return out;
}
} // namespace

Result<AccessPolicy> AccessControl::load() {
  AccessPolicy policy;
  bool empty = false;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto rows, r.role_permissions().all());
    empty = rows.empty();
    for (const auto& row : rows) {
      auto role = parse_role(row.role);
      auto action = parse_action(row.action);
      auto resource = parse_resource(row.resource);
      if (role && action && resource) policy.allow(*role, {*action, *resource}); // unknown rows grant nothing
    }
    return ok();
  }));
  if (!empty) return policy;
  // First use: the defaults become the deployment's data.
  const AccessPolicy defaults = AccessPolicy::defaults();
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto rows, r.role_permissions().all());
    if (!rows.empty()) return ok(); // another server seeded it first
    for (auto role : kAllRoles)
      SHEGONG_TRY(r.role_permissions().replace(to_string(role), rows_of(role, defaults.of(role))));
    return ok();
  }));
  return defaults;
}

Result<AccessPolicy> AccessControl::policy() {
  const TimestampMs now = clock_.now_ms();
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    if (cached_ && now - loaded_at_ < refresh_ms_) return *cached_;
    generation = generation_;
  }
  SHEGONG_ASSIGN(auto fresh, load());
  std::lock_guard lock(mu_);
  if (generation == generation_) { // no replace() committed meanwhile: the load is current
    cached_ = fresh;
    loaded_at_ = now;
  }
  return fresh;
}

Result<void> AccessControl::require(const Actor& actor, Action action, Resource resource) {
  SHEGONG_ASSIGN(auto p, policy());
  if (!p.permits(actor.role, action, resource)) return Error::make(ErrorCode::forbidden, "your role may not do this");
  return ok();
}

Result<void> AccessControl::reset(AuditService& audit) {
  const AccessPolicy defaults = AccessPolicy::defaults();
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    for (auto role : kAllRoles)
      SHEGONG_TRY(r.role_permissions().replace(to_string(role), rows_of(role, defaults.of(role))));
    auto e = audit_entry_unsigned("system", "", "role.reset", "role", "");
    e.detail = "every role's permissions set to the defaults";
    return audit.append(r, std::move(e));
  }));
  std::lock_guard lock(mu_);
  cached_.reset();
  ++generation_;
  return ok();
}

Result<void> AccessControl::replace(const Actor& actor, Role role, const std::vector<Permission>& permissions,
                                    AuditService& audit) {
  SHEGONG_TRY(require(actor, Action::write, Resource::user));
  SHEGONG_TRY(check_separation_of_duties(role, permissions));
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(r.role_permissions().replace(to_string(role), rows_of(role, permissions)));
    auto e = audit_entry(actor, "role.update", "role", std::string(to_string(role)), "");
    for (const auto& p : permissions)
      e.detail += std::string(to_string(p.action)) + ":" + std::string(to_string(p.resource)) + " ";
    return audit.append(r, std::move(e));
  }));
  std::lock_guard lock(mu_);
  cached_.reset(); // this server sees it at once
  ++generation_;
  return ok();
}

} // namespace shegong
