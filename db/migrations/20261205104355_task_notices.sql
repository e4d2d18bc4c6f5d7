CREATE TYPE "public"."task_notice_state" AS ENUM('sending', 'sent', 'closed', 'skipped', 'failed');--> statement-breakpoint
CREATE TABLE "task_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"source_connector_id" uuid NOT NULL,
	"dingtalk_connector_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"dingtalk_user_id" text,
	"state" "task_notice_state" NOT NULL,
	"skip_reason" text,
	"content_hash" text,
	"message" jsonb,
	"dingtalk_task_id" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delivery" text,
	"status_value" text,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "task_todo_mirrors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"dingtalk_connector_id" uuid NOT NULL,
	"union_id" text NOT NULL,
	"state" text NOT NULL,
	"todo_id" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "mute_task_notices" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "task_notices" ADD CONSTRAINT "task_notices_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_notices" ADD CONSTRAINT "task_notices_source_connector_id_connectors_id_fk" FOREIGN KEY ("source_connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_notices" ADD CONSTRAINT "task_notices_dingtalk_connector_id_connectors_id_fk" FOREIGN KEY ("dingtalk_connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_notices" ADD CONSTRAINT "task_notices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_todo_mirrors" ADD CONSTRAINT "task_todo_mirrors_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_todo_mirrors" ADD CONSTRAINT "task_todo_mirrors_dingtalk_connector_id_connectors_id_fk" FOREIGN KEY ("dingtalk_connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "task_notices_task_uq" ON "task_notices" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "task_notices_recipient_idx" ON "task_notices" USING btree ("dingtalk_user_id","sent_at");--> statement-breakpoint
CREATE INDEX "task_notices_sender_idx" ON "task_notices" USING btree ("dingtalk_connector_id","sent_at");--> statement-breakpoint
CREATE INDEX "task_notices_source_idx" ON "task_notices" USING btree ("source_connector_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "task_todo_mirrors_task_uq" ON "task_todo_mirrors" USING btree ("task_id");
