-- The audit trail is append-only in the database as well: an entry is never changed,
-- only entries the head marks as pruned may be removed (the head is moved first), and
-- the head only moves forward. (Whoever holds the file can drop these; the keyed chain
-- and the witness are what show it then.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_log_prune_only BEFORE DELETE ON audit_log
WHEN OLD.seq > (SELECT pruned_seq FROM audit_head WHERE id = 1)
BEGIN
  SELECT RAISE(ABORT, 'only entries the audit head marks as pruned may be removed');
END;
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN NEW.seq < OLD.seq OR NEW.pruned_seq < OLD.pruned_seq
BEGIN
  SELECT RAISE(ABORT, 'the audit head only moves forward');
END;
CREATE TRIGGER audit_head_kept BEFORE DELETE ON audit_head
BEGIN
  SELECT RAISE(ABORT, 'the audit head is kept');
END;
