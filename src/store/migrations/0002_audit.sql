-- The audit trail: an append-only hash chain (SM3 over the previous hash and the
-- entry), with its head kept in a one-row table that every append locks.
CREATE TABLE audit_log (
  seq         BIGINT PRIMARY KEY,
  at          BIGINT NOT NULL,
  user_id     TEXT NOT NULL DEFAULT '',
  username    TEXT NOT NULL DEFAULT '',
  role        TEXT NOT NULL DEFAULT '',
  remote      TEXT NOT NULL DEFAULT '',
  action      TEXT NOT NULL,
  resource    TEXT NOT NULL DEFAULT '',
  record_id   TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL DEFAULT '',
  outcome     TEXT NOT NULL,
  purpose     TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT '',
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_log_user ON audit_log (user_id, seq);
CREATE INDEX audit_log_record ON audit_log (record_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY,
  seq  BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Failed sign-ins, counted per account ("user:NAME") and per source address ("addr:IP").
CREATE TABLE login_failures (
  subject      TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  first_at     BIGINT NOT NULL,
  locked_until BIGINT NOT NULL
);

ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at BIGINT NOT NULL DEFAULT 0;
