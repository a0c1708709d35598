/**
 * The backend's guard rails: body size, per-tenant rate limit, structured logs that carry a
 * request id and never a secret, and every read route keeping to the caller's account.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { createApp } from '../../src/server/http/app.js';
import { servicesOver } from '../../src/server/services.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import {
  activatePlan,
  appToken,
  type Backend,
  backendTest,
  call,
  ENGINES,
  OUTCOME_PLAN,
} from './harness.js';

describe('limits and logs', () => {
  it('refuses a body over the limit with 413, and a tenant over its rate with 429 and Retry-After', async () => {
    const lines: string[] = [];
    const database = await openDatabase({ memory: true });
    const services = servicesOver(
      database,
      randomBytes(32),
      loadConfig({ BODY_LIMIT_BYTES: '2048', RATE_LIMIT_PER_MINUTE: '3', LOG_LEVEL: 'info' }),
    );
    const logged = {
      ...services,
      log: {
        log: (level: string, msg: string, fields = {}) =>
          void lines.push(JSON.stringify({ level, msg, ...fields })),
      },
    };
    const app = createApp(logged);
    const acme = await services.tenants.create('acme');
    const post = (body: string) =>
      app.request('/v1/usage-events', {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.ingestKey}`, 'content-type': 'application/json' },
        body,
      });
    const big = await post(JSON.stringify({ events: [{ pad: 'x'.repeat(4000) }] }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe(
      'payload_too_large',
    );
    const event = JSON.stringify({
      events: [
        { ticketId: '1', id: 'e', at: '2026-11-20T10:00:00Z', metric: 'conversation', quantity: 1 },
      ],
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(event)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await post(event);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Every request logged as JSON with its id; no secret, no header, no body in any line.
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const entry = JSON.parse(line) as { requestId?: string };
      expect(entry.requestId).toEqual(expect.any(String));
      expect(line).not.toContain(acme.ingestKey);
      expect(line).not.toContain(acme.sharedSecret);
      expect(line).not.toMatch(/authorization|Bearer/i);
    }
    await database.close();
  });
});

describe.each(ENGINES)('every read route keeps to the caller’s account, on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let other: TenantSecrets;

  backendTest.beforeAll(async ({ backends }) => {
    b = await backends.start(engine);
    acme = await b.services.tenants.create('acme');
    other = await b.services.tenants.create('other');
    await activatePlan(b, 'acme', OUTCOME_PLAN);
    await call(b, 'POST', '/v1/usage-events', {
      token: acme.ingestKey,
      body: {
        events: [
          {
            ticketId: '7',
            id: 'secret-usage',
            at: '2026-11-20T10:00:00Z',
            metric: 'conversation',
            quantity: 1,
          },
        ],
      },
    });
  });

  it.each([
    ['/v1/tickets/7', 404],
    ['/v1/plans/active', 404],
    ['/v1/plans', 200],
    ['/v1/reports/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', 200],
    ['/v1/reports/top-tickets?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', 200],
    ['/v1/reports/compare?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', 404],
  ])('GET %s as another account shows none of acme’s data', async (path, status) => {
    const response = await call(b, 'GET', path, { token: await appToken(other, b.clock) });
    expect(response.status).toBe(status);
    expect(response.text).not.toContain('secret-usage');
    expect(response.text).not.toContain('fin-style');
    if (status === 200 && 'rows' in response.json) expect(response.json.rows).toEqual([]);
    // The same route as acme does see it, so the check above can fail.
    const own = await call(b, 'GET', path, { token: await appToken(acme, b.clock) });
    expect(own.status).toBe(200);
  });

  it('previews a draft only over the caller’s own tickets', async () => {
    const preview = await call(b, 'POST', '/v1/plans/preview', {
      token: await appToken(other, b.clock),
      body: { plan: OUTCOME_PLAN, days: 30 },
    });
    expect(preview.json.tickets).toBe(0);
    const own = await call(b, 'POST', '/v1/plans/preview', {
      token: await appToken(acme, b.clock),
      body: { plan: OUTCOME_PLAN, days: 30 },
    });
    expect(own.json.tickets).toBe(1);
  });
});
