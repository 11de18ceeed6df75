// Use cases for service sites and grids.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "shegong/app/access_control.hpp"
#include "shegong/app/actor.hpp"
#include "shegong/app/audit_service.hpp"
#include "shegong/app/ports.hpp"

namespace shegong {

template <typename T>
struct Created {
  T record;
  bool created = true; // false when an identical earlier submission was replayed
};

struct PlaceSummary {
  std::map<StationKind, std::int64_t> stations;
  GridSummary grids;
};

// Checks a sort key against a resource's allow-list ("name", "-created_at").
Result<PageRequest> make_page_request(int page, int page_size, std::string_view sort,
                                      std::span<const std::string_view> allowed, std::string_view default_sort);

class PlaceService {
 public:
  PlaceService(Store& store, const Clock& clock, Random& random, AuditService& audit, AccessControl& access)
      : store_(store), clock_(clock), random_(random), audit_(audit), access_(access) {}

  static std::span<const std::string_view> station_sort_keys();
  static std::span<const std::string_view> grid_sort_keys();

  // A new station as its author wrote it (an empty id gets a new one; the server sets
  // version, times and active). Sent again with the same id and content, it is a replay.
  Result<Created<Station>> create_station(const Actor& actor, Station s);
  Result<Station> get_station(const Actor& actor, std::string_view id);
  // On version_conflict the caller may read the current record with get_station.
  Result<Station> update_station(const Actor& actor, std::string_view id, std::int64_t version,
                                 const Edit<Station>& edit);
  Result<Page<Station>> list_stations(const Actor& actor, StationFilter filter, const PageRequest& page);

  Result<Created<Grid>> create_grid(const Actor& actor, Grid g);
  Result<Grid> get_grid(const Actor& actor, std::string_view id);
  Result<Grid> update_grid(const Actor& actor, std::string_view id, std::int64_t version, const Edit<Grid>& edit);
  Result<Page<Grid>> list_grids(const Actor& actor, GridFilter filter, const PageRequest& page);

  Result<PlaceSummary> summary(const Actor& actor, const std::optional<RegionCode>& region);

  // The actor's scope narrowed to `wanted`; forbidden (naming `field`) when they do not overlap.
  static Result<Scope> narrow(const Actor& actor, const Scope& wanted, std::string_view field);

 private:
  Result<void> require(const Actor& actor, Action action, Resource resource);
  Result<void> check_region(Repositories& r, const Actor& actor, const RegionCode& code) const;

  Store& store_;
  const Clock& clock_;
  Random& random_;
  AuditService& audit_;
  AccessControl& access_;
};

} // namespace shegong
