ALTER TYPE "public"."task_action_kind" ADD VALUE 'append';--> statement-breakpoint
ALTER TYPE "public"."task_action_kind" ADD VALUE 'revert';--> statement-breakpoint
ALTER TYPE "public"."task_action_kind" ADD VALUE 'withdraw';--> statement-breakpoint
ALTER TYPE "public"."task_action_kind" ADD VALUE 'resubmit';