// The register of people served: categories, persons, households and imports.
#include "codec.hpp"
#include "json_body.hpp"
#include "routes.hpp"

namespace shegong::http {
namespace {

namespace json = boost::json;

json::value opt_text(const std::string& s) {
  if (s.empty()) return nullptr;
  return json::value(s);
}

json::object to_json(const Category& c) {
  return {
      {"code", c.code}, {"name", c.name}, {"description", c.description}, {"active", c.active}, {"builtin", c.builtin}};
}

json::object to_json(const PersonRecord& p, const std::string& today) {
  json::array cats;
  for (const auto& c : p.categories) cats.emplace_back(c);
  const int age = age_on(p.birth_date, today);
  return {{"id", p.id},
          {"name", p.name},
          {"sex", p.sex},
          // The masked ID number hides exactly the birth date: shown beside it, the date
          // would complete the number. The age is shown; the date comes with a full view.
          {"birth_date", nullptr},
          {"age", age >= 0 ? json::value(age) : json::value(nullptr)},
          {"id_number_masked", p.id_masked},
          {"phone_masked", p.phone_masked},
          {"region_code", p.region_code.str()},
          {"region_name", p.region_name},
          {"registered_address", p.registered_address},
          {"current_address", p.current_address},
          {"grid_id", opt(p.grid_id)},
          {"grid_name", p.grid_name},
          {"worker_id", opt(p.worker_id)},
          {"worker_name", p.worker_name},
          {"risk_level", p.risk_level},
          {"living_situation", opt_text(p.living_situation)},
          {"household_id", opt(p.household_id)},
          {"relation", opt(p.relation)},
          {"categories", std::move(cats)},
          {"merged_into", opt(p.merged_into)},
          {"version", p.version},
          {"created_at", format_timestamp(p.created_at)},
          {"updated_at", format_timestamp(p.updated_at)}};
}

json::object to_json(const CategoryEntry& e) {
  return {{"id", e.id},
          {"category", e.category},
          {"category_name", e.category_name},
          {"start_date", e.start_date},
          {"end_date", opt(e.end_date)},
          {"document", e.document},
          {"created_at", format_timestamp(e.created_at)},
          {"created_by", e.created_by}};
}

json::array contacts_json(const std::vector<Contact>& contacts) {
  json::array out;
  for (const auto& c : contacts)
    out.push_back(json::object{{"name", c.name}, {"relation", c.relation}, {"phone_masked", c.phone}});
  return out;
}

json::object to_json(const PersonDetail& d, const std::string& today) {
  json::object o = to_json(d.person, today);
  o["cadre_contact"] = d.person.cadre_contact;
  o["notes"] = d.person.notes;
  o["has_health_notes"] = d.has_health_notes;
  o["household"] =
      d.person.household_id
          ? json::value(json::object{{"id", *d.person.household_id}, {"address", d.person.household_address}})
          : json::value(nullptr);
  o["guardians"] = contacts_json(d.guardians);
  json::array history;
  for (const auto& e : d.history) history.push_back(to_json(e));
  o["category_history"] = std::move(history);
  json::array merged;
  for (const auto& [p, at] : d.merged)
    merged.push_back(json::object{{"id", p.id}, {"name", p.name}, {"merged_at", format_timestamp(at)}});
  o["merged"] = std::move(merged);
  return o;
}

json::object to_json(const HouseholdRecord& h) {
  return {{"id", h.id},
          {"region_code", h.region_code.str()},
          {"region_name", h.region_name},
          {"address", h.address},
          {"grid_id", opt(h.grid_id)},
          {"grid_name", h.grid_name},
          {"micro_grid_id", opt(h.micro_grid_id)},
          {"micro_grid_name", h.micro_grid_name},
          {"head_name", h.head_name},
          {"members", h.members},
          {"version", h.version},
          {"created_at", format_timestamp(h.created_at)},
          {"updated_at", format_timestamp(h.updated_at)}};
}

json::object to_json(const HouseholdDetail& d, const std::string& today) {
  json::object o = to_json(d.household);
  json::array members;
  for (const auto& m : d.members) {
    json::array cats;
    for (const auto& c : m.categories) cats.emplace_back(c);
    const int age = age_on(m.birth_date, today);
    members.push_back(json::object{{"person_id", m.id},
                                   {"name", m.name},
                                   {"relation", opt(m.relation)},
                                   {"sex", m.sex},
                                   {"birth_date", nullptr},
                                   {"age", age >= 0 ? json::value(age) : json::value(nullptr)},
                                   {"categories", std::move(cats)}});
  }
  o["members"] = std::move(members);
  o["emergency_contacts"] = contacts_json(d.emergency_contacts);
  return o;
}

json::object to_json(const ImportJob& j) {
  json::array errors;
  for (const auto& e : j.errors)
    errors.push_back(json::object{{"row", e.row}, {"column", e.column}, {"reason", e.reason}});
  json::object o{{"id", j.id},
                 {"filename", j.filename},
                 {"mode", j.mode},
                 {"status", j.status},
                 {"total_rows", j.total_rows},
                 {"processed_rows", j.processed_rows},
                 {"created", j.created_rows},
                 {"unchanged", j.unchanged_rows},
                 {"failed_rows", j.failed_rows},
                 {"committed", j.committed},
                 {"message", j.message},
                 {"errors", std::move(errors)},
                 {"user", j.username},
                 {"started_at", format_timestamp(j.started_at)},
                 {"finished_at", j.finished_at ? json::value(format_timestamp(*j.finished_at)) : json::value(nullptr)}};
  if (!j.history.empty()) {
    json::array history;
    for (const auto& h : j.history)
      history.push_back(json::object{{"from", h.from.empty() ? json::value(nullptr) : json::value(h.from)},
                                     {"to", h.to},
                                     {"at", format_timestamp(h.at)},
                                     {"by", h.by}});
    o["history"] = std::move(history);
  }
  return o;
}

// A reference to another record: absent, null (clear it) or a UUID.
Result<std::optional<std::optional<std::string>>> ref_field(const JsonBody& body, std::string_view key) {
  if (!body.has(key)) return std::optional<std::optional<std::string>>{};
  if (body.is_null(key)) return std::optional<std::optional<std::string>>(std::optional<std::string>{});
  SHEGONG_ASSIGN(auto raw, body.string(key));
  if (raw.empty()) return std::optional<std::optional<std::string>>(std::optional<std::string>{});
  auto id = parse_uuid(raw);
  if (!id) return Error::make(ErrorCode::invalid_field, std::string(key) + " must be a UUID", std::string(key));
  return std::optional<std::optional<std::string>>(std::optional<std::string>(*id));
}

Result<std::optional<std::vector<Contact>>> contacts_field(const JsonBody& body, std::string_view key) {
  SHEGONG_ASSIGN(auto items, body.opt_objects(key, 10));
  if (!items) return std::optional<std::vector<Contact>>{};
  std::vector<Contact> out;
  for (const auto& item : *items) {
    SHEGONG_TRY(item.only({"name", "relation", "phone"}));
    Contact c;
    SHEGONG_ASSIGN(c.name, item.string("name"));
    SHEGONG_ASSIGN(auto rel, item.opt_string("relation"));
    SHEGONG_ASSIGN(auto phone, item.opt_string("phone"));
    c.relation = rel.value_or("");
    c.phone = phone.value_or("");
    out.push_back(std::move(c));
  }
  return std::optional<std::vector<Contact>>(std::move(out));
}

// A text field: absent is "unchanged", null or "" clears it.
Result<std::optional<std::string>> text_field(const JsonBody& body, std::string_view key) {
  SHEGONG_ASSIGN(auto v, body.opt_string(key));
  if (body.has(key) && !v) v = std::string();
  return v;
}

Result<PersonFields> person_fields(const JsonBody& body) {
  PersonFields f;
  if (body.has("region_code")) {
    SHEGONG_ASSIGN(auto code, body.string("region_code"));
    SHEGONG_ASSIGN(f.region_code, RegionCode::parse(code, "region_code"));
  }
  SHEGONG_ASSIGN(f.name, text_field(body, "name"));
  SHEGONG_ASSIGN(f.id_number, text_field(body, "id_number"));
  SHEGONG_ASSIGN(f.sex, text_field(body, "sex"));
  SHEGONG_ASSIGN(f.birth_date, text_field(body, "birth_date"));
  SHEGONG_ASSIGN(f.phone, text_field(body, "phone"));
  SHEGONG_ASSIGN(f.health_notes, text_field(body, "health_notes"));
  SHEGONG_ASSIGN(f.registered_address, text_field(body, "registered_address"));
  SHEGONG_ASSIGN(f.current_address, text_field(body, "current_address"));
  SHEGONG_ASSIGN(f.living_situation, text_field(body, "living_situation"));
  SHEGONG_ASSIGN(f.risk_level, text_field(body, "risk_level"));
  SHEGONG_ASSIGN(f.cadre_contact, text_field(body, "cadre_contact"));
  SHEGONG_ASSIGN(f.notes, text_field(body, "notes"));
  SHEGONG_ASSIGN(f.grid_id, ref_field(body, "grid_id"));
  SHEGONG_ASSIGN(f.worker_id, ref_field(body, "worker_id"));
  SHEGONG_ASSIGN(f.household_id, ref_field(body, "household_id"));
  if (body.has("relation")) {
    SHEGONG_ASSIGN(auto rel, body.opt_string("relation"));
    f.relation = rel && !rel->empty() ? std::optional<std::string>(*rel) : std::nullopt;
  }
  SHEGONG_ASSIGN(f.guardians, contacts_field(body, "guardians"));
  return f;
}

#define PERSON_FIELDS                                                                                        \
  "region_code", "name", "id_number", "sex", "birth_date", "phone", "health_notes", "registered_address",    \
      "current_address", "living_situation", "risk_level", "cadre_contact", "notes", "grid_id", "worker_id", \
      "household_id", "relation", "guardians"

Result<PersonQuery> person_query(const Request& req) {
  PersonQuery q;
  q.q = std::string(req.param("q").value_or(""));
  SHEGONG_ASSIGN(q.region, region_param(req, "region"));
  if (auto v = req.param("category"); v && !v->empty()) q.category = std::string(*v);
  if (auto v = req.param("risk_level"); v && !v->empty()) q.risk_level = std::string(*v);
  if (auto v = req.param("on"); v && !v->empty()) q.on = std::string(*v);
  SHEGONG_ASSIGN(q.grid_id, opt_uuid_query(req, "grid_id"));
  SHEGONG_ASSIGN(q.worker_id, opt_uuid_query(req, "worker_id"));
  SHEGONG_ASSIGN(q.household_id, opt_uuid_query(req, "household_id"));
  SHEGONG_ASSIGN(auto merged, bool_param(req, "include_merged"));
  q.include_merged = merged.value_or(false);
  return q;
}

// A refused create says what it collided with, inside the caller's area only.
Response duplicate_response(Ctx& c, const Error& e, const PersonCreate& cmd) {
  Response r = error_response(e);
  auto v = json::parse(r.body).as_object();
  auto& err = v["error"].as_object();
  if (e.code == ErrorCode::duplicate_person && cmd.fields.id_number) {
    auto holder = c.d.persons.holder_of_id_number(c.actor, *cmd.fields.id_number);
    err["existing_id"] = holder && *holder ? json::value(**holder) : json::value(nullptr);
  } else if (e.code == ErrorCode::possible_duplicate && cmd.fields.region_code && cmd.fields.name) {
    // The birth date is the one the ID number gives, if any.
    PersonDetails d;
    bool sex_given = false, birth_given = false;
    apply_fields(d, cmd.fields, sex_given, birth_given);
    json::array items;
    if (normalize(d, sex_given, birth_given, c.d.persons.today())) {
      auto same = c.d.persons.likely_duplicates(c.actor, *cmd.fields.region_code, d.name, d.birth_date);
      if (same)
        for (const auto& p : *same) items.push_back(to_json(p, c.d.persons.today()));
    }
    err["candidates"] = std::move(items);
  }
  r.body = json::serialize(v);
  return r;
}

// ---- categories -------------------------------------------------------------

Result<Response> list_categories(Ctx& c) {
  SHEGONG_ASSIGN(auto cats, c.d.categories.list(c.actor));
  json::array items;
  for (const auto& x : cats) items.push_back(to_json(x));
  return json_response(200, json::object{{"items", std::move(items)}});
}

Result<Response> create_category(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"code", "name", "description"}));
  Category cat;
  SHEGONG_ASSIGN(cat.code, body.string("code"));
  SHEGONG_ASSIGN(cat.name, body.string("name"));
  SHEGONG_ASSIGN(auto desc, body.opt_string("description"));
  cat.description = desc.value_or("");
  SHEGONG_ASSIGN(auto created, c.d.categories.create(c.actor, std::move(cat)));
  return json_response(201, to_json(created));
}

