// Door-knocking outreach: campaigns, targets and assignment, visits, needs, coverage.
#include <cmath>

#include "codec.hpp"
#include "json_body.hpp"
#include "routes.hpp"
#include "shegong/domain/masking.hpp"

namespace shegong::http {
namespace {

namespace json = boost::json;

json::value opt_time(const std::optional<TimestampMs>& t) {
  if (t) return json::value(format_timestamp(*t));
  return nullptr;
}

json::object rule_json(const VisitRule& r) { return {{"high", r.high}, {"medium", r.medium}, {"low", r.low}}; }

json::object to_json(const Campaign& c) {
  json::array cats;
  for (const auto& code : c.categories) cats.emplace_back(code);
  return {{"id", c.id},
          {"name", c.name},
          {"region_code", c.region_code.str()},
          {"region_name", c.region_name},
          {"starts_on", c.starts_on},
          {"ends_on", c.ends_on},
          {"categories", std::move(cats)},
          {"visit_rule", rule_json(c.rule)},
          {"status", c.status},
          {"targets", c.targets},
          {"version", c.version},
          {"created_at", format_timestamp(c.created_at)},
          {"updated_at", format_timestamp(c.updated_at)},
          {"started_at", opt_time(c.started_at)},
          {"ended_at", opt_time(c.ended_at)},
          {"created_by", c.created_by},
          {"started_by", c.started_by.empty() ? json::value(nullptr) : json::value(c.started_by)},
          {"ended_by", c.ended_by.empty() ? json::value(nullptr) : json::value(c.ended_by)}};
}

json::object to_json(const CampaignTarget& t, const std::string& today) {
  json::array members;
  for (const auto& m : t.members) {
    json::array cats;
    for (const auto& code : m.categories) cats.emplace_back(code);
    const int age = age_on(m.birth_date, today);
    members.push_back(json::object{{"person_id", m.person_id},
                                   {"name", m.name},
                                   {"categories", std::move(cats)},
                                   {"age", age >= 0 ? json::value(age) : json::value(nullptr)}});
  }
  return {{"campaign_id", t.campaign_id},
          {"campaign_name", t.campaign_name},
          {"target_id", t.target_id},
          {"kind", t.kind},
          {"address", t.address},
          {"region_code", t.region_code.str()},
          {"region_name", t.region_name},
          {"grid_id", opt(t.grid_id)},
          {"grid_name", t.grid_name},
          {"risk_level", t.risk_level},
          {"worker_id", opt(t.worker_id)},
          {"worker_name", t.worker_name},
          {"members", std::move(members)},
          {"visits", t.visits},
          {"first_visit_at", opt_time(t.first_visit_at)},
          {"last_visit_at", opt_time(t.last_visit_at)},
          {"next_due_on", t.next_due_on},
          {"due_state", due_state(t.next_due_on, today)},
          {"open_needs", t.open_needs}};
}

json::value location_json(const std::optional<GeoPoint>& p) {
  if (!p) return nullptr;
  return json::object{{"lat", p->lat}, {"lng", p->lng}, {"accuracy_m", p->accuracy_m}};
}

json::object content_json(const VisitContent& v) {
  json::array seen;
  for (const auto& p : v.persons_seen) seen.emplace_back(p);
  json::object checks;
  for (const auto& c : v.checks) checks[c.item] = c.value;
  return {{"visited_at", format_timestamp(v.visited_at)},
          {"mode", v.mode},
          {"persons_seen", std::move(seen)},
          {"checks", std::move(checks)},
          {"notes", v.notes},
          {"location", location_json(v.location)}};
}

json::object to_json(const VisitRecord& v) {
  json::object o = content_json(v.content);
  o["id"] = v.id;
  o["campaign_id"] = opt(v.campaign_id);
  o["target_id"] = v.target_id;
  o["kind"] = v.kind;
  o["region_code"] = v.region_code.str();
  o["region_name"] = v.region_name;
  o["address"] = v.address;
  o["worker_id"] = v.worker_id;
  o["worker_name"] = v.worker_name;
  o["updated_by"] = v.updated_by;
  o["visited_on"] = v.visited_on;
  json::array needs;
  for (const auto& n : v.need_ids) needs.emplace_back(n);
  o["need_ids"] = std::move(needs);
  o["version"] = v.version;
  o["created_at"] = format_timestamp(v.created_at);
  o["updated_at"] = format_timestamp(v.updated_at);
  return o;
}

json::object to_json(const VisitView& v, bool with_versions) {
  json::object o = to_json(v.visit);
  if (with_versions) {
    json::array versions;
    for (const auto& ver : v.versions) {
      json::object e = content_json(ver.content);
      e["version"] = ver.version;
      e["recorded_at"] = format_timestamp(ver.recorded_at);
      e["recorded_by"] = ver.recorded_by_name;
      versions.push_back(std::move(e));
    }
    o["versions"] = std::move(versions);
  }
  return o;
}

json::object to_json(const NeedRecord& n, const std::string& today) {
  json::array transitions;
  for (const auto& t : n.transitions)
    transitions.push_back(json::object{{"id", t.id},
                                       {"from", t.from.empty() ? json::value(nullptr) : json::value(t.from)},
                                       {"to", t.to},
                                       {"reason", t.reason},
                                       {"at", format_timestamp(t.at)},
                                       {"by", t.by_name}});
  json::array resources;
  for (const auto& r : n.resources)
    resources.push_back(json::object{{"id", r.id},
                                     {"kind", r.kind},
                                     {"provider", r.provider},
                                     {"value_fen", r.value_fen},
                                     {"description", r.description},
                                     {"at", format_timestamp(r.at)},
                                     {"by", r.by_name}});
  return {{"id", n.id},
          {"visit_id", n.visit_id},
          {"campaign_id", opt(n.campaign_id)},
          {"target_id", n.target_id},
          {"person_id", opt(n.person_id)},
          {"person_name", n.person_name},
          {"region_code", n.region_code.str()},
          {"region_name", n.region_name},
          {"address", n.address},
          {"category", n.category},
          {"urgency", n.urgency},
          {"description", n.description},
          {"due_on", n.due_on},
          {"state", n.state},
          {"overdue", is_open_need_state(n.state) && n.due_on < today},
          {"value_fen", n.value_fen},
          {"raised_at", format_timestamp(n.raised_at)},
          {"worker_id", n.worker_id},
          {"worker_name", n.worker_name},
          {"raised_by", n.worker_name},
          {"closed_at", opt_time(n.closed_at)},
          {"resolved_at", n.state == "resolved" ? opt_time(n.closed_at) : json::value(nullptr)},
          {"version", n.version},
          {"updated_at", format_timestamp(n.updated_at)},
          {"transitions", std::move(transitions)},
          {"resources", std::move(resources)}};
}

json::object to_json(const CoverageRow& r) {
  return {{"targets", r.targets},
          {"assigned", r.assigned},
          {"visited", r.visited},
          {"due", r.due},
          {"overdue", r.overdue},
          {"visits", r.visits},
          {"person_times", r.person_times},
          {"needs_raised", r.needs_raised},
          {"needs_open", r.needs_open},
          {"needs_resolved", r.needs_resolved},
          {"needs_overdue", r.needs_overdue},
          {"value_fen", r.value_fen}};
}

// ---- campaigns -------------------------------------------------------------------

Result<CampaignFields> campaign_fields(const JsonBody& body) {
  CampaignFields f;
  SHEGONG_ASSIGN(f.name, body.opt_string("name"));
  SHEGONG_ASSIGN(f.starts_on, opt_date(body, "starts_on"));
  SHEGONG_ASSIGN(f.ends_on, opt_date(body, "ends_on"));
  SHEGONG_ASSIGN(auto region, body.opt_string("region_code"));
  if (region) {
    SHEGONG_ASSIGN(f.region_code, RegionCode::parse(*region, "region_code"));
  }
  SHEGONG_ASSIGN(f.categories, body.opt_strings("categories", 30));
  SHEGONG_ASSIGN(auto rule, body.opt_object("visit_rule"));
  if (rule) {
    SHEGONG_TRY(rule->only({"high", "medium", "low"}));
    VisitRule r;
    SHEGONG_ASSIGN(auto high, rule->opt_integer("high"));
    SHEGONG_ASSIGN(auto medium, rule->opt_integer("medium"));
    SHEGONG_ASSIGN(auto low, rule->opt_integer("low"));
    auto days = [](std::optional<std::int64_t> v, int fallback) {
      return v ? static_cast<int>(std::clamp<std::int64_t>(*v, -1, 10000)) : fallback;
    };
    r.high = days(high, r.high);
    r.medium = days(medium, r.medium);
    r.low = days(low, r.low);
    f.rule = r;
  }
  return f;
}

Result<Response> list_campaigns(Ctx& c) {
  CampaignFilter f;
  f.q = std::string(c.req.param("q").value_or(""));
  if (auto s = c.req.param("status"); s && !s->empty()) f.status = std::string(*s);
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  SHEGONG_ASSIGN(auto page, page_param(c.req, OutreachService::campaign_sort_keys(), "-starts_on"));
  SHEGONG_ASSIGN(auto result, c.d.outreach.list_campaigns(c.actor, std::move(f), region, page));
  return json_response(200, page_json(result, [](const Campaign& x) { return to_json(x); }));
}

Result<Response> create_campaign(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"id", "name", "region_code", "starts_on", "ends_on", "categories", "visit_rule"}));
  SHEGONG_ASSIGN(auto id, client_id(body));
  SHEGONG_ASSIGN(auto fields, campaign_fields(body));
  SHEGONG_ASSIGN(auto created, c.d.outreach.create_campaign(c.actor, id, std::move(fields)));
  auto r = json_response(created.created ? 201 : 200, to_json(created.record));
  r.headers.emplace_back("Location", "/api/v1/campaigns/" + created.record.id);
  return r;
}

