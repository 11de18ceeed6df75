#include <algorithm>
#include <map>

#include "paging.hpp"
#include "record_sql.hpp"
#include "shegong/records/outreach.hpp"
#include "repos.hpp"

namespace shegong::sql {
namespace {

constexpr std::string_view kOpenStates = "('raised', 'linked', 'in_progress')";

Result<RegionCode> code_of(const Statement& st, int col, std::string_view what) {
  auto code = RegionCode::parse(st.text(col));
  if (!code) return Error::make(ErrorCode::internal, "stored " + std::string(what) + " has a malformed region code");
  return *code;
}

std::optional<TimestampMs> opt_int(const Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return st.int64(col);
}

// Campaigns a caller sees: those inside the caller's area, and those that contain it
// (a township's worker sees the city's campaign).
void campaign_scope(Where& w, const Scope& scope) {
  if (scope.is_national()) return;
  std::string cond = "((c.region_code >= ? AND c.region_code < ?)";
  std::vector<Where::Value> values = {scope.range_low(), scope.range_high()};
  const std::string& p = scope.prefix();
  for (std::size_t len : {2, 4, 6, 9})
    if (len < p.size()) {
      cond += " OR c.region_code = ?";
      values.emplace_back(p.substr(0, len) + std::string(12 - len, '0'));
    }
  cond += ")";
  w.sql += w.sql.empty() ? " WHERE " : " AND ";
  w.sql += cond;
  w.values.insert(w.values.end(), values.begin(), values.end());
}

constexpr const char* kTargetFrom =
    "campaign_targets t JOIN campaigns c ON c.id = t.campaign_id "
    "LEFT JOIN households h ON t.kind = 'household' AND h.id = t.target_id "
    "LEFT JOIN persons p ON t.kind = 'person' AND p.id = t.target_id";

Result<void> fill_need_ids(Connection& c, VisitRecord& v) {
  SHEGONG_ASSIGN(auto needs, c.prepare("SELECT id FROM needs WHERE visit_id = ? ORDER BY raised_at, id"));
  needs->bind(1, v.id);
  for (;;) {
    SHEGONG_ASSIGN(bool more, needs->step());
    if (!more) return ok();
    v.need_ids.push_back(needs->text(0));
  }
}

std::string sort_clause(const PageRequest& page, std::string_view fallback,
                        std::initializer_list<std::pair<std::string_view, std::string_view>> columns,
                        std::string_view tiebreak) {
  std::string col(fallback);
  for (const auto& [key, expr] : columns)
    if (key == page.sort) col = std::string(expr);
  const std::string dir = page.descending ? " DESC" : " ASC";
  return " ORDER BY " + col + dir + ", " + std::string(tiebreak) + dir;
}

template <class R>
Result<std::optional<R>> find_one(Connection& c, std::string_view id) {
  SHEGONG_ASSIGN(auto st, c.prepare(select_sql<R>() + " WHERE " + std::string(records::Record<R>::alias) + ".id = ?"));
  st->bind(1, id);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<R>();
  SHEGONG_ASSIGN(auto r, read_record<R>(*st));
  return std::optional<R>(std::move(r));
}

// A need's transitions or resources, in the order they happened.
template <class R>
Result<std::vector<R>> of_need(Connection& c, std::string_view need_id) {
  const std::string a(records::Record<R>::alias);
  SHEGONG_ASSIGN(auto st,
                 c.prepare(select_sql<R>() + " WHERE " + a + ".need_id = ? ORDER BY " + a + ".at, " + a + ".id"));
  st->bind(1, need_id);
  return collect<R>(*st, [](const Statement& row) { return read_record<R>(row); });
}

} // namespace

// ---- campaigns -------------------------------------------------------------------

Result<std::optional<Campaign>> SqlCampaigns::find(std::string_view id, const Scope& scope) {
  Where w;
  w.add("c.id = ?", std::string(id));
  campaign_scope(w, scope);
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<Campaign>() + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<Campaign>();
  SHEGONG_ASSIGN(auto c, read_record<Campaign>(*st));
  return std::optional<Campaign>(std::move(c));
}

Result<bool> SqlCampaigns::exists(std::string_view id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT 1 FROM campaigns WHERE id = ?"));
  st->bind(1, id);
  return st->step();
}

Result<void> SqlCampaigns::insert(const Campaign& c) { return insert_record(c_, c); }

Result<bool> SqlCampaigns::update(const Campaign& c, std::int64_t expected_version) {
  return update_record(c_, c, expected_version);
}

Result<Page<Campaign>> SqlCampaigns::list(const CampaignFilter& f, const PageRequest& page) {
  Where w;
  campaign_scope(w, f.scope);
  if (f.status) w.add("c.status = ?", *f.status);
  if (!f.q.empty()) w.add("c.name LIKE ? ESCAPE '\\'", like_contains(f.q));
  const auto order =
      sort_clause(page, "c.starts_on", {{"name", "c.name COLLATE zh"}, {"created_at", "c.created_at"}}, "c.id");
  return run_page<Campaign>(c_, select_sql<Campaign>(), "campaigns c", w, order, page, read_record<Campaign>);
}

Result<void> SqlCampaigns::lock_over(const RegionCode& region) {
  std::vector<std::string> codes;
  for (const auto& a : region.ancestors()) codes.push_back(a.str());
  codes.push_back(region.str());
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE campaigns SET version = version WHERE status IN ('draft', 'active') "
                                     "AND region_code IN (" +
                                     placeholders(codes.size()) + ")"));
  int i = 1;
  for (const auto& c : codes) st->bind(i++, c);
  SHEGONG_TRY(st->exec());
  return ok();
}

