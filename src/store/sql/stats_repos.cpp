#include "paging.hpp"
#include "repos.hpp"
#include "shegong/domain/person.hpp"

namespace shegong::sql {
namespace {

// Calls `fn` with the statement at each row, until the rows end or `fn` fails.
template <typename Fn>
Result<void> each_row(Statement& st, Fn&& fn) {
  while (true) {
    SHEGONG_ASSIGN(bool row, st.step());
    if (!row) return ok();
    SHEGONG_TRY(fn(st));
  }
}

std::int64_t people_in(std::string_view persons_seen) {
  if (persons_seen.empty()) return 0;
  return 1 + static_cast<std::int64_t>(std::count(persons_seen.begin(), persons_seen.end(), ','));
}

} // namespace

Result<void> SqlStats::add(std::span<const StatDelta> deltas) {
  std::vector<StatDelta> per_node;
  for (const auto& d : deltas) {
    const bool total = kept_in_total(d.indicator, d.dim);
    for (auto& node : stat_nodes(d.region)) {
      if (total) per_node.push_back(StatDelta{node, std::string(kAllMonths), d.indicator, d.dim, d.value});
      per_node.push_back(StatDelta{std::move(node), d.month, d.indicator, d.dim, d.value});
    }
  }
  if (per_node.empty()) return ok();
  for (const auto& d : net(std::move(per_node))) {
    // prepare() hands the cached statement back reset, ready for new values.
    SHEGONG_ASSIGN(
        auto st,
        c_.prepare(
            "INSERT INTO stat_counts (node, month, indicator, dim, value) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (node, month, indicator, dim) DO UPDATE SET value = stat_counts.value + excluded.value"));
    st->bind(1, d.region).bind(2, d.month).bind(3, d.indicator).bind(4, d.dim).bind(5, d.value);
    SHEGONG_TRY(st->exec());
  }
  return ok();
}

Result<std::vector<StatRow>> SqlStats::rows(std::string_view node, std::string_view from_month) {
  // '*' sorts before every digit: the totals and the months from `from_month` are one range each.
  SHEGONG_ASSIGN(
      auto st,
      c_.prepare("SELECT month, indicator, dim, value FROM stat_counts WHERE node = ? AND (month = '*' OR month >= ?) "
                 "AND value <> 0"));
  st->bind(1, node).bind(2, from_month);
  std::vector<StatRow> out;
  while (true) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(StatRow{st->text(0), st->text(1), st->text(2), st->int64(3)});
  }
  return out;
}

Result<std::optional<std::string>> SqlStats::share(std::string_view subject) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT deltas FROM stat_shares WHERE subject = ?"));
  st->bind(1, subject);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<std::string>{};
  return std::optional<std::string>{st->text(0)};
}

Result<void> SqlStats::put_share(std::string_view subject, std::string_view deltas) {
  if (deltas.empty()) {
    SHEGONG_ASSIGN(auto del, c_.prepare("DELETE FROM stat_shares WHERE subject = ?"));
    del->bind(1, subject);
    SHEGONG_TRY(del->exec());
    return ok();
  }
  SHEGONG_ASSIGN(auto st, c_.prepare("INSERT INTO stat_shares (subject, deltas) VALUES (?, ?) ON CONFLICT (subject) DO "
                                     "UPDATE SET deltas = excluded.deltas"));
  st->bind(1, subject).bind(2, deltas);
  SHEGONG_TRY(st->exec());
  return ok();
}

