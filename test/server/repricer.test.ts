/**
 * The background repricer: batches of one tenant at a time, every tenant with dirty tickets
 * served in turn, so that one tenant's backlog never holds another's tickets unpriced.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickets } from '../../src/server/db/schema.js';
import { repriceDirty } from '../../src/server/ledger/tickets.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { activatePlan, type Backend, call, ENGINES, startBackend, USAGE_PLAN } from './harness.js';

describe.each(ENGINES)('repricer on $name', (engine) => {
  let b: Backend;
  let accounts: TenantSecrets[];

  beforeAll(async () => {
    b = await startBackend(engine, { RATE_LIMIT_PER_MINUTE: '1000000' });
    accounts = [];
    for (const name of ['acme', 'other']) {
      accounts.push(await b.services.tenants.create(name));
      await activatePlan(b, name, USAGE_PLAN);
    }
  });
  afterAll(() => b.close());

  const dirtyOf = async (account: string) => {
    const tenant = (await b.services.tenants.byAccount(account))!;
    const rows = await b.services.database.db
      .select({ ticketId: tickets.ticketId })
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenant.id), eq(tickets.dirty, true)));
    return rows.length;
  };

  it('takes a batch from every tenant with dirty tickets, never one tenant only', async () => {
    for (const secrets of accounts) {
      const events = ['1', '2', '3'].map((ticketId) => ({
        ticketId,
        id: `e${ticketId}`,
        at: '2026-11-20T10:00:00Z',
        metric: 'conversation',
        quantity: 1,
      }));
      const posted = await call(b, 'POST', '/v1/usage-events', {
        token: secrets.ingestKey,
        body: { events },
      });
      expect(posted.status).toBe(200);
    }
    expect([await dirtyOf('acme'), await dirtyOf('other')]).toEqual([3, 3]);
    const plan: Parameters<typeof repriceDirty>[1] = (id, tx) => b.services.plans.timeline(id, tx);
    // Two per tenant: a batch over every tenant at once would have taken both from one tenant.
    expect(await repriceDirty(b.services.database.db, plan, b.clock, undefined, 2)).toBe(4);
    expect([await dirtyOf('acme'), await dirtyOf('other')]).toEqual([1, 1]);
    expect(await repriceDirty(b.services.database.db, plan, b.clock, undefined, 2)).toBe(2);
    expect([await dirtyOf('acme'), await dirtyOf('other')]).toEqual([0, 0]);
    expect(await repriceDirty(b.services.database.db, plan, b.clock)).toBe(0);
  });
});
