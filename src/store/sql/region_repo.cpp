#include <unordered_map>

#include "paging.hpp"
#include "repos.hpp"

namespace shegong::sql {

namespace {

// Codes in the table were validated on import; a stored code that no longer parses
// means the file was edited by hand.
Result<Region> region_row(const Statement& st, bool with_children) {
  auto code = RegionCode::parse(st.text(0), "code");
  if (!code) return Error::make(ErrorCode::internal, "stored region code is malformed: " + st.text(0));
  return Region{*code, st.text(1), with_children && st.int64(2) != 0};
}

} // namespace

Result<std::optional<Region>> SqlRegions::find(const RegionCode& code) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT code, name FROM regions WHERE code = ?"));
  st->bind(1, code.str());
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<Region>{};
  SHEGONG_ASSIGN(auto r, region_row(*st, false));
  return std::optional<Region>(std::move(r));
}

Result<std::vector<Region>> SqlRegions::find_many(const std::vector<RegionCode>& codes) {
  std::vector<Region> out;
  if (codes.empty()) return out;
  std::string sql = "SELECT code, name FROM regions WHERE code IN (?";
  for (std::size_t i = 1; i < codes.size(); ++i) sql += ",?";
  sql += ") ORDER BY code";
  SHEGONG_ASSIGN(auto st, c_.prepare(sql));
  for (std::size_t i = 0; i < codes.size(); ++i) st->bind(static_cast<int>(i + 1), codes[i].str());
  for (;;) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    SHEGONG_ASSIGN(auto r, region_row(*st, false));
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<Region>> SqlRegions::children(const std::optional<RegionCode>& parent) {
  static const std::string kChildren =
      "SELECT r.code, r.name, CASE WHEN EXISTS (SELECT 1 FROM regions c WHERE c.parent_code = r.code) THEN 1 ELSE 0 "
      "END "
      "FROM regions r WHERE r.parent_code = ? ORDER BY r.code";
  static const std::string kProvinces =
      "SELECT r.code, r.name, CASE WHEN EXISTS (SELECT 1 FROM regions c WHERE c.parent_code = r.code) THEN 1 ELSE 0 "
      "END "
      "FROM regions r WHERE r.level = 1 ORDER BY r.code";
  SHEGONG_ASSIGN(auto st, c_.prepare(parent ? kChildren : kProvinces));
  if (parent) st->bind(1, parent->str());
  std::vector<Region> out;
  for (;;) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    SHEGONG_ASSIGN(auto r, region_row(*st, true));
    out.push_back(std::move(r));
  }
  return out;
}

Result<Page<Region>> SqlRegions::search(std::string_view q, const Scope& scope, const PageRequest& page) {
  Where w;
  w.scope("code", scope);
  w.add("name LIKE ? ESCAPE '\\'", like_contains(q));
  return run_page<Region>(c_, "SELECT code, name, 0 FROM regions", "regions", w, " ORDER BY level, code", page,
                          [](const Statement& st) { return region_row(st, false); });
}

Result<std::int64_t> SqlRegions::count() {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT COUNT(*) FROM regions"));
  SHEGONG_ASSIGN(bool row, st->step());
  return row ? st->int64(0) : 0;
}

Result<RegionRepository::UpsertCounts> SqlRegions::upsert(std::span<const Region> regions) {
  UpsertCounts counts;
  SHEGONG_ASSIGN(auto existing_count, count());
  std::unordered_map<std::string, std::string> existing;
  if (existing_count > 0) {
    SHEGONG_ASSIGN(auto st, c_.prepare("SELECT code, name FROM regions"));
    for (;;) {
      SHEGONG_ASSIGN(bool row, st->step());
      if (!row) break;
      existing.emplace(st->text(0), st->text(1));
    }
  }
  std::vector<std::vector<std::optional<std::string>>> fresh;
  for (const auto& r : regions) {
    auto it = existing.find(r.code.str());
    if (it != existing.end()) {
      if (it->second == r.name) {
        ++counts.unchanged;
        continue;
      }
      SHEGONG_ASSIGN(auto upd, c_.prepare("UPDATE regions SET name = ? WHERE code = ?"));
      SHEGONG_TRY(upd->bind(1, r.name).bind(2, r.code.str()).exec());
      ++counts.renamed;
      continue;
    }
    auto parent = r.code.parent();
    fresh.push_back({r.code.str(), parent ? std::optional<std::string>(parent->str()) : std::nullopt,
                     std::to_string(static_cast<int>(r.code.level())), r.name});
    ++counts.inserted;
    if (fresh.size() >= 10'000) { // in slices, so a 665,000-row import stays small in memory
      SHEGONG_TRY(c_.bulk_insert("regions", {"code", "parent_code", "level", "name"}, fresh));
      fresh.clear();
    }
  }
  if (!fresh.empty()) SHEGONG_TRY(c_.bulk_insert("regions", {"code", "parent_code", "level", "name"}, fresh));
  return counts;
}

} // namespace shegong::sql