Result<std::vector<Campaign>> SqlCampaigns::active_over(const RegionCode& region, std::string_view category) {
  std::string sql = select_sql<Campaign>() + " WHERE c.status = 'active' AND c.region_code IN (";
  std::vector<std::string> codes;
  for (const auto& a : region.ancestors()) codes.push_back(a.str());
  codes.push_back(region.str());
  sql += placeholders(codes.size()) + ")";
  SHEGONG_ASSIGN(auto st, c_.prepare(sql));
  int i = 1;
  for (const auto& c : codes) st->bind(i++, c);
  SHEGONG_ASSIGN(auto all, collect<Campaign>(*st, read_record<Campaign>));
  std::vector<Campaign> out;
  for (auto& c : all)
    if (category.empty() || std::find(c.categories.begin(), c.categories.end(), category) != c.categories.end())
      out.push_back(std::move(c));
  return out;
}

// ---- targets ---------------------------------------------------------------------

Result<std::vector<TargetCandidate>> SqlTargets::candidates(const Scope& scope,
                                                            const std::vector<std::string>& categories,
                                                            std::string_view from, std::string_view to) {
  return find_candidates(nullptr, scope, categories, from, to);
}

Result<std::vector<TargetCandidate>> SqlTargets::candidates_among(const std::vector<std::string>& person_ids,
                                                                  const Scope& scope,
                                                                  const std::vector<std::string>& categories,
                                                                  std::string_view from, std::string_view to) {
  if (person_ids.empty()) return std::vector<TargetCandidate>{};
  return find_candidates(&person_ids, scope, categories, from, to);
}

Result<std::vector<TargetCandidate>> SqlTargets::find_candidates(const std::vector<std::string>* person_ids,
                                                                 const Scope& scope,
                                                                 const std::vector<std::string>& categories,
                                                                 std::string_view from, std::string_view to) {
  if (categories.empty()) return std::vector<TargetCandidate>{};
  Where w;
  w.sql = " WHERE pc.category IN (" + placeholders(categories.size()) + ")";
  for (const auto& c : categories) w.values.emplace_back(c);
  w.add("pc.start_date <= ? AND (pc.end_date IS NULL OR pc.end_date >= ?)", {std::string(to), std::string(from)});
  w.add("p.merged_into IS NULL");
  w.scope("p.region_code", scope);
  if (person_ids) {
    w.add("pc.person_id IN (" + placeholders(person_ids->size()) + ")");
    for (const auto& id : *person_ids) w.values.emplace_back(id);
  }
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT p.id, p.household_id, COALESCE(h.region_code, p.region_code), "
                                     "CASE WHEN p.household_id IS NULL THEN p.grid_id ELSE h.grid_id END, p.risk_level "
                                     "FROM person_categories pc JOIN persons p ON p.id = pc.person_id "
                                     "LEFT JOIN households h ON h.id = p.household_id" +
                                     w.sql));
  w.bind(*st);
  return collect<TargetCandidate>(*st, [](const Statement& s) -> Result<TargetCandidate> {
    TargetCandidate c;
    const auto household = s.opt_text(1);
    c.target_id = household ? *household : s.text(0);
    c.kind = household ? "household" : "person";
    SHEGONG_ASSIGN(c.region_code, code_of(s, 2, "person"));
    c.grid_id = s.opt_text(3);
    c.risk_level = s.text(4);
    return c;
  });
}

