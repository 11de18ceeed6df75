#include "shegong/app/person_service.hpp"
#include "shegong/app/stats_service.hpp"

#include "shegong/app/outreach_service.hpp"

#include <array>
#include <map>

#include "shegong/domain/citizen_id.hpp"
#include "shegong/domain/masking.hpp"
#include "shegong/domain/text.hpp"

namespace shegong {
namespace {

constexpr std::array<std::string_view, 6> kSort = {"name",       "birth_date", "created_at",
                                                   "updated_at", "risk_level", "region_code"};

Error stale() {
  return Error::make(ErrorCode::version_conflict,
                     "the person was changed by someone else; reload and apply your edit again", "version");
}

Error no_person() { return Error::make(ErrorCode::not_found, "no person has this id", "id"); }

// The county a village belongs to, or the city for cities without counties (东莞).
Scope county_of(const RegionCode& village) {
  auto county = RegionCode::parse(village.str().substr(0, 6) + "000000");
  return county ? Scope::under(*county) : Scope::under(village);
}

bool ascii_letters(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

Result<void> check_reason(std::string_view reason, std::string_view field) {
  const auto n = utf8_length(reason);
  if (n < 2 || n > 200)
    return Error::make(reason.empty() ? ErrorCode::missing_field : ErrorCode::invalid_field,
                       std::string(field) + " must have 2 to 200 characters", std::string(field));
  return check_text(reason, field, 200, true);
}

void mask_names(PersonRecord& p) { p.name = mask_name(p.name); }

// A query kept in the audit trail: any run of six or more digits (part of an ID number
// or a phone) is starred but its last two.
std::string mask_digit_runs(const std::string& q) {
  std::string out = q;
  std::size_t i = 0;
  while (i < out.size()) {
    if (out[i] < '0' || out[i] > '9') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < out.size() && out[j] >= '0' && out[j] <= '9') ++j;
    if (j - i >= 6)
      for (std::size_t k = i; k + 2 < j; ++k) out[k] = '*';
    i = j;
  }
  return out;
}

} // namespace

std::span<const std::string_view> PersonService::sort_keys() { return kSort; }

void apply_fields(PersonDetails& d, const PersonFields& f, bool& sex_given, bool& birth_given) {
  if (f.name) d.name = *f.name;
  if (f.id_number) d.id_number = *f.id_number;
  if (f.sex) d.sex = *f.sex;
  if (f.birth_date) d.birth_date = *f.birth_date;
  if (f.phone) d.phone = *f.phone;
  if (f.health_notes) d.health_notes = *f.health_notes;
  if (f.registered_address) d.registered_address = *f.registered_address;
  if (f.current_address) d.current_address = *f.current_address;
  if (f.living_situation) d.living_situation = *f.living_situation;
  if (f.risk_level) d.risk_level = *f.risk_level;
  if (f.cadre_contact) d.cadre_contact = *f.cadre_contact;
  if (f.notes) d.notes = *f.notes;
  if (f.grid_id) d.grid_id = *f.grid_id;
  if (f.worker_id) d.worker_id = *f.worker_id;
  if (f.household_id) d.household_id = *f.household_id;
  if (f.relation) d.relation = *f.relation;
  if (f.guardians) d.guardians = *f.guardians;
  sex_given = f.sex.has_value();
  birth_given = f.birth_date.has_value();
}

Result<bool> PersonService::may_reveal(const Actor& actor) {
  SHEGONG_ASSIGN(auto policy, access_.policy());
  return policy.permits(actor.role, Action::reveal, Resource::person);
}

Result<void> PersonService::check_purpose(std::string_view purpose) { return check_reason(purpose, "purpose"); }

Result<PersonFilter> PersonService::filter_of(const Actor& actor, PersonQuery& query) {
  PersonFilter f;
  SHEGONG_ASSIGN(f.scope,
                 PlaceService::narrow(actor, query.region ? Scope::under(*query.region) : Scope::national(), "region"));
  const std::string q = trim_text(query.q);
  SHEGONG_TRY(check_text(q, "q", 50, false));
  if (!q.empty()) {
    const std::string id = normalize_citizen_id(q);
    const bool looks_like_id = (id.size() == 15 || id.size() == 18) && id[0] >= '0' && id[0] <= '9' &&
                               id.find_first_not_of("0123456789X") == std::string::npos;
    if (looks_like_id) {
      auto parsed = parse_citizen_id(id, "q");
      if (!parsed) return Error::make(ErrorCode::invalid_query, parsed.error().message, "q");
      SHEGONG_ASSIGN(f.id_indexes, vault_.id_lookup(parsed->number));
    } else if (std::string letters =
                   [&] {
                     std::string s;
                     for (char c : q)
                       if (c != ' ') s.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
                     return s;
                   }();
               ascii_letters(letters)) {
      f.pinyin_prefix = letters;
    } else {
      f.name_prefix = q;
    }
  }
  f.on = query.on.empty() ? today() : query.on;
  if (!parse_date(f.on)) return Error::make(ErrorCode::invalid_query, "on must be a date YYYY-MM-DD", "on");
  if (query.risk_level) {
    auto code = find_code(kRiskLevels, *query.risk_level);
    if (!code) return Error::make(ErrorCode::invalid_query, "risk_level must be low, medium or high", "risk_level");
    f.risk_level = std::string(*code);
  }
  f.category = query.category;
  f.grid_id = query.grid_id;
  f.worker_id = query.worker_id;
  f.household_id = query.household_id;
  f.include_merged = query.include_merged;
  return f;
}

Result<Page<PersonRecord>> PersonService::list(const Actor& actor, PersonQuery query, const PageRequest& page) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::person));
  SHEGONG_ASSIGN(auto f, filter_of(actor, query));
  SHEGONG_ASSIGN(bool full, may_reveal(actor));
  Page<PersonRecord> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.persons().list(f, page));
    return ok();
  }));
  if (!full)
    for (auto& p : out.items) mask_names(p);
  // A search shows names: it is a view of those records, recorded without the query's
  // ID number in the clear.
  auto e = audit_entry(actor, "person.search", "person", "", f.scope.is_national() ? "" : f.scope.range_low());
  e.detail = "results=" + std::to_string(out.total) + (out.total_exact ? "" : "+");
  if (!f.id_indexes.empty())
    e.detail += " q=ID " + mask_id_number(normalize_citizen_id(query.q));
  else if (!query.q.empty())
    e.detail += " q=" + mask_digit_runs(trim_text(query.q));
  SHEGONG_TRY(audit_.record(std::move(e)));
  return out;
}