Result<Response> get_campaign(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto found, c.d.outreach.get_campaign(c.actor, id));
  return json_response(200, to_json(found));
}

Response campaign_or_current(Ctx& c, const std::string& id, Result<Campaign> r) {
  if (r) return json_response(200, to_json(*r));
  return with_current(r.error(), [&]() -> std::optional<json::object> {
    auto cur = c.d.outreach.get_campaign(c.actor, id);
    if (!cur) return std::nullopt;
    return to_json(*cur);
  });
}

Result<Response> patch_campaign(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"version", "name", "ends_on", "categories", "visit_rule", "region_code", "starts_on"}));
  SHEGONG_ASSIGN(auto version, body.integer("version"));
  SHEGONG_ASSIGN(auto fields, campaign_fields(body));
  auto updated = c.d.outreach.update_campaign(c.actor, id, version, std::move(fields));
  if (!updated && updated.error().code != ErrorCode::version_conflict) return std::move(updated).error();
  return campaign_or_current(c, id, std::move(updated));
}

Result<Response> change_campaign_status(Ctx& c, bool start) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"version"}));
  SHEGONG_ASSIGN(auto version, body.integer("version"));
  auto r = start ? c.d.outreach.start_campaign(c.actor, id, version) : c.d.outreach.end_campaign(c.actor, id, version);
  if (!r && r.error().code != ErrorCode::version_conflict) return std::move(r).error();
  return campaign_or_current(c, id, std::move(r));
}

