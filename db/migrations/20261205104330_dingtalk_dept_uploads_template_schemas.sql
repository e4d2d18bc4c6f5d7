CREATE TABLE "dingtalk_template_schemas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connector_id" uuid NOT NULL,
	"process_code" text NOT NULL,
	"name" text,
	"hash" text NOT NULL,
	"fields" jsonb NOT NULL,
	"latest_hash" text NOT NULL,
	"latest_fields" jsonb NOT NULL,
	"changes" jsonb,
	"stale_since" timestamp with time zone,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "local_effects" ADD COLUMN "progress" jsonb;--> statement-breakpoint
ALTER TABLE "local_runs" ADD COLUMN "dingtalk_dept_id" text;--> statement-breakpoint
ALTER TABLE "workflow_definitions" ADD COLUMN "dingtalk_template" jsonb;--> statement-breakpoint
ALTER TABLE "dingtalk_template_schemas" ADD CONSTRAINT "dingtalk_template_schemas_connector_id_connectors_id_fk" FOREIGN KEY ("connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dingtalk_template_schemas" ADD CONSTRAINT "dingtalk_template_schemas_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dingtalk_template_schemas_connector_code_uq" ON "dingtalk_template_schemas" USING btree ("connector_id","process_code");
