/**
 * Thousands of malformed requests at every route: bodies, headers and tokens drawn by
 * fast-check. None may get a 5xx, and nothing stored may change.
 */

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repriceAllDirty } from '../../src/server/ledger/tickets.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { appToken, type Backend, backendTest, call, ENGINES } from './harness.js';

const ROUTES: [string, string][] = [
  ['POST', '/v1/usage-events'],
  ['PUT', '/v1/tickets/100'],
  ['PUT', '/v1/tickets/..%2F..'],
  ['GET', '/v1/tickets/100'],
  ['GET', '/v1/plans/active'],
  ['GET', '/v1/plans'],
  ['POST', '/v1/plans'],
  ['POST', '/v1/plans/preview'],
  ['POST', '/v1/plans/x/versions/1/activate'],
  ['GET', '/v1/reports/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z'],
  ['GET', '/v1/reports/summary?from=x&to=y&groupBy=%00'],
  ['GET', '/v1/reports/compare?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&plans=a@1'],
  ['POST', '/v1/reports/compare'],
  ['POST', '/v1/tickets/100/disputes'],
  ['GET', '/v1/tickets/100/disputes'],
  ['GET', '/v1/disputes?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z'],
  ['POST', '/v1/disputes/1/decision'],
  ['POST', '/v1/webhooks/zendesk/acme'],
  ['POST', '/v1/webhooks/zendesk/%E2%80%AE'],
  ['GET', '/v1/budgets'],
  ['PUT', '/v1/budgets'],
  ['PUT', '/v1/alerts/destination'],
  ['GET', '/v1/alerts?period=2026-11'],
];

async function snapshot(b: Backend): Promise<string> {
  const counts = await b.services.database.db.execute(
    sql`SELECT (SELECT count(*) FROM usage_events) AS u, (SELECT count(*) FROM tickets) AS t,
               (SELECT count(*) FROM plan_versions) AS p, (SELECT count(*) FROM activations) AS a,
               (SELECT count(*) FROM tenants) AS n, (SELECT max(updated_at) FROM tickets) AS m,
               (SELECT count(*) FROM disputes) AS d, (SELECT count(*) FROM budgets) AS b,
               (SELECT count(*) FROM alert_destinations) AS w`,
  );
  return JSON.stringify((counts as unknown as { rows: unknown[] }).rows);
}

describe.each(ENGINES)('fuzzing every route on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;

  backendTest.beforeAll(async ({ backends }) => {
    b = await backends.start(engine, { RATE_LIMIT_PER_MINUTE: '1000000' });
    acme = await b.services.tenants.create('acme');
    await call(b, 'POST', '/v1/usage-events', {
      token: acme.ingestKey,
      body: {
        events: [
          {
            ticketId: '100',
            id: 'e',
            at: '2026-11-20T10:00:00Z',
            metric: 'conversation',
            quantity: 1,
          },
        ],
      },
    });
    // The ledger up to date first: a report would otherwise legitimately reprice the ticket.
    const now = b.clock;
    await repriceAllDirty(
      b.services.database.db,
      (id, tx) => b.services.plans.timeline(id, tx),
      now,
    );
  });

  it('answers malformed bodies, headers and tokens with a 4xx and changes nothing', async () => {
    const validJwt = await appToken(acme, b.clock);
    const authorization = fc.oneof(
      fc.constant(undefined),
      fc.string(),
      fc.constant(`Bearer ${validJwt}`),
      fc.constant(`Bearer ${acme.ingestKey}`),
      fc.string().map((s) => `Bearer ${s}`),
      fc
        .tuple(fc.base64String(), fc.base64String(), fc.base64String())
        .map(([h, p, s]) => `Bearer ${h}.${p}.${s}`.replace(/[+/=]/g, '_')),
      fc
        .jsonValue()
        .map(
          (claims) =>
            `Bearer eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`,
        ),
    );
    // Bodies that parse as JSON but are wrong in shape, and bodies that are not JSON at all.
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({ events: fc.array(fc.jsonValue(), { maxLength: 3 }) })
        .map((v) => JSON.stringify(v)),
      fc
        .record({ revision: fc.jsonValue(), activity: fc.jsonValue() })
        .map((v) => JSON.stringify(v)),
      fc.record({ plan: fc.dictionary(fc.string(), fc.jsonValue()) }).map((v) => JSON.stringify(v)),
      fc.string(),
    );
    const contentType = fc.constantFrom(
      'application/json',
      'text/plain',
      'application/json; charset=utf-8',
      '',
    );
    const before = await snapshot(b);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        authorization,
        body,
        contentType,
        async ([method, path], auth, raw, type) => {
          const headers: Record<string, string> = {};
          if (auth !== undefined) headers.authorization = auth;
          if (type) headers['content-type'] = type;
          headers['x-zendesk-webhook-signature'] = 'AAAA';
          headers['x-zendesk-webhook-signature-timestamp'] = b.clock.toISOString();
          const response = await b.app.request(path, {
            method,
            headers,
            ...(method === 'GET' ? {} : { body: raw }),
          });
          expect(response.status, `${method} ${path} ${raw.slice(0, 80)}`).toBeLessThan(500);
          if (response.status >= 400) {
            const json = (await response.json()) as { error: { code: string; message: string } };
            expect(json.error.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1500 },
    );
    expect(await snapshot(b)).toBe(before);
  }, 120_000);
});
