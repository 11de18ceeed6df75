// Use cases of the register of people served: persons, their categories, merges of
// duplicates, the full view of personal data and the export. Every read is scoped,
// every view of a person is audited.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shegong/app/access_control.hpp"
#include "shegong/app/actor.hpp"
#include "shegong/app/audit_service.hpp"
#include "shegong/app/person_vault.hpp"
#include "shegong/app/place_service.hpp"
#include "shegong/app/ports.hpp"

namespace shegong {

struct PersonQuery {
  std::string q; // name characters, pinyin or initials (prefix), or an exact ID number
  std::optional<RegionCode> region;
  std::optional<std::string> category, grid_id, worker_id, risk_level, household_id;
  std::string on; // the day categories are read for; today when empty
  bool include_merged = false;
};

// The fields of a create or an edit; absent means "not given" (create) or "unchanged" (edit).
struct PersonFields {
  std::optional<RegionCode> region_code;
  std::optional<std::string> name, id_number, sex, birth_date, phone, health_notes, registered_address, current_address,
      living_situation, risk_level, cadre_contact, notes;
  std::optional<std::optional<std::string>> grid_id, worker_id, household_id, relation;
  std::optional<std::vector<Contact>> guardians;
};

struct PersonCreate {
  std::optional<std::string> id;
  PersonFields fields;
  std::vector<CategoryEntry> categories; // category, start_date, end_date, document
  bool allow_duplicate = false;
};

struct PersonDetail {
  PersonRecord person;
  bool has_health_notes = false;
  std::vector<Contact> guardians; // phones masked
  std::vector<CategoryEntry> history;
  std::vector<std::pair<PersonRecord, TimestampMs>> merged;
};

struct Revealed {
  std::optional<std::string> id_number, birth_date, phone, health_notes;
  std::vector<std::string> guardian_phones;
};

struct CategoryEntryPatch {
  std::optional<std::optional<std::string>> end_date;
  std::optional<std::string> document;
};

class PersonService {
 public:
  PersonService(Store& store, const Clock& clock, Random& random, AuditService& audit, AccessControl& access,
                PersonVault& vault)
      : store_(store), clock_(clock), random_(random), audit_(audit), access_(access), vault_(vault) {}

  static std::span<const std::string_view> sort_keys();

  Result<Page<PersonRecord>> list(const Actor& actor, PersonQuery query, const PageRequest& page);
  Result<PersonDetail> get(const Actor& actor, std::string_view id, std::string_view purpose);
  Result<Created<PersonDetail>> create(const Actor& actor, PersonCreate cmd);
  Result<PersonDetail> update(const Actor& actor, std::string_view id, std::int64_t version, PersonFields patch);
  Result<Revealed> reveal(const Actor& actor, std::string_view id, std::string_view purpose,
                          const std::vector<std::string>& fields);
  // Same ID number, or same name and birth date in the same county, within the actor's area.
  Result<std::vector<PersonRecord>> duplicates(const Actor& actor, std::string_view id);
  // What a refused create collided with, within the actor's area (for the 409's body).
  Result<std::optional<std::string>> holder_of_id_number(const Actor& actor, std::string_view id_number);
  Result<std::vector<PersonRecord>> likely_duplicates(const Actor& actor, const RegionCode& region,
                                                      std::string_view name, std::string_view birth_date);

  Result<CategoryEntry> add_category(const Actor& actor, std::string_view person_id, CategoryEntry entry);
  Result<CategoryEntry> update_category(const Actor& actor, std::string_view person_id, std::string_view entry_id,
                                        const CategoryEntryPatch& patch);

  Result<PersonDetail> merge(const Actor& actor, std::string_view survivor_id, std::string_view other_id,
                             std::string_view reason);
  Result<PersonDetail> unmerge(const Actor& actor, std::string_view merged_id, std::string_view reason);

  // The filtered list as XLSX, in the list's order (`order`'s sort; its page is not
  // used); unmasked needs the reveal permission and a purpose.
  Result<std::string> export_xlsx(const Actor& actor, PersonQuery query, const PageRequest& order, bool unmasked,
                                  std::string_view purpose, SpreadsheetWriter& writer, std::int64_t max_rows = 100'000);

  // Active accounts that can be a person's responsible worker (social workers, station
  // managers, civil-affairs administrators) within the actor's area, serving `region`
  // when given (bound to it, above it or below it).
  Result<std::vector<User>> workers(const Actor& actor, const std::optional<RegionCode>& region);

  // Seals every person's and household's personal fields again under the current
  // key and recomputes the blind indexes, in batches; returns how many records changed.
  Result<std::int64_t> rotate_keys();

  // A role that may not see personal data in full sees names masked too.
  Result<bool> may_reveal(const Actor& actor);
  std::string today() const { return china_date(clock_.now_ms()); }

 private:
  Result<PersonFilter> filter_of(const Actor& actor, PersonQuery& query);
  Result<void> check_links(Repositories& r, const Actor& actor, const PersonRecord& p);
  Result<PersonDetail> detail(Repositories& r, const Actor& actor, std::string_view id, bool mask_names);
  Result<void> check_purpose(std::string_view purpose);

  Store& store_;
  const Clock& clock_;
  Random& random_;
  AuditService& audit_;
  AccessControl& access_;
  PersonVault& vault_;
};

// Applies the given fields onto `d`; says which of sex and birth date were entered.
void apply_fields(PersonDetails& d, const PersonFields& f, bool& sex_given, bool& birth_given);

} // namespace shegong