Result<Response> start_campaign(Ctx& c) { return change_campaign_status(c, true); }
Result<Response> end_campaign(Ctx& c) { return change_campaign_status(c, false); }

Result<Response> refresh_campaign(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto joined, c.d.outreach.refresh_campaign(c.actor, id));
  return json_response(200, json::object{{"joined", joined}});
}

// ---- targets ---------------------------------------------------------------------

Result<Response> list_targets(Ctx& c) {
  TargetFilter f;
  SHEGONG_ASSIGN(f.campaign_id, uuid_param(c, "id"));
  f.q = std::string(c.req.param("q").value_or(""));
  SHEGONG_ASSIGN(f.grid_id, opt_uuid_query(c.req, "grid_id"));
  SHEGONG_ASSIGN(f.worker_id, opt_uuid_query(c.req, "worker_id"));
  SHEGONG_ASSIGN(auto unassigned, bool_param(c.req, "unassigned"));
  f.unassigned = unassigned.value_or(false);
  SHEGONG_ASSIGN(f.visited, bool_param(c.req, "visited"));
  std::optional<std::string> due;
  if (auto d = c.req.param("due_state"); d && !d->empty()) due = std::string(*d);
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  SHEGONG_ASSIGN(auto page, page_param(c.req, OutreachService::target_sort_keys(), "next_due_on"));
  SHEGONG_ASSIGN(auto result, c.d.outreach.list_targets(c.actor, std::move(f), region, due, page));
  const std::string today = c.d.outreach.today();
  return json_response(200, page_json(result, [&](const CampaignTarget& t) { return to_json(t, today); }));
}

