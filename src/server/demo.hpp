// The demo data set: accounts and the service sites of the places in the seed
// (Luohe city, Weining county, Deqing county). Deterministic: loading it twice
// changes nothing.
#pragma once

#include <string>
#include <vector>

#include "wiring.hpp"

namespace shegong {

inline constexpr const char* kDemoPassword = "Shegong@2026";

struct DemoReport {
  int users = 0, stations = 0, grids = 0, persons = 0;
  std::int64_t visits = 0; // the recorded outreach history
  std::vector<std::string> skipped; // places whose regions are not loaded
};

Result<DemoReport> load_demo(Services& s);

} // namespace shegong
