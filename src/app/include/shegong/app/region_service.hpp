#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shegong/app/actor.hpp"
#include "shegong/app/ports.hpp"

namespace shegong {

struct RegionDetail {
  Region region;
  std::vector<Region> ancestors; // province first
};

// Browsing the division tree. Regions are public statistical data, so every
// signed-in user may read any of them; scope only sets where browsing starts.
class RegionService {
 public:
  explicit RegionService(Store& store) : store_(store) {}

  Result<RegionDetail> get(const Actor& actor, const RegionCode& code);
  Result<std::vector<Region>> children(const Actor& actor, const RegionCode& code);
  Result<std::vector<Region>> provinces(const Actor& actor);
  Result<Page<RegionSearchHit>> search(const Actor& actor, std::string_view q,
                                       const std::optional<RegionCode>& under, const PageRequest& page);

 private:
  Store& store_;
};

} // namespace shegong
