-- The audit chain becomes keyed: each entry names the key of the key ring its link is
-- under. Entries made before keep an empty key id (plain SM3) and still check.
ALTER TABLE audit_log ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
-- The head is signed under the chain's key too, so that a trail rewritten whole without
-- the key (its links plain SM3 again) has a head nobody could sign.
ALTER TABLE audit_head ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN mac TEXT NOT NULL DEFAULT '';
