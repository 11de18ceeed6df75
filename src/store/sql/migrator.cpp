#include "migrator.hpp"

#include <chrono>

#include "shegong/core/clock.hpp"
#include "shegong/store/migrations.hpp"

namespace shegong::sql {

Result<int> schema_version(Connection& c) {
  // Looked up before it is made: a server whose role may not create tables (the schema
  // migrated by its owner) still reads its version.
  SHEGONG_ASSIGN(
      auto exists,
      c.prepare(c.engine() == "sqlite"
                    ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
                    : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                      "AND table_name = 'schema_migrations'"));
  SHEGONG_ASSIGN(bool counted, exists->step());
  const bool made = counted && exists->int64(0) > 0;
  SHEGONG_ASSIGN(bool rest, exists->step());
  (void)rest;
  if (!made)
    SHEGONG_TRY(
        c.exec_script("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                      " applied_at TEXT NOT NULL)"));
  SHEGONG_ASSIGN(auto st, c.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  SHEGONG_ASSIGN(bool row, st->step());
  const int v = row ? static_cast<int>(st->int64(0)) : 0;
  SHEGONG_ASSIGN(bool more, st->step()); // finish the statement so it holds no snapshot
  (void)more;
  return v;
}

Result<std::vector<int>> migrate(Connection& c, const char* begin, int last) {
  SHEGONG_ASSIGN(int current, schema_version(c));
  std::vector<int> applied;
  for (const auto& m : all_migrations()) {
    if (m.version <= current) continue;
    if (m.version > last) break;
    if (!m.engine.empty() && m.engine != c.engine()) continue; // the other engine's version
    SHEGONG_TRY(c.exec_script(begin));
    Result<void> body = c.exec_script(m.sql);
    if (body) {
      const auto now = SystemClock().now_ms();
      auto st = c.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      if (!st)
        body = st.error();
      else if (auto ins = (*st)->bind(1, m.version).bind(2, m.name).bind(3, format_timestamp(now)).exec(); !ins)
        body = ins.error();
    }
    if (!body) {
      (void)c.exec_script("ROLLBACK");
      return Error::make(body.error().code,
                         "migration " + std::to_string(m.version) + " failed: " + body.error().message);
    }
    SHEGONG_TRY(c.exec_script("COMMIT"));
    applied.push_back(m.version);
  }
  return applied;
}

} // namespace shegong::sql