Result<PersonDetail> PersonService::detail(Repositories& r, const Actor& actor, std::string_view id, bool mask) {
  SHEGONG_ASSIGN(auto found, r.persons().find(id, actor.scope, today()));
  if (!found) return no_person();
  PersonDetail d;
  d.person = std::move(*found);
  d.has_health_notes = !d.person.health_sealed.empty();
  SHEGONG_ASSIGN(auto guardians, vault_.open_contacts(d.person.guardians_sealed, "person.guardians"));
  d.guardians = PersonVault::masked(std::move(guardians));
  SHEGONG_ASSIGN(d.history, r.categories().entries(d.person.id));
  SHEGONG_ASSIGN(d.merged, r.persons().merged_into(d.person.id));
  // A record merged in from outside the actor's area stays out of sight.
  std::erase_if(d.merged, [&](const auto& m) { return !actor.scope.contains(m.first.region_code); });
  if (mask) {
    mask_names(d.person);
    for (auto& [p, at] : d.merged) mask_names(p);
    for (auto& g : d.guardians) g.name = mask_name(g.name);
  }
  return d;
}

Result<PersonDetail> PersonService::get(const Actor& actor, std::string_view id, std::string_view purpose) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::person));
  const std::string why = trim_text(purpose);
  SHEGONG_TRY(check_text(why, "purpose", 200, false));
  SHEGONG_ASSIGN(bool full, may_reveal(actor));
  PersonDetail out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, detail(r, actor, id, !full));
    return ok();
  }));
  auto e = audit_entry(actor, "person.view", "person", out.person.id, out.person.region_code.str());
  e.purpose = why;
  SHEGONG_TRY(audit_.record(std::move(e)));
  return out;
}

