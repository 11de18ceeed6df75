// Who may do what. Authorization is a pure function of (role, action, resource);
// the region scope is checked separately, in the store, on every query.
#pragma once

#include <optional>
#include <string_view>

namespace shegong {

enum class Role {
  sysadmin,              // 系统管理员
  secadmin,              // 安全管理员
  auditor,               // 审计员
  civil_affairs_admin,   // 民政管理员
  station_manager,       // 社工站站长
  social_worker,         // 社工
  volunteer_coordinator, // 志愿者协调员
  viewer,                // 只读
};

enum class Action { read, write };
enum class Resource { region, station, grid, user, audit, session };

std::string_view to_string(Role role) noexcept;
std::optional<Role> parse_role(std::string_view s) noexcept;

bool permits(Role role, Action action, Resource resource) noexcept;

// Roles that administer people or the system, and so sign in with a second factor.
bool needs_second_factor(Role role) noexcept;

} // namespace shegong
