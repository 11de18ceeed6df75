#include "shegong/domain/access.hpp"

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
  for (const auto& p : permissions) {
    auto refuse = [&](const char* why) {
      return Error::make(ErrorCode::invalid_field,
                         std::string(to_string(role)) + " may not " + std::string(to_string(p.action)) + " " +
                             std::string(to_string(p.resource)) + ": " + why,
                         "permissions");
    };
    if (p.resource == Resource::audit && p.action == Action::write) return refuse("nobody changes the audit trail");
    if (p.resource == Resource::region && p.action == Action::write)
      return refuse("regions come from the statistics bureau");
    if (p.resource == Resource::audit && role != Role::auditor) return refuse("only the auditor reads the audit trail");
    if (p.resource == Resource::session && role != Role::secadmin)
      return refuse("sessions are the security administrator's");
    if (role == Role::auditor && p.action == Action::write) return refuse("the auditor changes nothing");
    if (p.action == Action::reveal && p.resource != Resource::person) return refuse("only personal data is revealed");
    if (p.action == Action::reveal && (role == Role::auditor || role == Role::sysadmin || role == Role::secadmin))
      return refuse("administrators of the system do not see personal data in full");
  }
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
