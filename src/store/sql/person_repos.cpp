// Persons, categories, households and import jobs in portable SQL.
#include <vector>

#include "paging.hpp"
#include "record_sql.hpp"
#include "shegong/records/register.hpp"
#include "repos.hpp"

namespace shegong::sql {
namespace {

using Row = std::vector<std::optional<std::string>>;

// U+10FFFF: the greatest code point, so [p, p + this) is every text starting with p in byte order.
constexpr std::string_view kPrefixEnd = "\xF4\x8F\xBF\xBF";

// Fills each person's categories held on `on`, in one query for the lot.
Result<void> load_categories(Connection& c, std::vector<PersonRecord>& people, std::string_view on) {
  if (people.empty()) return ok();
  SHEGONG_ASSIGN(auto st, c.prepare("SELECT pc.person_id, pc.category FROM person_categories pc JOIN categories k "
                                    "ON k.code = pc.category WHERE pc.person_id IN (" +
                                    placeholders(people.size()) +
                                    ") AND pc.start_date <= ? AND (pc.end_date IS NULL OR pc.end_date >= ?) "
                                    "ORDER BY k.position, pc.category"));
  int i = 1;
  for (const auto& p : people) st->bind(i++, p.id);
  st->bind(i, on).bind(i + 1, on);
  for (;;) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    const std::string pid = st->text(0);
    for (auto& p : people)
      if (p.id == pid) p.categories.push_back(st->text(1));
  }
  return ok();
}

Result<std::vector<PersonRecord>> collect_people(Statement& st) {
  std::vector<PersonRecord> out;
  for (;;) {
    SHEGONG_ASSIGN(bool row, st.step());
    if (!row) break;
    SHEGONG_ASSIGN(auto p, read_record<PersonRecord>(st));
    out.push_back(std::move(p));
  }
  return out;
}

Result<void> exec(Connection& c, const std::string& sql_text, std::initializer_list<Where::Value> values) {
  SHEGONG_ASSIGN(auto st, c.prepare(sql_text));
  int i = 1;
  for (const auto& v : values) std::visit([&](const auto& x) { st->bind(i++, x); }, v);
  SHEGONG_TRY(st->exec());
  return ok();
}

} // namespace

// ---- persons -----------------------------------------------------------------

Result<std::optional<PersonRecord>> SqlPersons::find(std::string_view id, const Scope& scope, std::string_view on) {
  Where w;
  w.add("p.id = ?", std::string(id));
  w.scope("p.region_code", scope);
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<PersonRecord>() + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(auto people, collect_people(*st));
  if (people.empty()) return std::optional<PersonRecord>{};
  SHEGONG_TRY(load_categories(c_, people, on));
  return std::optional<PersonRecord>(std::move(people.front()));
}

Result<bool> SqlPersons::exists(std::string_view id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT 1 FROM persons WHERE id = ?"));
  st->bind(1, id);
  return st->step();
}

Result<std::optional<PersonRecord>> SqlPersons::find_by_id_index(const std::vector<std::string>& indexes) {
  if (indexes.empty()) return std::optional<PersonRecord>{};
  SHEGONG_ASSIGN(
      auto st, c_.prepare(select_sql<PersonRecord>() + " WHERE p.id_index IN (" + placeholders(indexes.size()) + ")"));
  int i = 1;
  for (const auto& x : indexes) st->bind(i++, x);
  SHEGONG_ASSIGN(auto people, collect_people(*st));
  if (people.empty()) return std::optional<PersonRecord>{};
  return std::optional<PersonRecord>(std::move(people.front()));
}

Result<std::vector<PersonRecord>> SqlPersons::same_name_and_birth(const Scope& scope, std::string_view name,
                                                                  std::string_view birth_date,
                                                                  std::string_view except_id) {
  Where w;
  w.add("p.name = ?", std::string(name));
  w.add("p.birth_date = ?", std::string(birth_date));
  w.add("p.id <> ?", std::string(except_id));
  w.add("p.merged_into IS NULL", {});
  w.scope("p.region_code", scope);
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<PersonRecord>() + w.sql + " ORDER BY p.created_at LIMIT 20"));
  w.bind(*st);
  return collect_people(*st);
}

Result<void> SqlPersons::insert(const PersonRecord& p) { return insert_many({p}); }

