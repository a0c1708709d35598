/**
 * Versioned migrations, applied in order at start. A migration is never edited once shipped:
 * a change is a new entry. Kept as code so the server needs no files beside itself.
 * @module
 */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * On a Citus coordinator, every migration from this one on distributes each table it creates
 * right after its CREATE TABLE (citus.ts). A new table may point at `tenants` in its CREATE
 * TABLE, but a foreign key to another tenant table must come in an ALTER TABLE after it: Citus
 * lets no local table, which the new one is until that CREATE TABLE is done, point at a
 * distributed one. Migrations 1 to 4 predate Citus: the key they gave `activations`
 * cannot be distributed, and once `plan_versions` is distributed, the table with a foreign key to
 * it cannot even be created as a local one. So their tables are created local, and migration 5,
 * having re-keyed `activations`, distributes them all: on a new database as on one upgraded in
 * place, the same path.
 */
export const DISTRIBUTED_FROM = 5;

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'ledger',
    sql: `
      CREATE TABLE tenants (
        id text PRIMARY KEY,
        account text NOT NULL UNIQUE,
        ingest_key_hash text NOT NULL UNIQUE,
        shared_secret_enc text NOT NULL,
        webhook_secret_enc text NOT NULL,
        time_zone text NOT NULL DEFAULT 'UTC',
        zendesk_auth_enc text,
        installation_id bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE usage_events (
        tenant_id text NOT NULL REFERENCES tenants (id),
        ticket_id text NOT NULL,
        id text NOT NULL,
        body jsonb NOT NULL,
        digest text NOT NULL,
        source text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, ticket_id, id)
      );
      CREATE TABLE tickets (
        tenant_id text NOT NULL REFERENCES tenants (id),
        ticket_id text NOT NULL,
        revision bigint NOT NULL,
        lifecycle jsonb NOT NULL,
        attributes jsonb,
        breakdown jsonb,
        plan_id text,
        plan_version integer,
        currency text,
        outcome text,
        tier text,
        total_minor bigint,
        confirmed_minor bigint,
        decided_at timestamptz,
        first_usage_at timestamptz,
        channel text,
        group_name text,
        agent text,
        tools jsonb,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, ticket_id)
      );
      CREATE INDEX tickets_by_first_usage ON tickets (tenant_id, first_usage_at);
      CREATE INDEX tickets_by_decision ON tickets (tenant_id, decided_at);
      CREATE TABLE plan_versions (
        tenant_id text NOT NULL REFERENCES tenants (id),
        plan_id text NOT NULL,
        version integer NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, plan_id, version)
      );
      CREATE TABLE activations (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (id),
        plan_id text NOT NULL,
        version integer NOT NULL,
        effective_from timestamptz NOT NULL,
        activated_by text NOT NULL,
        activated_at timestamptz NOT NULL DEFAULT now(),
        via_zendesk boolean NOT NULL,
        FOREIGN KEY (tenant_id, plan_id, version) REFERENCES plan_versions (tenant_id, plan_id, version)
      );
      CREATE INDEX activations_by_tenant ON activations (tenant_id, effective_from);
      CREATE TABLE webhook_deliveries (
        tenant_id text NOT NULL REFERENCES tenants (id),
        signature text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, signature)
      );
    `,
  },
  {
    id: 2,
    name: 'deferred repricing',
    // Ingest only marks the tickets it touched; a repricer (and every report, before it reads)
    // brings them up to date. Ingest then costs two statements whatever the batch touches.
    sql: `
      ALTER TABLE tickets ADD COLUMN dirty boolean NOT NULL DEFAULT false;
      CREATE INDEX tickets_dirty ON tickets (tenant_id, ticket_id) WHERE dirty;
    `,
  },
  {
    id: 3,
    name: 'report rollups',
    // Reports sum daily rollups instead of scanning tickets; tickets whose pending confirmation
    // has come due are found by confirms_at and repriced before a report reads.
    sql: `
      CREATE TABLE ticket_rollups (
        tenant_id text NOT NULL REFERENCES tenants (id),
        day date NOT NULL,
        currency text NOT NULL,
        dimension text NOT NULL,
        value text NOT NULL,
        outcome text NOT NULL,
        tickets bigint NOT NULL,
        confirmed_minor bigint NOT NULL,
        total_minor bigint NOT NULL,
        PRIMARY KEY (tenant_id, day, currency, dimension, value, outcome)
      );
      ALTER TABLE tickets ADD COLUMN confirms_at timestamptz;
      CREATE INDEX tickets_confirming ON tickets (tenant_id, confirms_at) WHERE confirms_at IS NOT NULL;
      CREATE INDEX tickets_by_total ON tickets (tenant_id, total_minor DESC);
    `,
  },
  {
    id: 4,
    name: 'overflow-proof amounts and isolated pricing failures',
    // Amounts in minor units and rollup sums as numeric: a bigint sum overflowed on honest
    // volumes of large quantities and then broke every report of the tenant. A ticket that
    // cannot be priced keeps its reason and is retried later, instead of failing its batch.
    sql: `
      ALTER TABLE tickets
        ALTER COLUMN total_minor TYPE numeric,
        ALTER COLUMN confirmed_minor TYPE numeric,
        ADD COLUMN price_error text,
        ADD COLUMN price_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN retry_at timestamptz;
      ALTER TABLE ticket_rollups
        ALTER COLUMN tickets TYPE numeric,
        ALTER COLUMN confirmed_minor TYPE numeric,
        ALTER COLUMN total_minor TYPE numeric;
      CREATE INDEX tickets_unpriceable ON tickets (tenant_id) WHERE price_error IS NOT NULL;
    `,
  },
  {
    id: 5,
    name: 'activations keyed by tenant',
    // Citus (see citus.ts) accepts no unique key without the distribution column: the key
    // becomes (tenant_id, seq). seq is drawn from a plain sequence instead of the identity:
    // Citus 13.2 distributes a bigint identity, but then refuses every ALTER TABLE that would
    // drop or change it ("currently unsupported"), where a default can be changed like any
    // other. The sequence carries on from the identity's last value, so the order of
    // activations (what the history and the timeline read) is kept; the identity's own sequence
    // goes with it, so the new one can take its name.
    sql: `
      ALTER TABLE activations ALTER COLUMN seq DROP IDENTITY;
      CREATE SEQUENCE activations_seq_seq AS bigint OWNED BY activations.seq;
      SELECT setval('activations_seq_seq', coalesce((SELECT max(seq) FROM activations), 0) + 1, false);
      ALTER TABLE activations ALTER COLUMN seq SET DEFAULT nextval('activations_seq_seq');
      ALTER TABLE activations DROP CONSTRAINT activations_pkey;
      ALTER TABLE activations ADD PRIMARY KEY (tenant_id, seq);
    `,
  },
  {
    id: 6,
    name: 'disputes',
    // An agent's dispute of a charged outcome and the vendor's answer, recorded by an admin.
    // The amount is the ledger's at the time of the dispute, in minor units; at most one open
    // dispute per ticket, so a double click does not dispute a charge twice.
    // The id from a plain sequence, as activations' since migration 5: Citus distributes no
    // table with an identity column.
    sql: `
      CREATE SEQUENCE disputes_id_seq AS bigint;
      CREATE TABLE disputes (
        tenant_id text NOT NULL REFERENCES tenants (id),
        id bigint NOT NULL DEFAULT nextval('disputes_id_seq'),
        ticket_id text NOT NULL,
        plans jsonb NOT NULL,
        outcome text NOT NULL,
        currency text NOT NULL,
        amount_minor numeric NOT NULL,
        reason text NOT NULL,
        note text,
        reported_by text NOT NULL,
        reported_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open',
        decided_by text,
        decided_at timestamptz,
        vendor_answer text,
        PRIMARY KEY (tenant_id, id)
      );
      CREATE UNIQUE INDEX disputes_one_open ON disputes (tenant_id, ticket_id) WHERE status = 'open';
      CREATE INDEX disputes_by_time ON disputes (tenant_id, reported_at);
    `,
  },
  {
    id: 7,
    name: 'due tickets by instant',
    // The repricer looks, several times a second and across tenants, for tickets whose price
    // came due (a confirmation, a scheduled activation): an index led by the instant finds them
    // without reading every tenant's pending tickets.
    sql: `
      CREATE INDEX tickets_due ON tickets (confirms_at) WHERE confirms_at IS NOT NULL AND NOT dirty;
    `,
  },
  {
    id: 8,
    name: 'budgets and alerts',
    // Monthly budgets (the account's, a group's, an AI tool's), the tenant's alert webhook
    // (its secret sealed like the tenant's others), the alerts raised and every delivery
    // attempt. An alert is raised once per scope, kind, threshold and month: the unique key
    // holds that across restarts and across instances sharing the database, since a second
    // insert of the same alert does nothing. Ids from a plain sequence, as since migration 6.
    sql: `
      CREATE TABLE budgets (
        tenant_id text NOT NULL REFERENCES tenants (id),
        scope text NOT NULL,
        value text NOT NULL,
        currency text NOT NULL,
        amount_minor numeric NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, scope, value)
      );
      CREATE TABLE alert_destinations (
        tenant_id text NOT NULL REFERENCES tenants (id),
        url text NOT NULL,
        secret_enc text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id)
      );
      CREATE SEQUENCE budget_alerts_id_seq AS bigint;
      CREATE TABLE budget_alerts (
        tenant_id text NOT NULL REFERENCES tenants (id),
        id bigint NOT NULL DEFAULT nextval('budget_alerts_id_seq'),
        scope text NOT NULL,
        value text NOT NULL,
        kind text NOT NULL,
        threshold integer NOT NULL,
        period text NOT NULL,
        currency text NOT NULL,
        budget_minor numeric NOT NULL,
        spent_minor numeric NOT NULL,
        forecast_minor numeric,
        raised_at timestamptz NOT NULL,
        delivery text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        delivered_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, scope, value, kind, threshold, period)
      );
      CREATE INDEX budget_alerts_due ON budget_alerts (tenant_id, next_attempt_at) WHERE delivery = 'pending';
      CREATE INDEX budget_alerts_by_time ON budget_alerts (tenant_id, raised_at);
      CREATE TABLE alert_deliveries (
        tenant_id text NOT NULL REFERENCES tenants (id),
        alert_id bigint NOT NULL,
        attempt integer NOT NULL,
        attempted_at timestamptz NOT NULL,
        status integer,
        error text,
        PRIMARY KEY (tenant_id, alert_id, attempt)
      );
    `,
  },
];
