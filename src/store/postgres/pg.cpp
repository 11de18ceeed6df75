#include "pg.hpp"

#include <charconv>
#include <cstring>

namespace shegong::pg {

std::string translate(std::string_view in) {
  std::string out;
  out.reserve(in.size() + 16);
  int n = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return translate_dialect(std::move(out));
}

std::string translate_dialect(std::string sql) {
  auto replace_all = [&](std::string_view from, std::string_view to) {
    for (std::size_t pos = sql.find(from); pos != std::string::npos; pos = sql.find(from, pos + to.size()))
      sql.replace(pos, from.size(), to);
  };
  replace_all("COLLATE zh", "COLLATE \"zh-x-icu\"");
  replace_all("COLLATE BINARY", "COLLATE \"C\"");
  // SQLite's clustered tables; every PostgreSQL table is a heap with its indexes.
  replace_all(") WITHOUT ROWID;", ");");
  return sql;
}

Error Connection::error(const PGresult* res, std::string_view what) const {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = std::string(what) + ": " + (res ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const std::string_view s = state ? state : "";
  if (PQstatus(conn_) != CONNECTION_OK || s.starts_with("08") || s.starts_with("57P"))
    return Error::make(ErrorCode::unavailable, "the database is unreachable; try again (" + msg + ")");
  if (s == "40001" || s == "40P01")
    return Error::make(ErrorCode::unavailable, "the database asked to retry the transaction (" + msg + ")");
  if (s.starts_with("23")) return Error::make(ErrorCode::conflict, "the change contradicts stored data (" + msg + ")");
  return Error::make(ErrorCode::internal, msg);
}

Statement::~Statement() {
  if (result_) PQclear(result_);
}

sql::Statement& Statement::bind(int i, std::string_view v) {
  if (i >= 1 && static_cast<std::size_t>(i) <= params_.size())
    params_[static_cast<std::size_t>(i - 1)] = std::string(v);
  return *this;
}
sql::Statement& Statement::bind(int i, std::int64_t v) { return bind(i, std::string_view(std::to_string(v))); }
sql::Statement& Statement::bind_null(int i) {
  if (i >= 1 && static_cast<std::size_t>(i) <= params_.size()) params_[static_cast<std::size_t>(i - 1)].reset();
  return *this;
}

void Statement::reset() {
  if (result_) PQclear(result_);
  result_ = nullptr;
  row_ = -1;
  ran_ = false;
  for (auto& p : params_) p.reset();
}

Result<void> Statement::run() {
  std::vector<const char*> values(params_.size());
  for (std::size_t i = 0; i < params_.size(); ++i) values[i] = params_[i] ? params_[i]->c_str() : nullptr;
  if (result_) PQclear(result_);
  result_ =
      PQexecPrepared(conn_.raw(), name_.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0);
  ran_ = true;
  row_ = -1;
  const auto status = result_ ? PQresultStatus(result_) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return conn_.error(result_, "query");
  return ok();
}

Result<bool> Statement::step() {
  if (!ran_) SHEGONG_TRY(run());
  ++row_;
  return row_ < PQntuples(result_);
}

Result<int> Statement::exec() {
  SHEGONG_TRY(run());
  const char* n = PQcmdTuples(result_);
  return (n && *n) ? std::atoi(n) : 0;
}

std::string Statement::text(int col) const {
  return std::string(PQgetvalue(result_, row_, col), static_cast<std::size_t>(PQgetlength(result_, row_, col)));
}

std::int64_t Statement::int64(int col) const {
  const char* v = PQgetvalue(result_, row_, col);
  if (v[0] == 't' && v[1] == '\0') return 1; // a boolean column
  if (v[0] == 'f' && v[1] == '\0') return 0;
  std::int64_t out = 0;
  std::from_chars(v, v + std::strlen(v), out); // sums arrive as numeric text: "123"
  return out;
}

bool Statement::is_null(int col) const { return PQgetisnull(result_, row_, col) != 0; }

int Statement::column_count() const { return result_ ? PQnfields(result_) : 0; }

std::string_view Statement::column_name(int col) const {
  const char* n = result_ ? PQfname(result_, col) : nullptr;
  return n ? std::string_view(n) : std::string_view();
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& conninfo, const std::string& schema) {
  PGconn* raw = PQconnectdb(conninfo.c_str());
  std::unique_ptr<Connection> c(new Connection(raw));
  if (!raw || PQstatus(raw) != CONNECTION_OK)
    return Error::make(ErrorCode::unavailable,
                       std::string("cannot connect to PostgreSQL: ") + (raw ? PQerrorMessage(raw) : "out of memory"));
  // Server notices ("relation already exists, skipping") are not the operator's concern.
  PQsetNoticeProcessor(
      raw, [](void*, const char*) {}, nullptr);
  SHEGONG_TRY(c->exec_script("SET application_name = 'shegong'; SET client_encoding = 'UTF8'"));
  if (!schema.empty()) {
    // Quoted identifier; the name comes from the operator's configuration or a test.
    std::string quoted = "\"";
    for (char ch : schema) quoted += (ch == '"') ? std::string("\"\"") : std::string(1, ch);
    quoted += "\"";
    // Made only when missing: a role that may not create schemas still connects to one.
    SHEGONG_ASSIGN(auto found, c->prepare("SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?"));
    found->bind(1, schema);
    SHEGONG_ASSIGN(bool row, found->step());
    const bool exists = row && found->int64(0) > 0;
    SHEGONG_ASSIGN(bool more, found->step());
    (void)more;
    if (!exists) SHEGONG_TRY(c->exec_script("CREATE SCHEMA IF NOT EXISTS " + quoted));
    SHEGONG_TRY(c->exec_script("SET search_path TO " + quoted));
  }
  return c;
}

Connection::~Connection() {
  cache_.clear();
  if (conn_) PQfinish(conn_);
}

bool Connection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

Result<sql::Statement*> Connection::prepare(const std::string& text) {
  if (auto it = cache_.find(text); it != cache_.end()) {
    it->second->reset();
    return static_cast<sql::Statement*>(it->second.get());
  }
  const std::string translated = translate(text);
  int params = 0;
  for (std::size_t p = translated.find('$'); p != std::string::npos; p = translated.find('$', p + 1)) ++params;
  std::string name = "s" + std::to_string(++next_name_);
  PGresult* res = PQprepare(conn_, name.c_str(), translated.c_str(), 0, nullptr);
  const bool okay = res && PQresultStatus(res) == PGRES_COMMAND_OK;
  Error e = okay ? Error{} : error(res, "prepare");
  if (res) PQclear(res);
  if (!okay) return e;
  auto* raw = new Statement(*this, std::move(name), params);
  cache_.emplace(text, std::unique_ptr<Statement>(raw));
  return static_cast<sql::Statement*>(raw);
}

Result<void> Connection::exec_script(std::string_view script) {
  PGresult* res = PQexec(conn_, translate_dialect(std::string(script)).c_str());
  const auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  Result<void> out = ok();
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) out = error(res, "exec");
  if (res) PQclear(res);
  return out;
}

void Connection::reset_all() {
  for (auto& [text, st] : cache_) st->reset();
}

namespace {
// COPY's text format: backslash escapes for the characters that frame rows and columns.
void append_copy_value(std::string& out, const std::optional<std::string>& v) {
  if (!v) {
    out += "\\N";
    return;
  }
  for (char c : *v) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}
} // namespace

Result<void> Connection::bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                                     const std::vector<std::vector<std::optional<std::string>>>& rows) {
  std::string copy = "COPY " + table + " (";
  for (std::size_t i = 0; i < columns.size(); ++i) copy += (i ? ", " : "") + columns[i];
  copy += ") FROM STDIN";
  PGresult* res = PQexec(conn_, copy.c_str());
  if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
    Error e = error(res, "copy");
    if (res) PQclear(res);
    return e;
  }
  PQclear(res);
  std::string buf;
  buf.reserve(1 << 20);
  bool sent = true;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) buf += '\t';
      append_copy_value(buf, row[i]);
    }
    buf += '\n';
    if (buf.size() >= (1 << 20)) {
      sent = PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) == 1;
      buf.clear();
      if (!sent) break;
    }
  }
  if (sent && !buf.empty()) sent = PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) == 1;
  if (PQputCopyEnd(conn_, sent ? nullptr : "client failed to send rows") != 1) return error(nullptr, "copy end");
  Result<void> out = ok();
  while ((res = PQgetResult(conn_)) != nullptr) {
    if (PQresultStatus(res) != PGRES_COMMAND_OK && out) out = error(res, "copy");
    PQclear(res);
  }
  return out;
}

} // namespace shegong::pg