Result<void> SqlPersons::insert_many(const std::vector<PersonRecord>& people) {
  if (people.empty()) return ok();
  if (people.size() == 1) return insert_record(c_, people.front());
  std::vector<Row> rows;
  rows.reserve(people.size());
  for (const auto& p : people) rows.push_back(stored_values(p));
  return c_.bulk_insert("persons", stored_columns<PersonRecord>(), rows);
}

Result<bool> SqlPersons::update(const PersonRecord& p, std::int64_t expected_version) {
  return update_record(c_, p, expected_version);
}

Result<Page<PersonRecord>> SqlPersons::list(const PersonFilter& f, const PageRequest& page) {
  Where filters;
  if (!f.include_merged) filters.add("p.merged_into IS NULL", {});
  if (!f.name_prefix.empty())
    filters.add("p.name >= ? AND p.name < ?", {f.name_prefix, f.name_prefix + std::string(kPrefixEnd)});
  if (!f.pinyin_prefix.empty()) {
    const std::string end = f.pinyin_prefix + "\x7f";
    filters.add("((p.name_pinyin >= ? AND p.name_pinyin < ?) OR (p.name_initials >= ? AND p.name_initials < ?))",
                {f.pinyin_prefix, end, f.pinyin_prefix, end});
  }
  if (!f.id_indexes.empty()) {
    filters.add("p.id_index IN (" + placeholders(f.id_indexes.size()) + ")", {});
    for (const auto& x : f.id_indexes) filters.values.emplace_back(x);
  }
  // A grid holds the people of its micro-grids too; one IN keeps it a lookup of the
  // grid index (an OR beside a subquery read every person on PostgreSQL).
  if (f.grid_id)
    filters.add("p.grid_id IN (SELECT g2.id FROM grids g2 WHERE g2.id = ? OR g2.parent_id = ?)",
                {*f.grid_id, *f.grid_id});
  if (f.worker_id) filters.add("p.worker_id = ?", *f.worker_id);
  if (f.risk_level) filters.add("p.risk_level = ?", *f.risk_level);
  if (f.household_id) filters.add("p.household_id = ?", *f.household_id);

  std::string col = "p.name_pinyin";
  if (page.sort == "birth_date")
    col = "p.birth_date";
  else if (page.sort == "created_at")
    col = "p.created_at";
  else if (page.sort == "updated_at")
    col = "p.updated_at";
  else if (page.sort == "region_code")
    col = "p.region_code";
  else if (page.sort == "risk_level")
    col = "CASE p.risk_level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END";
  const std::string dir = page.descending ? " DESC" : " ASC";
  const std::string order = " ORDER BY " + col + dir + ", p.id" + dir;

  // A page walks the sort order and looks each person's own spans up; the count reads
  // the region index, or starts from the category's spans, so a rare category is counted
  // without reading everyone.
  auto [paged, counted] = list_where("p.region_code", f.scope, filters, page.sort == "region_code");
  if (f.category) {
    // Counted from the category's spans: its condition first, then the scope and filters.
    Where by_category;
    by_category.add(
        "p.id IN (SELECT pc.person_id FROM person_categories pc WHERE pc.category = ? AND "
        "pc.start_date <= ? AND (pc.end_date IS NULL OR pc.end_date >= ?))",
        {*f.category, f.on, f.on});
    by_category.add_all(counted);
    counted = std::move(by_category);
    paged.add(
        "EXISTS (SELECT 1 FROM person_categories pc WHERE pc.person_id = p.id AND pc.category = ? AND "
        "pc.start_date <= ? AND (pc.end_date IS NULL OR pc.end_date >= ?))",
        {*f.category, f.on, f.on});
  }
  SHEGONG_ASSIGN(auto out, run_page<PersonRecord>(c_, select_sql<PersonRecord>(), "persons p", paged, order, page,
                                                  read_record<PersonRecord>, &counted));
  SHEGONG_TRY(load_categories(c_, out.items, f.on));
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> SqlPersons::ids_by_index(
    const std::vector<std::string>& indexes) {
  std::vector<std::pair<std::string, std::string>> out;
  constexpr std::size_t kChunk = 500;
  for (std::size_t at = 0; at < indexes.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, indexes.size() - at);
    SHEGONG_ASSIGN(auto st, c_.prepare("SELECT id_index, id FROM persons WHERE id_index IN (" + placeholders(n) + ")"));
    for (std::size_t i = 0; i < n; ++i) st->bind(static_cast<int>(i + 1), indexes[at + i]);
    for (;;) {
      SHEGONG_ASSIGN(bool row, st->step());
      if (!row) break;
      out.emplace_back(st->text(0), st->text(1));
    }
  }
  return out;
}

