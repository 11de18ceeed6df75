#include "shegong/domain/access.hpp"

#include <algorithm>

namespace shegong {

std::string_view to_string(Role role) noexcept { return kRoles[static_cast<std::size_t>(role)].code; }

std::optional<Role> parse_role(std::string_view s) noexcept {
  for (int i = 0; i <= static_cast<int>(Role::viewer); ++i) {
    auto r = static_cast<Role>(i);
    if (to_string(r) == s) return r;
  }
  return std::nullopt;
}

std::string_view to_string(Action a) noexcept {
  switch (a) {
    case Action::read:
      return "read";
    case Action::write:
      return "write";
    case Action::reveal:
      return "reveal";
  }
  return "read";
}

std::string_view to_string(Resource r) noexcept {
  switch (r) {
    case Resource::region:
      return "region";
    case Resource::station:
      return "station";
    case Resource::grid:
      return "grid";
    case Resource::user:
      return "user";
    case Resource::audit:
      return "audit";
    case Resource::session:
      return "session";
    case Resource::person:
      return "person";
    case Resource::category:
      return "category";
    case Resource::merge:
      return "merge";
    case Resource::campaign:
      return "campaign";
    case Resource::assignment:
      return "assignment";
    case Resource::visit:
      return "visit";
    case Resource::stats:
      return "stats";
  }
  return "region";
}

std::optional<Action> parse_action(std::string_view s) noexcept {
  for (auto a : kAllActions)
    if (to_string(a) == s) return a;
  return std::nullopt;
}

std::optional<Resource> parse_resource(std::string_view s) noexcept {
  for (auto r : kAllResources)
    if (to_string(r) == s) return r;
  return std::nullopt;
}

namespace {
std::size_t bit(Role role, Action action, Resource resource) {
  constexpr std::size_t actions = std::size(kAllActions), resources = std::size(kAllResources);
  return (static_cast<std::size_t>(role) * actions + static_cast<std::size_t>(action)) * resources +
         static_cast<std::size_t>(resource);
}
} // namespace

AccessPolicy AccessPolicy::defaults() {
  AccessPolicy p;
  for (auto role : kAllRoles)
    for (auto a : kAllActions)
      for (auto r : kAllResources)
        if (::shegong::permits(role, a, r)) p.allow(role, {a, r});
  return p;
}

void AccessPolicy::allow(Role role, Permission p) { bits_[bit(role, p.action, p.resource)] = 1; }

bool AccessPolicy::permits(Role role, Action action, Resource resource) const noexcept {
  return bits_[bit(role, action, resource)] != 0;
}

std::vector<Permission> AccessPolicy::of(Role role) const {
  std::vector<Permission> out;
  for (auto a : kAllActions)
    for (auto r : kAllResources)
      if (permits(role, a, r)) out.push_back({a, r});
  return out;
}

Result<void> check_separation_of_duties(Role role, const std::vector<Permission>& permissions) {
  const CodeLabel& label = kRoles[static_cast<std::size_t>(role)];
  const bool administers = role == Role::sysadmin || role == Role::secadmin || role == Role::auditor;
  auto refuse = [&](const std::string& what, const char* key) {
    return Error::make(ErrorCode::invalid_field, std::string(to_string(role)) + " may not " + what, "permissions")
        .because(key, {{"role", std::string(label.label)}, {"role_en", std::string(label.en)}});
  };
  for (const auto& p : permissions) {
    const std::string what = std::string(to_string(p.action)) + " " + std::string(to_string(p.resource));
    if (p.resource == Resource::audit && p.action == Action::write) return refuse(what, "duties.audit_unchangeable");
    if (p.resource == Resource::region && p.action == Action::write) return refuse(what, "duties.regions_imported");
    if (p.resource == Resource::audit && role != Role::auditor) return refuse(what, "duties.audit_auditor_only");
    if (p.resource == Resource::session && role != Role::secadmin) return refuse(what, "duties.sessions_secadmin_only");
    if (role == Role::auditor && p.action == Action::write) return refuse(what, "duties.auditor_reads_only");
    if (p.action == Action::reveal && p.resource != Resource::person) return refuse(what, "duties.reveal_person_only");
    // 三权分立: whoever administers the system, its security or its trail is kept apart
    // from the people served and their records.
    if (administers &&
        (p.resource == Resource::person || p.resource == Resource::merge || p.resource == Resource::visit ||
         p.resource == Resource::assignment || p.resource == Resource::campaign))
      return refuse(what, "duties.administrators_no_personal_data");
    if (role == Role::secadmin && p.resource == Resource::user && p.action == Action::write)
      return refuse(what, "duties.secadmin_no_accounts");
    if (role == Role::viewer && p.action != Action::read) return refuse(what, "duties.viewer_reads_only");
  }
  // The one path to administering accounts and roles is never cut.
  if (role == Role::sysadmin && std::none_of(permissions.begin(), permissions.end(), [](const Permission& p) {
        return p.action == Action::write && p.resource == Resource::user;
      }))
    return refuse("give up write user", "duties.sysadmin_keeps_accounts");
  return ok();
}

bool needs_second_factor(Role role) noexcept {
  return role == Role::sysadmin || role == Role::secadmin || role == Role::auditor || role == Role::civil_affairs_admin;
}

bool permits(Role role, Action action, Resource resource) noexcept {
  const bool serves_people =
      role == Role::civil_affairs_admin || role == Role::station_manager || role == Role::social_worker;
  if (resource == Resource::person) {
    // The people served are seen by those who serve them; a viewer reads masked lists.
    if (action == Action::read) return serves_people || role == Role::viewer;
    return serves_people; // write and reveal
  }
  if (resource == Resource::merge)
    return action == Action::write && (role == Role::civil_affairs_admin || role == Role::station_manager);
  if (resource == Resource::category) {
    if (action == Action::read) return true;
    return action == Action::write && (role == Role::civil_affairs_admin || role == Role::sysadmin);
  }
  // Figures are aggregates: read by whoever serves people or oversees them, written by nobody
  // (every counter moves with the fact that causes it).
  if (resource == Resource::stats) return action == Action::read && (serves_people || role == Role::viewer);
  if (resource == Resource::campaign || resource == Resource::assignment || resource == Resource::visit) {
    if (action == Action::read) return serves_people || role == Role::viewer;
    if (action != Action::write) return false;
    if (resource == Resource::campaign) return role == Role::civil_affairs_admin;
    if (resource == Resource::assignment) return role == Role::civil_affairs_admin || role == Role::station_manager;
    return serves_people;
  }
  if (action == Action::reveal) return false;
  if (action == Action::read) {
    // Everyone signed in reads the places of their scope; user records are for administrators.
    if (resource == Resource::user) return role == Role::sysadmin || role == Role::secadmin;
    // The trail is the auditor's alone: whoever administers the system is audited, not auditing.
    if (resource == Resource::audit) return role == Role::auditor;
    if (resource == Resource::session) return role == Role::secadmin;
    return true;
  }
  switch (resource) {
    case Resource::region:
      return false; // regions come only from the statistics bureau's import
    case Resource::audit:
      return false; // nobody changes the trail through shegong
    case Resource::session:
      return role == Role::secadmin; // revoking sessions is the security administrator's
    case Resource::user:
      return role == Role::sysadmin;
    case Resource::station:
      return role == Role::sysadmin || role == Role::civil_affairs_admin;
    case Resource::grid:
      return role == Role::sysadmin || role == Role::civil_affairs_admin || role == Role::station_manager;
    case Resource::person:
    case Resource::category:
    case Resource::merge:
    case Resource::campaign:
    case Resource::assignment:
    case Resource::visit:
    case Resource::stats:
      return false; // decided above
  }
  return false;
}

} // namespace shegong
