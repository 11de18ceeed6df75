// Who may do what. Authorization is a pure function of (role, action, resource);
// the region scope is checked separately, in the store, on every query.
#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>
#include <vector>

#include "shegong/core/result.hpp"
#include "shegong/domain/code_label.hpp"

namespace shegong {

enum class Role {
  sysadmin, // 系统管理员
  secadmin, // 安全管理员
  auditor, // 审计员
  civil_affairs_admin, // 民政管理员
  station_manager, // 社工站站长
  social_worker, // 社工
  volunteer_coordinator, // 志愿者协调员
  viewer, // 只读
};

// reveal: see personal data in full (ID number, phone, health) or export it unmasked.
enum class Action { read, write, reveal };
enum class Resource {
  region,
  station,
  grid,
  user,
  audit,
  session,
  person, // people served and their households
  category, // the list of categories (孤儿, 特困 …), not a person's membership
  merge, // merging duplicate persons and undoing a merge
  campaign, // door-knocking campaigns: create, edit, start, end
  assignment, // which worker visits which target of a campaign
  visit, // visits, the needs they raise and the resources linked
  stats, // the figures: counters read for a region and period
};

// In the enum's order.
inline constexpr CodeLabel kRoles[] = {
    {"sysadmin", "系统管理员", "System administrator"},
    {"secadmin", "安全管理员", "Security administrator"},
    {"auditor", "审计员", "Auditor"},
    {"civil_affairs_admin", "民政管理员", "Civil-affairs administrator"},
    {"station_manager", "社工站站长", "Station manager"},
    {"social_worker", "社工", "Social worker"},
    {"volunteer_coordinator", "志愿者协调员", "Volunteer coordinator"},
    {"viewer", "只读用户", "Read-only user"},
};

std::string_view to_string(Role role) noexcept;
std::optional<Role> parse_role(std::string_view s) noexcept;

// The default permissions, written here once; a deployment keeps its own copy as
// data (AccessPolicy) and may change it within the separation-of-duties rules.
bool permits(Role role, Action action, Resource resource) noexcept;

std::string_view to_string(Action a) noexcept;
std::string_view to_string(Resource r) noexcept;
std::optional<Action> parse_action(std::string_view s) noexcept;
std::optional<Resource> parse_resource(std::string_view s) noexcept;
inline constexpr Role kAllRoles[] = {Role::sysadmin,
                                     Role::secadmin,
                                     Role::auditor,
                                     Role::civil_affairs_admin,
                                     Role::station_manager,
                                     Role::social_worker,
                                     Role::volunteer_coordinator,
                                     Role::viewer};
inline constexpr Action kAllActions[] = {Action::read, Action::write, Action::reveal};
inline constexpr Resource kAllResources[] = {
    Resource::region,     Resource::station, Resource::grid,     Resource::user,  Resource::audit,
    Resource::session,    Resource::person,  Resource::category, Resource::merge, Resource::campaign,
    Resource::assignment, Resource::visit,   Resource::stats};

struct Permission {
  Action action;
  Resource resource;
  friend bool operator==(const Permission&, const Permission&) = default;
};

// Which role may do what: a set of (role, action, resource). Immutable once built.
class AccessPolicy {
 public:
  static AccessPolicy defaults();
  void allow(Role role, Permission p);
  bool permits(Role role, Action action, Resource resource) const noexcept;
  std::vector<Permission> of(Role role) const;

 private:
  std::vector<std::uint8_t> bits_ =
      std::vector<std::uint8_t>(std::size(kAllRoles) * std::size(kAllActions) * std::size(kAllResources), 0);
};

// The separation of duties a level-3 system keeps whatever the configuration: only
// the auditor reads the audit trail, nobody writes it or the regions, only the
// security administrator manages sessions, and the auditor changes nothing.
Result<void> check_separation_of_duties(Role role, const std::vector<Permission>& permissions);

// Roles that administer people or the system, and so sign in with a second factor.
bool needs_second_factor(Role role) noexcept;

} // namespace shegong
