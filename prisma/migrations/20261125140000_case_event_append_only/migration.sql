-- The audit log (CaseEvent) is append-only: rows are inserted, never changed
-- or removed. The bot has no code path that updates or deletes them; this
-- makes the database refuse it too, whoever asks.
--
-- The one exception is the retention sweep, which deletes expired closed
-- cases with everything about them: it sets bothsides.retention_sweep = 'on'
-- for its own transaction only (SET LOCAL). Updates are never allowed.
CREATE FUNCTION "case_event_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('bothsides.retention_sweep', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'CaseEvent is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "CaseEvent_append_only_rows"
  BEFORE UPDATE OR DELETE ON "CaseEvent"
  FOR EACH ROW EXECUTE FUNCTION "case_event_append_only"();

CREATE TRIGGER "CaseEvent_append_only_truncate"
  BEFORE TRUNCATE ON "CaseEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "case_event_append_only"();