Result<bool> SqlPersons::set_merged_into(std::string_view id, const std::optional<std::string>& survivor,
                                         TimestampMs at) {
  SHEGONG_ASSIGN(auto st,
                 c_.prepare(survivor ? "UPDATE persons SET merged_into = ?, version = version + 1, updated_at = ? "
                                       "WHERE id = ? AND merged_into IS NULL"
                                     : "UPDATE persons SET merged_into = ?, version = version + 1, updated_at = ? "
                                       "WHERE id = ? AND merged_into IS NOT NULL"));
  st->bind(1, survivor).bind(2, at).bind(3, id);
  SHEGONG_ASSIGN(int changed, st->exec());
  return changed == 1;
}

Result<void> SqlPersons::insert_merge(const MergeRecord& m) {
  return exec(c_,
              "INSERT INTO person_merges (id, survivor_id, merged_id, reason, merged_at, merged_by) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              {m.id, m.survivor_id, m.merged_id, m.reason, m.merged_at, m.merged_by});
}

Result<std::optional<MergeRecord>> SqlPersons::open_merge_of(std::string_view merged_id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT id, survivor_id, merged_id, reason, merged_by, merged_at FROM "
                                     "person_merges WHERE merged_id = ? AND undone_at IS NULL"));
  st->bind(1, merged_id);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<MergeRecord>{};
  MergeRecord m{st->text(0), st->text(1), st->text(2), st->text(3), st->text(4), st->int64(5), std::nullopt};
  return std::optional<MergeRecord>(std::move(m));
}

Result<void> SqlPersons::close_merge(std::string_view merge_id, TimestampMs at, std::string_view by) {
  return exec(c_, "UPDATE person_merges SET undone_at = ?, undone_by = ? WHERE id = ?",
              {at, std::string(by), std::string(merge_id)});
}

Result<std::vector<std::pair<PersonRecord, TimestampMs>>> SqlPersons::merged_into(std::string_view survivor_id) {
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<PersonRecord>() +
                                     " JOIN person_merges m ON m.merged_id = p.id AND m.undone_at IS NULL "
                                     "WHERE m.survivor_id = ? ORDER BY m.merged_at"));
  st->bind(1, survivor_id);
  SHEGONG_ASSIGN(auto people, collect_people(*st));
  std::vector<std::pair<PersonRecord, TimestampMs>> out;
  for (auto& p : people) {
    const TimestampMs at = p.updated_at;
    out.emplace_back(std::move(p), at);
  }
  return out;
}

Result<std::vector<PersonRecord>> SqlPersons::members(std::string_view household_id) {
  SHEGONG_ASSIGN(
      auto st, c_.prepare(select_sql<PersonRecord>() + " WHERE p.household_id = ? AND p.merged_into IS NULL ORDER BY "
                                                       "CASE p.relation WHEN 'head' THEN 0 ELSE 1 END, p.birth_date"));
  st->bind(1, household_id);
  return collect_people(*st);
}

Result<void> SqlPersons::fill_categories(std::vector<PersonRecord>& people, std::string_view on) {
  for (auto& p : people) p.categories.clear();
  for (std::size_t at = 0; at < people.size(); at += 200) {
    std::vector<PersonRecord> part(
        std::make_move_iterator(people.begin() + static_cast<std::ptrdiff_t>(at)),
        std::make_move_iterator(people.begin() + static_cast<std::ptrdiff_t>(std::min(people.size(), at + 200))));
    SHEGONG_TRY(load_categories(c_, part, on));
    std::move(part.begin(), part.end(), people.begin() + static_cast<std::ptrdiff_t>(at));
  }
  return ok();
}

Result<std::vector<PersonRecord>> SqlPersons::scan_after(std::string_view after_id, int limit) {
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<PersonRecord>() + " WHERE p.id > ? ORDER BY p.id LIMIT ?"));
  st->bind(1, after_id).bind(2, limit);
  return collect_people(*st);
}

