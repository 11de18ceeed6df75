-- The figures: counters per region node (a region code, or '' for the whole country),
-- month, indicator and dim, moved in the transaction of each fact; and what each person
-- and household has added to them, so that a change takes back exactly its old share.

CREATE TABLE stat_counts (
  node      TEXT NOT NULL,
  month     TEXT NOT NULL,
  indicator TEXT NOT NULL,
  dim       TEXT NOT NULL,
  value     BIGINT NOT NULL,
  PRIMARY KEY (node, month, indicator, dim)
) WITHOUT ROWID;

CREATE TABLE stat_shares (
  subject TEXT PRIMARY KEY, -- 'p:<person id>' or 'h:<target id>'
  deltas  TEXT NOT NULL
) WITHOUT ROWID;

-- Counting the outreach facts by target needs them by target across campaigns.
CREATE INDEX campaign_targets_target ON campaign_targets (target_id);
-- The social workers of a region (a figure of every dashboard and of each child region).
CREATE INDEX users_region_role ON users (region_code, role);

INSERT INTO role_permissions (role, action, resource)
SELECT v.role, v.action, v.resource FROM (
  SELECT 'civil_affairs_admin' AS role, 'read' AS action, 'stats' AS resource
  UNION ALL SELECT 'station_manager', 'read', 'stats'
  UNION ALL SELECT 'social_worker', 'read', 'stats'
  UNION ALL SELECT 'viewer', 'read', 'stats'
) v WHERE EXISTS (SELECT 1 FROM role_permissions);
