#include "shegong/domain/access.hpp"

namespace shegong {

std::string_view to_string(Role role) noexcept {
  switch (role) {
    case Role::sysadmin: return "sysadmin";
    case Role::secadmin: return "secadmin";
    case Role::auditor: return "auditor";
    case Role::civil_affairs_admin: return "civil_affairs_admin";
    case Role::station_manager: return "station_manager";
    case Role::social_worker: return "social_worker";
    case Role::volunteer_coordinator: return "volunteer_coordinator";
    case Role::viewer: return "viewer";
  }
  return "viewer";
}

std::optional<Role> parse_role(std::string_view s) noexcept {
  for (int i = 0; i <= static_cast<int>(Role::viewer); ++i) {
    auto r = static_cast<Role>(i);
    if (to_string(r) == s) return r;
  }
  return std::nullopt;
}

bool needs_second_factor(Role role) noexcept {
  return role == Role::sysadmin || role == Role::secadmin || role == Role::auditor ||
         role == Role::civil_affairs_admin;
}

bool permits(Role role, Action action, Resource resource) noexcept {
  if (action == Action::read) {
    // Everyone signed in reads the places of their scope; user records are for administrators.
    if (resource == Resource::user) return role == Role::sysadmin || role == Role::secadmin;
    // The trail is the auditor's alone: whoever administers the system is audited, not auditing.
    if (resource == Resource::audit) return role == Role::auditor;
    if (resource == Resource::session) return role == Role::secadmin;
    return true;
  }
  switch (resource) {
    case Resource::region: return false; // regions come only from the statistics bureau's import
    case Resource::audit: return false;  // nobody changes the trail through shegong
    case Resource::session: return role == Role::secadmin; // revoking sessions is the security administrator's
    case Resource::user: return role == Role::sysadmin;
    case Resource::station: return role == Role::sysadmin || role == Role::civil_affairs_admin;
    case Resource::grid:
      return role == Role::sysadmin || role == Role::civil_affairs_admin || role == Role::station_manager;
  }
  return false;
}

} // namespace shegong