Result<void> PersonService::check_links(Repositories& r, const Actor& actor, const PersonRecord& p) {
  if (!actor.scope.contains(p.region_code))
    return Error::make(ErrorCode::forbidden, "the region lies outside your area", "region_code");
  if (p.region_code.level() != RegionLevel::village)
    return Error::make(ErrorCode::region_level, "a person belongs to a village or community (12-digit code)",
                       "region_code");
  SHEGONG_ASSIGN(auto region, r.regions().find(p.region_code));
  if (!region)
    return Error::make(ErrorCode::unknown_region, "no region has code " + p.region_code.str(), "region_code");
  if (p.grid_id) {
    SHEGONG_ASSIGN(auto g, r.grids().find(*p.grid_id, actor.scope));
    if (!g || !g->active || g->region_code.str() != p.region_code.str())
      return Error::make(ErrorCode::invalid_field, "grid_id must be an active grid of the person's community",
                         "grid_id");
  }
  if (p.worker_id) {
    SHEGONG_ASSIGN(auto u, r.users().find_by_id(*p.worker_id));
    const bool serves =
        u && u->active &&
        (u->role == Role::social_worker || u->role == Role::station_manager || u->role == Role::civil_affairs_admin) &&
        (!u->region_code || Scope::under(*u->region_code).contains(p.region_code));
    if (!serves)
      return Error::make(ErrorCode::invalid_field, "worker_id must be an active social worker serving this community",
                         "worker_id");
  }
  if (p.household_id) {
    SHEGONG_ASSIGN(auto h, r.households().find(*p.household_id, actor.scope));
    if (!h || h->region_code.str() != p.region_code.str())
      return Error::make(ErrorCode::invalid_field, "household_id must be a household of the person's community",
                         "household_id");
  }
  return ok();
}

Result<std::optional<std::string>> PersonService::holder_of_id_number(const Actor& actor, std::string_view id_number) {
  auto parsed = parse_citizen_id(id_number);
  if (!parsed) return std::optional<std::string>{};
  SHEGONG_ASSIGN(auto indexes, vault_.id_lookup(parsed->number));
  std::optional<std::string> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.persons().find_by_id_index(indexes));
    if (found && actor.scope.contains(found->region_code)) out = found->id;
    return ok();
  }));
  return out;
}

Result<std::vector<PersonRecord>> PersonService::likely_duplicates(const Actor& actor, const RegionCode& region,
                                                                   std::string_view name, std::string_view birth) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::person));
  std::vector<PersonRecord> out;
  auto scope = actor.scope.intersect(county_of(region));
  if (!scope || birth.empty()) return out;
  SHEGONG_ASSIGN(bool full, may_reveal(actor));
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(out, r.persons().same_name_and_birth(*scope, trim_text(name), birth, ""));
    return r.persons().fill_categories(out, today());
  }));
  if (!full)
    for (auto& p : out) mask_names(p);
  return out;
}

Result<Created<PersonDetail>> PersonService::create(const Actor& actor, PersonCreate cmd) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::person));
  if (!cmd.fields.region_code) return Error::make(ErrorCode::missing_field, "region_code is required", "region_code");
  PersonDetails d;
  bool sex_given = false, birth_given = false;
  apply_fields(d, cmd.fields, sex_given, birth_given);
  SHEGONG_TRY(normalize(d, sex_given, birth_given, today()));
  for (std::size_t i = 0; i < cmd.categories.size(); ++i) {
    auto& e = cmd.categories[i];
    e.document = trim_text(e.document);
    auto v = validate(e);
    if (!v) {
      Error err = v.error();
      err.field = "categories[" + std::to_string(i) + "]." + err.field;
      return err;
    }
    for (std::size_t j = 0; j < i; ++j)
      if (overlaps(cmd.categories[j], e))
        return Error::make(ErrorCode::invalid_field, "two entries of the same category overlap",
                           "categories[" + std::to_string(i) + "]");
  }

  const TimestampMs now = clock_.now_ms();
  PersonRecord rec;
  rec.id = cmd.id ? *cmd.id : new_uuid_v7(clock_, random_);
  rec.region_code = *cmd.fields.region_code;
  rec.created_at = rec.updated_at = now;
  rec.created_by = actor.username;
  SHEGONG_TRY(vault_.seal(d, rec));

  Created<PersonDetail> out;
  SHEGONG_ASSIGN(bool full, may_reveal(actor));
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(bool taken, r.persons().exists(rec.id));
    if (taken) {
      SHEGONG_ASSIGN(auto prior, r.persons().find(rec.id, actor.scope, today()));
      if (prior) {
        SHEGONG_ASSIGN(auto prior_details, vault_.open(*prior));
        if (prior_details == d && prior->region_code.str() == rec.region_code.str()) {
          SHEGONG_ASSIGN(out.record, detail(r, actor, rec.id, !full));
          out.created = false;
          return ok();
        }
      }
      return Error::make(ErrorCode::conflict, "another record already has this id", "id");
    }
    SHEGONG_TRY(check_links(r, actor, rec));
    if (!d.id_number.empty()) {
      SHEGONG_ASSIGN(auto indexes, vault_.id_lookup(d.id_number));
      SHEGONG_ASSIGN(auto holder, r.persons().find_by_id_index(indexes));
      if (holder)
        return Error::make(ErrorCode::duplicate_person, "a person with this ID number is already registered",
                           "id_number");
    }
    if (!cmd.allow_duplicate && !d.birth_date.empty()) {
      SHEGONG_ASSIGN(auto same,
                     r.persons().same_name_and_birth(county_of(rec.region_code), d.name, d.birth_date, rec.id));
      if (!same.empty())
        return Error::make(ErrorCode::possible_duplicate,
                           "a person of the same name and birth date lives in this county; check the candidates, "
                           "or send allow_duplicate to register a different person",
                           "name");
    }
    SHEGONG_TRY(r.persons().insert(rec));
    std::vector<CategoryEntry> entries;
    for (auto e : cmd.categories) {
      SHEGONG_ASSIGN(auto cat, r.categories().find(e.category));
      if (!cat || !cat->active)
        return Error::make(ErrorCode::invalid_field, "no active category has code " + e.category, "categories");
      e.id = new_uuid_v7(clock_, random_);
      e.person_id = rec.id;
      e.created_at = now;
      e.created_by = actor.username;
      entries.push_back(std::move(e));
    }
    SHEGONG_TRY(r.categories().insert_entries(entries));
    SHEGONG_TRY(recount_person(r, rec.id));
    // Someone registered during a campaign that reaches their category joins it.
    for (const auto& e : entries) SHEGONG_TRY(join_campaigns_for(r, rec, e.category, now));
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "person.create", "person", rec.id, rec.region_code.str())));
    SHEGONG_ASSIGN(out.record, detail(r, actor, rec.id, !full));
    out.created = true;
    return ok();
  }));
  return out;
}

