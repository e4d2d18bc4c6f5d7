CREATE TABLE "source_approval_centre_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"dingtalk_connector_id" uuid NOT NULL,
	"state" text NOT NULL,
	"process_code" text,
	"pc_instance_id" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_approval_centre_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"centre_instance_id" uuid NOT NULL,
	"dingtalk_user_id" text NOT NULL,
	"state" text NOT NULL,
	"pc_task_id" bigint,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_approval_centre_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_connector_id" uuid NOT NULL,
	"process_key" text NOT NULL,
	"dingtalk_connector_id" uuid NOT NULL,
	"name" text NOT NULL,
	"process_code" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "source_approval_centre_instances" ADD CONSTRAINT "source_approval_centre_instances_instance_id_process_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."process_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_approval_centre_instances" ADD CONSTRAINT "source_approval_centre_instances_dingtalk_connector_id_connectors_id_fk" FOREIGN KEY ("dingtalk_connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_approval_centre_tasks" ADD CONSTRAINT "source_approval_centre_tasks_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_approval_centre_tasks" ADD CONSTRAINT "source_approval_centre_tasks_centre_instance_id_source_approval_centre_instances_id_fk" FOREIGN KEY ("centre_instance_id") REFERENCES "public"."source_approval_centre_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_approval_centre_templates" ADD CONSTRAINT "source_approval_centre_templates_source_connector_id_connectors_id_fk" FOREIGN KEY ("source_connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_approval_centre_templates" ADD CONSTRAINT "source_approval_centre_templates_dingtalk_connector_id_connectors_id_fk" FOREIGN KEY ("dingtalk_connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "source_approval_centre_instances_uq" ON "source_approval_centre_instances" USING btree ("instance_id");--> statement-breakpoint
CREATE UNIQUE INDEX "source_approval_centre_tasks_uq" ON "source_approval_centre_tasks" USING btree ("task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "source_approval_centre_templates_uq" ON "source_approval_centre_templates" USING btree ("source_connector_id","process_key","dingtalk_connector_id");