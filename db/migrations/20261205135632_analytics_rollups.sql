CREATE TABLE "analytics_daily" (
	"day" date NOT NULL,
	"connector_id" uuid NOT NULL,
	"source" "connector_kind" NOT NULL,
	"process_key" text NOT NULL,
	"process_name" text,
	"department" text NOT NULL,
	"started" integer NOT NULL,
	"finished" integer NOT NULL,
	"refused" integer NOT NULL,
	"revoked" integer NOT NULL,
	"transferred" integer NOT NULL,
	"cycle_seconds" integer[] NOT NULL,
	CONSTRAINT "analytics_daily_day_connector_id_process_key_department_pk" PRIMARY KEY("day","connector_id","process_key","department")
);
--> statement-breakpoint
CREATE TABLE "analytics_dirty_instances" (
	"instance_id" uuid PRIMARY KEY NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_grants" (
	"user_id" uuid NOT NULL,
	"department" text NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_grants_user_id_department_pk" PRIMARY KEY("user_id","department")
);
--> statement-breakpoint
CREATE TABLE "analytics_instance_facts" (
	"instance_id" uuid PRIMARY KEY NOT NULL,
	"connector_id" uuid NOT NULL,
	"source" "connector_kind" NOT NULL,
	"process_key" text NOT NULL,
	"process_name" text,
	"department" text NOT NULL,
	"title" text NOT NULL,
	"originator_name" text,
	"started_at" timestamp with time zone NOT NULL,
	"started_day" date NOT NULL,
	"finished_at" timestamp with time zone,
	"finished_day" date,
	"cycle_seconds" integer,
	"outcome" text NOT NULL,
	"transferred" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_step_daily" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"day" date NOT NULL,
	"connector_id" uuid NOT NULL,
	"source" "connector_kind" NOT NULL,
	"process_key" text NOT NULL,
	"department" text NOT NULL,
	"step" text NOT NULL,
	"approver_user_id" uuid,
	"finished" integer NOT NULL,
	"with_due" integer NOT NULL,
	"on_time" integer NOT NULL,
	"wait_seconds" integer[] NOT NULL,
	CONSTRAINT "analytics_step_daily_key_uq" UNIQUE NULLS NOT DISTINCT("day","connector_id","process_key","department","step","approver_user_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_task_facts" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"instance_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"source" "connector_kind" NOT NULL,
	"process_key" text NOT NULL,
	"department" text NOT NULL,
	"step" text NOT NULL,
	"approver_user_id" uuid,
	"pending" boolean NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"finished_day" date,
	"wait_seconds" integer,
	"due_at" timestamp with time zone,
	"on_time" boolean
);
--> statement-breakpoint
ALTER TABLE "analytics_grants" ADD CONSTRAINT "analytics_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_grants" ADD CONSTRAINT "analytics_grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_instance_facts_started_idx" ON "analytics_instance_facts" USING btree ("started_day","connector_id");--> statement-breakpoint
CREATE INDEX "analytics_instance_facts_finished_idx" ON "analytics_instance_facts" USING btree ("finished_day","connector_id");--> statement-breakpoint
CREATE INDEX "analytics_task_facts_instance_idx" ON "analytics_task_facts" USING btree ("instance_id");--> statement-breakpoint
CREATE INDEX "analytics_task_facts_pending_idx" ON "analytics_task_facts" USING btree ("received_at") WHERE "analytics_task_facts"."pending";--> statement-breakpoint
CREATE INDEX "analytics_task_facts_finished_idx" ON "analytics_task_facts" USING btree ("finished_day");--> statement-breakpoint
-- Insights change cursor (docs/insights.md): every statement that inserts, updates or deletes tasks or instances
-- marks their instances dirty, whatever code wrote them; the refresh-analytics job recomputes the facts and the
-- daily rollups of the dirty instances. One INSERT per statement, a no-op for instances already marked.
CREATE FUNCTION huiban_analytics_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'tasks' THEN
    IF TG_OP = 'DELETE' THEN
      INSERT INTO analytics_dirty_instances (instance_id) SELECT DISTINCT instance_id FROM old_rows ON CONFLICT DO NOTHING;
    ELSE
      INSERT INTO analytics_dirty_instances (instance_id) SELECT DISTINCT instance_id FROM new_rows ON CONFLICT DO NOTHING;
    END IF;
  ELSE
    IF TG_OP = 'DELETE' THEN
      INSERT INTO analytics_dirty_instances (instance_id) SELECT DISTINCT id FROM old_rows ON CONFLICT DO NOTHING;
    ELSE
      INSERT INTO analytics_dirty_instances (instance_id) SELECT DISTINCT id FROM new_rows ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tasks_analytics_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION huiban_analytics_dirty();
--> statement-breakpoint
CREATE TRIGGER tasks_analytics_update AFTER UPDATE ON tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION huiban_analytics_dirty();
--> statement-breakpoint
CREATE TRIGGER tasks_analytics_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION huiban_analytics_dirty();
--> statement-breakpoint
CREATE TRIGGER process_instances_analytics_insert AFTER INSERT ON process_instances REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION huiban_analytics_dirty();
--> statement-breakpoint
CREATE TRIGGER process_instances_analytics_update AFTER UPDATE ON process_instances REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION huiban_analytics_dirty();
--> statement-breakpoint
CREATE TRIGGER process_instances_analytics_delete AFTER DELETE ON process_instances REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION huiban_analytics_dirty();
