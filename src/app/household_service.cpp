#include "shegong/app/household_service.hpp"

#include <array>

#include "shegong/domain/masking.hpp"
#include "shegong/domain/text.hpp"

namespace shegong {
namespace {

constexpr std::array<std::string_view, 3> kSort = {"address", "created_at", "region_code"};
constexpr std::string_view kContacts = "household.contacts";

Error no_household() { return Error::make(ErrorCode::not_found, "no household has this id", "id"); }

} // namespace

std::span<const std::string_view> HouseholdService::sort_keys() { return kSort; }

Result<Page<HouseholdRecord>> HouseholdService::list(const Actor& actor, HouseholdFilter filter,
                                                     std::optional<RegionCode> region, const PageRequest& page) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::person));
  SHEGONG_ASSIGN(filter.scope,
                 PlaceService::narrow(actor, region ? Scope::under(*region) : Scope::national(), "region"));
  filter.q = trim_text(filter.q);
  SHEGONG_TRY(check_text(filter.q, "q", 100, false));
  SHEGONG_ASSIGN(auto policy, access_.policy());
  const bool full = policy.permits(actor.role, Action::reveal, Resource::person);
  Page<HouseholdRecord> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.households().list(filter, page));
    return ok();
  }));
  if (!full)
    for (auto& h : out.items) h.head_name = mask_name(h.head_name);
  return out;
}

Result<HouseholdDetail> HouseholdService::detail(Repositories& r, const Actor& actor, std::string_view id) {
  SHEGONG_ASSIGN(auto found, r.households().find(id, actor.scope));
  if (!found) return no_household();
  SHEGONG_ASSIGN(auto policy, access_.policy());
  const bool full = policy.permits(actor.role, Action::reveal, Resource::person);
  HouseholdDetail d;
  d.household = std::move(*found);
  SHEGONG_ASSIGN(auto contacts, vault_.open_contacts(d.household.contacts_sealed, kContacts));
  d.emergency_contacts = PersonVault::masked(std::move(contacts));
  SHEGONG_ASSIGN(d.members, r.persons().members(d.household.id));
  SHEGONG_TRY(r.persons().fill_categories(d.members, china_date(clock_.now_ms())));
  if (!full) {
    d.household.head_name = mask_name(d.household.head_name);
    for (auto& m : d.members) m.name = mask_name(m.name);
    for (auto& c : d.emergency_contacts) c.name = mask_name(c.name);
  }
  return d;
}

Result<HouseholdDetail> HouseholdService::get(const Actor& actor, std::string_view id) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::person));
  HouseholdDetail out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, detail(r, actor, id));
    return ok();
  }));
  SHEGONG_TRY(audit_.record(
      audit_entry(actor, "household.view", "household", out.household.id, out.household.region_code.str())));
  return out;
}

Result<void> HouseholdService::check_links(Repositories& r, const Actor& actor, const HouseholdRecord& h) {
  if (!actor.scope.contains(h.region_code))
    return Error::make(ErrorCode::forbidden, "the region lies outside your area", "region_code");
  if (h.region_code.level() != RegionLevel::village)
    return Error::make(ErrorCode::region_level, "a household lives in a village or community (12-digit code)",
                       "region_code");
  SHEGONG_ASSIGN(auto region, r.regions().find(h.region_code));
  if (!region)
    return Error::make(ErrorCode::unknown_region, "no region has code " + h.region_code.str(), "region_code");
  std::optional<Grid> grid;
  if (h.grid_id) {
    SHEGONG_ASSIGN(grid, r.grids().find(*h.grid_id, actor.scope));
    if (!grid || grid->kind != GridKind::grid || !grid->active || grid->region_code.str() != h.region_code.str())
      return Error::make(ErrorCode::invalid_field, "grid_id must be an active grid of the household's community",
                         "grid_id");
  }
  if (h.micro_grid_id) {
    SHEGONG_ASSIGN(auto micro, r.grids().find(*h.micro_grid_id, actor.scope));
    if (!micro || micro->kind != GridKind::micro_grid || !micro->active ||
        micro->region_code.str() != h.region_code.str() || (h.grid_id && micro->parent_id != h.grid_id))
      return Error::make(ErrorCode::invalid_field, "micro_grid_id must be an active micro-grid of the household's grid",
                         "micro_grid_id");
  }
  return ok();
}