Result<std::int64_t> SqlTargets::add(const std::vector<CampaignTarget>& targets) {
  std::int64_t added = 0;
  for (const auto& t : targets) {
    // prepare() hands the cached statement back reset, ready for new bindings.
    SHEGONG_ASSIGN(
        auto st,
        c_.prepare(
            "INSERT INTO campaign_targets (campaign_id, target_id, kind, region_code, grid_id, risk_level, worker_id, "
            "joined_at, visits, next_due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?) "
            "ON CONFLICT (campaign_id, target_id) DO NOTHING"));
    st->bind(1, t.campaign_id)
        .bind(2, t.target_id)
        .bind(3, t.kind)
        .bind(4, t.region_code.str())
        .bind(5, t.grid_id)
        .bind(6, t.risk_level)
        .bind(7, t.worker_id)
        .bind(8, t.joined_at)
        .bind(9, t.next_due_on);
    SHEGONG_ASSIGN(int changed, st->exec());
    added += changed;
  }
  if (added > 0 && !targets.empty()) {
    // Kept on the campaign so that reading one never counts its targets.
    SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE campaigns SET targets = targets + ? WHERE id = ?"));
    st->bind(1, added).bind(2, targets.front().campaign_id);
    SHEGONG_TRY(st->exec());
  }
  return added;
}

Result<std::optional<CampaignTarget>> SqlTargets::find(std::string_view campaign_id, std::string_view target_id) {
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<CampaignTarget>() + " WHERE t.campaign_id = ? AND t.target_id = ?"));
  st->bind(1, campaign_id).bind(2, target_id);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<CampaignTarget>();
  SHEGONG_ASSIGN(auto t, read_record<CampaignTarget>(*st));
  return std::optional<CampaignTarget>(std::move(t));
}

Result<std::optional<CampaignTarget>> SqlTargets::state(std::string_view campaign_id, std::string_view target_id) {
  {
    // A no-op update takes the row lock on PostgreSQL (as for the audit head), so the
    // read below sees the visit another transaction has just counted.
    SHEGONG_ASSIGN(auto lock,
                   c_.prepare("UPDATE campaign_targets SET visits = visits WHERE campaign_id = ? AND target_id = ?"));
    lock->bind(1, campaign_id).bind(2, target_id);
    SHEGONG_TRY(lock->exec());
  }
  SHEGONG_ASSIGN(
      auto st,
      c_.prepare(
          "SELECT kind, region_code, grid_id, risk_level, worker_id, joined_at, visits, first_visit_at, last_visit_at, "
          "last_visit_on, next_due_on FROM campaign_targets WHERE campaign_id = ? AND target_id = ?"));
  st->bind(1, campaign_id).bind(2, target_id);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<CampaignTarget>();
  CampaignTarget t;
  t.campaign_id = std::string(campaign_id);
  t.target_id = std::string(target_id);
  t.kind = st->text(0);
  SHEGONG_ASSIGN(t.region_code, code_of(*st, 1, "target"));
  t.grid_id = st->opt_text(2);
  t.risk_level = st->text(3);
  t.worker_id = st->opt_text(4);
  t.joined_at = st->int64(5);
  t.visits = st->int64(6);
  t.first_visit_at = opt_int(*st, 7);
  t.last_visit_at = opt_int(*st, 8);
  t.last_visit_on = st->opt_text(9);
  t.next_due_on = st->text(10);
  return std::optional<CampaignTarget>(std::move(t));
}

Result<std::vector<std::string>> SqlTargets::member_ids(std::string_view target_id, std::string_view kind) {
  SHEGONG_ASSIGN(
      auto st, c_.prepare(kind == "household" ? "SELECT id FROM persons WHERE household_id = ? AND merged_into IS NULL"
                                              : "SELECT id FROM persons WHERE id = ? AND merged_into IS NULL"));
  st->bind(1, target_id);
  return collect<std::string>(*st, [](const Statement& s) -> Result<std::string> { return s.text(0); });
}

Result<bool> SqlVisits::exists(std::string_view id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT 1 FROM visits WHERE id = ?"));
  st->bind(1, id);
  return st->step();
}