Result<bool> SqlPersons::reseal(const PersonRecord& p) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE persons SET id_sealed = ?, id_index = ?, phone_sealed = ?, "
                                     "health_sealed = ?, guardians_sealed = ? WHERE id = ? AND version = ?"));
  st->bind(1, p.id_sealed)
      .bind(2, p.id_index)
      .bind(3, p.phone_sealed)
      .bind(4, p.health_sealed)
      .bind(5, p.guardians_sealed)
      .bind(6, p.id)
      .bind(7, p.version);
  SHEGONG_ASSIGN(int changed, st->exec());
  return changed == 1;
}

// ---- categories --------------------------------------------------------------

namespace {
constexpr const char* kEntryCols =
    "SELECT pc.id, pc.person_id, pc.category, pc.start_date, pc.end_date, pc.document, pc.created_at, "
    "pc.created_by, COALESCE(k.name, pc.category) FROM person_categories pc "
    "LEFT JOIN categories k ON k.code = pc.category";

CategoryEntry entry_row(const Statement& st) {
  CategoryEntry e;
  e.id = st.text(0);
  e.person_id = st.text(1);
  e.category = st.text(2);
  e.start_date = st.text(3);
  e.end_date = st.opt_text(4);
  e.document = st.text(5);
  e.created_at = st.int64(6);
  e.created_by = st.text(7);
  e.category_name = st.text(8);
  return e;
}

Category category_row(const Statement& st) {
  return Category{st.text(0), st.text(1), st.text(2), st.int64(3) != 0, st.int64(4) != 0, st.int64(5)};
}
} // namespace

Result<std::vector<Category>> SqlCategories::all() {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT code, name, description, active, builtin, position FROM categories "
                                     "ORDER BY position, code"));
  std::vector<Category> out;
  for (;;) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(category_row(*st));
  }
  return out;
}

Result<std::optional<Category>> SqlCategories::find(std::string_view code) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT code, name, description, active, builtin, position FROM categories "
                                     "WHERE code = ?"));
  st->bind(1, code);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<Category>{};
  return std::optional<Category>(category_row(*st));
}

Result<void> SqlCategories::insert(const Category& c) {
  return exec(c_,
              "INSERT INTO categories (code, name, description, active, builtin, position) VALUES "
              "(?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories))",
              {c.code, c.name, c.description, std::int64_t{c.active ? 1 : 0}, std::int64_t{c.builtin ? 1 : 0}});
}

Result<void> SqlCategories::update(const Category& c) {
  return exec(c_, "UPDATE categories SET name = ?, description = ?, active = ? WHERE code = ?",
              {c.name, c.description, std::int64_t{c.active ? 1 : 0}, c.code});
}

Result<std::vector<CategoryEntry>> SqlCategories::entries(std::string_view person_id) {
  SHEGONG_ASSIGN(auto st, c_.prepare(std::string(kEntryCols) +
                                     " WHERE pc.person_id = ? ORDER BY pc.start_date DESC, pc.created_at DESC"));
  st->bind(1, person_id);
  std::vector<CategoryEntry> out;
  for (;;) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(entry_row(*st));
  }
  return out;
}

Result<std::optional<CategoryEntry>> SqlCategories::find_entry(std::string_view entry_id) {
  SHEGONG_ASSIGN(auto st, c_.prepare(std::string(kEntryCols) + " WHERE pc.id = ?"));
  st->bind(1, entry_id);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<CategoryEntry>{};
  return std::optional<CategoryEntry>(entry_row(*st));
}

Result<void> SqlCategories::insert_entry(const CategoryEntry& e) { return insert_entries({e}); }

Result<void> SqlCategories::insert_entries(const std::vector<CategoryEntry>& entries) {
  if (entries.empty()) return ok();
  std::vector<Row> rows;
  rows.reserve(entries.size());
  for (const auto& e : entries)
    rows.push_back({e.id, e.person_id, e.category, e.start_date, e.end_date, e.document, std::to_string(e.created_at),
                    e.created_by});
  return c_.bulk_insert(
      "person_categories",
      {"id", "person_id", "category", "start_date", "end_date", "document", "created_at", "created_by"}, rows);
}

Result<void> SqlCategories::update_entry(const CategoryEntry& e) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE person_categories SET end_date = ?, document = ? WHERE id = ?"));
  st->bind(1, e.end_date).bind(2, e.document).bind(3, e.id);
  SHEGONG_TRY(st->exec());
  return ok();
}

