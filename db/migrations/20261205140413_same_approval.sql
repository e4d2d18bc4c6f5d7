CREATE TABLE "same_approval_keys" (
	"instance_id" uuid NOT NULL,
	"key" text NOT NULL,
	"rank" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "same_approval_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"primary_instance_id" uuid NOT NULL,
	"twin_instance_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "same_approval_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"a_connector_id" uuid NOT NULL,
	"a_process_code" text NOT NULL,
	"a_field" text NOT NULL,
	"b_connector_id" uuid NOT NULL,
	"b_process_code" text NOT NULL,
	"b_field" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "same_approval_keys" ADD CONSTRAINT "same_approval_keys_instance_id_process_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."process_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "same_approval_links" ADD CONSTRAINT "same_approval_links_primary_instance_id_process_instances_id_fk" FOREIGN KEY ("primary_instance_id") REFERENCES "public"."process_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "same_approval_links" ADD CONSTRAINT "same_approval_links_twin_instance_id_process_instances_id_fk" FOREIGN KEY ("twin_instance_id") REFERENCES "public"."process_instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "same_approval_rules" ADD CONSTRAINT "same_approval_rules_a_connector_id_connectors_id_fk" FOREIGN KEY ("a_connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "same_approval_rules" ADD CONSTRAINT "same_approval_rules_b_connector_id_connectors_id_fk" FOREIGN KEY ("b_connector_id") REFERENCES "public"."connectors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "same_approval_keys_uq" ON "same_approval_keys" USING btree ("instance_id","key");--> statement-breakpoint
CREATE INDEX "same_approval_keys_key_idx" ON "same_approval_keys" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "same_approval_links_twin_uq" ON "same_approval_links" USING btree ("twin_instance_id");--> statement-breakpoint
CREATE INDEX "same_approval_links_primary_idx" ON "same_approval_links" USING btree ("primary_instance_id");--> statement-breakpoint
CREATE INDEX "same_approval_rules_a_idx" ON "same_approval_rules" USING btree ("a_connector_id","a_process_code");--> statement-breakpoint
CREATE INDEX "same_approval_rules_b_idx" ON "same_approval_rules" USING btree ("b_connector_id","b_process_code");--> statement-breakpoint
CREATE UNIQUE INDEX "same_approval_rules_uq" ON "same_approval_rules" USING btree ("a_connector_id","a_process_code","a_field","b_connector_id","b_process_code","b_field");