Result<Page<CampaignTarget>> SqlTargets::list(const TargetFilter& f, const PageRequest& page) {
  Where w;
  if (f.campaign_id.empty())
    w.add("c.status = 'active'");
  else
    w.add("t.campaign_id = ?", f.campaign_id);
  if (f.grid_id) w.add("t.grid_id = ?", *f.grid_id);
  if (f.worker_id) w.add("t.worker_id = ?", *f.worker_id);
  if (f.unassigned) w.add("t.worker_id IS NULL");
  if (f.due_from) w.add("t.next_due_on >= ?", *f.due_from);
  if (f.due_to) w.add("t.next_due_on <= ?", *f.due_to);
  if (f.visited) w.add(*f.visited ? "t.first_visit_at IS NOT NULL" : "t.first_visit_at IS NULL");
  if (!f.q.empty())
    w.add(
        "(COALESCE(h.address, p.current_address, '') LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM persons m "
        "WHERE (m.household_id = t.target_id OR m.id = t.target_id) AND m.merged_into IS NULL "
        "AND m.name LIKE ? ESCAPE '\\'))",
        {like_contains(f.q), like_contains(f.q)});
  const auto order = sort_clause(page, "t.next_due_on",
                                 {{"address", "COALESCE(h.address, p.current_address, '') COLLATE zh"},
                                  {"last_visit_at", "COALESCE(t.last_visit_at, 0)"}},
                                 "t.target_id");
  // A province's campaign holds millions of targets: its page walks them by due day.
  const auto where = list_where("t.region_code", f.scope, w);
  return run_page<CampaignTarget>(c_, select_sql<CampaignTarget>(), kTargetFrom, where.paged, order, page,
                                  read_record<CampaignTarget>, &where.counted);
}

namespace {
// The targets a change of worker addresses: the given ones in batches, or a grid's.
template <typename Fn>
Result<void> each_target_batch(std::string_view campaign_id, const Scope& scope,
                               const std::vector<std::string>& target_ids, const std::optional<std::string>& grid_id,
                               Fn&& fn) {
  auto base = [&] {
    Where w;
    w.add("campaign_id = ?", std::string(campaign_id));
    w.scope("region_code", scope);
    return w;
  };
  if (grid_id) {
    Where w = base();
    w.add("grid_id = ?", *grid_id);
    return fn(w);
  }
  for (std::size_t at = 0; at < target_ids.size(); at += 200) {
    Where w = base();
    const std::size_t end = std::min(target_ids.size(), at + 200);
    w.sql += " AND target_id IN (" + placeholders(end - at) + ")";
    for (std::size_t i = at; i < end; ++i) w.values.emplace_back(target_ids[i]);
    SHEGONG_TRY(fn(w));
  }
  return ok();
}
} // namespace

Result<std::int64_t> SqlTargets::count(std::string_view campaign_id, const Scope& scope,
                                       const std::vector<std::string>& target_ids,
                                       const std::optional<std::string>& grid_id) {
  std::int64_t n = 0;
  SHEGONG_TRY(each_target_batch(campaign_id, scope, target_ids, grid_id, [&](const Where& w) -> Result<void> {
    SHEGONG_ASSIGN(auto st, c_.prepare("SELECT COUNT(*) FROM campaign_targets" + w.sql));
    w.bind(*st);
    SHEGONG_ASSIGN(bool row, st->step());
    n += row ? st->int64(0) : 0;
    return ok();
  }));
  return n;
}

Result<std::int64_t> SqlTargets::assign(std::string_view campaign_id, const Scope& scope,
                                        const std::vector<std::string>& target_ids,
                                        const std::optional<std::string>& grid_id,
                                        const std::optional<std::string>& worker_id) {
  std::int64_t changed = 0;
  SHEGONG_TRY(each_target_batch(campaign_id, scope, target_ids, grid_id, [&](const Where& w) -> Result<void> {
    SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE campaign_targets SET worker_id = ?" + w.sql));
    st->bind(1, worker_id);
    w.bind(*st, 2);
    SHEGONG_ASSIGN(int n, st->exec());
    changed += n;
    return ok();
  }));
  return changed;
}

Result<void> SqlTargets::set_risk(std::string_view campaign_id, std::string_view target_id, std::string_view risk_level,
                                  std::string_view next_due_on) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE campaign_targets SET risk_level = ?, next_due_on = ? "
                                     "WHERE campaign_id = ? AND target_id = ?"));
  st->bind(1, risk_level).bind(2, next_due_on).bind(3, campaign_id).bind(4, target_id);
  SHEGONG_TRY(st->exec());
  return ok();
}