Result<Response> patch_category(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"name", "description", "active"}));
  CategoryService::Patch p;
  SHEGONG_ASSIGN(p.name, body.opt_string("name"));
  SHEGONG_ASSIGN(p.description, body.opt_string("description"));
  SHEGONG_ASSIGN(p.active, body.opt_bool("active"));
  SHEGONG_ASSIGN(auto updated, c.d.categories.update(c.actor, c.params["code"], p));
  return json_response(200, to_json(updated));
}

// ---- persons ------------------------------------------------------------------

Result<Response> list_persons(Ctx& c) {
  SHEGONG_ASSIGN(auto q, person_query(c.req));
  SHEGONG_ASSIGN(auto page, page_param(c.req, PersonService::sort_keys(), "name"));
  SHEGONG_ASSIGN(auto result, c.d.persons.list(c.actor, std::move(q), page));
  const std::string today = c.d.persons.today();
  return json_response(200, page_json(result, [&](const PersonRecord& p) { return to_json(p, today); }));
}

Result<Response> export_persons(Ctx& c) {
  SHEGONG_ASSIGN(auto q, person_query(c.req));
  SHEGONG_ASSIGN(auto unmasked, bool_param(c.req, "unmasked"));
  const std::string purpose(c.req.param("purpose").value_or(""));
  // The order the list was shown in.
  SHEGONG_ASSIGN(auto order,
                 make_page_request(1, 20, c.req.param("sort").value_or(""), PersonService::sort_keys(), "name"));
  SHEGONG_ASSIGN(auto bytes, c.d.persons.export_xlsx(c.actor, std::move(q), order, unmasked.value_or(false), purpose,
                                                     c.d.spreadsheets));
  return xlsx(std::move(bytes), "persons.xlsx", "%E4%BA%BA%E5%91%98%E5%90%8D%E5%8D%95.xlsx");
}

