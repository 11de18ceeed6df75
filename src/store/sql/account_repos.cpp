#include "paging.hpp"
#include "repos.hpp"

namespace shegong::sql {

namespace {
constexpr const char* kUserCols =
    "SELECT id, username, display_name, password_hash, role, region_code, active, created_at, must_change_password, "
    "password_changed_at, totp_secret, totp_active, totp_last_step FROM users";
} // namespace

User SqlUsers::row(const Statement& st) {
  User u;
  u.id = st.text(0);
  u.username = st.text(1);
  u.display_name = st.text(2);
  u.password_hash = st.text(3);
  u.role = parse_role(st.text(4)).value_or(Role::viewer); // the CHECK is the role list in code
  if (auto rc = st.opt_text(5)) {
    if (auto code = RegionCode::parse(*rc)) u.region_code = *code;
  }
  u.active = st.int64(6) != 0;
  u.created_at = st.int64(7);
  u.must_change_password = st.int64(8) != 0;
  u.password_changed_at = st.int64(9);
  u.totp_secret = st.text(10);
  u.totp_active = st.int64(11) != 0;
  u.totp_last_step = st.int64(12);
  return u;
}

Result<std::optional<User>> SqlUsers::find_where(const std::string& column, std::string_view value) {
  SHEGONG_ASSIGN(auto st, c_.prepare(std::string(kUserCols) + " WHERE " + column + " = ?"));
  st->bind(1, value);
  SHEGONG_ASSIGN(bool found, st->step());
  if (!found) return std::optional<User>{};
  if (!parse_role(st->text(4)))
    return Error::make(ErrorCode::internal, "stored user has an unknown role: " + st->text(1));
  return std::optional<User>(row(*st));
}

Result<void> SqlUsers::reseal_totp(std::string_view id, std::string_view encrypted_secret) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE users SET totp_secret = ? WHERE id = ?"));
  SHEGONG_TRY(st->bind(1, encrypted_secret).bind(2, id).exec());
  return ok();
}

Result<void> SqlUsers::set_active(std::string_view id, bool active) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE users SET active = ? WHERE id = ?"));
  SHEGONG_TRY(st->bind(1, active).bind(2, id).exec());
  return ok();
}

Result<Page<User>> SqlUsers::list(const Scope& scope, std::string_view q, const PageRequest& page) {
  Where w;
  w.scope("region_code", scope);
  if (!q.empty()) {
    const std::string pattern = like_contains(q);
    w.add("(username LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\')", {pattern, pattern});
  }
  return run_page<User>(c_, kUserCols, "users", w, " ORDER BY username", page, row);
}

Result<std::optional<User>> SqlUsers::find_by_username(std::string_view username) {
  return find_where("username", username);
}
Result<std::optional<User>> SqlUsers::find_by_id(std::string_view id) { return find_where("id", id); }

Result<void> SqlUsers::insert(const User& u) {
  SHEGONG_ASSIGN(auto st, c_.prepare("INSERT INTO users (id, username, display_name, password_hash, role, "
                                     "region_code, active, created_at, must_change_password, password_changed_at) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  st->bind(1, u.id).bind(2, u.username).bind(3, u.display_name).bind(4, u.password_hash).bind(5, to_string(u.role));
  if (u.region_code)
    st->bind(6, u.region_code->str());
  else
    st->bind_null(6);
  st->bind(7, u.active).bind(8, u.created_at).bind(9, u.must_change_password).bind(10, u.password_changed_at);
  SHEGONG_TRY(st->exec());
  return ok();
}

Result<void> SqlUsers::set_password(std::string_view id, std::string_view hash, TimestampMs changed_at,
                                    bool must_change) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE users SET password_hash = ?, password_changed_at = ?, "
                                     "must_change_password = ? WHERE id = ?"));
  SHEGONG_TRY(st->bind(1, hash).bind(2, changed_at).bind(3, must_change).bind(4, id).exec());
  return ok();
}

