-- The register of people served: categories, households, persons, category history,
-- merges and import jobs. ID numbers, phones, health notes and contacts are stored
-- sealed (field encryption); the masked forms are kept beside them for lists, and a
-- keyed blind index finds a person by exact ID number.

CREATE TABLE categories (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1,
  builtin     INTEGER NOT NULL DEFAULT 0,
  position    BIGINT NOT NULL
);
INSERT INTO categories (code, name, builtin, position) VALUES
  ('orphan', '孤儿', 1, 1),
  ('unsupported_child', '事实无人抚养儿童', 1, 2),
  ('left_behind_child', '农村留守儿童', 1, 3),
  ('child_in_difficulty', '困境儿童', 1, 4),
  ('elderly_in_difficulty', '特殊困难老年人', 1, 5),
  ('dibao', '低保对象', 1, 6),
  ('dibao_marginal', '低保边缘', 1, 7),
  ('tekun', '特困人员', 1, 8),
  ('disabled', '残疾人', 1, 9),
  ('severely_disabled', '重残', 1, 10);

CREATE TABLE households (
  id                 TEXT PRIMARY KEY,
  region_code        TEXT NOT NULL REFERENCES regions (code),
  address            TEXT NOT NULL,
  grid_id            TEXT REFERENCES grids (id),
  micro_grid_id      TEXT REFERENCES grids (id),
  contacts_sealed    TEXT NOT NULL DEFAULT '',
  version            BIGINT NOT NULL,
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL
);
CREATE INDEX households_region ON households (region_code);

