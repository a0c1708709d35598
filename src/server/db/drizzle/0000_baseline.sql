CREATE SEQUENCE "public"."activations_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."disputes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "activations" (
	"seq" bigint DEFAULT nextval('activations_seq_seq') NOT NULL,
	"tenant_id" text NOT NULL,
	"plan_id" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"activated_by" text NOT NULL,
	"activated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"via_zendesk" boolean NOT NULL,
	CONSTRAINT "activations_pkey" PRIMARY KEY("tenant_id","seq")
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"tenant_id" text NOT NULL,
	"id" bigint DEFAULT nextval('disputes_id_seq') NOT NULL,
	"ticket_id" text NOT NULL,
	"plans" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" numeric NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"reported_by" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"vendor_answer" text,
	CONSTRAINT "disputes_pkey" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"tenant_id" text NOT NULL,
	"plan_id" text NOT NULL,
	"version" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_versions_pkey" PRIMARY KEY("tenant_id","plan_id","version")
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"ingest_key_hash" text NOT NULL,
	"shared_secret_enc" text NOT NULL,
	"webhook_secret_enc" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"zendesk_auth_enc" text,
	"installation_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_account_key" UNIQUE("account"),
	CONSTRAINT "tenants_ingest_key_hash_key" UNIQUE("ingest_key_hash")
);
--> statement-breakpoint
CREATE TABLE "ticket_rollups" (
	"tenant_id" text NOT NULL,
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"outcome" text NOT NULL,
	"tickets" numeric NOT NULL,
	"confirmed_minor" numeric NOT NULL,
	"total_minor" numeric NOT NULL,
	CONSTRAINT "ticket_rollups_pkey" PRIMARY KEY("tenant_id","day","currency","dimension","value","outcome")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"tenant_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"revision" bigint NOT NULL,
	"lifecycle" jsonb NOT NULL,
	"attributes" jsonb,
	"breakdown" jsonb,
	"plan_id" text,
	"plan_version" integer,
	"currency" text,
	"outcome" text,
	"tier" text,
	"total_minor" numeric,
	"confirmed_minor" numeric,
	"decided_at" timestamp with time zone,
	"first_usage_at" timestamp with time zone,
	"channel" text,
	"group_name" text,
	"agent" text,
	"tools" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dirty" boolean DEFAULT false NOT NULL,
	"confirms_at" timestamp with time zone,
	"price_error" text,
	"price_attempts" integer DEFAULT 0 NOT NULL,
	"retry_at" timestamp with time zone,
	CONSTRAINT "tickets_pkey" PRIMARY KEY("tenant_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"tenant_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"id" text NOT NULL,
	"body" jsonb NOT NULL,
	"digest" text NOT NULL,
	"source" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_events_pkey" PRIMARY KEY("tenant_id","ticket_id","id")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"tenant_id" text NOT NULL,
	"signature" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY("tenant_id","signature")
);
--> statement-breakpoint
ALTER TABLE "activations" ADD CONSTRAINT "activations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activations" ADD CONSTRAINT "activations_tenant_id_plan_id_version_fkey" FOREIGN KEY ("tenant_id","plan_id","version") REFERENCES "public"."plan_versions"("tenant_id","plan_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_rollups" ADD CONSTRAINT "ticket_rollups_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activations_by_tenant" ON "activations" USING btree ("tenant_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_one_open" ON "disputes" USING btree ("tenant_id","ticket_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "disputes_by_time" ON "disputes" USING btree ("tenant_id","reported_at");--> statement-breakpoint
CREATE INDEX "tickets_by_first_usage" ON "tickets" USING btree ("tenant_id","first_usage_at");--> statement-breakpoint
CREATE INDEX "tickets_by_decision" ON "tickets" USING btree ("tenant_id","decided_at");--> statement-breakpoint
CREATE INDEX "tickets_dirty" ON "tickets" USING btree ("tenant_id","ticket_id") WHERE dirty;--> statement-breakpoint
CREATE INDEX "tickets_confirming" ON "tickets" USING btree ("tenant_id","confirms_at") WHERE confirms_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "tickets_by_total" ON "tickets" USING btree ("tenant_id","total_minor" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "tickets_unpriceable" ON "tickets" USING btree ("tenant_id") WHERE price_error IS NOT NULL;--> statement-breakpoint
CREATE INDEX "tickets_due" ON "tickets" USING btree ("confirms_at") WHERE confirms_at IS NOT NULL AND NOT dirty;