Result<PersonDetail> PersonService::update(const Actor& actor, std::string_view id, std::int64_t version,
                                           PersonFields patch) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::person));
  SHEGONG_ASSIGN(bool full, may_reveal(actor));
  PersonDetail out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.persons().find(id, actor.scope, today()));
    if (!found) return no_person();
    if (found->merged_into)
      return Error::make(ErrorCode::conflict, "this record was merged into another; edit that one", "id");
    if (found->version != version) return stale();
    SHEGONG_ASSIGN(auto before, vault_.open(*found));
    PersonDetails d = before;
    bool sex_given = false, birth_given = false;
    apply_fields(d, patch, sex_given, birth_given);
    // Without an ID number, what was stored stands unless the edit replaces it.
    const bool has_id = !trim_text(d.id_number).empty();
    SHEGONG_TRY(normalize(d, sex_given || !has_id, birth_given || !has_id, today()));
    PersonRecord next = *found;
    if (patch.region_code) next.region_code = *patch.region_code;
    if (d == before && next.region_code.str() == found->region_code.str()) {
      SHEGONG_ASSIGN(out, detail(r, actor, id, !full));
      return ok(); // nothing changed: keep the version
    }
    SHEGONG_TRY(vault_.seal(d, next));
    SHEGONG_TRY(check_links(r, actor, next));
    if (!d.id_number.empty() && d.id_number != before.id_number) {
      SHEGONG_ASSIGN(auto indexes, vault_.id_lookup(d.id_number));
      SHEGONG_ASSIGN(auto holder, r.persons().find_by_id_index(indexes));
      if (holder && holder->id != found->id)
        return Error::make(ErrorCode::duplicate_person, "a person with this ID number is already registered",
                           "id_number");
    }
    next.version = version + 1;
    next.updated_at = clock_.now_ms();
    SHEGONG_ASSIGN(bool written, r.persons().update(next, version));
    if (!written) return stale();
    if (next.region_code != found->region_code) SHEGONG_TRY(recount_person(r, next.id));
    // A risk assessed again changes how often the person's household is visited.
    if (next.risk_level != found->risk_level) SHEGONG_TRY(rejudge_risk(r, next, next.updated_at));
    SHEGONG_TRY(audit_.append(r, audit_entry(actor, "person.update", "person", next.id, next.region_code.str())));
    SHEGONG_ASSIGN(out, detail(r, actor, id, !full));
    return ok();
  }));
  return out;
}

