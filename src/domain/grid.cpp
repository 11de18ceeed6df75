#include "shegong/domain/grid.hpp"

#include "shegong/domain/text.hpp"

namespace shegong {

std::string_view to_string(GridKind kind) noexcept { return kGridKinds[static_cast<std::size_t>(kind)].code; }

std::optional<GridKind> parse_grid_kind(std::string_view s) noexcept {
  for (std::size_t i = 0; i < std::size(kGridKinds); ++i)
    if (kGridKinds[i].code == s) return static_cast<GridKind>(i);
  return std::nullopt;
}

Result<void> validate(const Grid& g) {
  SHEGONG_TRY(check_text(g.name, "name", 100, true));
  SHEGONG_TRY(check_text(g.grid_worker, "grid_worker", 50, false));
  if (g.region_code.level() != RegionLevel::village)
    return Error::make(ErrorCode::region_level, "a grid belongs to a village or community (12-digit code)",
                       "region_code");
  if (g.households < 0 || g.households > kMaxGridHouseholds)
    return Error::make(ErrorCode::invalid_field, "households must be between 0 and 1000000", "households");
  if (g.residents < 0 || g.residents > kMaxGridResidents)
    return Error::make(ErrorCode::invalid_field, "residents must be between 0 and 10000000", "residents");
  if (g.kind == GridKind::micro_grid && !g.parent_id)
    return Error::make(ErrorCode::missing_field, "a micro-grid needs the grid it belongs to", "parent_id");
  if (g.kind == GridKind::grid && g.parent_id)
    return Error::make(ErrorCode::invalid_field, "a grid has no parent; use kind micro_grid", "parent_id");
  return ok();
}

Result<void> validate_parent(const Grid& child, const Grid& parent) {
  if (parent.kind != GridKind::grid)
    return Error::make(ErrorCode::invalid_field, "a micro-grid's parent must be a grid, not a micro-grid", "parent_id");
  if (parent.region_code != child.region_code)
    return Error::make(ErrorCode::invalid_field, "a micro-grid lies in the same community as its grid", "parent_id");
  if (!parent.active && child.active)
    return Error::make(ErrorCode::invalid_field, "the parent grid is deactivated", "parent_id");
  return ok();
}

} // namespace shegong
