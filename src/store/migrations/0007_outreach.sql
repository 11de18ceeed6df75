-- Door-knocking outreach: campaigns, their targets, visits (with every version), needs
-- (with every transition and linked resource), and the counters the figures read.

CREATE TABLE campaigns (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  region_code  TEXT NOT NULL REFERENCES regions (code),
  starts_on    TEXT NOT NULL,
  ends_on      TEXT NOT NULL,
  categories   TEXT NOT NULL, -- category codes joined by ','
  rule_high    INTEGER NOT NULL,
  rule_medium  INTEGER NOT NULL,
  rule_low     INTEGER NOT NULL,
  status       TEXT NOT NULL,
  targets      BIGINT NOT NULL DEFAULT 0, -- how many rows campaign_targets holds for it
  version      BIGINT NOT NULL,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  started_at   BIGINT,
  ended_at     BIGINT,
  created_by   TEXT NOT NULL
);
CREATE INDEX campaigns_region ON campaigns (region_code);

-- A target is a household, or a person registered without one (a household of one).
CREATE TABLE campaign_targets (
  campaign_id    TEXT NOT NULL REFERENCES campaigns (id),
  target_id      TEXT NOT NULL,
  kind           TEXT NOT NULL,
  region_code    TEXT NOT NULL REFERENCES regions (code),
  grid_id        TEXT REFERENCES grids (id),
  risk_level     TEXT NOT NULL,
  worker_id      TEXT REFERENCES users (id),
  joined_at      BIGINT NOT NULL,
  visits         BIGINT NOT NULL DEFAULT 0,
  first_visit_at BIGINT,
  last_visit_at  BIGINT,
  last_visit_on  TEXT,
  next_due_on    TEXT NOT NULL,
  PRIMARY KEY (campaign_id, target_id)
) WITHOUT ROWID;
CREATE INDEX campaign_targets_region ON campaign_targets (campaign_id, region_code);
CREATE INDEX campaign_targets_worker ON campaign_targets (worker_id, next_due_on) WHERE worker_id IS NOT NULL;

-- A visit as it stands now; visit_versions keeps every version, the current one too.
-- The busiest tables are clustered on their keys (WITHOUT ROWID on SQLite): one B-tree
-- fewer to write per row; client ids are UUIDv7, so new visits land at the end.
CREATE TABLE visits (
  id            TEXT PRIMARY KEY,
  campaign_id   TEXT REFERENCES campaigns (id),
  target_id     TEXT NOT NULL,
  kind          TEXT NOT NULL,
  region_code   TEXT NOT NULL REFERENCES regions (code),
  worker_id     TEXT NOT NULL REFERENCES users (id),
  visited_at    BIGINT NOT NULL,
  visited_on    TEXT NOT NULL,
  mode          TEXT NOT NULL,
  persons_seen  TEXT NOT NULL, -- person ids joined by ','
  checks        TEXT NOT NULL, -- item=value joined by ','
  notes         TEXT NOT NULL,
  location_sealed TEXT NOT NULL DEFAULT '',
  version       BIGINT NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
) WITHOUT ROWID;
CREATE INDEX visits_target ON visits (target_id, visited_at);
CREATE INDEX visits_region ON visits (region_code, visited_at);
CREATE INDEX visits_worker ON visits (worker_id, visited_at);

CREATE TABLE visit_versions (
  visit_id      TEXT NOT NULL REFERENCES visits (id),
  version       BIGINT NOT NULL,
  visited_at    BIGINT NOT NULL,
  mode          TEXT NOT NULL,
  persons_seen  TEXT NOT NULL,
  checks        TEXT NOT NULL,
  notes         TEXT NOT NULL,
  location_sealed TEXT NOT NULL DEFAULT '',
  recorded_at   BIGINT NOT NULL,
  recorded_by   TEXT NOT NULL REFERENCES users (id),
  PRIMARY KEY (visit_id, version)
) WITHOUT ROWID;

