#include "shegong/app/place_service.hpp"

#include <array>

#include "shegong/domain/text.hpp"

namespace shegong {
namespace {

constexpr std::array<std::string_view, 7> kStationSort = {"name", "created_at", "updated_at", "region_code",
                                                          "kind", "opened_on",  "manager"};
constexpr std::array<std::string_view, 6> kGridSort = {"name",        "created_at", "updated_at",
                                                       "region_code", "households", "residents"};

Error stale(std::string_view what) {
  return Error::make(ErrorCode::version_conflict,
                     std::string(what) + " was changed by someone else; reload and apply your edit again", "version");
}

// A create sent again: what its author wrote equals the stored record, whatever the
// server set then or since (version, times, the names it joins in).
template <class T>
bool replays(const T& stored, T sent) {
  sent.version = stored.version;
  sent.created_at = stored.created_at;
  sent.updated_at = stored.updated_at;
  sent.region_name = stored.region_name;
  if constexpr (requires { sent.parent_name; }) sent.parent_name = stored.parent_name;
  return sent == stored;
}

} // namespace

std::span<const std::string_view> PlaceService::station_sort_keys() { return kStationSort; }
std::span<const std::string_view> PlaceService::grid_sort_keys() { return kGridSort; }

Result<PageRequest> make_page_request(int page, int page_size, std::string_view sort,
                                      std::span<const std::string_view> allowed, std::string_view default_sort) {
  if (page < 1 || page > 1'000'000)
    return Error::make(ErrorCode::invalid_query, "page must be between 1 and 1000000", "page");
  if (page_size < 1 || page_size > 200)
    return Error::make(ErrorCode::invalid_query, "page_size must be between 1 and 200", "page_size");
  // The default may ask for descending order too ("-starts_on").
  const bool default_descending = default_sort.starts_with('-');
  if (default_descending) default_sort.remove_prefix(1);
  PageRequest out{page, page_size, std::string(default_sort), default_descending};
  if (!sort.empty()) {
    out.descending = false;
    if (sort.front() == '-') {
      out.descending = true;
      sort.remove_prefix(1);
    }
    bool known = false;
    for (auto a : allowed) known |= (a == sort);
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return Error::make(ErrorCode::invalid_query, "sort must be one of " + list + " (prefix - for descending)",
                         "sort");
    }
    out.sort = std::string(sort);
  }
  return out;
}

Result<void> PlaceService::require(const Actor& actor, Action action, Resource resource) {
  return access_.require(actor, action, resource);
}

Result<Scope> PlaceService::narrow(const Actor& actor, const Scope& wanted, std::string_view field) {
  auto s = actor.scope.intersect(wanted);
  if (!s) return Error::make(ErrorCode::forbidden, "the region lies outside your area", std::string(field));
  return *s;
}

Result<void> PlaceService::check_region(Repositories& r, const Actor& actor, const RegionCode& code) const {
  if (!actor.scope.contains(code))
    return Error::make(ErrorCode::forbidden, "the region lies outside your area", "region_code");
  SHEGONG_ASSIGN(auto found, r.regions().find(code));
  if (!found) return Error::make(ErrorCode::unknown_region, "no region has code " + code.str(), "region_code");
  return ok();
}

// ---- stations -------------------------------------------------------------

Result<Created<Station>> PlaceService::create_station(const Actor& actor, Station s) {
  SHEGONG_TRY(require(actor, Action::write, Resource::station));
  if (s.id.empty()) s.id = new_uuid_v7(clock_, random_);
  s.active = true;
  s.version = 1;
  s.created_at = s.updated_at = clock_.now_ms();
  s.region_name.clear();
  SHEGONG_TRY(validate(s));

  Created<Station> out{s, true};
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(check_region(r, actor, s.region_code));
    SHEGONG_ASSIGN(bool taken, r.stations().exists(s.id));
    if (taken) {
      SHEGONG_ASSIGN(auto prior, r.stations().find(s.id, actor.scope));
      if (prior && replays(*prior, s)) {
        out = Created<Station>{std::move(*prior), false};
        return ok();
      }
      return Error::make(ErrorCode::conflict, "another record already has this id", "id");
    }
    SHEGONG_TRY(r.stations().insert(s));
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "station.create", "station", s.id, s.region_code.str())));
    SHEGONG_ASSIGN(auto stored, r.stations().find(s.id, actor.scope));
    if (stored) out.record = std::move(*stored);
    return ok();
  }));
  return out;
}

Result<Station> PlaceService::get_station(const Actor& actor, std::string_view id) {
  SHEGONG_TRY(require(actor, Action::read, Resource::station));
  std::optional<Station> found;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(found, r.stations().find(id, actor.scope));
    return ok();
  }));
  if (!found) return Error::make(ErrorCode::not_found, "no station has this id", "id");
  return std::move(*found);
}

Result<Station> PlaceService::update_station(const Actor& actor, std::string_view id, std::int64_t version,
                                             const Edit<Station>& edit) {
  SHEGONG_TRY(require(actor, Action::write, Resource::station));
  Station out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.stations().find(id, actor.scope));
    if (!found) return Error::make(ErrorCode::not_found, "no station has this id", "id");
    if (found->version != version) return stale("the station");
    Station next = *found;
    edit.apply_to(next);
    SHEGONG_TRY(validate(next));
    if (next == *found) {
      out = std::move(*found);
      return ok(); // nothing changed: keep the version
    }
    next.version = version + 1;
    next.updated_at = clock_.now_ms();
    SHEGONG_ASSIGN(bool written, r.stations().update(next, version));
    if (!written) return stale("the station");
    SHEGONG_TRY(
        audit_.append(r, audit_entry(actor, found->active && !next.active ? "station.deactivate" : "station.update",
                                     "station", next.id, next.region_code.str())));
    SHEGONG_ASSIGN(auto stored, r.stations().find(id, actor.scope));
    out = stored ? std::move(*stored) : std::move(next);
    return ok();
  }));
  return out;
}