Result<Response> create_person(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"id", PERSON_FIELDS, "categories", "allow_duplicate"}));
  PersonCreate cmd;
  SHEGONG_ASSIGN(cmd.id, client_id(body));
  SHEGONG_ASSIGN(cmd.fields, person_fields(body));
  if (!cmd.fields.region_code) return Error::make(ErrorCode::missing_field, "region_code is required", "region_code");
  if (!cmd.fields.name) return Error::make(ErrorCode::missing_field, "name is required", "name");
  SHEGONG_ASSIGN(auto cats, body.opt_objects("categories", 20));
  if (cats)
    for (const auto& item : *cats) {
      SHEGONG_TRY(item.only({"category", "start_date", "end_date", "document"}));
      CategoryEntry e;
      SHEGONG_ASSIGN(e.category, item.string("category"));
      SHEGONG_ASSIGN(e.start_date, item.string("start_date"));
      SHEGONG_ASSIGN(e.end_date, item.opt_string("end_date"));
      SHEGONG_ASSIGN(auto doc, item.opt_string("document"));
      e.document = doc.value_or("");
      cmd.categories.push_back(std::move(e));
    }
  SHEGONG_ASSIGN(auto allow, body.opt_bool("allow_duplicate"));
  cmd.allow_duplicate = allow.value_or(false);
  auto created = c.d.persons.create(c.actor, cmd);
  if (!created) {
    const auto code = created.error().code;
    if (code == ErrorCode::duplicate_person || code == ErrorCode::possible_duplicate)
      return duplicate_response(c, created.error(), cmd);
    return created.error();
  }
  auto r = json_response(created->created ? 201 : 200, to_json(created->record, c.d.persons.today()));
  r.headers.emplace_back("Location", "/api/v1/persons/" + created->record.person.id);
  return r;
}