Result<Response> assign_targets(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"worker_id", "target_ids", "grid_id"}));
  if (!body.has("worker_id"))
    return Error::make(ErrorCode::missing_field, "worker_id is required (null to unassign)", "worker_id");
  AssignCommand cmd;
  SHEGONG_ASSIGN(auto worker, body.opt_string("worker_id"));
  if (worker) {
    auto parsed = parse_uuid(*worker);
    if (!parsed) return Error::make(ErrorCode::invalid_field, "worker_id must be a UUID", "worker_id");
    cmd.worker_id = *parsed;
  }
  SHEGONG_ASSIGN(auto ids, body.opt_strings("target_ids", 5000));
  for (const auto& raw : ids.value_or(std::vector<std::string>{})) {
    auto parsed = parse_uuid(raw);
    if (!parsed) return Error::make(ErrorCode::invalid_field, "target_ids must hold UUIDs", "target_ids");
    cmd.target_ids.push_back(*parsed);
  }
  SHEGONG_ASSIGN(auto grid, body.opt_string("grid_id"));
  if (grid) {
    auto parsed = parse_uuid(*grid);
    if (!parsed) return Error::make(ErrorCode::invalid_field, "grid_id must be a UUID", "grid_id");
    cmd.grid_id = *parsed;
  }
  SHEGONG_ASSIGN(auto n, c.d.outreach.assign(c.actor, id, cmd));
  return json_response(200, json::object{{"assigned", n}});
}

Result<Response> my_assignments(Ctx& c) {
  SHEGONG_ASSIGN(auto result, c.d.outreach.mine(c.actor));
  const std::string today = c.d.outreach.today();
  json::array items;
  for (const auto& t : result.items) items.push_back(to_json(t, today));
  return json_response(200, json::object{{"items", std::move(items)}, {"total", result.total}});
}

// ---- visits ----------------------------------------------------------------------

Result<VisitContent> visit_content(const JsonBody& body) {
  VisitContent v;
  SHEGONG_ASSIGN(auto at, body.string("visited_at"));
  auto ms = parse_timestamp(at);
  if (!ms)
    return Error::make(ErrorCode::invalid_field,
                       "visited_at must be an ISO 8601 time with a zone (2024-01-05T10:30:00Z)", "visited_at");
  v.visited_at = *ms;
  SHEGONG_ASSIGN(v.mode, body.string("mode"));
  SHEGONG_ASSIGN(auto seen, body.opt_strings("persons_seen", 30));
  for (const auto& raw : seen.value_or(std::vector<std::string>{})) {
    auto parsed = parse_uuid(raw);
    if (!parsed) return Error::make(ErrorCode::invalid_field, "persons_seen must hold person ids", "persons_seen");
    v.persons_seen.push_back(*parsed);
  }
  SHEGONG_ASSIGN(auto checks, body.opt_object("checks"));
  if (checks) {
    SHEGONG_TRY(checks->only({"health", "home_safety", "heating", "food", "school", "mood"}));
    for (const auto& item : kVisitChecks) {
      SHEGONG_ASSIGN(auto value, checks->opt_string(item.code));
      if (value) v.checks.push_back({std::string(item.code), *value});
    }
  }
  SHEGONG_ASSIGN(auto notes, body.opt_string("notes"));
  v.notes = notes.value_or("");
  SHEGONG_ASSIGN(auto location, body.opt_object("location"));
  if (location) {
    SHEGONG_TRY(location->only({"lat", "lng", "accuracy_m"}));
    SHEGONG_ASSIGN(auto lat, location->opt_number("lat"));
    SHEGONG_ASSIGN(auto lng, location->opt_number("lng"));
    SHEGONG_ASSIGN(auto acc, location->opt_number("accuracy_m"));
    if (!lat) return Error::make(ErrorCode::missing_field, "location.lat is required", "location.lat");
    if (!lng) return Error::make(ErrorCode::missing_field, "location.lng is required", "location.lng");
    GeoPoint p{*lat, *lng, 0};
    if (acc) {
      if (*acc < 0 || *acc > 100000)
        return Error::make(ErrorCode::invalid_field, "location.accuracy_m must be 0 to 100000 metres",
                           "location.accuracy_m");
      p.accuracy_m = std::llround(*acc);
    }
    v.location = p;
  }
  return v;
}

