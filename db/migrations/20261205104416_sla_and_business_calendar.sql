CREATE TYPE "public"."calendar_day_kind" AS ENUM('holiday', 'workday');--> statement-breakpoint
CREATE TYPE "public"."sla_escalation_stage" AS ENUM('remind', 'overdue', 'act');--> statement-breakpoint
CREATE TYPE "public"."sla_escalation_status" AS ENUM('claimed', 'sent', 'not_notified', 'acted', 'skipped', 'failed');--> statement-breakpoint
CREATE TYPE "public"."task_due_source" AS ENUM('source', 'sla');--> statement-breakpoint
CREATE TABLE "business_calendar" (
	"key" text PRIMARY KEY DEFAULT 'company' NOT NULL,
	"workdays" jsonb DEFAULT '[1,2,3,4,5]'::jsonb NOT NULL,
	"work_start" integer DEFAULT 540 NOT NULL,
	"work_end" integer DEFAULT 1080 NOT NULL,
	"lunch_start" integer,
	"lunch_end" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" "calendar_day_kind" NOT NULL,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_escalations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"instance_id" uuid NOT NULL,
	"stage" "sla_escalation_stage" NOT NULL,
	"status" "sla_escalation_status" DEFAULT 'claimed' NOT NULL,
	"recipient_user_id" uuid,
	"detail" text,
	"due_at" timestamp with time zone NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "process_settings" ADD COLUMN "sla" jsonb;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "due_source" "task_due_source";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "step_sla" jsonb;--> statement-breakpoint
ALTER TABLE "sla_escalations" ADD CONSTRAINT "sla_escalations_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_escalations" ADD CONSTRAINT "sla_escalations_instance_id_process_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."process_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_escalations" ADD CONSTRAINT "sla_escalations_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_escalations_task_stage_uq" ON "sla_escalations" USING btree ("task_id","stage");--> statement-breakpoint
CREATE INDEX "sla_escalations_claimed_idx" ON "sla_escalations" USING btree ("status","claimed_at");--> statement-breakpoint
CREATE INDEX "tasks_pending_due_idx" ON "tasks" USING btree ("due_at") WHERE "tasks"."status" = 'pending' and "tasks"."due_at" is not null;
