-- When an import job last showed it was alive (its runner touches it every few seconds):
-- a job left unfinished with no sign of life was cut off by a stopped server, and is
-- marked so at the next start.
ALTER TABLE import_jobs ADD COLUMN heartbeat_at BIGINT NOT NULL DEFAULT 0;
