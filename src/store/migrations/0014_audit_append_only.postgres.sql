-- The audit trail is append-only in the database as well: an entry is never changed,
-- only entries the head marks as pruned may be removed (the head is moved first), and
-- the head only moves forward. With the tables owned by another role than the server's
-- (docs/operations.md), the server's role can neither drop nor disable these.
CREATE FUNCTION shegong_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'audit_log' AND TG_OP = 'DELETE'
     AND OLD.seq <= (SELECT pruned_seq FROM audit_head WHERE id = 1) THEN
    RETURN OLD;
  END IF;
  IF TG_TABLE_NAME = 'audit_head' AND TG_OP = 'UPDATE'
     AND NEW.seq >= OLD.seq AND NEW.pruned_seq >= OLD.pruned_seq THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit trail is append-only (% on %)', TG_OP, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION shegong_audit_append_only();
CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION shegong_audit_append_only();
