/**
 * The backend's tables: the one truth of its schema. The migrations are generated from this file
 * by drizzle-kit (`npm run db:generate`, into drizzle/ beside it); a test fails when they drift.
 * Every table but `tenants` is keyed by tenant first, and its foreign keys carry the tenant, so
 * that every query is scoped to one Zendesk account and Citus can keep each account's rows of
 * every table on one node (citus.ts).
 *
 * Constraint names are PostgreSQL's own defaults (`<table>_pkey`, `<table>_<column>_fkey`,
 * `<table>_<column>_key`), spelled out: databases made by the hand-written migrations before
 * (legacy.ts) carry them, and a fresh database must be the same schema. For the same reason the
 * columns of `tickets` are in the order those migrations added them.
 * @module
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** An amount in minor units: numeric in the database (sums never overflow), BigInt here. */
const minorAmount = customType<{ data: bigint; driverData: string }>({
  dataType: () => 'numeric',
  fromDriver: (value) => BigInt(value),
  toDriver: (value) => value.toString(),
});

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The tenant registry: on Citus a reference table, a copy on every node. */
export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  account: text('account').notNull().unique('tenants_account_key'),
  /** SHA-256 of the ingest key: a bearer secret, only ever compared. */
  ingestKeyHash: text('ingest_key_hash').notNull().unique('tenants_ingest_key_hash_key'),
  /** AES-256-GCM under the master key: verifying a JWT or a webhook needs the secret itself. */
  sharedSecret: text('shared_secret_enc').notNull(),
  webhookSecret: text('webhook_secret_enc').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  /** Optional Zendesk API credentials (`email/token:TOKEN`), sealed; they let the backend ask
   * Zendesk itself, e.g. which plan an admin activated in the app's settings. */
  zendeskAuth: text('zendesk_auth_enc'),
  installationId: bigint('installation_id', { mode: 'number' }),
  createdAt: instant('created_at').notNull().defaultNow(),
});

/** Every tenant table's key to its tenant, under PostgreSQL's default name for it. */
const toTenant = (table: string, tenantId: Parameters<typeof foreignKey>[0]['columns'][0]) =>
  foreignKey({
    name: `${table}_tenant_id_fkey`,
    columns: [tenantId],
    foreignColumns: [tenants.id],
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
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'usage_events_pkey', columns: [t.tenantId, t.ticketId, t.id] }),
    toTenant('usage_events', t.tenantId),
  ],
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
    totalMinor: minorAmount('total_minor'),
    confirmedMinor: minorAmount('confirmed_minor'),
    decidedAt: instant('decided_at'),
    firstUsageAt: instant('first_usage_at'),
    channel: text('channel'),
    groupName: text('group_name'),
    agent: text('agent'),
    tools: jsonb('tools'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    /** Usage arrived since the ticket was last priced: ingest only marks it, a repricer (and
     * every report, before it reads) brings it up to date. */
    dirty: boolean('dirty').notNull().default(false),
    /** While a resolution is pending: when it confirms. */
    confirmsAt: instant('confirms_at'),
    /** Why the ticket could not be priced last time, while it could not. */
    priceError: text('price_error'),
    /** Failed pricings in a row, for the backoff. */
    priceAttempts: integer('price_attempts').notNull().default(0),
    /** While pricing fails: not before this instant again. */
    retryAt: instant('retry_at'),
  },
  (t) => [
    primaryKey({ name: 'tickets_pkey', columns: [t.tenantId, t.ticketId] }),
    toTenant('tickets', t.tenantId),
    index('tickets_by_first_usage').on(t.tenantId, t.firstUsageAt),
    index('tickets_by_decision').on(t.tenantId, t.decidedAt),
    index('tickets_dirty').on(t.tenantId, t.ticketId).where(sql`dirty`),
    index('tickets_confirming').on(t.tenantId, t.confirmsAt).where(sql`confirms_at IS NOT NULL`),
    // NULLS FIRST is what a plain DESC means in PostgreSQL, and what the migrations before made.
    index('tickets_by_total').on(t.tenantId, t.totalMinor.desc().nullsFirst()),
    index('tickets_unpriceable').on(t.tenantId).where(sql`price_error IS NOT NULL`),
    // The repricer looks, several times a second and across tenants, for tickets whose price
    // came due (a confirmation, a scheduled activation): led by the instant, it finds them
    // without reading every tenant's pending tickets.
    index('tickets_due').on(t.confirmsAt).where(sql`confirms_at IS NOT NULL AND NOT dirty`),
  ],
);

export const planVersions = pgTable(
  'plan_versions',
  {
    tenantId: text('tenant_id').notNull(),
    planId: text('plan_id').notNull(),
    version: integer('version').notNull(),
    /** The plan as validated by the core's schema; immutable once written. */
    body: jsonb('body').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'plan_versions_pkey', columns: [t.tenantId, t.planId, t.version] }),
    toTenant('plan_versions', t.tenantId),
  ],
);

/**
 * Numbers activations in order within the database. A plain sequence, not an identity: Citus
 * 13.2 distributes a bigint identity but then refuses every ALTER TABLE that would change it.
 */
export const activationsSeq = pgSequence('activations_seq_seq');

