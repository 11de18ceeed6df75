// Luohe's door-knocking since 2023-12, recorded through the real services on the demo's
// own clock, so that the city's report reproduces the seed's figures exactly: 178
// civil-affairs social workers, 12,316 households visited, 316 needs resolved, 590,000+
// yuan linked, 63,296 person-times. Needs the whole division tree (skipped otherwise).
#pragma once

#include <string>

#include "demo.hpp"

namespace shegong {

struct HistoryReport {
  int workers = 0;
  std::int64_t people = 0, visits = 0, needs = 0, needs_settled = 0;
  double seconds = 0;
  std::string skipped; // why it was not loaded
};

Result<HistoryReport> load_luohe_history(Services& s, ManualClock& clock, Random& random);

} // namespace shegong
