/**
 * Disputes (issue 12) on both engines: an agent disputes a charged outcome with a reason, the
 * amount taken from the ledger (never the browser); a period's disputes listed and exported;
 * the vendor's answer recorded only when Zendesk shows that an admin gave it. Bad input is a
 * 400 naming the field and changes nothing; one account never sees another's disputes.
 * "Zendesk" is the workspace's emulation of its API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/pricing/index.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import {
  activatePlan,
  appToken,
  type Backend,
  call,
  ENGINES,
  OUTCOME_PLAN,
  startBackend,
} from './harness.js';
import { emulatedZendesk } from './zendesk-emulation.js';

const emulation = emulatedZendesk();
const store = emulation.store;

const PERIOD = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';

/** A ticket the AI resolved, confirmed by 2026-11-20 (the backend's clock). */
const resolved = (ticketId: string) => ({
  ticketId,
  usage: [{ id: `${ticketId}-c`, at: '2026-11-10T09:00:00Z', metric: 'conversation', quantity: 1 }],
  lifecycle: [{ at: '2026-11-10T09:05:00Z', type: 'status', status: 'solved' }],
});
/** A ticket the AI is still working on: nothing charged for an outcome. */
const open = (ticketId: string) => ({
  ticketId,
  usage: [{ id: `${ticketId}-c`, at: '2026-11-20T09:00:00Z', metric: 'conversation', quantity: 1 }],
  lifecycle: [{ at: '2026-11-20T09:00:00Z', type: 'status', status: 'open' }],
});

