CREATE TABLE "analytics_company_cycle" (
	"span" text NOT NULL,
	"start" date NOT NULL,
	"connector_id" uuid NOT NULL,
	"source" "connector_kind" NOT NULL,
	"process_key" text NOT NULL,
	"bucket" smallint NOT NULL,
	"n" integer NOT NULL,
	"lo" integer NOT NULL,
	"hi" integer NOT NULL,
	CONSTRAINT "analytics_company_cycle_span_start_connector_id_process_key_bucket_pk" PRIMARY KEY("span","start","connector_id","process_key","bucket")
);
--> statement-breakpoint
CREATE TABLE "analytics_company_requests" (
	"span" text NOT NULL,
	"start" date NOT NULL,
	"connector_id" uuid NOT NULL,
	"source" "connector_kind" NOT NULL,
	"process_key" text NOT NULL,
	"process_name" text,
	"started" integer NOT NULL,
	"finished" integer NOT NULL,
	"refused" integer NOT NULL,
	"revoked" integer NOT NULL,
	"transferred" integer NOT NULL,
	CONSTRAINT "analytics_company_requests_span_start_connector_id_process_key_pk" PRIMARY KEY("span","start","connector_id","process_key")
);
--> statement-breakpoint
CREATE TABLE "analytics_company_sla" (
	"span" text NOT NULL,
	"start" date NOT NULL,
	"connector_id" uuid NOT NULL,
	"source" "connector_kind" NOT NULL,
	"process_key" text NOT NULL,
	"department" text NOT NULL,
	"finished" integer NOT NULL,
	"with_due" integer NOT NULL,
	"on_time" integer NOT NULL,
	CONSTRAINT "analytics_company_sla_span_start_connector_id_process_key_department_pk" PRIMARY KEY("span","start","connector_id","process_key","department")
);
--> statement-breakpoint
CREATE TABLE "analytics_company_waits" (
	"span" text NOT NULL,
	"start" date NOT NULL,
	"connector_id" uuid NOT NULL,
	"source" "connector_kind" NOT NULL,
	"process_key" text NOT NULL,
	"step" text NOT NULL,
	"bucket" smallint NOT NULL,
	"n" integer NOT NULL,
	"lo" integer NOT NULL,
	"hi" integer NOT NULL,
	CONSTRAINT "analytics_company_waits_span_start_connector_id_process_key_step_bucket_pk" PRIMARY KEY("span","start","connector_id","process_key","step","bucket")
);
--> statement-breakpoint
CREATE INDEX "analytics_daily_process_idx" ON "analytics_daily" USING btree ("connector_id","process_key","day");--> statement-breakpoint
CREATE INDEX "analytics_daily_department_idx" ON "analytics_daily" USING btree ("department");--> statement-breakpoint
CREATE INDEX "analytics_step_daily_process_idx" ON "analytics_step_daily" USING btree ("connector_id","process_key","day");--> statement-breakpoint
CREATE INDEX "analytics_step_daily_approver_idx" ON "analytics_step_daily" USING btree ("approver_user_id","day");--> statement-breakpoint
-- Fill the new company-wide rollups through the refresh job: every known request is marked dirty once.
INSERT INTO "analytics_dirty_instances" ("instance_id") SELECT "instance_id" FROM "analytics_instance_facts" ON CONFLICT DO NOTHING;