Result<void> SqlTargets::update_visits(const CampaignTarget& t) {
  SHEGONG_ASSIGN(
      auto st,
      c_.prepare("UPDATE campaign_targets SET visits = ?, first_visit_at = ?, last_visit_at = ?, last_visit_on = ?, "
                 "next_due_on = ? WHERE campaign_id = ? AND target_id = ?"));
  st->bind(1, t.visits);
  if (t.first_visit_at)
    st->bind(2, *t.first_visit_at);
  else
    st->bind_null(2);
  if (t.last_visit_at)
    st->bind(3, *t.last_visit_at);
  else
    st->bind_null(3);
  st->bind(4, t.last_visit_on).bind(5, t.next_due_on).bind(6, t.campaign_id).bind(7, t.target_id);
  SHEGONG_TRY(st->exec());
  return ok();
}

Result<std::vector<TargetMember>> SqlTargets::members(std::string_view target_id, std::string_view kind,
                                                      std::string_view on) {
  const std::string where = kind == "household" ? "p.household_id = ? AND p.merged_into IS NULL" : "p.id = ?";
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT p.id, p.name, p.birth_date FROM persons p WHERE " + where +
                                     " ORDER BY CASE WHEN p.relation = 'head' THEN 0 ELSE 1 END, p.id"));
  st->bind(1, target_id);
  SHEGONG_ASSIGN(auto out, collect<TargetMember>(*st, [](const Statement& s) -> Result<TargetMember> {
                   return TargetMember{s.text(0), s.text(1), s.text(2), {}};
                 }));
  if (out.empty()) return out;
  SHEGONG_ASSIGN(
      auto cats,
      c_.prepare(
          "SELECT pc.person_id, pc.category FROM person_categories pc JOIN categories k ON k.code = pc.category "
          "WHERE pc.person_id IN (" +
          placeholders(out.size()) +
          ") AND pc.start_date <= ? AND (pc.end_date IS NULL OR pc.end_date >= ?) ORDER BY k.position, pc.category"));
  int i = 1;
  for (const auto& m : out) cats->bind(i++, m.person_id);
  cats->bind(i, on).bind(i + 1, on);
  for (;;) {
    SHEGONG_ASSIGN(bool row, cats->step());
    if (!row) break;
    const std::string pid = cats->text(0);
    for (auto& m : out)
      if (m.person_id == pid) m.categories.push_back(cats->text(1));
  }
  return out;
}

Result<std::optional<CampaignTarget>> SqlTargets::locate(std::string_view target_id) {
  {
    SHEGONG_ASSIGN(auto st,
                   c_.prepare("SELECT h.region_code, h.grid_id, h.address, COALESCE(r.name, '') FROM households h "
                              "LEFT JOIN regions r ON r.code = h.region_code WHERE h.id = ?"));
    st->bind(1, target_id);
    SHEGONG_ASSIGN(bool row, st->step());
    if (row) {
      CampaignTarget t;
      t.target_id = std::string(target_id);
      t.kind = "household";
      SHEGONG_ASSIGN(t.region_code, code_of(*st, 0, "household"));
      t.grid_id = st->opt_text(1);
      t.address = st->text(2);
      t.region_name = st->text(3);
      return std::optional<CampaignTarget>(std::move(t));
    }
  }
  SHEGONG_ASSIGN(auto st,
                 c_.prepare("SELECT p.region_code, p.grid_id, p.current_address, p.risk_level, "
                            "COALESCE(r.name, '') FROM persons p LEFT JOIN regions r ON r.code = p.region_code "
                            "WHERE p.id = ? AND p.household_id IS NULL AND p.merged_into IS NULL"));
  st->bind(1, target_id);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<CampaignTarget>();
  CampaignTarget t;
  t.target_id = std::string(target_id);
  t.kind = "person";
  SHEGONG_ASSIGN(t.region_code, code_of(*st, 0, "person"));
  t.grid_id = st->opt_text(1);
  t.address = st->text(2);
  t.risk_level = st->text(3);
  t.region_name = st->text(4);
  return std::optional<CampaignTarget>(std::move(t));
}

// ---- visits ----------------------------------------------------------------------

Result<std::optional<VisitRecord>> SqlVisits::find(std::string_view id, const Scope& scope) {
  Where w;
  w.add("v.id = ?", std::string(id));
  w.scope("v.region_code", scope);
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<VisitRecord>() + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<VisitRecord>();
  SHEGONG_ASSIGN(auto v, read_record<VisitRecord>(*st));
  SHEGONG_TRY(fill_need_ids(c_, v));
  return std::optional<VisitRecord>(std::move(v));
}

