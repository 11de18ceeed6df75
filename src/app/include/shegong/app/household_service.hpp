// Use cases for households and for the list of categories.
#pragma once

#include "shegong/app/access_control.hpp"
#include "shegong/app/actor.hpp"
#include "shegong/app/audit_service.hpp"
#include "shegong/app/person_vault.hpp"
#include "shegong/app/place_service.hpp"

namespace shegong {

struct HouseholdFields {
  std::optional<RegionCode> region_code;
  std::optional<std::string> address;
  std::optional<std::optional<std::string>> grid_id, micro_grid_id;
  std::optional<std::vector<Contact>> emergency_contacts;
};

struct HouseholdDetail {
  HouseholdRecord household;
  std::vector<Contact> emergency_contacts; // phones masked
  std::vector<PersonRecord> members;
};

class HouseholdService {
 public:
  HouseholdService(Store& store, const Clock& clock, Random& random, AuditService& audit, AccessControl& access,
                   PersonVault& vault)
      : store_(store), clock_(clock), random_(random), audit_(audit), access_(access), vault_(vault) {}

  static std::span<const std::string_view> sort_keys();
  Result<Page<HouseholdRecord>> list(const Actor& actor, HouseholdFilter filter, std::optional<RegionCode> region,
                                     const PageRequest& page);
  Result<HouseholdDetail> get(const Actor& actor, std::string_view id);
  Result<Created<HouseholdDetail>> create(const Actor& actor, std::optional<std::string> id, HouseholdFields fields);
  Result<HouseholdDetail> update(const Actor& actor, std::string_view id, std::int64_t version, HouseholdFields patch);

 private:
  Result<HouseholdDetail> detail(Repositories& r, const Actor& actor, std::string_view id);
  Result<void> check_links(Repositories& r, const Actor& actor, const HouseholdRecord& h);

  Store& store_;
  const Clock& clock_;
  Random& random_;
  AuditService& audit_;
  AccessControl& access_;
  PersonVault& vault_;
};

class CategoryService {
 public:
  CategoryService(Store& store, AuditService& audit, AccessControl& access)
      : store_(store), audit_(audit), access_(access) {}
  Result<std::vector<Category>> list(const Actor& actor);
  Result<Category> create(const Actor& actor, Category c);
  struct Patch {
    std::optional<std::string> name, description;
    std::optional<bool> active;
  };
  Result<Category> update(const Actor& actor, std::string_view code, const Patch& patch);

 private:
  Store& store_;
  AuditService& audit_;
  AccessControl& access_;
};

} // namespace shegong