Result<Response> record_visit(Ctx& c) {
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"id", "target_id", "campaign_id", "visited_at", "mode", "persons_seen", "checks", "notes",
                         "location", "needs"}));
  VisitCommand cmd;
  SHEGONG_ASSIGN(auto id, client_id(body));
  if (!id)
    return Error::make(ErrorCode::missing_field, "id is required: a UUIDv7 made on the device, so a resend is safe",
                       "id");
  cmd.id = *id;
  SHEGONG_ASSIGN(auto target, body.string("target_id"));
  auto target_id = parse_uuid(target);
  if (!target_id) return Error::make(ErrorCode::invalid_field, "target_id must be a UUID", "target_id");
  cmd.target_id = *target_id;
  SHEGONG_ASSIGN(auto campaign, body.opt_string("campaign_id"));
  if (campaign) {
    auto parsed = parse_uuid(*campaign);
    if (!parsed) return Error::make(ErrorCode::invalid_field, "campaign_id must be a UUID", "campaign_id");
    cmd.campaign_id = *parsed;
  }
  SHEGONG_ASSIGN(cmd.content, visit_content(body));
  SHEGONG_ASSIGN(auto needs, body.opt_objects("needs", 20));
  for (const auto& n : needs.value_or(std::vector<JsonBody>{})) {
    SHEGONG_TRY(n.only({"id", "category", "urgency", "description", "due_on", "person_id"}));
    NeedDraft d;
    SHEGONG_ASSIGN(auto nid, n.string("id"));
    auto parsed = parse_uuid(nid);
    if (!parsed) return n.in(Result<void>(Error::make(ErrorCode::invalid_field, "id must be a UUID", "id"))).error();
    d.id = *parsed;
    SHEGONG_ASSIGN(d.category, n.string("category"));
    SHEGONG_ASSIGN(auto urgency, n.opt_string("urgency"));
    d.urgency = urgency.value_or("");
    SHEGONG_ASSIGN(d.description, n.string("description"));
    SHEGONG_ASSIGN(auto due, n.opt_string("due_on"));
    d.due_on = due.value_or("");
    SHEGONG_ASSIGN(auto person, n.opt_string("person_id"));
    if (person) {
      auto p = parse_uuid(*person);
      if (!p)
        return n.in(Result<void>(Error::make(ErrorCode::invalid_field, "person_id must be a UUID", "person_id")))
            .error();
      d.person_id = *p;
    }
    cmd.needs.push_back(std::move(d));
  }
  SHEGONG_ASSIGN(auto created, c.d.outreach.record_visit(c.actor, std::move(cmd)));
  auto r = json_response(created.created ? 201 : 200, to_json(created.record, false));
  r.headers.emplace_back("Location", "/api/v1/visits/" + created.record.visit.id);
  return r;
}

Result<Response> get_visit(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto v, c.d.outreach.get_visit(c.actor, id));
  return json_response(200, to_json(v, true));
}

Result<Response> correct_visit(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"version", "visited_at", "mode", "persons_seen", "checks", "notes", "location"}));
  SHEGONG_ASSIGN(auto version, body.integer("version"));
  SHEGONG_ASSIGN(auto content, visit_content(body));
  auto updated = c.d.outreach.correct_visit(c.actor, id, version, std::move(content));
  if (updated) return json_response(200, to_json(*updated, true));
  if (updated.error().code != ErrorCode::version_conflict) return std::move(updated).error();
  // Both versions, for the worker to choose: the stored one and the one just sent.
  Response r = with_current(updated.error(), [&]() -> std::optional<json::object> {
    auto cur = c.d.outreach.get_visit(c.actor, id);
    if (!cur) return std::nullopt;
    return to_json(*cur, false);
  });
  auto v = json::parse(r.body).as_object();
  v["submitted"] = json::parse(c.req.body);
  r.body = json::serialize(v);
  return r;
}

