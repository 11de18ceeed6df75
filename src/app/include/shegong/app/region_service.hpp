#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
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
//
// Regions change only when the statistics bureau's codes are imported again (once
// a year), so a region with its ancestors is kept in memory for `cache_ms`: an
// import on a running system shows within that time. 0 disables the cache.
// Thread-safe.
class RegionService {
 public:
  RegionService(Store& store, const Clock& clock, TimestampMs cache_ms = 60'000)
      : store_(store), clock_(clock), cache_ms_(cache_ms) {}

  Result<RegionDetail> get(const Actor& actor, const RegionCode& code);
  Result<std::vector<Region>> children(const Actor& actor, const RegionCode& code);
  Result<std::vector<Region>> provinces(const Actor& actor);
  Result<Page<RegionSearchHit>> search(const Actor& actor, std::string_view q, const std::optional<RegionCode>& under,
                                       const PageRequest& page);

 private:
  Result<RegionDetail> load(const RegionCode& code);
  struct Cached {
    RegionDetail detail;
    TimestampMs loaded_at;
  };
  Store& store_;
  const Clock& clock_;
  TimestampMs cache_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Cached> cache_; // GUARDED_BY(mu_)
};

} // namespace shegong