Result<Revealed> PersonService::reveal(const Actor& actor, std::string_view id, std::string_view purpose,
                                       const std::vector<std::string>& fields) {
  SHEGONG_TRY(access_.require(actor, Action::reveal, Resource::person));
  const std::string why = trim_text(purpose);
  SHEGONG_TRY(check_purpose(why));
  bool want_id = fields.empty(), want_phone = fields.empty(), want_health = fields.empty();
  for (const auto& f : fields) {
    if (f == "id_number")
      want_id = true;
    else if (f == "phone")
      want_phone = true;
    else if (f == "health_notes")
      want_health = true;
    else
      return Error::make(ErrorCode::invalid_field, "fields may name id_number, phone and health_notes", "fields");
  }
  Revealed out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.persons().find(id, actor.scope, today()));
    if (!found) return no_person();
    SHEGONG_ASSIGN(auto d, vault_.open(*found));
    std::string shown;
    if (want_id) {
      if (!d.id_number.empty()) out.id_number = d.id_number;
      if (!d.birth_date.empty()) out.birth_date = d.birth_date; // it is part of the number
      shown += "id_number ";
    }
    if (want_phone) {
      if (!d.phone.empty()) out.phone = d.phone;
      for (const auto& g : d.guardians)
        if (!g.phone.empty()) out.guardian_phones.push_back(g.phone);
      shown += "phone ";
    }
    if (want_health && !d.health_notes.empty()) {
      out.health_notes = d.health_notes;
      shown += "health_notes";
    }
    auto e = audit_entry(actor, "person.reveal", "person", found->id, found->region_code.str());
    e.purpose = why;
    e.detail = trim_text(shown);
    return audit_.append(r, std::move(e));
  }));
  return out;
}

Result<std::vector<PersonRecord>> PersonService::duplicates(const Actor& actor, std::string_view id) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::person));
  SHEGONG_ASSIGN(bool full, may_reveal(actor));
  std::vector<PersonRecord> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.persons().find(id, actor.scope, today()));
    if (!found) return no_person();
    if (found->birth_date.empty()) return ok();
    auto scope = actor.scope.intersect(county_of(found->region_code));
    if (!scope) return ok();
    SHEGONG_ASSIGN(out, r.persons().same_name_and_birth(*scope, found->name, found->birth_date, found->id));
    return r.persons().fill_categories(out, today());
  }));
  if (!full)
    for (auto& p : out) mask_names(p);
  return out;
}

Result<CategoryEntry> PersonService::add_category(const Actor& actor, std::string_view person_id, CategoryEntry e) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::person));
  e.document = trim_text(e.document);
  SHEGONG_TRY(validate(e));
  CategoryEntry out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.persons().find(person_id, actor.scope, today()));
    if (!found) return no_person();
    if (found->merged_into)
      return Error::make(ErrorCode::conflict, "this record was merged into another; edit that one", "id");
    SHEGONG_ASSIGN(auto cat, r.categories().find(e.category));
    if (!cat || !cat->active)
      return Error::make(ErrorCode::invalid_field, "no active category has code " + e.category, "category");
    SHEGONG_ASSIGN(auto existing, r.categories().entries(found->id));
    for (const auto& x : existing)
      if (overlaps(x, e))
        return Error::make(ErrorCode::conflict,
                           "the person already holds " + cat->name + " from " + x.start_date +
                               (x.end_date ? " to " + *x.end_date : std::string(" on")) + "; end that entry first",
                           "start_date");
    e.id = new_uuid_v7(clock_, random_);
    e.person_id = found->id;
    e.created_at = clock_.now_ms();
    e.created_by = actor.username;
    SHEGONG_TRY(r.categories().insert_entry(e));
    SHEGONG_TRY(recount_person(r, found->id));
    SHEGONG_TRY(join_campaigns_for(r, *found, e.category, e.created_at));
    auto a = audit_entry(actor, "person.category.add", "person", found->id, found->region_code.str());
    a.detail = e.category + " from " + e.start_date;
    SHEGONG_TRY(audit_.append(r, std::move(a)));
    SHEGONG_ASSIGN(auto stored, r.categories().find_entry(e.id));
    out = stored ? std::move(*stored) : e;
    return ok();
  }));
  return out;
}

