/**
 * The admin's preview lists the tickets a draft changes most against the plan in force: the
 * largest change first, with what each plan charges, and only tickets whose cost changes.
 */
import { describe, expect, it } from 'vitest';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import {
  activatePlan,
  appToken,
  type Backend,
  backendTest,
  call,
  ENGINES,
  OUTCOME_PLAN,
  USAGE_PLAN,
} from './harness.js';

describe.each(ENGINES)('plan preview on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;

  backendTest.beforeAll(async ({ backends }) => {
    b = await backends.start(engine);
    acme = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', USAGE_PLAN);
    // Tickets 1, 2 and 3 with 1, 3 and 2 conversations; ticket 4 with none costs 0 under both.
    const events = [1, 3, 2].flatMap((count, t) =>
      Array.from({ length: count }, (_, i) => ({
        ticketId: String(t + 1),
        id: `c-${t + 1}-${i}`,
        at: new Date(b.clock.getTime() - 86_400_000).toISOString(),
        metric: 'conversation',
        quantity: 1,
      })),
    );
    events.push({ ...events[0]!, ticketId: '4', id: 'minute-4', metric: 'processing_ms' });
    const posted = await call(b, 'POST', '/v1/usage-events', {
      token: acme.ingestKey,
      body: { events },
    });
    expect(posted.status, posted.text).toBe(200);
  });

  it('lists the tickets whose cost changes, the largest change first', async () => {
    const preview = await call(b, 'POST', '/v1/plans/preview', {
      token: await appToken(acme, b.clock),
      body: { plan: OUTCOME_PLAN, days: 30 },
    });
    expect(preview.status, preview.text).toBe(200);
    // Per use: $0.50 a conversation; the draft charges only resolutions, and none is resolved.
    expect(preview.json.differences).toEqual([
      { ticketId: '2', amounts: ['1.50', '0.00'] },
      { ticketId: '3', amounts: ['1.00', '0.00'] },
      { ticketId: '1', amounts: ['0.50', '0.00'] },
    ]);
  });
});
