CREATE TYPE "public"."task_node_mode" AS ENUM('and', 'or', 'single');--> statement-breakpoint
ALTER TABLE "process_logs" ADD COLUMN "targets" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "process_logs" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "node_mode" "task_node_mode";