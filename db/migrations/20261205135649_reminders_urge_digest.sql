CREATE TYPE "public"."reminder_notice_status" AS ENUM('pending', 'sent', 'not_notified', 'failed');--> statement-breakpoint
CREATE TABLE "digest_sends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"local_date" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"pending_count" integer DEFAULT 0 NOT NULL,
	"reason" text,
	"dingtalk_connector_id" uuid,
	"dingtalk_task_id" bigint,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "urge_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"urge_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"recipient_user_id" uuid,
	"recipient_name" text NOT NULL,
	"status" "reminder_notice_status" DEFAULT 'pending' NOT NULL,
	"reason" text,
	"dingtalk_connector_id" uuid,
	"dingtalk_task_id" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "urges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"urged_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "digest_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "digest_hour" integer;--> statement-breakpoint
ALTER TABLE "digest_sends" ADD CONSTRAINT "digest_sends_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_sends" ADD CONSTRAINT "digest_sends_dingtalk_connector_id_connectors_id_fk" FOREIGN KEY ("dingtalk_connector_id") REFERENCES "public"."connectors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urge_notices" ADD CONSTRAINT "urge_notices_urge_id_urges_id_fk" FOREIGN KEY ("urge_id") REFERENCES "public"."urges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urge_notices" ADD CONSTRAINT "urge_notices_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urge_notices" ADD CONSTRAINT "urge_notices_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urge_notices" ADD CONSTRAINT "urge_notices_dingtalk_connector_id_connectors_id_fk" FOREIGN KEY ("dingtalk_connector_id") REFERENCES "public"."connectors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urges" ADD CONSTRAINT "urges_instance_id_process_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."process_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "urges" ADD CONSTRAINT "urges_urged_by_user_id_users_id_fk" FOREIGN KEY ("urged_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "digest_sends_user_date_uq" ON "digest_sends" USING btree ("user_id","local_date");--> statement-breakpoint
CREATE UNIQUE INDEX "urge_notices_urge_task_uq" ON "urge_notices" USING btree ("urge_id","task_id");--> statement-breakpoint
CREATE INDEX "urges_instance_time_idx" ON "urges" USING btree ("instance_id","created_at");