Result<std::optional<VisitRecord>> SqlVisits::find_any(std::string_view id) { return find(id, Scope::national()); }

namespace {

// Every version of a visit is kept as it was recorded, by whom and when.
Result<void> record_version(Connection& c, const VisitRecord& v, std::string_view recorded_by) {
  SHEGONG_ASSIGN(auto ver, c.prepare("INSERT INTO visit_versions (visit_id, version, visited_at, mode, persons_seen, "
                                     "checks, notes, location_sealed, recorded_at, recorded_by) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  ver->bind(1, v.id)
      .bind(2, v.version)
      .bind(3, v.content.visited_at)
      .bind(4, v.content.mode)
      .bind(5, records::CommaList::to_text(v.content.persons_seen))
      .bind(6, records::CheckList::to_text(v.content.checks))
      .bind(7, v.content.notes)
      .bind(8, v.location_sealed)
      .bind(9, v.updated_at)
      .bind(10, recorded_by);
  SHEGONG_TRY(ver->exec());
  return ok();
}

} // namespace

Result<void> SqlVisits::insert(const VisitRecord& v, std::string_view recorded_by) {
  SHEGONG_TRY(insert_record(c_, v));
  return record_version(c_, v, recorded_by);
}

Result<bool> SqlVisits::update(const VisitRecord& v, std::int64_t expected_version, std::string_view recorded_by) {
  SHEGONG_ASSIGN(bool written, update_record(c_, v, expected_version));
  if (!written) return false;
  SHEGONG_TRY(record_version(c_, v, recorded_by));
  return true;
}

Result<std::vector<VisitVersion>> SqlVisits::versions(std::string_view id) {
  SHEGONG_ASSIGN(
      auto st,
      c_.prepare("SELECT vv.version, vv.visited_at, vv.mode, vv.persons_seen, vv.checks, vv.notes, vv.location_sealed, "
                 "vv.recorded_at, vv.recorded_by, COALESCE(u.display_name, '') FROM visit_versions vv "
                 "LEFT JOIN users u ON u.id = vv.recorded_by WHERE vv.visit_id = ? ORDER BY vv.version"));
  st->bind(1, id);
  return collect<VisitVersion>(*st, [](const Statement& s) -> Result<VisitVersion> {
    VisitVersion v;
    v.version = s.int64(0);
    v.content.visited_at = s.int64(1);
    v.content.mode = s.text(2);
    v.content.persons_seen = records::CommaList::from_text(s.text(3));
    v.content.checks = records::CheckList::from_text(s.text(4));
    v.content.notes = s.text(5);
    v.location_sealed = s.text(6);
    v.recorded_at = s.int64(7);
    v.recorded_by = s.text(8);
    v.recorded_by_name = s.text(9);
    return v;
  });
}

Result<Page<VisitRecord>> SqlVisits::list(const VisitFilter& f, const PageRequest& page) {
  Where filters;
  if (f.campaign_id) filters.add("v.campaign_id = ?", *f.campaign_id);
  if (f.target_id) filters.add("v.target_id = ?", *f.target_id);
  if (f.worker_id) filters.add("v.worker_id = ?", *f.worker_id);
  if (f.from) filters.add("v.visited_at >= ?", *f.from);
  if (f.to) filters.add("v.visited_at < ?", *f.to);
  // A city's page walks the visits newest first; its count reads the region index.
  const auto where = list_where("v.region_code", f.scope, filters);
  const auto order = sort_clause(page, "v.visited_at", {}, "v.id");
  SHEGONG_ASSIGN(auto out, run_page<VisitRecord>(c_, select_sql<VisitRecord>(), "visits v", where.paged, order, page,
                                                 read_record<VisitRecord>, &where.counted));
  for (auto& v : out.items) {
    SHEGONG_TRY(fill_need_ids(c_, v));
  }
  return out;
}

Result<std::optional<std::pair<TimestampMs, TimestampMs>>> SqlVisits::span(std::string_view campaign_id,
                                                                           std::string_view target_id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT MIN(visited_at), MAX(visited_at) FROM visits WHERE target_id = ? "
                                     "AND campaign_id = ?"));
  st->bind(1, target_id).bind(2, campaign_id);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row || st->is_null(0)) return std::optional<std::pair<TimestampMs, TimestampMs>>();
  return std::optional<std::pair<TimestampMs, TimestampMs>>(std::make_pair(st->int64(0), st->int64(1)));
}

