CREATE TABLE "instance_mentions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"mentioned_by_user_id" uuid,
	"action_id" uuid,
	"notice_status" text,
	"notice_reason" text,
	"notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "instance_mentions" ADD CONSTRAINT "instance_mentions_instance_id_process_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."process_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_mentions" ADD CONSTRAINT "instance_mentions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_mentions" ADD CONSTRAINT "instance_mentions_mentioned_by_user_id_users_id_fk" FOREIGN KEY ("mentioned_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_mentions" ADD CONSTRAINT "instance_mentions_action_id_task_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."task_actions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "instance_mentions_instance_user_uq" ON "instance_mentions" USING btree ("instance_id","user_id");--> statement-breakpoint
CREATE INDEX "instance_mentions_user_idx" ON "instance_mentions" USING btree ("user_id");