Result<std::optional<PersonFacts>> SqlStats::person(std::string_view person_id) {
  SHEGONG_ASSIGN(
      auto st,
      c_.prepare("SELECT region_code, CASE WHEN merged_into IS NULL THEN 0 ELSE 1 END FROM persons WHERE id = ?"));
  st->bind(1, person_id);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<PersonFacts>{};
  PersonFacts p{std::string(person_id), st->text(0), st->int64(1) != 0, {}};
  SHEGONG_ASSIGN(auto cats,
                 c_.prepare("SELECT category, start_date, end_date FROM person_categories WHERE person_id = ?"));
  cats->bind(1, person_id);
  while (true) {
    SHEGONG_ASSIGN(bool r, cats->step());
    if (!r) break;
    p.spans.push_back(CategorySpan{cats->text(0), cats->text(1), cats->opt_text(2)});
  }
  return std::optional<PersonFacts>{std::move(p)};
}

Result<HouseholdFacts> SqlStats::household(std::string_view target_id) {
  HouseholdFacts h{std::string(target_id), {}, {}};
  SHEGONG_ASSIGN(auto j, c_.prepare("SELECT joined_at, region_code FROM campaign_targets WHERE target_id = ?"));
  j->bind(1, target_id);
  while (true) {
    SHEGONG_ASSIGN(bool r, j->step());
    if (!r) break;
    h.joined.push_back(DayAt{china_date(j->int64(0)), j->text(1)});
  }
  SHEGONG_ASSIGN(auto v, c_.prepare("SELECT visited_on, region_code FROM visits WHERE target_id = ?"));
  v->bind(1, target_id);
  while (true) {
    SHEGONG_ASSIGN(bool r, v->step());
    if (!r) break;
    h.visited.push_back(DayAt{v->text(0), v->text(1)});
  }
  return h;
}

Result<std::int64_t> SqlStats::distinct_households_visited(const Scope& scope, std::string_view from_day,
                                                           std::string_view to_day) {
  Where w;
  w.scope("region_code", scope);
  w.add("visited_on >= ? AND visited_on <= ?", {std::string(from_day), std::string(to_day)});
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT COUNT(DISTINCT target_id) FROM visits" + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  return row ? st->int64(0) : 0;
}

Result<std::int64_t> SqlStats::count_workers(const Scope& scope) {
  Where w;
  w.add("active = 1 AND role IN ('social_worker', 'station_manager')");
  w.scope("region_code", scope);
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT COUNT(*) FROM users" + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  return row ? st->int64(0) : 0;
}

Result<void> SqlStats::scan_people(const std::function<Result<void>(const PersonFacts&)>& fn) {
  SHEGONG_ASSIGN(auto st,
                 c_.prepare("SELECT p.id, p.region_code, CASE WHEN p.merged_into IS NULL THEN 0 ELSE 1 END, "
                            "c.category, c.start_date, c.end_date "
                            "FROM persons p LEFT JOIN person_categories c ON c.person_id = p.id ORDER BY p.id"));
  std::optional<PersonFacts> cur;
  while (true) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    std::string id = st->text(0);
    if (cur && cur->id != id) {
      SHEGONG_TRY(fn(*cur));
      cur.reset();
    }
    if (!cur) cur = PersonFacts{std::move(id), st->text(1), st->int64(2) != 0, {}};
    if (!st->is_null(3)) cur->spans.push_back(CategorySpan{st->text(3), st->text(4), st->opt_text(5)});
  }
  if (cur) SHEGONG_TRY(fn(*cur));
  return ok();
}

Result<void> SqlStats::scan_households(const std::function<Result<void>(const HouseholdFacts&)>& fn) {
  // Two cursors in target order, merged: neither table is held in memory.
  SHEGONG_ASSIGN(auto j,
                 c_.prepare("SELECT target_id, joined_at, region_code FROM campaign_targets ORDER BY target_id"));
  SHEGONG_ASSIGN(auto v, c_.prepare("SELECT target_id, visited_on, region_code FROM visits ORDER BY target_id"));
  SHEGONG_ASSIGN(bool jr, j->step());
  SHEGONG_ASSIGN(bool vr, v->step());
  while (jr || vr) {
    std::string id = !jr ? v->text(0) : !vr ? j->text(0) : std::min(j->text(0), v->text(0));
    HouseholdFacts h{id, {}, {}};
    while (jr && j->text(0) == id) {
      h.joined.push_back(DayAt{china_date(j->int64(1)), j->text(2)});
      SHEGONG_ASSIGN(jr, j->step());
    }
    while (vr && v->text(0) == id) {
      h.visited.push_back(DayAt{v->text(1), v->text(2)});
      SHEGONG_ASSIGN(vr, v->step());
    }
    SHEGONG_TRY(fn(h));
  }
  return ok();
}