Result<CategoryEntry> PersonService::update_category(const Actor& actor, std::string_view person_id,
                                                     std::string_view entry_id, const CategoryEntryPatch& patch) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::person));
  CategoryEntry out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto found, r.persons().find(person_id, actor.scope, today()));
    if (!found) return no_person();
    SHEGONG_ASSIGN(auto entry, r.categories().find_entry(entry_id));
    if (!entry || entry->person_id != found->id)
      return Error::make(ErrorCode::not_found, "the person has no category entry with this id", "entry_id");
    CategoryEntry next = *entry;
    if (patch.end_date) next.end_date = *patch.end_date;
    if (patch.document) next.document = trim_text(*patch.document);
    SHEGONG_TRY(validate(next));
    SHEGONG_ASSIGN(auto existing, r.categories().entries(found->id));
    for (const auto& x : existing)
      if (x.id != next.id && overlaps(x, next))
        return Error::make(ErrorCode::conflict, "the entry would overlap another of the same category", "end_date");
    SHEGONG_TRY(r.categories().update_entry(next));
    SHEGONG_TRY(recount_person(r, found->id));
    auto a = audit_entry(actor, "person.category.update", "person", found->id, found->region_code.str());
    a.detail = next.category + " " + next.start_date + ".." + next.end_date.value_or("");
    SHEGONG_TRY(audit_.append(r, std::move(a)));
    SHEGONG_ASSIGN(auto stored, r.categories().find_entry(next.id));
    out = stored ? std::move(*stored) : next;
    return ok();
  }));
  return out;
}

Result<PersonDetail> PersonService::merge(const Actor& actor, std::string_view survivor_id, std::string_view other_id,
                                          std::string_view reason) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::merge));
  const std::string why = trim_text(reason);
  SHEGONG_TRY(check_reason(why, "reason"));
  if (survivor_id == other_id)
    return Error::make(ErrorCode::invalid_field, "a person cannot be merged into itself", "other_id");
  SHEGONG_ASSIGN(bool full, may_reveal(actor));
  PersonDetail out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto survivor, r.persons().find(survivor_id, actor.scope, today()));
    if (!survivor) return no_person();
    SHEGONG_ASSIGN(auto other, r.persons().find(other_id, actor.scope, today()));
    if (!other) return Error::make(ErrorCode::invalid_field, "no person in your area has this id", "other_id");
    if (survivor->merged_into || other->merged_into)
      return Error::make(ErrorCode::conflict, "one of the two was already merged into another record", "other_id");
    // A chain of merges could not be undone link by link: merge into the end of it.
    SHEGONG_ASSIGN(auto into_other, r.persons().merged_into(other->id));
    if (!into_other.empty())
      return Error::make(ErrorCode::conflict,
                         "other records were merged into this one; merge them into the survivor directly, or undo "
                         "those merges first",
                         "other_id");
    // Two open entries of one category on one person could never be ended: ask first.
    SHEGONG_ASSIGN(auto mine, r.categories().entries(survivor->id));
    SHEGONG_ASSIGN(auto theirs, r.categories().entries(other->id));
    for (const auto& a : mine)
      for (const auto& b : theirs)
        if (overlaps(a, b))
          return Error::make(ErrorCode::conflict,
                             "both records hold " + a.category_name + " at the same time (from " + a.start_date +
                                 " and from " + b.start_date + "); end one of the two entries, then merge",
                             "other_id");
    const TimestampMs now = clock_.now_ms();
    MergeRecord m{new_uuid_v7(clock_, random_), survivor->id, other->id, why, actor.username, now, std::nullopt};
    SHEGONG_TRY(r.persons().insert_merge(m));
    SHEGONG_TRY(r.categories().move_entries(other->id, survivor->id, m.id));
    SHEGONG_ASSIGN(bool marked, r.persons().set_merged_into(other->id, survivor->id, now));
    if (!marked) return Error::make(ErrorCode::conflict, "the record was merged by someone else meanwhile", "other_id");
    SHEGONG_TRY(recount_person(r, survivor->id));
    SHEGONG_TRY(recount_person(r, other->id));
    auto a = audit_entry(actor, "person.merge", "person", survivor->id, survivor->region_code.str());
    a.detail = "merged " + other->id;
    a.purpose = why;
    SHEGONG_TRY(audit_.append(r, std::move(a)));
    SHEGONG_ASSIGN(out, detail(r, actor, survivor->id, !full));
    return ok();
  }));
  return out;
}

