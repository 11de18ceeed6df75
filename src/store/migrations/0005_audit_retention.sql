-- Entries older than the retention period may be removed from the front of the
-- trail; the head then remembers where the kept part begins, so the chain is still
-- checked from there.
ALTER TABLE audit_head ADD COLUMN pruned_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN pruned_hash TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000';
