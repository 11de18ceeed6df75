-- A second factor for accounts that need one: a TOTP secret (encrypted with the
-- field cipher), whether it is confirmed, and the last time step used (no replays).
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_active INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