Result<Response> get_person(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  const std::string purpose(c.req.param("purpose").value_or(""));
  SHEGONG_ASSIGN(auto d, c.d.persons.get(c.actor, id, purpose));
  return json_response(200, to_json(d, c.d.persons.today()));
}

Result<Response> patch_person(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"version", PERSON_FIELDS}));
  SHEGONG_ASSIGN(auto version, body.integer("version"));
  SHEGONG_ASSIGN(auto fields, person_fields(body));
  auto updated = c.d.persons.update(c.actor, id, version, std::move(fields));
  if (!updated)
    return with_current(updated.error(), [&]() -> std::optional<json::object> {
      auto cur = c.d.persons.get(c.actor, id, "");
      if (!cur) return std::nullopt;
      return to_json(*cur, c.d.persons.today());
    });
  return json_response(200, to_json(*updated, c.d.persons.today()));
}

Result<Response> reveal_person(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"purpose", "fields"}));
  SHEGONG_ASSIGN(auto purpose, body.string("purpose"));
  SHEGONG_ASSIGN(auto fields, body.opt_strings("fields", 3));
  SHEGONG_ASSIGN(auto shown, c.d.persons.reveal(c.actor, id, purpose, fields.value_or(std::vector<std::string>{})));
  json::array phones;
  for (const auto& p : shown.guardian_phones) phones.emplace_back(p);
  auto r = json_response(200, json::object{{"id_number", opt(shown.id_number)},
                                           {"birth_date", opt(shown.birth_date)},
                                           {"phone", opt(shown.phone)},
                                           {"health_notes", opt(shown.health_notes)},
                                           {"guardian_phones", std::move(phones)}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Result<Response> person_duplicates(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto same, c.d.persons.duplicates(c.actor, id));
  const std::string today = c.d.persons.today();
  json::array items;
  for (const auto& p : same) items.push_back(to_json(p, today));
  return json_response(200, json::object{{"items", std::move(items)}});
}

Result<Response> add_person_category(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"category", "start_date", "end_date", "document"}));
  CategoryEntry e;
  SHEGONG_ASSIGN(e.category, body.string("category"));
  SHEGONG_ASSIGN(e.start_date, body.string("start_date"));
  SHEGONG_ASSIGN(e.end_date, body.opt_string("end_date"));
  SHEGONG_ASSIGN(auto doc, body.opt_string("document"));
  e.document = doc.value_or("");
  SHEGONG_ASSIGN(auto stored, c.d.persons.add_category(c.actor, id, std::move(e)));
  return json_response(201, to_json(stored));
}