Result<std::int64_t> SqlCategories::move_entries(std::string_view from, std::string_view to,
                                                 std::string_view merge_id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE person_categories SET person_id = ?, merge_id = ? WHERE person_id = ?"));
  st->bind(1, to).bind(2, merge_id).bind(3, from);
  SHEGONG_ASSIGN(int n, st->exec());
  return std::int64_t{n};
}

Result<std::int64_t> SqlCategories::restore_entries(std::string_view merge_id, std::string_view to) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE person_categories SET person_id = ?, merge_id = NULL WHERE merge_id = ?"));
  st->bind(1, to).bind(2, merge_id);
  SHEGONG_ASSIGN(int n, st->exec());
  return std::int64_t{n};
}

// ---- households --------------------------------------------------------------

namespace {} // namespace

Result<std::optional<HouseholdRecord>> SqlHouseholds::find(std::string_view id, const Scope& scope) {
  Where w;
  w.add("h.id = ?", std::string(id));
  w.scope("h.region_code", scope);
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<HouseholdRecord>() + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<HouseholdRecord>{};
  SHEGONG_ASSIGN(auto h, read_record<HouseholdRecord>(*st));
  return std::optional<HouseholdRecord>(std::move(h));
}

Result<bool> SqlHouseholds::exists(std::string_view id) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT 1 FROM households WHERE id = ?"));
  st->bind(1, id);
  return st->step();
}

Result<void> SqlHouseholds::insert(const HouseholdRecord& h) { return insert_record(c_, h); }

Result<bool> SqlHouseholds::update(const HouseholdRecord& h, std::int64_t expected_version) {
  return update_record(c_, h, expected_version);
}

Result<Page<HouseholdRecord>> SqlHouseholds::list(const HouseholdFilter& f, const PageRequest& page) {
  Where w;
  if (!f.q.empty()) w.add("h.address LIKE ? ESCAPE '\\'", like_contains(f.q));
  if (f.grid_id) w.add("(h.grid_id = ? OR h.micro_grid_id = ?)", {*f.grid_id, *f.grid_id});
  std::string col = "h.address COLLATE zh";
  if (page.sort == "created_at")
    col = "h.created_at";
  else if (page.sort == "region_code")
    col = "h.region_code";
  const std::string dir = page.descending ? " DESC" : " ASC";
  const auto where = list_where("h.region_code", f.scope, w, page.sort == "region_code");
  return run_page<HouseholdRecord>(c_, select_sql<HouseholdRecord>(), "households h", where.paged,
                                   " ORDER BY " + col + dir + ", h.id" + dir, page, read_record<HouseholdRecord>,
                                   &where.counted);
}

Result<std::vector<HouseholdRecord>> SqlHouseholds::scan_after(std::string_view after_id, int limit) {
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<HouseholdRecord>() + " WHERE h.id > ? ORDER BY h.id LIMIT ?"));
  st->bind(1, after_id).bind(2, limit);
  std::vector<HouseholdRecord> out;
  for (;;) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    SHEGONG_ASSIGN(auto h, read_record<HouseholdRecord>(*st));
    out.push_back(std::move(h));
  }
  return out;
}

Result<bool> SqlHouseholds::reseal_contacts(std::string_view id, std::string_view sealed, std::int64_t version) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE households SET contacts_sealed = ? WHERE id = ? AND version = ?"));
  st->bind(1, sealed).bind(2, id).bind(3, version);
  SHEGONG_ASSIGN(int changed, st->exec());
  return changed == 1;
}

// ---- import jobs -------------------------------------------------------------

namespace {

// A job belongs to the importer's area: a scope sees the jobs started inside it.
void job_scope(Where& w, const Scope& s) {
  if (s.is_national()) return;
  w.add("j.region_code >= ? AND j.region_code < ?", {s.range_low(), s.range_high()});
}

} // namespace

Result<void> SqlImportJobs::insert(const ImportJob& j) { return insert_record(c_, j); }

Result<void> SqlImportJobs::update(const ImportJob& j) {
  SHEGONG_TRY(overwrite_record(c_, j));
  return ok();
}

Result<void> SqlImportJobs::add_transition(const ImportStatusChange& t) { return insert_record(c_, t); }

Result<void> SqlImportJobs::touch(std::string_view id, TimestampMs at) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE import_jobs SET heartbeat_at = ? WHERE id = ? AND heartbeat_at < ?"));
  SHEGONG_TRY(st->bind(1, at).bind(2, id).bind(3, at).exec());
  return ok();
}