Result<PersonDetail> PersonService::unmerge(const Actor& actor, std::string_view merged_id, std::string_view reason) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::merge));
  const std::string why = trim_text(reason);
  SHEGONG_TRY(check_reason(why, "reason"));
  SHEGONG_ASSIGN(bool full, may_reveal(actor));
  PersonDetail out;
  SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto merged, r.persons().find(merged_id, actor.scope, today()));
    if (!merged) return no_person();
    SHEGONG_ASSIGN(auto m, r.persons().open_merge_of(merged->id));
    if (!merged->merged_into || !m) return Error::make(ErrorCode::conflict, "this record is not merged", "id");
    // Undoing moves history off the survivor, so its area must be the actor's too.
    SHEGONG_ASSIGN(auto survivor, r.persons().find(m->survivor_id, actor.scope, today()));
    if (!survivor)
      return Error::make(ErrorCode::forbidden, "the record it was merged into lies outside your area", "id");
    const TimestampMs now = clock_.now_ms();
    SHEGONG_TRY(r.categories().restore_entries(m->id, merged->id));
    SHEGONG_ASSIGN(bool unmarked, r.persons().set_merged_into(merged->id, std::nullopt, now));
    if (!unmarked) return Error::make(ErrorCode::conflict, "the merge was undone by someone else meanwhile", "id");
    SHEGONG_TRY(recount_person(r, merged->id));
    SHEGONG_TRY(recount_person(r, m->survivor_id));
    SHEGONG_TRY(r.persons().close_merge(m->id, now, actor.username));
    auto a = audit_entry(actor, "person.unmerge", "person", merged->id, merged->region_code.str());
    a.detail = "from " + m->survivor_id;
    a.purpose = why;
    SHEGONG_TRY(audit_.append(r, std::move(a)));
    SHEGONG_ASSIGN(out, detail(r, actor, merged->id, !full));
    return ok();
  }));
  return out;
}

Result<std::string> PersonService::export_xlsx(const Actor& actor, PersonQuery query, const PageRequest& order,
                                               bool unmasked, std::string_view purpose, SpreadsheetWriter& writer,
                                               std::int64_t max_rows) {
  SHEGONG_TRY(access_.require(actor, Action::read, Resource::person));
  const std::string why = trim_text(purpose);
  if (unmasked) {
    SHEGONG_TRY(access_.require(actor, Action::reveal, Resource::person));
    SHEGONG_TRY(check_purpose(why));
  } else {
    SHEGONG_TRY(check_text(why, "purpose", 200, false));
  }
  SHEGONG_ASSIGN(auto f, filter_of(actor, query));
  SHEGONG_ASSIGN(bool full, may_reveal(actor));
  const std::vector<std::string> headers = {"姓名",     "性别",     unmasked ? "出生日期" : "年龄",
                                            "身份证号", "联系电话", "所属村(社区)",
                                            "区划代码", "人员类别", "风险等级",
                                            "居住状况", "网格",     "责任社工",
                                            "家庭住址"};
  std::vector<std::vector<std::string>> rows;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    SHEGONG_ASSIGN(auto cats, r.categories().all());
    auto cat_name = [&](const std::string& code) {
      for (const auto& c : cats)
        if (c.code == code) return c.name;
      return code;
    };
    PageRequest page{1, 1000, order.sort, order.descending};
    for (;;) {
      SHEGONG_ASSIGN(auto batch, r.persons().list(f, page));
      if (static_cast<std::int64_t>(rows.size() + batch.items.size()) > max_rows)
        return Error::make(ErrorCode::invalid_query,
                           "the list has more than " + std::to_string(max_rows) + " people; narrow it to export",
                           "region");
      for (auto& p : batch.items) {
        std::string id = p.id_masked, phone = p.phone_masked;
        if (unmasked) {
          SHEGONG_ASSIGN(auto d, vault_.open(p));
          id = d.id_number;
          phone = d.phone;
        }
        std::string categories;
        for (const auto& c : p.categories) categories += (categories.empty() ? "" : "、") + cat_name(c);
        const int age = age_on(p.birth_date, today());
        rows.push_back({full ? p.name : mask_name(p.name), std::string(label_of(kSexes, p.sex)),
                        unmasked ? p.birth_date : (age >= 0 ? std::to_string(age) : std::string()), id, phone,
                        p.region_name, p.region_code.str(), categories,
                        std::string(label_of(kRiskLevels, p.risk_level)),
                        p.living_situation.empty() ? "" : std::string(label_of(kLivingSituations, p.living_situation)),
                        p.grid_name, p.worker_name, p.household_address});
      }
      if (static_cast<int>(batch.items.size()) < page.page_size) break;
      ++page.page;
    }
    return ok();
  }));
  SHEGONG_ASSIGN(auto bytes, writer.write("人员名单", headers, rows));
  auto e = audit_entry(actor, "person.export", "person", "", f.scope.is_national() ? "" : f.scope.range_low());
  e.purpose = why;
  e.detail = "rows=" + std::to_string(rows.size()) + (unmasked ? " unmasked" : " masked");
  SHEGONG_TRY(audit_.record(std::move(e)));
  return bytes;
}