Result<Response> patch_person_category(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto entry, uuid_param(c, "entry_id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"end_date", "document"}));
  CategoryEntryPatch p;
  if (body.has("end_date")) {
    SHEGONG_ASSIGN(auto end, body.opt_string("end_date"));
    p.end_date = end && !end->empty() ? end : std::optional<std::string>{};
  }
  SHEGONG_ASSIGN(p.document, body.opt_string("document"));
  SHEGONG_ASSIGN(auto stored, c.d.persons.update_category(c.actor, id, entry, p));
  return json_response(200, to_json(stored));
}

Result<Response> merge_person(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"other_id", "reason"}));
  SHEGONG_ASSIGN(auto other_raw, body.string("other_id"));
  auto other = parse_uuid(other_raw);
  if (!other) return Error::make(ErrorCode::invalid_field, "other_id must be a UUID", "other_id");
  SHEGONG_ASSIGN(auto reason, body.string("reason"));
  SHEGONG_ASSIGN(auto d, c.d.persons.merge(c.actor, id, *other, reason));
  return json_response(200, to_json(d, c.d.persons.today()));
}

Result<Response> unmerge_person(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"reason"}));
  SHEGONG_ASSIGN(auto reason, body.string("reason"));
  SHEGONG_ASSIGN(auto d, c.d.persons.unmerge(c.actor, id, reason));
  return json_response(200, to_json(d, c.d.persons.today()));
}