Result<void> SqlStats::scan_visits(const std::function<Result<void>(const VisitFacts&)>& fn) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT region_code, visited_on, mode, persons_seen FROM visits"));
  return each_row(*st, [&](const Statement& s) {
    return fn(VisitFacts{s.text(0), s.text(1), s.text(2), people_in(s.text(3))});
  });
}

Result<void> SqlStats::scan_needs(const std::function<Result<void>(const NeedFacts&)>& fn) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT region_code, category, raised_at, state, closed_at FROM needs"));
  return each_row(*st, [&](const Statement& s) {
    NeedFacts n{s.text(0), s.text(1), china_date(s.int64(2)), s.text(3), std::nullopt};
    if (!s.is_null(4)) n.closed_on = china_date(s.int64(4));
    return fn(n);
  });
}

Result<void> SqlStats::scan_resources(const std::function<Result<void>(const ResourceFacts&)>& fn) {
  SHEGONG_ASSIGN(
      auto st,
      c_.prepare(
          "SELECT n.region_code, r.at, r.kind, r.value_fen FROM need_resources r JOIN needs n ON n.id = r.need_id"));
  return each_row(*st, [&](const Statement& s) {
    return fn(ResourceFacts{s.text(0), china_date(s.int64(1)), s.text(2), s.int64(3)});
  });
}

Result<void> SqlStats::scan_counts(const std::function<Result<void>(const CountRow&)>& fn) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT node, month, indicator, dim, value FROM stat_counts WHERE value <> 0"));
  return each_row(*st, [&](const Statement& s) {
    return fn(CountRow{s.text(0), s.text(1), s.text(2), s.text(3), s.int64(4)});
  });
}

Result<void> SqlStats::scan_shares(const std::function<Result<void>(std::string_view, std::string_view)>& fn) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT subject, deltas FROM stat_shares"));
  return each_row(*st, [&](const Statement& s) { return fn(s.text(0), s.text(1)); });
}

Result<bool> SqlStats::uncounted() {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM stat_counts LIMIT 1) c), "
                                     "(SELECT COUNT(*) FROM (SELECT 1 FROM person_categories LIMIT 1) p) + "
                                     "(SELECT COUNT(*) FROM (SELECT 1 FROM visits LIMIT 1) v)"));
  SHEGONG_ASSIGN(bool row, st->step());
  return row && st->int64(0) == 0 && st->int64(1) > 0;
}

Result<void> SqlStats::replace_all(const std::vector<CountRow>& counts,
                                   const std::vector<std::pair<std::string, std::string>>& shares) {
  SHEGONG_TRY(c_.exec_script("DELETE FROM stat_counts; DELETE FROM stat_shares"));
  std::vector<std::vector<std::optional<std::string>>> rows;
  rows.reserve(counts.size());
  for (const auto& c : counts) rows.push_back({c.node, c.month, c.indicator, c.dim, std::to_string(c.value)});
  if (!rows.empty()) SHEGONG_TRY(c_.bulk_insert("stat_counts", {"node", "month", "indicator", "dim", "value"}, rows));
  rows.clear();
  for (const auto& [subject, deltas] : shares) rows.push_back({subject, deltas});
  if (!rows.empty()) SHEGONG_TRY(c_.bulk_insert("stat_shares", {"subject", "deltas"}, rows));
  return ok();
}

} // namespace shegong::sql
