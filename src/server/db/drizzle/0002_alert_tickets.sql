ALTER TABLE "budget_alerts" ADD COLUMN "ticket_state" text;--> statement-breakpoint
ALTER TABLE "budget_alerts" ADD COLUMN "ticket_id" bigint;--> statement-breakpoint
ALTER TABLE "budget_alerts" ADD COLUMN "ticket_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "budget_alerts" ADD COLUMN "ticket_next_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "budget_alerts_tickets_due" ON "budget_alerts" USING btree ("tenant_id","ticket_next_at") WHERE ticket_state = 'pending';