// ---- needs -----------------------------------------------------------------------

Result<std::optional<NeedRecord>> SqlNeeds::find(std::string_view id, const Scope& scope) {
  Where w;
  w.add("n.id = ?", std::string(id));
  w.scope("n.region_code", scope);
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<NeedRecord>() + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<NeedRecord>();
  SHEGONG_ASSIGN(auto n, read_record<NeedRecord>(*st));
  SHEGONG_ASSIGN(n.transitions, of_need<NeedTransition>(c_, n.id));
  SHEGONG_ASSIGN(n.resources, of_need<NeedResource>(c_, n.id));
  return std::optional<NeedRecord>(std::move(n));
}

Result<bool> SqlNeeds::exists(std::string_view id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT 1 FROM needs WHERE id = ?"));
  st->bind(1, id);
  return st->step();
}

Result<void> SqlNeeds::insert(const NeedRecord& n) { return insert_record(c_, n); }

Result<bool> SqlNeeds::update(const NeedRecord& n, std::int64_t expected_version) {
  return update_record(c_, n, expected_version);
}

Result<Page<NeedRecord>> SqlNeeds::list(const NeedFilter& f, const PageRequest& page) {
  Where w;
  if (f.campaign_id) w.add("n.campaign_id = ?", *f.campaign_id);
  if (f.state) w.add("n.state = ?", *f.state);
  if (f.category) w.add("n.category = ?", *f.category);
  if (f.worker_id) w.add("n.worker_id = ?", *f.worker_id);
  if (f.target_id) w.add("n.target_id = ?", *f.target_id);
  if (f.open_only) w.add("n.state IN " + std::string(kOpenStates));
  if (f.overdue_before) w.add("n.state IN " + std::string(kOpenStates) + " AND n.due_on < ?", *f.overdue_before);
  const auto order = sort_clause(page, "n.due_on",
                                 {{"raised_at", "n.raised_at"},
                                  {"urgency", "CASE n.urgency WHEN 'urgent' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END"}},
                                 "n.id");
  const auto where = list_where("n.region_code", f.scope, w);
  return run_page<NeedRecord>(c_, select_sql<NeedRecord>(), "needs n", where.paged, order, page,
                              read_record<NeedRecord>, &where.counted);
}

Result<std::optional<NeedTransition>> SqlNeeds::find_transition(std::string_view id) {
  return find_one<NeedTransition>(c_, id);
}

Result<void> SqlNeeds::insert_transition(const NeedTransition& t) { return insert_record(c_, t); }

Result<std::optional<NeedResource>> SqlNeeds::find_resource(std::string_view id) {
  return find_one<NeedResource>(c_, id);
}

Result<void> SqlNeeds::insert_resource(const NeedResource& r) { return insert_record(c_, r); }

// ---- figures ---------------------------------------------------------------------

Result<void> SqlCoverage::add(const OutreachDelta& d) {
  SHEGONG_ASSIGN(
      auto st,
      c_.prepare(
          "INSERT INTO outreach_counters (campaign_id, region_code, worker_id, day, visits, person_times, "
          "households_visited, needs_raised, needs_resolved, needs_referred, needs_closed, resources, value_fen) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, region_code, worker_id, day) DO "
          "UPDATE SET "
          "visits = outreach_counters.visits + excluded.visits, "
          "person_times = outreach_counters.person_times + excluded.person_times, "
          "households_visited = outreach_counters.households_visited + excluded.households_visited, "
          "needs_raised = outreach_counters.needs_raised + excluded.needs_raised, "
          "needs_resolved = outreach_counters.needs_resolved + excluded.needs_resolved, "
          "needs_referred = outreach_counters.needs_referred + excluded.needs_referred, "
          "needs_closed = outreach_counters.needs_closed + excluded.needs_closed, "
          "resources = outreach_counters.resources + excluded.resources, "
          "value_fen = outreach_counters.value_fen + excluded.value_fen"));
  st->bind(1, d.campaign_id)
      .bind(2, d.region_code.str())
      .bind(3, d.worker_id)
      .bind(4, d.day)
      .bind(5, d.visits)
      .bind(6, d.person_times)
      .bind(7, d.households_visited)
      .bind(8, d.needs_raised)
      .bind(9, d.needs_resolved)
      .bind(10, d.needs_referred)
      .bind(11, d.needs_closed)
      .bind(12, d.resources)
      .bind(13, d.value_fen);
  SHEGONG_TRY(st->exec());
  return ok();
}

