CREATE SEQUENCE "public"."budget_alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"tenant_id" text NOT NULL,
	"alert_id" bigint NOT NULL,
	"attempt" integer NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"status" integer,
	"error" text,
	CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY("tenant_id","alert_id","attempt")
);
--> statement-breakpoint
CREATE TABLE "alert_destinations" (
	"tenant_id" text NOT NULL,
	"url" text NOT NULL,
	"secret_enc" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_destinations_pkey" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
CREATE TABLE "budget_alerts" (
	"tenant_id" text NOT NULL,
	"id" bigint DEFAULT nextval('budget_alerts_id_seq') NOT NULL,
	"scope" text NOT NULL,
	"value" text NOT NULL,
	"kind" text NOT NULL,
	"threshold" integer NOT NULL,
	"period" text NOT NULL,
	"currency" text NOT NULL,
	"budget_minor" numeric NOT NULL,
	"spent_minor" numeric NOT NULL,
	"forecast_minor" numeric,
	"raised_at" timestamp with time zone NOT NULL,
	"delivery" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "budget_alerts_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "budget_alerts_tenant_id_scope_value_kind_threshold_period_key" UNIQUE("tenant_id","scope","value","kind","threshold","period")
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"tenant_id" text NOT NULL,
	"scope" text NOT NULL,
	"value" text NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" numeric NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_pkey" PRIMARY KEY("tenant_id","scope","value")
);
--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_destinations" ADD CONSTRAINT "alert_destinations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_alerts" ADD CONSTRAINT "budget_alerts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_alerts_due" ON "budget_alerts" USING btree ("tenant_id","next_attempt_at") WHERE delivery = 'pending';--> statement-breakpoint
CREATE INDEX "budget_alerts_by_time" ON "budget_alerts" USING btree ("tenant_id","raised_at");