Result<std::vector<ImportJob>> SqlImportJobs::silent(TimestampMs silent_since) {
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<ImportJob>() +
                                     " WHERE j.status NOT IN ('done', 'failed') AND j.heartbeat_at < ? AND "
                                     "j.started_at < ? ORDER BY j.started_at"));
  st->bind(1, silent_since).bind(2, silent_since);
  return collect<ImportJob>(*st, read_record<ImportJob>);
}

Result<std::optional<ImportJob>> SqlImportJobs::find(std::string_view id, const Scope& scope, int max_errors) {
  Where w;
  w.add("j.id = ?", std::string(id));
  job_scope(w, scope);
  SHEGONG_ASSIGN(auto st, c_.prepare(select_sql<ImportJob>() + w.sql));
  w.bind(*st);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<ImportJob>{};
  SHEGONG_ASSIGN(ImportJob j, read_record<ImportJob>(*st));
  SHEGONG_ASSIGN(auto es, c_.prepare("SELECT row_no, col, reason FROM import_errors WHERE job_id = ? ORDER BY seq "
                                     "LIMIT ?"));
  es->bind(1, id).bind(2, max_errors);
  for (;;) {
    SHEGONG_ASSIGN(bool more, es->step());
    if (!more) break;
    j.errors.push_back(ImportRowError{es->int64(0), es->text(1), es->text(2), {}});
  }
  SHEGONG_ASSIGN(auto hs, c_.prepare(select_sql<ImportStatusChange>() + " WHERE t.job_id = ? ORDER BY t.seq"));
  hs->bind(1, id);
  SHEGONG_ASSIGN(j.history, collect<ImportStatusChange>(*hs, read_record<ImportStatusChange>));
  return std::optional<ImportJob>(std::move(j));
}

Result<Page<ImportJob>> SqlImportJobs::list(const Scope& scope, const PageRequest& page) {
  Where w;
  job_scope(w, scope);
  return run_page<ImportJob>(c_, select_sql<ImportJob>(), "import_jobs j", w, " ORDER BY j.started_at DESC, j.id DESC",
                             page, read_record<ImportJob>);
}

Result<void> SqlImportJobs::add_errors(std::string_view job_id, std::int64_t first_seq,
                                       const std::vector<ImportRowError>& errors) {
  std::vector<Row> rows;
  rows.reserve(errors.size());
  std::int64_t seq = first_seq;
  for (const auto& e : errors)
    rows.push_back(
        {std::string(job_id), std::to_string(seq++), std::to_string(e.row), e.column, e.reason, e.cells_sealed});
  if (rows.empty()) return ok();
  return c_.bulk_insert("import_errors", {"job_id", "seq", "row_no", "col", "reason", "cells"}, rows);
}

Result<std::vector<ImportRowError>> SqlImportJobs::errors(std::string_view job_id) {
  SHEGONG_ASSIGN(auto st,
                 c_.prepare("SELECT row_no, col, reason, cells FROM import_errors WHERE job_id = ? ORDER BY seq"));
  st->bind(1, job_id);
  std::vector<ImportRowError> out;
  for (;;) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(ImportRowError{st->int64(0), st->text(1), st->text(2), st->text(3)});
  }
  return out;
}

Result<std::vector<ImportJobRepository::SealedCells>> SqlImportJobs::cells_after(std::string_view job_id,
                                                                                 std::int64_t seq, int limit) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT job_id, seq, cells FROM import_errors WHERE job_id > ? OR (job_id = ? AND "
                                     "seq > ?) ORDER BY job_id, seq LIMIT ?"));
  st->bind(1, job_id).bind(2, job_id).bind(3, seq).bind(4, limit);
  std::vector<SealedCells> out;
  for (;;) {
    SHEGONG_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(SealedCells{st->text(0), st->int64(1), st->text(2)});
  }
  return out;
}

Result<void> SqlImportJobs::reseal_cells(std::string_view job_id, std::int64_t seq, std::string_view sealed) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE import_errors SET cells = ? WHERE job_id = ? AND seq = ?"));
  st->bind(1, sealed).bind(2, job_id).bind(3, seq);
  SHEGONG_TRY(st->exec());
  return ok();
}

} // namespace shegong::sql