Result<std::vector<CoverageRow>> SqlCoverage::rows(const CoverageQuery& q) {
  std::map<std::string, CoverageRow> rows;
  const bool by_worker = q.prefix_digits == 0;
  const std::string digits = std::to_string(q.prefix_digits);
  auto key = [&](std::string_view worker_col, std::string_view region_col) {
    return by_worker ? "COALESCE(" + std::string(worker_col) + ", '')"
                     : "substr(" + std::string(region_col) + ", 1, " + digits + ")";
  };
  auto scoped = [&](std::string_view table_region) {
    Where w;
    w.add("campaign_id = ?", q.campaign_id);
    w.scope(std::string(table_region), q.scope);
    return w;
  };
  const std::string soon = add_days(q.today, 7);
  {
    Where w = scoped("region_code");
    const std::string k = key("worker_id", "region_code");
    SHEGONG_ASSIGN(auto st, c_.prepare("SELECT " + k +
                                       ", COUNT(*), SUM(CASE WHEN worker_id IS NULL THEN 0 ELSE 1 END), "
                                       "SUM(CASE WHEN first_visit_at IS NULL THEN 0 ELSE 1 END), "
                                       "SUM(CASE WHEN next_due_on >= ? AND next_due_on <= ? THEN 1 ELSE 0 END), "
                                       "SUM(CASE WHEN next_due_on < ? THEN 1 ELSE 0 END) FROM campaign_targets" +
                                       w.sql + " GROUP BY " + k));
    st->bind(1, q.today).bind(2, soon).bind(3, q.today);
    w.bind(*st, 4);
    for (;;) {
      SHEGONG_ASSIGN(bool row, st->step());
      if (!row) break;
      auto& r = rows[st->text(0)];
      r.targets += st->int64(1);
      r.assigned += st->int64(2);
      r.visited += st->int64(3);
      r.due += st->int64(4);
      r.overdue += st->int64(5);
    }
  }
  {
    Where w = scoped("region_code");
    const std::string k = key("worker_id", "region_code");
    SHEGONG_ASSIGN(
        auto st, c_.prepare("SELECT " + k +
                            ", SUM(visits), SUM(person_times), SUM(needs_raised), SUM(needs_resolved), SUM(value_fen) "
                            "FROM outreach_counters" +
                            w.sql + " GROUP BY " + k));
    w.bind(*st);
    for (;;) {
      SHEGONG_ASSIGN(bool row, st->step());
      if (!row) break;
      auto& r = rows[st->text(0)];
      r.visits += st->int64(1);
      r.person_times += st->int64(2);
      r.needs_raised += st->int64(3);
      r.needs_resolved += st->int64(4);
      r.value_fen += st->int64(5);
    }
  }
  {
    Where w = scoped("region_code");
    const std::string k = key("worker_id", "region_code");
    SHEGONG_ASSIGN(auto st, c_.prepare("SELECT " + k + ", SUM(CASE WHEN state IN " + std::string(kOpenStates) +
                                       " THEN 1 ELSE 0 END), "
                                       "SUM(CASE WHEN state IN " +
                                       std::string(kOpenStates) + " AND due_on < ? THEN 1 ELSE 0 END) FROM needs" +
                                       w.sql + " GROUP BY " + k));
    st->bind(1, q.today);
    w.bind(*st, 2);
    for (;;) {
      SHEGONG_ASSIGN(bool row, st->step());
      if (!row) break;
      auto& r = rows[st->text(0)];
      r.needs_open += st->int64(1);
      r.needs_overdue += st->int64(2);
    }
  }
  std::vector<CoverageRow> out;
  CoverageRow total;
  for (auto& [k, r] : rows) {
    r.key = k;
    total.targets += r.targets;
    total.assigned += r.assigned;
    total.visited += r.visited;
    total.due += r.due;
    total.overdue += r.overdue;
    total.visits += r.visits;
    total.person_times += r.person_times;
    total.needs_raised += r.needs_raised;
    total.needs_open += r.needs_open;
    total.needs_resolved += r.needs_resolved;
    total.needs_overdue += r.needs_overdue;
    total.value_fen += r.value_fen;
  }
  out.push_back(std::move(total));
  for (auto& [k, r] : rows) out.push_back(std::move(r));
  return out;
}

} // namespace shegong::sql