Result<Response> list_workers(Ctx& c) {
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  SHEGONG_ASSIGN(auto users, c.d.persons.workers(c.actor, region));
  json::array items;
  for (const auto& u : users)
    items.push_back(
        json::object{{"id", u.id},
                     {"username", u.username},
                     {"display_name", u.display_name},
                     {"role", to_string(u.role)},
                     {"region_code", u.region_code ? json::value(u.region_code->str()) : json::value(nullptr)}});
  return json_response(200, json::object{{"items", std::move(items)}});
}

// ---- households ---------------------------------------------------------------

Result<HouseholdFields> household_fields(const JsonBody& body) {
  HouseholdFields f;
  if (body.has("region_code")) {
    SHEGONG_ASSIGN(auto code, body.string("region_code"));
    SHEGONG_ASSIGN(f.region_code, RegionCode::parse(code, "region_code"));
  }
  SHEGONG_ASSIGN(f.address, body.opt_string("address"));
  if (body.has("address") && !f.address) f.address = std::string();
  SHEGONG_ASSIGN(f.grid_id, ref_field(body, "grid_id"));
  SHEGONG_ASSIGN(f.micro_grid_id, ref_field(body, "micro_grid_id"));
  SHEGONG_ASSIGN(f.emergency_contacts, contacts_field(body, "emergency_contacts"));
  return f;
}

Result<Response> list_households(Ctx& c) {
  HouseholdFilter f;
  f.q = std::string(c.req.param("q").value_or(""));
  SHEGONG_ASSIGN(f.grid_id, opt_uuid_query(c.req, "grid_id"));
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  SHEGONG_ASSIGN(auto page, page_param(c.req, HouseholdService::sort_keys(), "address"));
  SHEGONG_ASSIGN(auto result, c.d.households.list(c.actor, std::move(f), region, page));
  return json_response(200, page_json(result, [](const HouseholdRecord& h) { return to_json(h); }));
}

Result<Response> create_household(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"id", "region_code", "address", "grid_id", "micro_grid_id", "emergency_contacts"}));
  SHEGONG_ASSIGN(auto id, client_id(body));
  SHEGONG_ASSIGN(auto fields, household_fields(body));
  if (!fields.region_code) return Error::make(ErrorCode::missing_field, "region_code is required", "region_code");
  SHEGONG_ASSIGN(auto created, c.d.households.create(c.actor, id, std::move(fields)));
  auto r = json_response(created.created ? 201 : 200, to_json(created.record, c.d.persons.today()));
  r.headers.emplace_back("Location", "/api/v1/households/" + created.record.household.id);
  return r;
}

Result<Response> get_household(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto d, c.d.households.get(c.actor, id));
  return json_response(200, to_json(d, c.d.persons.today()));
}

Result<Response> patch_household(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"version", "address", "grid_id", "micro_grid_id", "emergency_contacts"}));
  SHEGONG_ASSIGN(auto version, body.integer("version"));
  SHEGONG_ASSIGN(auto fields, household_fields(body));
  auto updated = c.d.households.update(c.actor, id, version, std::move(fields));
  if (!updated)
    return with_current(updated.error(), [&]() -> std::optional<json::object> {
      auto cur = c.d.households.get(c.actor, id);
      if (!cur) return std::nullopt;
      return to_json(*cur, c.d.persons.today());
    });
  return json_response(200, to_json(*updated, c.d.persons.today()));
}

