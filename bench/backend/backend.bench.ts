/**
 * Backend benchmarks (`npm run bench:backend`), each beside a baseline measured in the same run:
 * - usage ingest through the API (batches of 500) into PGlite and PostgreSQL, beside a bare
 *   multi-row INSERT of the same rows with the same driver and no server;
 * - report latency (summary by day over a month) with many tickets in the ledger, p50 and p95;
 * - HTTP throughput of the sync route beside a bare route of the same server.
 * PostgreSQL runs when DATABASE_URL is set, and a Citus cluster (its coordinator) when CITUS_URL
 * is set, so the two are measured side by side in one run. Options: --events=N --tickets=N,
 * --only=ingest.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import pg from 'pg';
import { parsePlan } from '../../src/pricing/index.js';
import { loadConfig } from '../../src/server/config.js';
import { type DatabaseTarget, openDatabase } from '../../src/server/db/database.js';
import { createApp } from '../../src/server/http/app.js';
import { servicesOver } from '../../src/server/services.js';
import { formatMs, markdownTable } from '../measure.js';

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const EVENTS = Number(args.get('events') ?? 50_000);
const TICKETS = Number(args.get('tickets') ?? 200_000);
const BATCH = 500;
const rows: string[][] = [];

const plan = parsePlan({
  id: 'per-use',
  name: 'Per use',
  version: 1,
  currency: 'USD',
  model: 'usage',
  rates: { conversation: '0.50', tool_call: '0.05' },
});

function events(offset: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    return {
      ticketId: String(1 + (n % 5000)),
      id: `e${n}`,
      at: '2026-11-10T10:00:00Z',
      metric: 'tool_call',
      tool: 'crm',
      quantity: 1,
    };
  });
}

async function setup(target: DatabaseTarget) {
  const database = await openDatabase(target);
  const services = servicesOver(
    database,
    randomBytes(32),
    loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' }),
  );
  const secrets = await services.tenants.create(`bench-${randomBytes(3).toString('hex')}`);
  const tenant = (await services.tenants.byAccount(secrets.account))!;
  const saved = await services.plans.saveVersion(tenant.id, plan);
  await services.plans.activate(
    tenant.id,
    saved.id,
    saved.version,
    new Date('2026-01-01T00:00:00Z'),
    'bench',
    false,
  );
  return { database, services, secrets, tenant, app: createApp(services) };
}

async function ingest(engine: string, target: DatabaseTarget, distributed = false) {
  const { database, secrets, tenant, app } = await setup(target);
  // Baseline: the same rows, a bare multi-row INSERT per batch, same driver, no server, into a
  // table like the ledger's (its key and its tenant reference; a temporary table would skip the
  // write-ahead log that every real write pays). The two alternate batch by batch, so that both
  // see the same load on a shared machine and the same growth of their tables.
  await database.db.execute(
    sql`CREATE TABLE bare_usage (LIKE usage_events INCLUDING ALL, FOREIGN KEY (tenant_id) REFERENCES tenants (id))`,
  );
  // On Citus, distributed like usage_events, so that it crosses the same hop to a worker.
  if (distributed) {
    await database.db.execute(
      sql`SELECT create_distributed_table('bare_usage', 'tenant_id', colocate_with => 'usage_events')`,
    );
  }
  let apiMs = 0;
  let bareMs = 0;
  for (let offset = 0; offset < EVENTS; offset += BATCH) {
    const batch = events(offset, BATCH);
    let started = performance.now();
    const response = await app.request('/v1/usage-events', {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: batch }),
    });
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
    await response.arrayBuffer();
    apiMs += performance.now() - started;
    started = performance.now();
    const values = batch.map(
      ({ ticketId, ...e }) =>
        sql`(${tenant.id}, ${ticketId}, ${e.id}, ${JSON.stringify(e)}::jsonb, ${e.id}, 'api')`,
    );
    await database.db.execute(
      sql`INSERT INTO bare_usage (tenant_id, ticket_id, id, body, digest, source) VALUES ${sql.join(values, sql`, `)}`,
    );
    bareMs += performance.now() - started;
  }
  const perSecond = (ms: number) => Math.round((EVENTS / ms) * 1000).toLocaleString('en');
  rows.push([
    `ingest ${EVENTS.toLocaleString('en')} events in batches of ${BATCH}, ${engine}`,
    `${perSecond(apiMs)} events/s`,
    `${perSecond(bareMs)} events/s`,
    `${(bareMs / apiMs).toFixed(2)}× the baseline's rate; target ≥ ${engine === 'PGlite' ? '0.5' : '0.67'}×`,
  ]);
  await database.close();
}

async function seedTickets(
  db: Awaited<ReturnType<typeof setup>>['database']['db'],
  tenantId: string,
  count: number,
) {
  // Ledger rows as the sync writes them, spread over November with every outcome.
  await db.execute(sql`INSERT INTO tickets (tenant_id, ticket_id, revision, lifecycle, plan_id, plan_version, currency, outcome, total_minor, confirmed_minor, decided_at, first_usage_at, channel, group_name, agent, tools)
    SELECT ${tenantId}, 't' || g, 1, '[]'::jsonb, 'per-use', 1, 'USD',
      (ARRAY['ai_resolved','assisted','escalated','in_progress','pending_confirmation'])[1 + g % 5],
      50 + g % 200, CASE WHEN g % 5 = 4 THEN 0 ELSE 50 + g % 200 END,
      timestamptz '2026-11-01' + (g % 2592000) * interval '1 second', timestamptz '2026-11-01' + (g % 2592000) * interval '1 second',
      (ARRAY['web','email','chat'])[1 + g % 3], 'g' || (g % 20), 'a' || (g % 100), '["crm"]'::jsonb
    FROM generate_series(1, ${count}) AS g`);
  // Their rollups, as pricing them one by one would have left them.
  const day = sql`(coalesce(t.decided_at, t.first_usage_at) AT TIME ZONE 'UTC')::date`;
  for (const [dimension, value] of [
    ['all', sql`''`],
    ['group', sql`t.group_name`],
    ['agent', sql`t.agent`],
    ['channel', sql`t.channel`],
    ['tier', sql`coalesce(t.tier, '')`],
    ['tool', sql`tool.name`],
  ] as const) {
    const tools =
      dimension === 'tool'
        ? sql`CROSS JOIN LATERAL jsonb_array_elements_text(t.tools) AS tool(name)`
        : sql``;
    await db.execute(sql`INSERT INTO ticket_rollups (tenant_id, day, currency, dimension, value, outcome, tickets, confirmed_minor, total_minor)
      SELECT ${tenantId}, ${day}, t.currency, ${dimension}, ${value}, t.outcome, count(*), sum(t.confirmed_minor), sum(t.total_minor)
      FROM tickets t ${tools} WHERE t.tenant_id = ${tenantId} GROUP BY 2, 3, 5, 6`);
  }
}

async function reports(engine: string, target: DatabaseTarget, count: number) {
  const { database, tenant, secrets, app } = await setup(target);
  await seedTickets(database.db, tenant.id, count);
  await database.db.execute(sql`ANALYZE tickets`);
  const token = await new SignJWT({ iss: secrets.account })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secrets.sharedSecret));
  const timings: number[] = [];
  for (let i = 0; i < 40; i++) {
    const groupBy = ['day', 'week', 'channel', 'group', 'agent', 'outcome', 'tool', 'month'][i % 8];
    const t = performance.now();
    const response = await app.request(
      `/v1/reports/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=${groupBy}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    await response.json();
    timings.push(performance.now() - t);
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!;
  rows.push([
    `report summary over ${count.toLocaleString('en')} tickets, ${engine}`,
    `p50 ${formatMs(at(0.5))}, p95 ${formatMs(at(0.95))}`,
    '—',
    'target p95 < 250 ms',
  ]);

  // HTTP throughput: the sync route beside a bare route of the same app.
  const body = (n: number) =>
    JSON.stringify({
      revision: n,
      activity: {
        ticketId: `s${n % 500}`,
        usage: [{ id: `u${n}`, at: '2026-11-10T10:00:00Z', metric: 'conversation', quantity: 1 }],
        lifecycle: [],
      },
    });
  const run = async (request: (n: number) => Promise<Response> | Response) => {
    const N = 2000;
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < N) {
          const r = await request(next++);
          await r.arrayBuffer();
        }
      }),
    );
    return (N / (performance.now() - t)) * 1000;
  };
  const sync = await run((n) =>
    app.request(`/v1/tickets/s${n % 500}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body(n),
    }),
  );
  const bare = await run(() => app.request('/healthz'));
  rows.push([
    `sync route (PUT /v1/tickets), ${engine}`,
    `${Math.round(sync).toLocaleString('en')} req/s`,
    `${Math.round(bare).toLocaleString('en')} req/s (GET /healthz)`,
    `${(bare / sync).toFixed(1)}×`,
  ]);
  await database.close();
}

async function postgresTarget(url: string | undefined): Promise<{
  target: DatabaseTarget;
  drop: () => Promise<void>;
} | null> {
  if (!url) return null;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  return {
    target: { url, schema },
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

const ONLY_INGEST = args.get('only') === 'ingest';
await ingest('PGlite', { memory: true });
if (!ONLY_INGEST) await reports('PGlite', { memory: true }, Math.min(TICKETS, 200_000));
for (const [engine, url, distributed] of [
  ['PostgreSQL', process.env.DATABASE_URL, false],
  ['Citus (coordinator + 2 workers)', process.env.CITUS_URL, true],
] as const) {
  const first = await postgresTarget(url);
  if (!first) continue;
  await ingest(engine, first.target, distributed);
  await first.drop();
  if (ONLY_INGEST) continue;
  const second = (await postgresTarget(url))!;
  await reports(engine, second.target, Math.max(TICKETS, 1_000_000));
  await second.drop();
}
if (process.env.CITUS_URL && !process.env.DATABASE_URL) {
  console.warn('CITUS_URL without DATABASE_URL: no single PostgreSQL beside the cluster');
}
console.log(markdownTable(['benchmark', 'measured', 'baseline', 'ratio / target'], rows));
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