Result<std::vector<User>> PersonService::workers(const Actor& actor, const std::optional<RegionCode>& region) {
  SHEGONG_TRY(access_.require(actor, Action::write, Resource::person));
  if (region) SHEGONG_TRY(PlaceService::narrow(actor, Scope::under(*region), "region"));
  std::vector<User> out;
  SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
    // Workers bound above the actor's own region serve it too (a county's social worker
    // serves every village), so the search starts at the region's county.
    Scope search = actor.scope;
    if (actor.region_code && actor.region_code->level() > RegionLevel::county) search = county_of(*actor.region_code);
    for (int page = 1; page <= 10; ++page) {
      SHEGONG_ASSIGN(auto users, r.users().list(search, "", PageRequest{page, 200, "username", false}));
      for (auto& u : users.items) {
        const bool serves = u.active && (u.role == Role::social_worker || u.role == Role::station_manager ||
                                         u.role == Role::civil_affairs_admin);
        if (!serves || !u.region_code) continue;
        const Scope theirs = Scope::under(*u.region_code);
        if (!actor.scope.intersect(theirs)) continue;
        if (region && !theirs.contains(*region) && !Scope::under(*region).contains(*u.region_code)) continue;
        u.password_hash.clear();
        u.totp_secret.clear();
        out.push_back(std::move(u));
      }
      if (users.items.size() < 200) break;
    }
    return ok();
  }));
  return out;
}

Result<std::int64_t> PersonService::rotate_keys() {
  std::int64_t changed = 0;
  auto& box = vault_.box();
  auto stale = [&](const std::string& sealed) { return !sealed.empty() && box.needs_rotation(sealed); };
  constexpr int kBatch = 500;
  for (std::string after;;) {
    std::vector<PersonRecord> batch;
    SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
      SHEGONG_ASSIGN(batch, r.persons().scan_after(after, kBatch));
      return ok();
    }));
    if (batch.empty()) break;
    after = batch.back().id;
    std::vector<PersonRecord> next;
    for (const auto& p : batch) {
      SHEGONG_ASSIGN(auto d, vault_.open(p));
      std::optional<std::string> index;
      if (!d.id_number.empty()) {
        SHEGONG_ASSIGN(auto idx, vault_.id_index(d.id_number));
        index = std::move(idx);
      }
      if (index == p.id_index && !stale(p.id_sealed) && !stale(p.phone_sealed) && !stale(p.health_sealed) &&
          !stale(p.guardians_sealed))
        continue;
      PersonRecord q = p;
      SHEGONG_TRY(vault_.seal(d, q));
      next.push_back(std::move(q));
    }
    if (next.empty()) continue;
    SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
      // A row edited since it was read keeps its edit: the version decides; the next
      // rotation reseals it.
      std::size_t written = 0;
      for (const auto& q : next) {
        SHEGONG_ASSIGN(bool w, r.persons().reseal(q));
        written += w ? 1 : 0;
      }
      next.resize(written);
      AuditEntry e = audit_entry_unsigned("system", "", "keys.rotate", "person", "");
      e.detail = std::to_string(next.size()) + " persons resealed";
      return audit_.append(r, std::move(e));
    }));
    changed += static_cast<std::int64_t>(next.size());
  }
  for (std::string after;;) {
    std::vector<HouseholdRecord> batch;
    SHEGONG_TRY(store_.read([&](Repositories& r) -> Result<void> {
      SHEGONG_ASSIGN(batch, r.households().scan_after(after, kBatch));
      return ok();
    }));
    if (batch.empty()) break;
    after = batch.back().id;
    std::vector<std::pair<std::string, std::string>> next;
    std::map<std::string, std::int64_t> version_of;
    for (const auto& h : batch) {
      version_of[h.id] = h.version;
      if (!stale(h.contacts_sealed)) continue;
      SHEGONG_ASSIGN(auto contacts, vault_.open_contacts(h.contacts_sealed, "household.contacts"));
      SHEGONG_ASSIGN(auto sealed, vault_.seal_contacts(contacts, "household.contacts"));
      next.emplace_back(h.id, std::move(sealed));
    }
    if (next.empty()) continue;
    SHEGONG_TRY(store_.write([&](Repositories& r) -> Result<void> {
      for (const auto& [id, sealed] : next) SHEGONG_TRY(r.households().reseal_contacts(id, sealed, version_of[id]));
      AuditEntry e = audit_entry_unsigned("system", "", "keys.rotate", "household", "");
      e.detail = std::to_string(next.size()) + " households resealed";
      return audit_.append(r, std::move(e));
    }));
    changed += static_cast<std::int64_t>(next.size());
  }
  return changed;
}

} // namespace shegong
