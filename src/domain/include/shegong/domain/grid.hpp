// Grids (网格) divide a community; micro-grids (微网格) divide a grid.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shegong/core/clock.hpp"
#include "shegong/core/region_code.hpp"
#include "shegong/core/result.hpp"
#include "shegong/domain/code_label.hpp"
#include "shegong/domain/edit.hpp"

namespace shegong {

enum class GridKind { grid, micro_grid };

// In the enum's order.
inline constexpr CodeLabel kGridKinds[] = {{"grid", "网格", "Grid"}, {"micro_grid", "微网格", "Micro-grid"}};

std::string_view to_string(GridKind kind) noexcept;
std::optional<GridKind> parse_grid_kind(std::string_view s) noexcept;

struct Grid {
  std::string id;
  RegionCode region_code; // always a village/community
  std::optional<std::string> parent_id; // set exactly for micro-grids
  GridKind kind = GridKind::grid;
  std::string name;
  std::int64_t households = 0;
  std::int64_t residents = 0;
  std::string grid_worker;
  bool active = true;
  std::int64_t version = 1;
  TimestampMs created_at = 0;
  TimestampMs updated_at = 0;
  std::string region_name; // read model only
  std::string parent_name; // read model only

  friend bool operator==(const Grid&, const Grid&) = default;
};

inline constexpr std::int64_t kMaxGridHouseholds = 1'000'000;
inline constexpr std::int64_t kMaxGridResidents = 10'000'000;

// Invariants of the grid alone (text trimmed already).
Result<void> validate(const Grid& g);
// Invariants between a micro-grid and the grid it belongs to.
Result<void> validate_parent(const Grid& child, const Grid& parent);

} // namespace shegong
