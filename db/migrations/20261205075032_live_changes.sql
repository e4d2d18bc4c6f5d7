CREATE TABLE "live_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "live_changes_user_idx" ON "live_changes" USING btree ("user_id","id");--> statement-breakpoint
-- Live updates: every statement that changes tasks or instances records one live_changes row per affected user and
-- NOTIFYs it (delivered at commit), whatever code wrote it; the web processes fan these out over Server-Sent Events.
-- An UPDATE that rewrites a row with the same values (a replayed snapshot) notifies nobody.
CREATE FUNCTION huiban_live_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  notified integer;
BEGIN
  IF TG_TABLE_NAME = 'tasks' THEN
    IF TG_OP = 'UPDATE' THEN
      WITH ins AS (
        INSERT INTO live_changes (user_id)
        SELECT u FROM new_rows n JOIN old_rows o USING (id), LATERAL (VALUES (n.assignee_user_id), (o.assignee_user_id)) AS x (u)
        WHERE u IS NOT NULL AND (to_jsonb(n) - 'updated_at') IS DISTINCT FROM (to_jsonb(o) - 'updated_at')
        GROUP BY u
        RETURNING id, user_id)
      SELECT count(pg_notify('huiban_live', id::text || ':' || user_id::text)) INTO notified FROM ins;
    ELSE
      WITH ins AS (
        INSERT INTO live_changes (user_id)
        SELECT DISTINCT assignee_user_id FROM new_rows WHERE assignee_user_id IS NOT NULL
        RETURNING id, user_id)
      SELECT count(pg_notify('huiban_live', id::text || ':' || user_id::text)) INTO notified FROM ins;
    END IF;
  ELSE
    IF TG_OP = 'UPDATE' THEN
      WITH ins AS (
        INSERT INTO live_changes (user_id)
        SELECT u FROM new_rows n JOIN old_rows o USING (id), LATERAL (VALUES (n.originator_user_id), (o.originator_user_id)) AS x (u)
        WHERE u IS NOT NULL AND (to_jsonb(n) - 'updated_at') IS DISTINCT FROM (to_jsonb(o) - 'updated_at')
        GROUP BY u
        RETURNING id, user_id)
      SELECT count(pg_notify('huiban_live', id::text || ':' || user_id::text)) INTO notified FROM ins;
    ELSE
      WITH ins AS (
        INSERT INTO live_changes (user_id)
        SELECT DISTINCT originator_user_id FROM new_rows WHERE originator_user_id IS NOT NULL
        RETURNING id, user_id)
      SELECT count(pg_notify('huiban_live', id::text || ':' || user_id::text)) INTO notified FROM ins;
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tasks_live_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION huiban_live_changed();
--> statement-breakpoint
CREATE TRIGGER tasks_live_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION huiban_live_changed();
--> statement-breakpoint
CREATE TRIGGER process_instances_live_insert AFTER INSERT ON process_instances REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION huiban_live_changed();
--> statement-breakpoint
CREATE TRIGGER process_instances_live_update AFTER UPDATE ON process_instances
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION huiban_live_changed();
--> statement-breakpoint
-- The connector cache of the ingest listener (lib/connectors/load-connector.ts) drops a connector on this NOTIFY.
CREATE FUNCTION huiban_connector_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('huiban_connector_changed', COALESCE(NEW.id, OLD.id)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER connectors_changed AFTER INSERT OR DELETE OR UPDATE OF kind, name, corp_id, config, secrets, enabled
  ON connectors FOR EACH ROW EXECUTE FUNCTION huiban_connector_changed();
