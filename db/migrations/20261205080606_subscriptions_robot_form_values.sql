ALTER TYPE "public"."subscription_kind" ADD VALUE 'dingtalk_robot';--> statement-breakpoint
CREATE TABLE "robot_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"delivery_count" integer NOT NULL,
	"errcode" text
);
--> statement-breakpoint
ALTER TABLE "robot_messages" ADD CONSTRAINT "robot_messages_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "robot_messages_subscription_sent_idx" ON "robot_messages" USING btree ("subscription_id","sent_at");--> statement-breakpoint
-- Department events are no longer offered (they were never delivered: the DingTalk adapter does not process them).
UPDATE "subscriptions" SET "event_types" = "event_types" - 'org_dept_create' - 'org_dept_modify' - 'org_dept_remove' WHERE "event_types" ?| array['org_dept_create', 'org_dept_modify', 'org_dept_remove'];