Result<Page<Station>> PlaceService::list_stations(const Actor& actor, StationFilter filter, const PageRequest& page) {
  SHEGONG_TRY(require(actor, Action::read, Resource::station));
  SHEGONG_ASSIGN(filter.scope, narrow(actor, filter.scope, "region"));
  filter.q = trim_text(filter.q);
  SHEGONG_TRY(check_text(filter.q, "q", 50, false));
  Page<Station> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.stations().list(filter, page));
    return ok();
  }));
  return out;
}

// ---- grids ----------------------------------------------------------------

Result<Created<Grid>> PlaceService::create_grid(const Actor& actor, Grid g) {
  SHEGONG_TRY(require(actor, Action::write, Resource::grid));
  if (g.id.empty()) g.id = new_uuid_v7(clock_, random_);
  g.active = true;
  g.version = 1;
  g.created_at = g.updated_at = clock_.now_ms();
  g.region_name.clear();
  g.parent_name.clear();
  SHEGONG_TRY(validate(g));

  Created<Grid> out{g, true};
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_TRY(check_region(r, actor, g.region_code));
    if (g.parent_id) {
      SHEGONG_ASSIGN(auto parent, r.grids().find(*g.parent_id, actor.scope));
      if (!parent) return Error::make(ErrorCode::invalid_field, "no grid has this id", "parent_id");
      SHEGONG_TRY(validate_parent(g, *parent));
    }
    SHEGONG_ASSIGN(bool taken, r.grids().exists(g.id));
    if (taken) {
      SHEGONG_ASSIGN(auto prior, r.grids().find(g.id, actor.scope));
      if (prior && replays(*prior, g)) {
        out = Created<Grid>{std::move(*prior), false};
        return ok();
      }
      return Error::make(ErrorCode::conflict, "another record already has this id", "id");
    }
    SHEGONG_TRY(r.grids().insert(g));
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "grid.create", "grid", g.id, g.region_code.str())));
    SHEGONG_ASSIGN(auto stored, r.grids().find(g.id, actor.scope));
    if (stored) out.record = std::move(*stored);
    return ok();
  }));
  return out;
}

Result<Grid> PlaceService::get_grid(const Actor& actor, std::string_view id) {
  SHEGONG_TRY(require(actor, Action::read, Resource::grid));
  std::optional<Grid> found;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(found, r.grids().find(id, actor.scope));
    return ok();
  }));
  if (!found) return Error::make(ErrorCode::not_found, "no grid has this id", "id");
  return std::move(*found);
}

Result<Grid> PlaceService::update_grid(const Actor& actor, std::string_view id, std::int64_t version,
                                       const Edit<Grid>& edit) {
  SHEGONG_TRY(require(actor, Action::write, Resource::grid));
  Grid out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.grids().find(id, actor.scope));
    if (!found) return Error::make(ErrorCode::not_found, "no grid has this id", "id");
    if (found->version != version) return stale("the grid");
    Grid next = *found;
    edit.apply_to(next);
    SHEGONG_TRY(validate(next));
    if (next == *found) {
      out = std::move(*found);
      return ok();
    }
    if (found->active && !next.active && next.kind == GridKind::grid) {
      SHEGONG_ASSIGN(auto live, r.grids().count_active_children(id));
      if (live > 0)
        return Error::make(ErrorCode::conflict,
                           "deactivate the grid's " + std::to_string(live) + " active micro-grids first", "active");
    }
    if (!found->active && next.active && next.parent_id) {
      SHEGONG_ASSIGN(auto parent, r.grids().find(*next.parent_id, actor.scope));
      if (!parent || !parent->active)
        return Error::make(ErrorCode::conflict, "reactivate the parent grid first", "active");
    }
    next.version = version + 1;
    next.updated_at = clock_.now_ms();
    SHEGONG_ASSIGN(bool written, r.grids().update(next, version));
    if (!written) return stale("the grid");
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, found->active && !next.active ? "grid.deactivate" : "grid.update",
                                             "grid", next.id, next.region_code.str())));
    SHEGONG_ASSIGN(auto stored, r.grids().find(id, actor.scope));
    out = stored ? std::move(*stored) : std::move(next);
    return ok();
  }));
  return out;
}

Result<Page<Grid>> PlaceService::list_grids(const Actor& actor, GridFilter filter, const PageRequest& page) {
  SHEGONG_TRY(require(actor, Action::read, Resource::grid));
  SHEGONG_ASSIGN(filter.scope, narrow(actor, filter.scope, "region"));
  filter.q = trim_text(filter.q);
  SHEGONG_TRY(check_text(filter.q, "q", 50, false));
  Page<Grid> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.grids().list(filter, page));
    return ok();
  }));
  return out;
}

Result<PlaceSummary> PlaceService::summary(const Actor& actor, const std::optional<RegionCode>& region) {
  SHEGONG_TRY(require(actor, Action::read, Resource::station));
  SHEGONG_ASSIGN(Scope scope, narrow(actor, region ? Scope::under(*region) : Scope::national(), "region"));
  PlaceSummary out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out.stations, r.stations().count_active_by_kind(scope));
    SHEGONG_ASSIGN(out.grids, r.grids().summary(scope));
    return ok();
  }));
  for (auto k : kAllStationKinds) out.stations.try_emplace(k, 0);
  return out;
}

} // namespace shegong
