#include "db.hpp"

#include <unicode/ucol.h>

#include <string>

namespace shegong::sqlite {
namespace {

// Chinese names sort by pinyin, as people expect a register to be ordered.
struct ZhCollator {
  UCollator* coll = nullptr;
  ZhCollator() {
    UErrorCode status = U_ZERO_ERROR;
    coll = ucol_open("zh", &status);
    if (U_FAILURE(status)) coll = nullptr;
  }
  ~ZhCollator() {
    if (coll) ucol_close(coll);
  }
};

int zh_compare(void* arg, int la, const void* a, int lb, const void* b) {
  auto* coll = static_cast<UCollator*>(arg);
  UErrorCode status = U_ZERO_ERROR;
  const auto r = ucol_strcollUTF8(coll, static_cast<const char*>(a), la, static_cast<const char*>(b), lb, &status);
  if (U_FAILURE(status)) return 0;
  return r == UCOL_LESS ? -1 : (r == UCOL_GREATER ? 1 : 0);
}

} // namespace

Error to_error(int rc, sqlite3* db, std::string_view what) {
  const std::string detail = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::make(ErrorCode::unavailable, "the database is busy; try again (" + detail + ")");
    case SQLITE_CONSTRAINT:
      return Error::make(ErrorCode::conflict, "the change contradicts stored data (" + detail + ")");
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return Error::make(ErrorCode::unavailable, "the database cannot be written (" + detail + ")");
    default:
      return Error::make(ErrorCode::internal, detail);
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

sql::Statement& Statement::bind(int i, std::string_view v) {
  // An empty view may have no data pointer, which SQLite would bind as NULL: text is text.
  const int rc = sqlite3_bind_text(stmt_, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}
sql::Statement& Statement::bind(int i, std::int64_t v) {
  const int rc = sqlite3_bind_int64(stmt_, i, v);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}
sql::Statement& Statement::bind_null(int i) {
  const int rc = sqlite3_bind_null(stmt_, i);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Result<bool> Statement::step() {
  if (bind_rc_ != SQLITE_OK) return to_error(bind_rc_, db_, "bind");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return to_error(rc, db_, "step");
}

Result<int> Statement::exec() {
  for (;;) {
    SHEGONG_ASSIGN(bool row, step());
    if (!row) break;
  }
  return sqlite3_changes(db_);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
}

std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}
std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int Statement::column_count() const { return sqlite3_column_count(stmt_); }
std::string_view Statement::column_name(int col) const {
  const char* n = sqlite3_column_name(stmt_, col);
  return n ? std::string_view(n) : std::string_view();
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, bool read_only) {
  static ZhCollator collator; // ICU collators are thread-safe for comparison
  sqlite3* db = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<Connection> conn(new Connection(db));
  if (rc != SQLITE_OK) return to_error(rc, db, "open " + path);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  if (collator.coll) sqlite3_create_collation(db, "zh", SQLITE_UTF8, collator.coll, zh_compare);
  // WAL: readers never block the writer. NORMAL sync: a crash may lose the last
  // transactions before a checkpoint but never corrupts the file.
  SHEGONG_TRY(
      conn->exec_script("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                        "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
                        // The store's own thread checkpoints (SqliteStore) every quarter second, so that a
                        // commit seldom waits for one. But under a steady stream of writes it never
                        // catches up, and the WAL is reused from its start only after a checkpoint that
                        // copied everything: it grew without end (gigabytes in minutes, every commit
                        // extending the file). So the committing connection also finishes a checkpoint
                        // when the WAL passes 2,000 pages (8 MiB), as writes are committed in groups
                        // (SqliteStore::write) that costs a group now and then a few milliseconds.
                        "PRAGMA wal_autocheckpoint=2000; PRAGMA journal_size_limit=67108864;"));
  return conn;
}

Connection::~Connection() {
  cache_.clear(); // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

Result<sql::Statement*> Connection::prepare(const std::string& text) {
  auto it = cache_.find(text);
  if (it != cache_.end()) {
    it->second->reset();
    touched_.push_back(it->second.get());
    return static_cast<sql::Statement*>(it->second.get());
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return to_error(rc, db_, "prepare");
  auto* raw = new Statement(db_, stmt);
  cache_.emplace(text, std::unique_ptr<Statement>(raw));
  touched_.push_back(raw);
  return static_cast<sql::Statement*>(raw);
}

Result<void> Connection::bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                                     const std::vector<std::vector<std::optional<std::string>>>& rows) {
  std::string query = "INSERT INTO " + table + " (";
  for (std::size_t i = 0; i < columns.size(); ++i) query += (i ? ", " : "") + columns[i];
  query += ") VALUES (";
  for (std::size_t i = 0; i < columns.size(); ++i) query += i ? ", ?" : "?";
  query += ")";
  SHEGONG_ASSIGN(auto st, prepare(query));
  auto* stmt = static_cast<Statement*>(st);
  for (const auto& row : rows) {
    stmt->reset();
    for (std::size_t i = 0; i < row.size(); ++i) stmt->sql::Statement::bind(static_cast<int>(i + 1), row[i]);
    SHEGONG_TRY(stmt->exec());
  }
  return ok();
}

void Connection::reset_all() {
  for (auto* stmt : touched_) stmt->reset();
  touched_.clear();
}

Result<void> Connection::exec_script(std::string_view script) {
  std::string s(script);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Error e = to_error(rc, db_, "exec");
    sqlite3_free(err);
    return e;
  }
  return ok();
}

} // namespace shegong::sqlite
