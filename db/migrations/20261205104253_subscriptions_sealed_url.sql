ALTER TABLE "subscriptions" ADD COLUMN "sealed_url" text;