Result<Created<HouseholdDetail>> HouseholdService::create(const Actor& actor, std::optional<std::string> id,
                                                          HouseholdFields f) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::person));
  if (!f.region_code) return Error::make(ErrorCode::missing_field, "region_code is required", "region_code");
  Household h;
  h.address = f.address.value_or("");
  h.emergency_contacts = f.emergency_contacts.value_or(std::vector<Contact>{});
  SHEGONG_TRY(normalize(h));
  HouseholdRecord rec;
  rec.id = id ? *id : new_uuid_v7(clock_, random_);
  rec.region_code = *f.region_code;
  rec.address = h.address;
  rec.grid_id = f.grid_id.value_or(std::nullopt);
  rec.micro_grid_id = f.micro_grid_id.value_or(std::nullopt);
  SHEGONG_ASSIGN(rec.contacts_sealed, vault_.seal_contacts(h.emergency_contacts, kContacts));
  rec.created_at = rec.updated_at = clock_.now_ms();
  Created<HouseholdDetail> out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(bool taken, r.households().exists(rec.id));
    if (taken) {
      SHEGONG_ASSIGN(auto prior, r.households().find(rec.id, actor.scope));
      if (prior) {
        SHEGONG_ASSIGN(auto contacts, vault_.open_contacts(prior->contacts_sealed, kContacts));
        if (prior->address == rec.address && prior->region_code.str() == rec.region_code.str() &&
            prior->grid_id == rec.grid_id && prior->micro_grid_id == rec.micro_grid_id &&
            contacts == h.emergency_contacts) {
          SHEGONG_ASSIGN(out.record, detail(r, actor, rec.id));
          out.created = false;
          return ok();
        }
      }
      return Error::make(ErrorCode::conflict, "another record already has this id", "id");
    }
    SHEGONG_TRY(check_links(r, actor, rec));
    SHEGONG_TRY(r.households().insert(rec));
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "household.create", "household", rec.id, rec.region_code.str())));
    SHEGONG_ASSIGN(out.record, detail(r, actor, rec.id));
    out.created = true;
    return ok();
  }));
  return out;
}

Result<HouseholdDetail> HouseholdService::update(const Actor& actor, std::string_view id, std::int64_t version,
                                                 HouseholdFields patch) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::person));
  HouseholdDetail out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.households().find(id, actor.scope));
    if (!found) return no_household();
    if (found->version != version)
      return Error::make(ErrorCode::version_conflict,
                         "the household was changed by someone else; reload and apply your edit again", "version");
    Household h;
    h.address = patch.address.value_or(found->address);
    if (patch.emergency_contacts) {
      h.emergency_contacts = *patch.emergency_contacts;
    } else {
      SHEGONG_ASSIGN(h.emergency_contacts, vault_.open_contacts(found->contacts_sealed, kContacts));
    }
    SHEGONG_TRY(normalize(h));
    HouseholdRecord next = *found;
    next.address = h.address;
    if (patch.grid_id) next.grid_id = *patch.grid_id;
    if (patch.micro_grid_id) next.micro_grid_id = *patch.micro_grid_id;
    bool contacts_changed = false;
    if (patch.emergency_contacts) {
      SHEGONG_ASSIGN(auto before, vault_.open_contacts(found->contacts_sealed, kContacts));
      contacts_changed = before != h.emergency_contacts;
      if (contacts_changed) {
        SHEGONG_ASSIGN(next.contacts_sealed, vault_.seal_contacts(h.emergency_contacts, kContacts));
      }
    }
    if (!contacts_changed && next.address == found->address && next.grid_id == found->grid_id &&
        next.micro_grid_id == found->micro_grid_id) {
      SHEGONG_ASSIGN(out, detail(r, actor, id));
      return ok(); // nothing changed: keep the version, write no audit entry
    }
    SHEGONG_TRY(check_links(r, actor, next));
    next.version = version + 1;
    next.updated_at = clock_.now_ms();
    SHEGONG_ASSIGN(bool written, r.households().update(next, version));
    if (!written)
      return Error::make(ErrorCode::version_conflict, "the household was changed by someone else", "version");
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "household.update", "household", next.id, next.region_code.str())));
    SHEGONG_ASSIGN(out, detail(r, actor, id));
    return ok();
  }));
  return out;
}

// ---- categories -----------------------------------------------------------

Result<std::vector<Category>> CategoryService::list(const Actor& actor) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::category));
  std::vector<Category> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.categories().all());
    return ok();
  }));
  return out;
}

Result<Category> CategoryService::create(const Actor& actor, Category c) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::category));
  c.name = trim_text(c.name);
  c.description = trim_text(c.description);
  c.builtin = false;
  c.active = true;
  SHEGONG_TRY(validate(c));
  Category out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto existing, r.categories().all());
    for (const auto& x : existing) {
      if (x.code == c.code) return Error::make(ErrorCode::conflict, "a category has this code already", "code");
      if (x.name == c.name) return Error::make(ErrorCode::conflict, "a category has this name already", "name");
    }
    SHEGONG_TRY(r.categories().insert(c));
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "category.create", "category", c.code, "")));
    SHEGONG_ASSIGN(auto stored, r.categories().find(c.code));
    out = stored ? *stored : c;
    return ok();
  }));
  return out;
}

Result<Category> CategoryService::update(const Actor& actor, std::string_view code, const Patch& patch) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::category));
  Category out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.categories().find(code));
    if (!found) return Error::make(ErrorCode::not_found, "no category has this code", "code");
    Category next = *found;
    if (patch.name) next.name = trim_text(*patch.name);
    if (patch.description) next.description = trim_text(*patch.description);
    if (patch.active) next.active = *patch.active;
    SHEGONG_TRY(validate(next));
    SHEGONG_ASSIGN(auto existing, r.categories().all());
    for (const auto& x : existing)
      if (x.code != next.code && x.name == next.name)
        return Error::make(ErrorCode::conflict, "a category has this name already", "name");
    SHEGONG_TRY(r.categories().update(next));
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "category.update", "category", next.code, "")));
    out = next;
    return ok();
  }));
  return out;
}

} // namespace shegong