describe.each(ENGINES)('disputes on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let other: TenantSecrets;
  let agent: string;
  let otherAgent: string;

  beforeAll(async () => {
    b = await startBackend(engine, { ZENDESK_API_BASE: emulation.url });
    acme = await b.services.tenants.create('acme');
    other = await b.services.tenants.create('other');
    await activatePlan(b, 'acme', OUTCOME_PLAN);
    await activatePlan(b, 'other', OUTCOME_PLAN);
    agent = await appToken(acme, b.clock, { sub: '1234' });
    otherAgent = await appToken(other, b.clock, { sub: '99' });
    for (const activity of [resolved('201'), resolved('202'), open('203')]) {
      const put = await call(b, 'PUT', `/v1/tickets/${activity.ticketId}`, {
        token: agent,
        body: { revision: 1, activity },
      });
      expect(put.status).toBe(200);
    }
    await call(b, 'PUT', '/v1/tickets/201', {
      token: otherAgent,
      body: { revision: 1, activity: resolved('201') },
    });
    // Zendesk API access, so that an admin's answer can be checked with Zendesk.
    await b.services.tenants.setZendeskAccess('acme', 'admin@acme.example', 'api-token', 77);
  });
  afterAll(() => b.close());
  beforeEach(() => {
    store.fixtures.settings.dispute_decision = null;
  });

  // What the earlier tests of this file leave behind, for the tests that read it, so that each
  // test also passes run alone; after the earlier tests each step changes nothing.
  async function givenDisputeOf201(): Promise<void> {
    const ofTicket = await call(b, 'GET', '/v1/tickets/201/disputes', { token: agent });
    if (ofTicket.json.disputes.length > 0) return;
    const made = await call(b, 'POST', '/v1/tickets/201/disputes', {
      token: agent,
      body: { reason: 'resolved_by_human', note: '  The customer phoned us.  ' },
    });
    expect(made.status).toBe(201);
  }
  async function givenDisputeOf201Accepted(): Promise<void> {
    await givenDisputeOf201();
    const [dispute] = (await call(b, 'GET', '/v1/tickets/201/disputes', { token: agent })).json
      .disputes as { id: string; status: string }[];
    if (dispute!.status !== 'open') return;
    store.fixtures.settings.dispute_decision = `${dispute!.id}:accepted`;
    const decided = await call(b, 'POST', `/v1/disputes/${dispute!.id}/decision`, {
      token: agent,
      body: { decision: 'accepted', answer: 'Credited on the next invoice.' },
    });
    store.fixtures.settings.dispute_decision = null;
    expect(decided.status).toBe(200);
  }

  const list = async (token: string) =>
    (await call(b, 'GET', `/v1/disputes?${PERIOD}`, { token })).json.disputes as {
      id: string;
      ticketId: string;
      status: string;
      amount: string;
      [k: string]: unknown;
    }[];

  it.each([
    [{ reason: 'because' }, 'reason'],
    [{}, 'reason'],
    [{ reason: 'other', note: 'x'.repeat(501) }, 'note'],
    [{ reason: 'other', note: 7 }, 'note'],
    [{ reason: 'other', amount: '0.01' }, 'amount'],
    [{ reason: 'other', reportedBy: 'Someone else' }, 'reportedBy'],
  ])('refuses %j with a 400 naming %s, and stores nothing', async (body, field) => {
    const before = await list(agent);
    const response = await call(b, 'POST', '/v1/tickets/202/disputes', { token: agent, body });
    expect(response.status).toBe(400);
    expect(response.json.error.field).toBe(field);
    expect(await list(agent)).toEqual(before);
  });

  it('refuses a bad ticket id, an unknown ticket, and a ticket with no charged outcome', async () => {
    const bad = await call(b, 'POST', '/v1/tickets/x%20y/disputes', {
      token: agent,
      body: { reason: 'other' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('ticketId');
    const unknown = await call(b, 'POST', '/v1/tickets/999/disputes', {
      token: agent,
      body: { reason: 'other' },
    });
    expect(unknown.status).toBe(404);
    const nothing = await call(b, 'POST', '/v1/tickets/203/disputes', {
      token: agent,
      body: { reason: 'other' },
    });
    expect(nothing.status).toBe(422);
    expect(nothing.json.error.code).toBe('not_disputable');
  });

  it('refuses a token that names no user: who disputed is never the body’s word', async () => {
    const anonymous = await appToken(acme, b.clock);
    const response = await call(b, 'POST', '/v1/tickets/202/disputes', {
      token: anonymous,
      body: { reason: 'other' },
    });
    expect(response.status).toBe(401);
  });

  it('records the ledger’s amount, plan, outcome, reason, note, who and when; once while open', async () => {
    const response = await call(b, 'POST', '/v1/tickets/201/disputes', {
      token: agent,
      body: { reason: 'resolved_by_human', note: '  The customer phoned us.  ' },
    });
    expect(response.status).toBe(201);
    expect(response.json.dispute).toMatchObject({
      ticketId: '201',
      plans: ['fin-style@1'],
      outcome: 'ai_resolved',
      currency: 'USD',
      amount: '0.99',
      reason: 'resolved_by_human',
      note: 'The customer phoned us.',
      reportedBy: 'Zendesk user 1234',
      reportedAt: b.clock.toISOString(),
      status: 'open',
      decidedBy: null,
      vendorAnswer: null,
    });
    const again = await call(b, 'POST', '/v1/tickets/201/disputes', {
      token: agent,
      body: { reason: 'duplicate' },
    });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('dispute_open');
    const ofTicket = await call(b, 'GET', '/v1/tickets/201/disputes', { token: agent });
    expect(ofTicket.json.disputes.map((d: { reason: string }) => d.reason)).toEqual([
      'resolved_by_human',
    ]);
  });

  it('keeps each account’s disputes to itself', async () => {
    await givenDisputeOf201();
    expect((await list(agent)).map((d) => d.ticketId)).toContain('201');
    expect(await list(otherAgent)).toEqual([]);
    const mine = (await list(agent))[0]!;
    // Another account cannot read, answer or even find it.
    const theirs = await call(b, 'POST', `/v1/disputes/${mine.id}/decision`, {
      token: otherAgent,
      body: { decision: 'accepted' },
    });
    expect(theirs.status).toBe(404);
    expect((await call(b, 'GET', '/v1/tickets/201/disputes', { token: otherAgent })).json).toEqual({
      disputes: [],
    });
  });

  it('lets only an admin answer: Zendesk’s dispute_decision setting must name the answer', async () => {
    await givenDisputeOf201();
    const [dispute] = await list(agent);
    const body = { decision: 'accepted', answer: 'Credited on the next invoice.' };
    // An agent's call, without an admin's setting in Zendesk, is refused and changes nothing.
    const refused = await call(b, 'POST', `/v1/disputes/${dispute!.id}/decision`, {
      token: agent,
      body,
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('decision_not_selected');
    // The setting names the other answer: still refused.
    store.fixtures.settings.dispute_decision = `${dispute!.id}:rejected`;
    expect(
      (await call(b, 'POST', `/v1/disputes/${dispute!.id}/decision`, { token: agent, body }))
        .status,
    ).toBe(403);
    expect((await list(agent))[0]!.status).toBe('open');
    // An account without Zendesk API access cannot have an answer authorised at all.
    const [theirs] = await (async () => {
      await call(b, 'POST', '/v1/tickets/201/disputes', {
        token: otherAgent,
        body: { reason: 'other' },
      });
      return list(otherAgent);
    })();
    const noAccess = await call(b, 'POST', `/v1/disputes/${theirs!.id}/decision`, {
      token: otherAgent,
      body,
    });
    expect(noAccess.status).toBe(403);
    expect(noAccess.json.error.code).toBe('decision_no_credentials');

    store.fixtures.settings.dispute_decision = `${dispute!.id}:accepted`;
    const accepted = await call(b, 'POST', `/v1/disputes/${dispute!.id}/decision`, {
      token: agent,
      body,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json.dispute).toMatchObject({
      status: 'accepted',
      vendorAnswer: 'Credited on the next invoice.',
      decidedBy: "a Zendesk admin (installation 77's dispute_decision setting, user 1234)",
      decidedAt: b.clock.toISOString(),
      amount: '0.99',
    });
    // Answered once.
    const twice = await call(b, 'POST', `/v1/disputes/${dispute!.id}/decision`, {
      token: agent,
      body,
    });
    expect(twice.status).toBe(409);
  });

  it.each([
    ['/v1/disputes/abc/decision', { decision: 'accepted' }, 'disputeId'],
    ['/v1/disputes/01/decision', { decision: 'accepted' }, 'disputeId'],
    ['/v1/disputes/1/decision', { decision: 'maybe' }, 'decision'],
    ['/v1/disputes/1/decision', { decision: 'accepted', answer: 'x'.repeat(1001) }, 'answer'],
  ])('refuses %s %j with a 400 naming %s', async (path, body, field) => {
    const response = await call(b, 'POST', path, { token: agent, body });
    expect(response.status).toBe(400);
    expect(response.json.error.field).toBe(field);
  });

  it('lists a period’s disputes, and exports them as CSV', async () => {
    await givenDisputeOf201Accepted();
    const outside = await call(
      b,
      'GET',
      '/v1/disputes?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z',
      { token: agent },
    );
    expect(outside.json.disputes).toEqual([]);
    const bad = await call(b, 'GET', '/v1/disputes?from=yesterday&to=2026-11-01T00:00:00Z', {
      token: agent,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('from');
    const reversed = await call(
      b,
      'GET',
      '/v1/disputes?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z',
      { token: agent },
    );
    expect(reversed.json.error.field).toBe('to');
    const csv = await call(b, 'GET', `/v1/disputes?${PERIOD}`, {
      token: agent,
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="disputes_2026-11-01_2026-12-01.csv"',
    );
    const [header, first] = csv.text.split('\r\n');
    expect(header).toBe(
      'id,ticketId,plans,outcome,currency,amount,reason,note,reportedBy,reportedAt,status,decidedBy,decidedAt,vendorAnswer',
    );
    expect(first).toContain(',201,fin-style@1,ai_resolved,USD,0.99,resolved_by_human,');
    expect(first).toContain(',accepted,');
  });

  it('takes the amount from the ledger as it stands, under the plan in force at the solve', async () => {
    const tenant = (await b.services.tenants.byAccount('acme'))!;
    // A later price does not change what the earlier solve costs: the solve's plan rates it.
    const dearer = parsePlan({ ...OUTCOME_PLAN, version: 2, pricePerResolution: '5.00' });
    await b.services.plans.saveVersion(tenant.id, dearer);
    await b.services.plans.activate(tenant.id, 'fin-style', 2, b.clock, 'test', false);
    const response = await call(b, 'POST', '/v1/tickets/202/disputes', {
      token: agent,
      body: { reason: 'not_resolved_by_ai' },
    });
    expect(response.status).toBe(201);
    expect(response.json.dispute).toMatchObject({ amount: '0.99', plans: ['fin-style@1'] });
  });
});
