-- Roles carry permissions (action × resource) as data. The table starts empty and
-- is filled with the defaults written in src/domain/access.cpp on first use.
CREATE TABLE role_permissions (
  role     TEXT NOT NULL,
  action   TEXT NOT NULL,
  resource TEXT NOT NULL,
  PRIMARY KEY (role, action, resource)
);