Result<Response> list_visits(Ctx& c) {
  static constexpr std::string_view kSort[] = {"visited_at"};
  VisitFilter f;
  SHEGONG_ASSIGN(f.campaign_id, opt_uuid_query(c.req, "campaign_id"));
  SHEGONG_ASSIGN(f.target_id, opt_uuid_query(c.req, "target_id"));
  SHEGONG_ASSIGN(f.worker_id, opt_uuid_query(c.req, "worker_id"));
  for (const char* key : {"from", "to"}) {
    auto raw = c.req.param(key);
    if (!raw || raw->empty()) continue;
    std::optional<TimestampMs> t = parse_timestamp(*raw);
    // A day is a China day, and `to` includes it: the filter's end is the next day's start.
    if (!t && parse_date(*raw))
      t = parse_timestamp((std::string_view(key) == "to" ? add_days(*raw, 1) : std::string(*raw)) + "T00:00:00+08:00");
    if (!t) return Error::make(ErrorCode::invalid_query, std::string(key) + " must be a date or an ISO 8601 time", key);
    (std::string_view(key) == "from" ? f.from : f.to) = *t;
  }
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  SHEGONG_ASSIGN(auto page, page_param(c.req, kSort, "-visited_at"));
  SHEGONG_ASSIGN(auto result, c.d.outreach.list_visits(c.actor, std::move(f), region, page));
  return json_response(200, page_json(result, [](const VisitRecord& v) { return to_json(v); }));
}

// ---- needs -----------------------------------------------------------------------

Result<Response> list_needs(Ctx& c) {
  NeedFilter f;
  SHEGONG_ASSIGN(f.campaign_id, opt_uuid_query(c.req, "campaign_id"));
  SHEGONG_ASSIGN(f.worker_id, opt_uuid_query(c.req, "worker_id"));
  SHEGONG_ASSIGN(f.target_id, opt_uuid_query(c.req, "target_id"));
  if (auto s = c.req.param("state"); s && !s->empty()) f.state = std::string(*s);
  if (auto s = c.req.param("category"); s && !s->empty()) f.category = std::string(*s);
  SHEGONG_ASSIGN(auto open, bool_param(c.req, "open"));
  f.open_only = open.value_or(false);
  SHEGONG_ASSIGN(auto overdue, bool_param(c.req, "overdue"));
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  SHEGONG_ASSIGN(auto page, page_param(c.req, OutreachService::need_sort_keys(), "due_on"));
  SHEGONG_ASSIGN(auto result, c.d.outreach.list_needs(c.actor, std::move(f), region, overdue.value_or(false), page));
  const std::string today = c.d.outreach.today();
  return json_response(200, page_json(result, [&](const NeedRecord& n) { return to_json(n, today); }));
}

Result<Response> get_need(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto n, c.d.outreach.get_need(c.actor, id));
  return json_response(200, to_json(n, c.d.outreach.today()));
}

Response need_or_current(Ctx& c, const std::string& id, Result<Created<NeedRecord>> r) {
  if (r) return json_response(r->created ? 201 : 200, to_json(r->record, c.d.outreach.today()));
  return with_current(r.error(), [&]() -> std::optional<json::object> {
    auto cur = c.d.outreach.get_need(c.actor, id);
    if (!cur) return std::nullopt;
    return to_json(*cur, c.d.outreach.today());
  });
}

Result<Response> need_transition(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"id", "to", "reason", "version"}));
  TransitionCommand cmd;
  SHEGONG_ASSIGN(cmd.id, client_id(body));
  SHEGONG_ASSIGN(cmd.to, body.string("to"));
  SHEGONG_ASSIGN(auto reason, body.opt_string("reason"));
  cmd.reason = reason.value_or("");
  SHEGONG_ASSIGN(cmd.version, body.integer("version"));
  auto r = c.d.outreach.transition(c.actor, id, std::move(cmd));
  if (!r && r.error().code != ErrorCode::version_conflict) return std::move(r).error();
  return need_or_current(c, id, std::move(r));
}