CREATE TABLE needs (
  id           TEXT PRIMARY KEY,
  visit_id     TEXT NOT NULL REFERENCES visits (id),
  campaign_id  TEXT REFERENCES campaigns (id),
  target_id    TEXT NOT NULL,
  person_id    TEXT REFERENCES persons (id),
  region_code  TEXT NOT NULL REFERENCES regions (code),
  worker_id    TEXT NOT NULL REFERENCES users (id),
  category     TEXT NOT NULL,
  urgency      TEXT NOT NULL,
  description  TEXT NOT NULL,
  due_on       TEXT NOT NULL,
  state        TEXT NOT NULL,
  value_fen    BIGINT NOT NULL DEFAULT 0,
  raised_at    BIGINT NOT NULL,
  closed_at    BIGINT,
  version      BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX needs_region ON needs (region_code, due_on);
CREATE INDEX needs_campaign ON needs (campaign_id, region_code);
CREATE INDEX needs_visit ON needs (visit_id);
CREATE INDEX needs_target ON needs (target_id);

CREATE TABLE need_transitions (
  id          TEXT PRIMARY KEY,
  need_id     TEXT NOT NULL REFERENCES needs (id),
  from_state  TEXT NOT NULL, -- '' for the need being raised
  to_state    TEXT NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  at          BIGINT NOT NULL,
  by_user     TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX need_transitions_need ON need_transitions (need_id, at);

CREATE TABLE need_resources (
  id          TEXT PRIMARY KEY,
  need_id     TEXT NOT NULL REFERENCES needs (id),
  kind        TEXT NOT NULL,
  provider    TEXT NOT NULL,
  value_fen   BIGINT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  at          BIGINT NOT NULL,
  by_user     TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX need_resources_need ON need_resources (need_id, at);

-- Flows counted in the same transaction as the fact: per campaign ('' outside any),
-- village, worker and day, so any region, worker or period is one range scan.
CREATE TABLE outreach_counters (
  campaign_id        TEXT NOT NULL,
  region_code        TEXT NOT NULL,
  worker_id          TEXT NOT NULL,
  day                TEXT NOT NULL,
  visits             BIGINT NOT NULL DEFAULT 0,
  person_times       BIGINT NOT NULL DEFAULT 0,
  households_visited BIGINT NOT NULL DEFAULT 0,
  needs_raised       BIGINT NOT NULL DEFAULT 0,
  needs_resolved     BIGINT NOT NULL DEFAULT 0,
  needs_referred     BIGINT NOT NULL DEFAULT 0,
  needs_closed       BIGINT NOT NULL DEFAULT 0,
  resources          BIGINT NOT NULL DEFAULT 0,
  value_fen          BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, region_code, worker_id, day)
) WITHOUT ROWID;
CREATE INDEX outreach_counters_region ON outreach_counters (region_code, day);

INSERT INTO role_permissions (role, action, resource)
SELECT v.role, v.action, v.resource FROM (
  SELECT 'civil_affairs_admin' AS role, 'read' AS action, 'campaign' AS resource
  UNION ALL SELECT 'civil_affairs_admin', 'write', 'campaign'
  UNION ALL SELECT 'station_manager', 'read', 'campaign'
  UNION ALL SELECT 'social_worker', 'read', 'campaign'
  UNION ALL SELECT 'viewer', 'read', 'campaign'
  UNION ALL SELECT 'civil_affairs_admin', 'read', 'assignment'
  UNION ALL SELECT 'civil_affairs_admin', 'write', 'assignment'
  UNION ALL SELECT 'station_manager', 'read', 'assignment'
  UNION ALL SELECT 'station_manager', 'write', 'assignment'
  UNION ALL SELECT 'social_worker', 'read', 'assignment'
  UNION ALL SELECT 'viewer', 'read', 'assignment'
  UNION ALL SELECT 'civil_affairs_admin', 'read', 'visit'
  UNION ALL SELECT 'civil_affairs_admin', 'write', 'visit'
  UNION ALL SELECT 'station_manager', 'read', 'visit'
  UNION ALL SELECT 'station_manager', 'write', 'visit'
  UNION ALL SELECT 'social_worker', 'read', 'visit'
  UNION ALL SELECT 'social_worker', 'write', 'visit'
  UNION ALL SELECT 'viewer', 'read', 'visit'
) v WHERE EXISTS (SELECT 1 FROM role_permissions);
