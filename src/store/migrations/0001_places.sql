-- Regions, service sites, grids, accounts and sessions.
-- Portable SQL: the same text runs on SQLite and PostgreSQL. Region codes are
-- 12-digit text so that a subtree is one range scan on the code.

CREATE TABLE regions (
  code        TEXT PRIMARY KEY,
  parent_code TEXT,
  level       INTEGER NOT NULL,
  name        TEXT NOT NULL
);
CREATE INDEX regions_parent ON regions (parent_code, code);
CREATE INDEX regions_level ON regions (level, code);

CREATE TABLE stations (
  id          TEXT PRIMARY KEY,
  region_code TEXT NOT NULL REFERENCES regions (code),
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  address     TEXT NOT NULL DEFAULT '',
  phone       TEXT NOT NULL DEFAULT '',
  manager     TEXT NOT NULL DEFAULT '',
  opened_on   TEXT,
  active      INTEGER NOT NULL DEFAULT 1,
  version     BIGINT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE INDEX stations_region ON stations (region_code);

CREATE TABLE grids (
  id          TEXT PRIMARY KEY,
  region_code TEXT NOT NULL REFERENCES regions (code),
  parent_id   TEXT REFERENCES grids (id),
  kind        TEXT NOT NULL,
  name        TEXT NOT NULL,
  households  BIGINT NOT NULL DEFAULT 0,
  residents   BIGINT NOT NULL DEFAULT 0,
  grid_worker TEXT NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1,
  version     BIGINT NOT NULL,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE INDEX grids_region ON grids (region_code);
CREATE INDEX grids_parent ON grids (parent_id);

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL,
  region_code   TEXT REFERENCES regions (code),
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
  token_hash     TEXT PRIMARY KEY,
  user_id        TEXT NOT NULL REFERENCES users (id),
  created_at     BIGINT NOT NULL,
  last_seen_at   BIGINT NOT NULL,
  expires_at     BIGINT NOT NULL,
  remote_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