Result<Response> need_resource(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto body, JsonBody::parse(c.req));
  SHEGONG_TRY(body.only({"id", "kind", "provider", "value_fen", "description", "version"}));
  ResourceDraft d;
  SHEGONG_ASSIGN(auto rid, client_id(body));
  d.id = rid.value_or("");
  SHEGONG_ASSIGN(d.kind, body.string("kind"));
  SHEGONG_ASSIGN(d.provider, body.string("provider"));
  SHEGONG_ASSIGN(auto value, body.opt_integer("value_fen"));
  d.value_fen = value.value_or(0);
  SHEGONG_ASSIGN(auto desc, body.opt_string("description"));
  d.description = desc.value_or("");
  SHEGONG_ASSIGN(auto version, body.integer("version"));
  auto r = c.d.outreach.link_resource(c.actor, id, std::move(d), version);
  if (!r && r.error().code != ErrorCode::version_conflict) return std::move(r).error();
  return need_or_current(c, id, std::move(r));
}

// ---- coverage --------------------------------------------------------------------

Result<Response> campaign_coverage(Ctx& c) {
  SHEGONG_ASSIGN(auto id, uuid_param(c, "id"));
  SHEGONG_ASSIGN(auto region, region_param(c.req, "region"));
  const std::string by(c.req.param("by").value_or("region"));
  SHEGONG_ASSIGN(auto cov, c.d.outreach.coverage(c.actor, id, region, by));
  json::array rows;
  for (const auto& r : cov.rows) {
    json::object o = to_json(r);
    o["key"] = r.key.empty() ? json::value(nullptr) : json::value(r.key);
    o["name"] = r.name;
    o["station_name"] = r.station_name;
    rows.push_back(std::move(o));
  }
  return json_response(200, json::object{{"region_code", cov.region_code.str()},
                                         {"region_name", cov.region_name},
                                         {"today", cov.today},
                                         {"by", by},
                                         {"totals", to_json(cov.totals)},
                                         {"rows", std::move(rows)}});
}

} // namespace

void add_outreach_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/campaigns", true, list_campaigns, {}});
  routes.push_back({"POST", "/api/v1/campaigns", true, create_campaign, {}});
  routes.push_back({"GET", "/api/v1/campaigns/{id}", true, get_campaign, {}});
  routes.push_back({"PATCH", "/api/v1/campaigns/{id}", true, patch_campaign, {}});
  routes.push_back({"POST", "/api/v1/campaigns/{id}/start", true, start_campaign, {}});
  routes.push_back({"POST", "/api/v1/campaigns/{id}/end", true, end_campaign, {}});
  routes.push_back({"POST", "/api/v1/campaigns/{id}/refresh", true, refresh_campaign, {}});
  routes.push_back({"GET", "/api/v1/campaigns/{id}/targets", true, list_targets, {}});
  routes.push_back({"POST", "/api/v1/campaigns/{id}/assignments", true, assign_targets, {}});
  routes.push_back({"GET", "/api/v1/campaigns/{id}/coverage", true, campaign_coverage, {}});
  routes.push_back({"GET", "/api/v1/assignments/mine", true, my_assignments, {}});
  routes.push_back({"GET", "/api/v1/visits", true, list_visits, {}});
  routes.push_back({"POST", "/api/v1/visits", true, record_visit, {}});
  routes.push_back({"GET", "/api/v1/visits/{id}", true, get_visit, {}});
  routes.push_back({"PUT", "/api/v1/visits/{id}", true, correct_visit, {}});
  routes.push_back({"GET", "/api/v1/needs", true, list_needs, {}});
  routes.push_back({"GET", "/api/v1/needs/{id}", true, get_need, {}});
  routes.push_back({"POST", "/api/v1/needs/{id}/transitions", true, need_transition, {}});
  routes.push_back({"POST", "/api/v1/needs/{id}/resources", true, need_resource, {}});
}

} // namespace shegong::http
