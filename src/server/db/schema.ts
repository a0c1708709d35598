/**
 * The backend's tables, for Drizzle's typed queries. The DDL that creates them lives in
 * migrations.ts; these definitions must match it. Every table is keyed by tenant first, so that
 * every query is scoped to one Zendesk account.
 * @module
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

/** An amount in minor units: numeric in the database (sums never overflow), BigInt here. */
const minorAmount = customType<{ data: bigint; driverData: string }>({
  dataType: () => 'numeric',
  fromDriver: (value) => BigInt(value),
  toDriver: (value) => value.toString(),
});

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  account: text('account').notNull().unique(),
  /** SHA-256 of the ingest key: a bearer secret, only ever compared. */
  ingestKeyHash: text('ingest_key_hash').notNull().unique(),
  /** AES-256-GCM under the master key: verifying a JWT or a webhook needs the secret itself. */
  sharedSecret: text('shared_secret_enc').notNull(),
  webhookSecret: text('webhook_secret_enc').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  /** Optional Zendesk API credentials (`email/token:TOKEN`), sealed; they let the backend ask
   * Zendesk itself, e.g. which plan an admin activated in the app's settings. */
  zendeskAuth: text('zendesk_auth_enc'),
  installationId: bigint('installation_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const usageEvents = pgTable(
  'usage_events',
  {
    tenantId: text('tenant_id').notNull(),
    ticketId: text('ticket_id').notNull(),
    id: text('id').notNull(),
    /** The event exactly as first accepted (the core's UsageEvent). */
    body: jsonb('body').notNull(),
    /** A canonical digest of the body, to tell a replay from a conflicting duplicate. */
    digest: text('digest').notNull(),
    source: text('source').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.ticketId, t.id] })],
);

export const tickets = pgTable(
  'tickets',
  {
    tenantId: text('tenant_id').notNull(),
    ticketId: text('ticket_id').notNull(),
    /** The newest sync applied; an older one never overwrites it. */
    revision: bigint('revision', { mode: 'number' }).notNull(),
    /** Lifecycle and attributes as last synced (usage lives in usage_events). */
    lifecycle: jsonb('lifecycle').notNull(),
    attributes: jsonb('attributes'),
    breakdown: jsonb('breakdown'),
    planId: text('plan_id'),
    planVersion: integer('plan_version'),
    currency: text('currency'),
    outcome: text('outcome'),
    tier: text('tier'),
    /** Numeric since migration 4. */
    totalMinor: minorAmount('total_minor'),
    confirmedMinor: minorAmount('confirmed_minor'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    firstUsageAt: timestamp('first_usage_at', { withTimezone: true, mode: 'date' }),
    channel: text('channel'),
    groupName: text('group_name'),
    agent: text('agent'),
    tools: jsonb('tools'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** While a resolution is pending: when it confirms (migration 3). */
    confirmsAt: timestamp('confirms_at', { withTimezone: true, mode: 'date' }),
    /** Usage arrived since the ticket was last priced (migration 2). */
    dirty: boolean('dirty').notNull().default(false),
    /** Why the ticket could not be priced last time, while it could not (migration 4). */
    priceError: text('price_error'),
    /** Failed pricings in a row, for the backoff (migration 4). */
    priceAttempts: integer('price_attempts').notNull().default(0),
    /** While pricing fails: not before this instant again (migration 4). */
    retryAt: timestamp('retry_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.ticketId] })],
);

export const planVersions = pgTable(
  'plan_versions',
  {
    tenantId: text('tenant_id').notNull(),
    planId: text('plan_id').notNull(),
    version: integer('version').notNull(),
    /** The plan as validated by the core's schema; immutable once written. */
    body: jsonb('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.planId, t.version] })],
);

export const activations = pgTable(
  'activations',
  {
    /** Order of activation within the tenant, from a sequence (migration 5). */
    seq: bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('activations_seq_seq')`),
    tenantId: text('tenant_id').notNull(),
    planId: text('plan_id').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: timestamp('effective_from', { withTimezone: true, mode: 'date' }).notNull(),
    activatedBy: text('activated_by').notNull(),
    activatedAt: timestamp('activated_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
    viaZendesk: boolean('via_zendesk').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.seq] })],
);

export const schemaMigrations = pgTable('schema_migrations', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Signatures of webhook deliveries already accepted: a replayed delivery is refused. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    tenantId: text('tenant_id').notNull(),
    signature: text('signature').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.signature] })],
);

/** Disputes of charged outcomes (issue 12): recorded by an agent, answered by the vendor. */
export const disputes = pgTable(
  'disputes',
  {
    tenantId: text('tenant_id').notNull(),
    /** From a plain sequence, not an identity: Citus distributes no table with one. */
    id: bigint('id', { mode: 'number' }).notNull().default(sql`nextval('disputes_id_seq')`),
    ticketId: text('ticket_id').notNull(),
    /** The plan versions (`id@version`) of the disputed lines. */
    plans: jsonb('plans').notNull(),
    outcome: text('outcome').notNull(),
    currency: text('currency').notNull(),
    /** The disputed charge as the ledger priced it when the dispute was made. */
    amountMinor: minorAmount('amount_minor').notNull(),
    reason: text('reason').notNull(),
    note: text('note'),
    reportedBy: text('reported_by').notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true, mode: 'date' }).notNull(),
    status: text('status').notNull().default('open'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    vendorAnswer: text('vendor_answer'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Monthly budgets (issue 14): the account's (`scope` account, `value` ''), a group's, a tool's. */
export const budgets = pgTable(
  'budgets',
  {
    tenantId: text('tenant_id').notNull(),
    scope: text('scope').notNull(),
    value: text('value').notNull(),
    currency: text('currency').notNull(),
    amountMinor: minorAmount('amount_minor').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.scope, t.value] })],
);

/** Where a tenant's alerts go: a URL and the secret they are signed with (sealed). */
export const alertDestinations = pgTable(
  'alert_destinations',
  {
    tenantId: text('tenant_id').notNull(),
    url: text('url').notNull(),
    secret: text('secret_enc').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId] })],
);

/** Alerts raised, once per (tenant, scope, value, kind, threshold, period), and their delivery. */
export const budgetAlerts = pgTable(
  'budget_alerts',
  {
    tenantId: text('tenant_id').notNull(),
    id: bigint('id', { mode: 'number' }).notNull().default(sql`nextval('budget_alerts_id_seq')`),
    scope: text('scope').notNull(),
    value: text('value').notNull(),
    kind: text('kind').notNull(),
    threshold: integer('threshold').notNull(),
    period: text('period').notNull(),
    currency: text('currency').notNull(),
    budgetMinor: minorAmount('budget_minor').notNull(),
    spentMinor: minorAmount('spent_minor').notNull(),
    forecastMinor: minorAmount('forecast_minor'),
    raisedAt: timestamp('raised_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** pending, delivered, failed (retries spent) or undelivered (no destination set). */
    delivery: text('delivery').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique().on(t.tenantId, t.scope, t.value, t.kind, t.threshold, t.period),
  ],
);

/** Every attempt to deliver an alert: the HTTP status it got, or why it got none. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    tenantId: text('tenant_id').notNull(),
    alertId: bigint('alert_id', { mode: 'number' }).notNull(),
    attempt: integer('attempt').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true, mode: 'date' }).notNull(),
    status: integer('status'),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.alertId, t.attempt] })],
);