export const activations = pgTable(
  'activations',
  {
    /** Order of activation within the tenant. */
    seq: bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('activations_seq_seq')`),
    tenantId: text('tenant_id').notNull(),
    planId: text('plan_id').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: instant('effective_from').notNull(),
    activatedBy: text('activated_by').notNull(),
    activatedAt: instant('activated_at').notNull().defaultNow(),
    viaZendesk: boolean('via_zendesk').notNull(),
  },
  (t) => [
    primaryKey({ name: 'activations_pkey', columns: [t.tenantId, t.seq] }),
    toTenant('activations', t.tenantId),
    foreignKey({
      name: 'activations_tenant_id_plan_id_version_fkey',
      columns: [t.tenantId, t.planId, t.version],
      foreignColumns: [planVersions.tenantId, planVersions.planId, planVersions.version],
    }),
    index('activations_by_tenant').on(t.tenantId, t.effectiveFrom),
  ],
);

/** Signatures of webhook deliveries already accepted: a replayed delivery is refused. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    tenantId: text('tenant_id').notNull(),
    signature: text('signature').notNull(),
    receivedAt: instant('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'webhook_deliveries_pkey', columns: [t.tenantId, t.signature] }),
    toTenant('webhook_deliveries', t.tenantId),
  ],
);

/**
 * Daily sums of the priced tickets by dimension, which reports read instead of scanning
 * tickets (written in SQL by reports/rollups.ts). Counts and sums are numeric: a bigint sum
 * overflowed on honest volumes of large quantities and then broke every report of the tenant.
 */
export const ticketRollups = pgTable(
  'ticket_rollups',
  {
    tenantId: text('tenant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    currency: text('currency').notNull(),
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    outcome: text('outcome').notNull(),
    tickets: numeric('tickets').notNull(),
    confirmedMinor: minorAmount('confirmed_minor').notNull(),
    totalMinor: minorAmount('total_minor').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'ticket_rollups_pkey',
      columns: [t.tenantId, t.day, t.currency, t.dimension, t.value, t.outcome],
    }),
    toTenant('ticket_rollups', t.tenantId),
  ],
);

/** Numbers disputes; a plain sequence for the reason activations' is one. */
export const disputesIdSeq = pgSequence('disputes_id_seq');

/** Disputes of charged outcomes (issue 12): recorded by an agent, answered by the vendor. */
export const disputes = pgTable(
  'disputes',
  {
    tenantId: text('tenant_id').notNull(),
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
    reportedAt: instant('reported_at').notNull(),
    status: text('status').notNull().default('open'),
    decidedBy: text('decided_by'),
    decidedAt: instant('decided_at'),
    vendorAnswer: text('vendor_answer'),
  },
  (t) => [
    primaryKey({ name: 'disputes_pkey', columns: [t.tenantId, t.id] }),
    toTenant('disputes', t.tenantId),
    // At most one open dispute per ticket, so a double click does not dispute a charge twice.
    uniqueIndex('disputes_one_open').on(t.tenantId, t.ticketId).where(sql`status = 'open'`),
    index('disputes_by_time').on(t.tenantId, t.reportedAt),
  ],
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
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'budgets_pkey', columns: [t.tenantId, t.scope, t.value] }),
    toTenant('budgets', t.tenantId),
  ],
);

/** Where a tenant's alerts go: a URL and the secret they are signed with (sealed). */
export const alertDestinations = pgTable(
  'alert_destinations',
  {
    tenantId: text('tenant_id').notNull(),
    url: text('url').notNull(),
    secret: text('secret_enc').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'alert_destinations_pkey', columns: [t.tenantId] }),
    toTenant('alert_destinations', t.tenantId),
  ],
);

/** Numbers alerts; a plain sequence, as disputes'. */
export const budgetAlertsIdSeq = pgSequence('budget_alerts_id_seq');

/**
 * Alerts raised and their delivery. An alert is raised once per (tenant, scope, value, kind,
 * threshold, period): the unique key holds that across restarts and across instances sharing
 * the database, since a second insert of the same alert does nothing.
 */
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
    raisedAt: instant('raised_at').notNull(),
    delivery: text('delivery').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at'),
    deliveredAt: instant('delivered_at'),
    /**
     * The alert's internal Zendesk ticket, for a tenant that gave API access: null (none is
     * wanted), 'pending', 'created' (its id in ticket_id) or 'failed' (attempts spent).
     */
    ticketState: text('ticket_state'),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    ticketAttempts: integer('ticket_attempts').notNull().default(0),
    ticketNextAt: instant('ticket_next_at'),
  },
  (t) => [
    primaryKey({ name: 'budget_alerts_pkey', columns: [t.tenantId, t.id] }),
    unique('budget_alerts_tenant_id_scope_value_kind_threshold_period_key').on(
      t.tenantId,
      t.scope,
      t.value,
      t.kind,
      t.threshold,
      t.period,
    ),
    toTenant('budget_alerts', t.tenantId),
    index('budget_alerts_due').on(t.tenantId, t.nextAttemptAt).where(sql`delivery = 'pending'`),
    index('budget_alerts_by_time').on(t.tenantId, t.raisedAt),
    index('budget_alerts_tickets_due')
      .on(t.tenantId, t.ticketNextAt)
      .where(sql`ticket_state = 'pending'`),
  ],
);

/** Every attempt to deliver an alert, for the delivery log. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    tenantId: text('tenant_id').notNull(),
    alertId: bigint('alert_id', { mode: 'number' }).notNull(),
    attempt: integer('attempt').notNull(),
    attemptedAt: instant('attempted_at').notNull(),
    status: integer('status'),
    error: text('error'),
  },
  (t) => [
    primaryKey({ name: 'alert_deliveries_pkey', columns: [t.tenantId, t.alertId, t.attempt] }),
    toTenant('alert_deliveries', t.tenantId),
  ],
);
