#pragma once

#include <optional>
#include <string>

#include "shegong/core/region_code.hpp"

namespace shegong {

// One administrative division as published by the statistics bureau.
struct Region {
  RegionCode code;
  std::string name;
  bool has_children = false; // filled by the store when browsing
};

} // namespace shegong