// ---- imports --------------------------------------------------------------------

Result<Response> start_import(Ctx& c) {
  ImportRequest req;
  req.filename = std::string(c.req.param("filename").value_or(""));
  req.mode = std::string(c.req.param("mode").value_or("all_or_nothing"));
  req.bytes = std::move(c.req.body);
  SHEGONG_ASSIGN(auto job, c.d.imports.start(c.actor, std::move(req)));
  auto r = json_response(202, to_json(job));
  r.headers.emplace_back("Location", "/api/v1/imports/" + job.id);
  return r;
}

Result<Response> list_imports(Ctx& c) {
  static constexpr std::string_view kSort[] = {"started_at"};
  SHEGONG_ASSIGN(auto page, page_param(c.req, kSort, "started_at"));
  SHEGONG_ASSIGN(auto jobs, c.d.imports.list(c.actor, page));
  return json_response(200, page_json(jobs, [](const ImportJob& j) { return to_json(j); }));
}

Result<Response> get_import(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto job, c.d.imports.get(c.actor, id));
  return json_response(200, to_json(job));
}

Result<Response> import_errors(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto bytes, c.d.imports.errors_xlsx(c.actor, id, c.d.spreadsheets));
  return xlsx(std::move(bytes), "import-errors.xlsx", "%E5%AF%BC%E5%85%A5%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A.xlsx");
}

Result<Response> import_template(Ctx& c) {
  SHEGONG_ASSIGN(auto bytes, c.d.imports.template_xlsx(c.actor, c.d.spreadsheets));
  return xlsx(std::move(bytes), "persons-template.xlsx", "%E4%BA%BA%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
}

} // namespace

void add_person_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/categories", true, list_categories, {}});
  routes.push_back({"POST", "/api/v1/categories", true, create_category, {}});
  routes.push_back({"PATCH", "/api/v1/categories/{code}", true, patch_category, {}});
  routes.push_back({"GET", "/api/v1/persons", true, list_persons, {}});
  routes.push_back({"POST", "/api/v1/persons", true, create_person, {}});
  routes.push_back({"GET", "/api/v1/persons/export", true, export_persons, {}});
  routes.push_back({"GET", "/api/v1/persons/{id}", true, get_person, {}});
  routes.push_back({"PATCH", "/api/v1/persons/{id}", true, patch_person, {}});
  routes.push_back({"POST", "/api/v1/persons/{id}/reveal", true, reveal_person, {}});
  routes.push_back({"GET", "/api/v1/persons/{id}/duplicates", true, person_duplicates, {}});
  routes.push_back({"POST", "/api/v1/persons/{id}/categories", true, add_person_category, {}});
  routes.push_back({"PATCH", "/api/v1/persons/{id}/categories/{entry_id}", true, patch_person_category, {}});
  routes.push_back({"POST", "/api/v1/persons/{id}/merge", true, merge_person, {}});
  routes.push_back({"POST", "/api/v1/persons/{id}/unmerge", true, unmerge_person, {}});
  routes.push_back({"GET", "/api/v1/workers", true, list_workers, {}});
  routes.push_back({"GET", "/api/v1/households", true, list_households, {}});
  routes.push_back({"POST", "/api/v1/households", true, create_household, {}});
  routes.push_back({"GET", "/api/v1/households/{id}", true, get_household, {}});
  routes.push_back({"PATCH", "/api/v1/households/{id}", true, patch_household, {}});
  routes.push_back({"GET", "/api/v1/imports/template", true, import_template, {}});
  routes.push_back({"GET", "/api/v1/imports", true, list_imports, {}});
  routes.push_back({"POST", "/api/v1/imports", true, start_import, {}});
  routes.push_back({"GET", "/api/v1/imports/{id}", true, get_import, {}});
  routes.push_back({"GET", "/api/v1/imports/{id}/errors", true, import_errors, {}});
}

} // namespace shegong::http