CREATE TABLE persons (
  id               TEXT PRIMARY KEY,
  region_code      TEXT NOT NULL REFERENCES regions (code),
  name             TEXT COLLATE BINARY NOT NULL,
  name_pinyin      TEXT COLLATE BINARY NOT NULL,
  name_initials    TEXT COLLATE BINARY NOT NULL,
  id_sealed        TEXT NOT NULL DEFAULT '',
  id_index         TEXT UNIQUE,
  id_masked        TEXT NOT NULL DEFAULT '',
  sex              TEXT NOT NULL DEFAULT '0',
  birth_date       TEXT NOT NULL DEFAULT '',
  phone_sealed     TEXT NOT NULL DEFAULT '',
  phone_masked     TEXT NOT NULL DEFAULT '',
  health_sealed    TEXT NOT NULL DEFAULT '',
  guardians_sealed TEXT NOT NULL DEFAULT '',
  registered_address TEXT NOT NULL DEFAULT '',
  current_address  TEXT NOT NULL DEFAULT '',
  living_situation TEXT NOT NULL DEFAULT '',
  risk_level       TEXT NOT NULL DEFAULT 'low',
  cadre_contact    TEXT NOT NULL DEFAULT '',
  notes            TEXT NOT NULL DEFAULT '',
  grid_id          TEXT REFERENCES grids (id),
  worker_id        TEXT REFERENCES users (id),
  household_id     TEXT REFERENCES households (id),
  relation         TEXT,
  merged_into      TEXT REFERENCES persons (id),
  version          BIGINT NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  created_by       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX persons_region ON persons (region_code);
CREATE INDEX persons_name ON persons (name, birth_date);
CREATE INDEX persons_pinyin ON persons (name_pinyin);
CREATE INDEX persons_initials ON persons (name_initials);
-- Most people have no household, worker or grid recorded at first: partial indexes
-- cost nothing for them (and make a million-row import faster).
CREATE INDEX persons_household ON persons (household_id) WHERE household_id IS NOT NULL;
CREATE INDEX persons_worker ON persons (worker_id) WHERE worker_id IS NOT NULL;
CREATE INDEX persons_grid ON persons (grid_id) WHERE grid_id IS NOT NULL;

CREATE TABLE person_merges (
  id          TEXT PRIMARY KEY,
  survivor_id TEXT NOT NULL REFERENCES persons (id),
  merged_id   TEXT NOT NULL REFERENCES persons (id),
  reason      TEXT NOT NULL,
  merged_at   BIGINT NOT NULL,
  merged_by   TEXT NOT NULL,
  undone_at   BIGINT,
  undone_by   TEXT
);
CREATE INDEX person_merges_merged ON person_merges (merged_id);
-- A record is merged into at most one other at a time (two concurrent merges cannot both win).
CREATE UNIQUE INDEX person_merges_open ON person_merges (merged_id) WHERE undone_at IS NULL;

CREATE TABLE person_categories (
  id          TEXT PRIMARY KEY,
  person_id   TEXT NOT NULL REFERENCES persons (id),
  category    TEXT NOT NULL REFERENCES categories (code),
  start_date  TEXT NOT NULL,
  end_date    TEXT,
  document    TEXT NOT NULL DEFAULT '',
  created_at  BIGINT NOT NULL,
  created_by  TEXT NOT NULL DEFAULT '',
  merge_id    TEXT REFERENCES person_merges (id)
);
CREATE INDEX person_categories_person ON person_categories (person_id);
CREATE INDEX person_categories_category ON person_categories (category, start_date);

CREATE TABLE import_jobs (
  id             TEXT PRIMARY KEY,
  region_code    TEXT,
  user_id        TEXT NOT NULL,
  username       TEXT NOT NULL,
  filename       TEXT NOT NULL,
  mode           TEXT NOT NULL,
  status         TEXT NOT NULL,
  total_rows     BIGINT NOT NULL DEFAULT 0,
  processed_rows BIGINT NOT NULL DEFAULT 0,
  created_rows   BIGINT NOT NULL DEFAULT 0,
  unchanged_rows BIGINT NOT NULL DEFAULT 0,
  failed_rows    BIGINT NOT NULL DEFAULT 0,
  committed      INTEGER NOT NULL DEFAULT 0,
  message        TEXT NOT NULL DEFAULT '',
  started_at     BIGINT NOT NULL,
  finished_at    BIGINT
);
CREATE INDEX import_jobs_started ON import_jobs (started_at);

CREATE TABLE import_errors (
  job_id   TEXT NOT NULL REFERENCES import_jobs (id),
  seq      BIGINT NOT NULL,
  row_no   BIGINT NOT NULL,
  col      TEXT NOT NULL,
  reason   TEXT NOT NULL,
  cells    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (job_id, seq)
);

-- A deployment whose role permissions are already data gets the defaults for the
-- new resources; an empty table is seeded whole on first use instead.
INSERT INTO role_permissions (role, action, resource)
SELECT v.role, v.action, v.resource FROM (
  SELECT 'civil_affairs_admin' AS role, 'read' AS action, 'person' AS resource
  UNION ALL SELECT 'civil_affairs_admin', 'write', 'person'
  UNION ALL SELECT 'civil_affairs_admin', 'reveal', 'person'
  UNION ALL SELECT 'station_manager', 'read', 'person'
  UNION ALL SELECT 'station_manager', 'write', 'person'
  UNION ALL SELECT 'station_manager', 'reveal', 'person'
  UNION ALL SELECT 'social_worker', 'read', 'person'
  UNION ALL SELECT 'social_worker', 'write', 'person'
  UNION ALL SELECT 'social_worker', 'reveal', 'person'
  UNION ALL SELECT 'viewer', 'read', 'person'
  UNION ALL SELECT 'civil_affairs_admin', 'write', 'merge'
  UNION ALL SELECT 'station_manager', 'write', 'merge'
  UNION ALL SELECT 'civil_affairs_admin', 'write', 'category'
  UNION ALL SELECT 'sysadmin', 'write', 'category'
  UNION ALL SELECT 'sysadmin', 'read', 'category'
  UNION ALL SELECT 'secadmin', 'read', 'category'
  UNION ALL SELECT 'auditor', 'read', 'category'
  UNION ALL SELECT 'civil_affairs_admin', 'read', 'category'
  UNION ALL SELECT 'station_manager', 'read', 'category'
  UNION ALL SELECT 'social_worker', 'read', 'category'
  UNION ALL SELECT 'volunteer_coordinator', 'read', 'category'
  UNION ALL SELECT 'viewer', 'read', 'category'
) v WHERE EXISTS (SELECT 1 FROM role_permissions);