Result<void> SqlUsers::set_totp(std::string_view id, std::string_view encrypted_secret, bool active) {
  SHEGONG_ASSIGN(auto st,
                 c_.prepare("UPDATE users SET totp_secret = ?, totp_active = ?, totp_last_step = 0 WHERE id = ?"));
  SHEGONG_TRY(st->bind(1, encrypted_secret).bind(2, active).bind(3, id).exec());
  return ok();
}

Result<bool> SqlUsers::advance_totp_step(std::string_view id, std::int64_t step) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?"));
  SHEGONG_ASSIGN(int n, st->bind(1, step).bind(2, id).bind(3, step).exec());
  return n == 1;
}

Result<std::int64_t> SqlUsers::count() {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT COUNT(*) FROM users"));
  SHEGONG_ASSIGN(bool row, st->step());
  return row ? st->int64(0) : 0;
}

Result<void> SqlSessions::insert(const Session& s) {
  SHEGONG_ASSIGN(auto st, c_.prepare("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, "
                                     "expires_at, remote_address) VALUES (?, ?, ?, ?, ?, ?)"));
  SHEGONG_TRY(st->bind(1, s.token_hash)
                  .bind(2, s.user_id)
                  .bind(3, s.created_at)
                  .bind(4, s.last_seen_at)
                  .bind(5, s.expires_at)
                  .bind(6, s.remote_address)
                  .exec());
  return ok();
}

Result<std::optional<Session>> SqlSessions::find(std::string_view token_hash) {
  SHEGONG_ASSIGN(auto st, c_.prepare("SELECT token_hash, user_id, created_at, last_seen_at, expires_at, "
                                     "remote_address FROM sessions WHERE token_hash = ?"));
  st->bind(1, token_hash);
  SHEGONG_ASSIGN(bool row, st->step());
  if (!row) return std::optional<Session>{};
  return std::optional<Session>(
      Session{st->text(0), st->text(1), st->int64(2), st->int64(3), st->int64(4), st->text(5)});
}

Result<void> SqlSessions::touch(std::string_view token_hash, TimestampMs at) {
  SHEGONG_ASSIGN(auto st, c_.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"));
  SHEGONG_TRY(st->bind(1, at).bind(2, token_hash).exec());
  return ok();
}

Result<void> SqlSessions::remove(std::string_view token_hash) {
  SHEGONG_ASSIGN(auto st, c_.prepare("DELETE FROM sessions WHERE token_hash = ?"));
  SHEGONG_TRY(st->bind(1, token_hash).exec());
  return ok();
}

Result<std::int64_t> SqlSessions::remove_for_user(std::string_view user_id, std::string_view except) {
  SHEGONG_ASSIGN(auto st, c_.prepare("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?"));
  SHEGONG_ASSIGN(int n, st->bind(1, user_id).bind(2, except).exec());
  return n;
}

Result<Page<SessionRepository::Listed>> SqlSessions::list(const Scope& scope, TimestampMs now, TimestampMs idle_ms,
                                                          const PageRequest& page) {
  Where w;
  w.add("s.expires_at > ? AND s.last_seen_at > ?", {now, now - idle_ms});
  w.scope("u.region_code", scope);
  return run_page<Listed>(
      c_,
      "SELECT s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.remote_address, "
      "COALESCE(u.username, '') FROM sessions s LEFT JOIN users u ON u.id = s.user_id",
      "sessions s LEFT JOIN users u ON u.id = s.user_id", w, " ORDER BY s.last_seen_at DESC", page,
      [](const Statement& st) {
        return Listed{Session{st.text(0), st.text(1), st.int64(2), st.int64(3), st.int64(4), st.text(5)}, st.text(6)};
      });
}

Result<std::int64_t> SqlSessions::remove_expired(TimestampMs now, TimestampMs idle_ms) {
  SHEGONG_ASSIGN(auto st, c_.prepare("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?"));
  SHEGONG_ASSIGN(int n, st->bind(1, now).bind(2, now - idle_ms).exec());
  return n;
}

} // namespace shegong::sql
