/**
 * An internal Zendesk ticket per alert (issue 14), on both engines, against the emulated
 * Zendesk API: for a tenant that gave API access, each alert gets one ticket with the alert in
 * a private comment, once, whatever the retries (an answer lost after Zendesk created it is
 * asked again with the same Idempotency-Key, and Zendesk answers the same ticket) and however
 * many ticks run at once; a tenant without API access gets none.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_TICKET_TAG, fileAlertTickets } from '../../src/server/budgets/alert-tickets.js';
import { budgetTick } from '../../src/server/budgets/ticker.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { usage } from './alert-receiver.js';
import { activatePlan, type Backend, call, ENGINES, startBackend, USAGE_PLAN } from './harness.js';
import { EMULATED_INSTALLATION, emulatedZendesk } from './zendesk-emulation.js';

const emulation = emulatedZendesk();
const store = emulation.store;

describe.each(ENGINES)('alert tickets on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let other: TenantSecrets;

  /** The tickets the backend created in "Zendesk", with their first comment. */
  const filed = () =>
    store.fixtures.tickets
      .filter((t) => t.ticket.tags.includes(ALERT_TICKET_TAG))
      .map((t) => ({
        id: t.ticket.id,
        subject: t.ticket.subject as string,
        comment: t.audits[0]!.events[0] as unknown as { body: string; public: boolean },
      }));
  const ticketStates = async (account: string) => {
    const tenant = (await b.services.tenants.byAccount(account))!;
    return (
      (await b.services.database.db.execute(
        sql`SELECT threshold, ticket_state, ticket_id::text AS ticket_id, ticket_attempts
            FROM budget_alerts WHERE tenant_id = ${tenant.id} ORDER BY threshold`,
      )) as unknown as {
        rows: {
          threshold: number;
          ticket_state: string | null;
          ticket_id: string | null;
          ticket_attempts: number;
        }[];
      }
    ).rows;
  };
  const spend = async (secrets: TenantSecrets, ticketId: string) => {
    const tenant = (await b.services.tenants.byAccount(secrets.account))!;
    await b.services.budgets.replace(
      tenant.id,
      [{ scope: 'account', value: '', currency: 'USD', amountMinor: 100n }],
      b.clock,
    );
    const r = await call(b, 'POST', '/v1/usage-events', {
      token: secrets.ingestKey,
      body: { events: usage(ticketId, '2026-11-20T08:00:00Z', 2) },
    });
    expect(r.status).toBe(200);
  };

  beforeAll(async () => {
    b = await startBackend(engine, { ZENDESK_API_BASE: emulation.url });
    acme = await b.services.tenants.create('acme');
    other = await b.services.tenants.create('other');
    await activatePlan(b, 'acme', USAGE_PLAN);
    await activatePlan(b, 'other', USAGE_PLAN);
    await b.services.tenants.setZendeskAccess(
      'acme',
      'admin@acme.example',
      'api-token',
      EMULATED_INSTALLATION,
    );
  });
  afterAll(() => b.close());

  it('asks again after a lost answer, and Zendesk’s idempotency keeps it one ticket', async () => {
    const before = filed().length;
    await spend(acme, '801');
    // First Zendesk cannot be reached: the alerts are raised, their tickets wait.
    const unreachable = {
      ...b.services,
      config: { ...b.services.config, ZENDESK_API_BASE: 'http://127.0.0.1:9' },
    };
    expect(await budgetTick(unreachable)).toMatchObject({ raised: 3, tickets: 0 });
    expect(filed().length - before).toBe(0);
    // Then Zendesk creates them, but its answers are lost on the way back.
    b.clock = new Date(b.clock.getTime() + 10_000);
    const tenant = (await b.services.tenants.byAccount('acme'))!;
    const lost: typeof fetch = async (input, init) => {
      await fetch(input, init);
      throw new TypeError('fetch failed');
    };
    const db = b.services.database.db;
    expect(await fileAlertTickets(db, tenant, emulation.url, () => b.clock, lost)).toBe(0);
    expect(filed().length - before).toBe(3);
    expect((await ticketStates('acme')).map((r) => [r.ticket_state, r.ticket_attempts])).toEqual([
      ['pending', 2],
      ['pending', 2],
      ['pending', 2],
    ]);
    // Asked again after the backoff, by two ticks at once: the same three tickets.
    b.clock = new Date(b.clock.getTime() + 20_000);
    const [first, second] = await Promise.all([budgetTick(b.services), budgetTick(b.services)]);
    expect(first!.tickets + second!.tickets).toBe(3);
    expect(filed().length - before).toBe(3);
    const states = await ticketStates('acme');
    expect(states.map((r) => r.ticket_state)).toEqual(['created', 'created', 'created']);
    const ids = filed()
      .slice(before)
      .map((t) => String(t.id))
      .sort();
    expect(states.map((r) => r.ticket_id).sort()).toEqual(ids);
    // Later ticks file nothing more.
    b.clock = new Date(b.clock.getTime() + 3_600_000);
    expect((await budgetTick(b.services)).tickets).toBe(0);
    expect(filed().length - before).toBe(3);
    b.clock = new Date('2026-11-20T12:00:00Z');
  });

  it('puts the alert in a private comment, tagged', async () => {
    const mine = filed().filter((t) => t.comment.body.includes('(account)'));
    expect(mine.map((t) => t.subject)).toContain('AI Cost Meter alert, 2026-11: account');
    const bodies = mine.map((t) => t.comment.body).join('\n');
    expect(bodies).toContain('100 % of the budget reached (1.00 of 1.00 USD)');
    for (const t of mine) expect(t.comment.public).toBe(false);
  });

  it('files none for a tenant without Zendesk API access', async () => {
    const before = filed().length;
    await spend(other, '802');
    await budgetTick(b.services);
    const states = await ticketStates('other');
    expect(states).toHaveLength(3);
    expect(states.map((r) => r.ticket_state)).toEqual([null, null, null]);
    expect(filed().length).toBe(before);
  });
});
