/**
 * The replay under plans this account has not saved (`POST /v1/reports/compare`): a vendor's
 * published price replays beside every saved plan exactly as it would once saved, nothing is
 * stored, and a bad body is refused naming the field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import {
  activatePlan,
  appToken,
  type Backend,
  backendTest,
  call,
  ENGINES,
  USAGE_PLAN,
} from './harness.js';

const PRESET = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '..', '..', 'examples/plans/presets/intercom-fin.json'),
    'utf8',
  ),
) as { id: string; version: number };

describe.each(ENGINES)('replay under unsaved plans on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let from: string;
  let to: string;

  backendTest.beforeAll(async ({ backends }) => {
    b = await backends.start(engine);
    acme = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', USAGE_PLAN);
    const day = 86_400_000;
    const at = (ms: number) => new Date(b.clock.getTime() - ms).toISOString();
    from = new Date(b.clock.getTime() - 30 * day).toISOString();
    to = new Date(b.clock.getTime() + day).toISOString();
    // Ticket 1 solved by the AI three days ago (confirmed after 24 hours); ticket 2 still open.
    for (const [ticketId, solved] of [
      ['1', true],
      ['2', false],
    ] as const) {
      const activity = {
        ticketId,
        usage: [
          { id: `c${ticketId}`, at: at(3 * day), metric: 'conversation', quantity: 2 },
          { id: `t${ticketId}`, at: at(3 * day), metric: 'tool_call', tool: 'crm', quantity: 1 },
        ],
        lifecycle: [
          { at: at(3 * day), type: 'status', status: 'open' },
          ...(solved ? [{ at: at(3 * day - 60_000), type: 'status', status: 'solved' }] : []),
        ],
      };
      const put = await call(b, 'PUT', `/v1/tickets/${ticketId}`, {
        token: await appToken(acme, b.clock),
        body: { revision: 1, activity },
      });
      expect(put.status, put.text).toBe(200);
    }
  });

  const compare = async (plans: unknown[]) =>
    call(b, 'POST', '/v1/reports/compare', {
      token: await appToken(acme, b.clock),
      body: { from, to, plans },
    });

  it('replays a published price beside the saved plans, as it would once saved, storing nothing', async () => {
    const unsaved = await compare([PRESET]);
    expect(unsaved.status, unsaved.text).toBe(200);
    const refs = unsaved.json.plans.map(
      (p: { planId: string; planVersion: number }) => `${p.planId}@${p.planVersion}`,
    );
    expect(refs).toEqual(['per-use@1', 'intercom-fin@1']);
    const fin = unsaved.json.plans[1];
    // One confirmed resolution at $0.99; per use: 4 conversations at $0.50 and 2 calls at $0.10.
    expect(fin).toMatchObject({ totalCost: '0.99', aiResolutions: 1 });
    expect(unsaved.json.plans[0]).toMatchObject({ totalCost: '2.20' });
    expect(unsaved.json.breakEven).toHaveLength(1);

    const listed = await call(b, 'GET', '/v1/plans', { token: await appToken(acme, b.clock) });
    expect(JSON.stringify(listed.json)).not.toContain('intercom-fin');

    const saved = await call(b, 'POST', '/v1/plans', {
      token: await appToken(acme, b.clock),
      body: { plan: PRESET },
    });
    expect(saved.status, saved.text).toBe(201);
    const query = `from=${from}&to=${to}&plans=per-use@1,intercom-fin@1`;
    const replayed = await call(b, 'GET', `/v1/reports/compare?${query}`, {
      token: await appToken(acme, b.clock),
    });
    expect(replayed.status, replayed.text).toBe(200);
    expect(replayed.json.plans).toEqual(unsaved.json.plans);
    expect(replayed.json.breakEven).toEqual(unsaved.json.breakEven);

    // Saved now: the same id and version in the body is refused, naming it.
    const twice = await compare([PRESET]);
    expect(twice.status).toBe(400);
    expect(twice.json.error.message).toContain('plans[0].id: intercom-fin@1 is a saved plan');
  });

  it('refuses a bad plan, another currency or too many plans, naming the field', async () => {
    const bad = await compare([{ ...PRESET, id: 'other', pricePerResolution: 0.99 }]);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^plans\[0\]\.pricePerResolution: /);

    const euro = await compare([{ ...PRESET, id: 'euro', currency: 'EUR' }]);
    expect(euro.status).toBe(400);
    expect(euro.json.error.message).toContain('euro@1 is in EUR');

    const many = await compare(Array.from({ length: 6 }, (_, i) => ({ ...PRESET, id: `p${i}` })));
    expect(many.status).toBe(400);
    expect(many.json.error.message).toContain('at most 5 plans');

    const none = await compare([]);
    expect(none.status).toBe(400);
  });
});
