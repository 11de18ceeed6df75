#pragma once

#include <optional>
#include <string>

#include "shegong/core/region_code.hpp"
#include "shegong/domain/access.hpp"

namespace shegong {

// The signed-in user on whose behalf a use case runs.
struct Actor {
  std::string user_id;
  std::string username;
  std::string display_name;
  Role role = Role::viewer;
  std::optional<RegionCode> region_code; // nullopt: national
  Scope scope = Scope::national();
  std::string remote; // the client's address, for the audit trail
  bool must_change_password = false; // only the password change is allowed until it is done
  bool must_enrol_totp = false; // an administrator without a second factor: only enrolment is allowed
};

} // namespace shegong
