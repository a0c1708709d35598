/**
 * The contract: a scripted session calls every route the generated /openapi.json documents,
 * on both engines, and checks each real answer against the document's own schema for its
 * path, method, status and content type, with an independent JSON Schema validator (Ajv, draft
 * 2020-12, which OpenAPI 3.1 uses). A route answering what it does not declare, a status it
 * does not document, or a documented route the session never reaches fails here.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeDigest } from '../../src/api/budgets.js';
import { signWebhook } from '../../src/server/auth/webhook-signature.js';
import { budgetTick } from '../../src/server/budgets/ticker.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import {
  activatePlan,
  appToken,
  type Backend,
  call,
  ENGINES,
  OUTCOME_PLAN,
  startBackend,
  USAGE_PLAN,
} from './harness.js';
import { emulatedZendesk } from './zendesk-emulation.js';

const emulation = emulatedZendesk();
const store = emulation.store;

const PERIOD = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> } | undefined>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** Checks real answers against the document, and remembers which operations answered 2xx. */
class ContractCheck {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  readonly #templates: { template: string; pattern: RegExp }[];
  readonly answered = new Set<string>();
  readonly problems: string[] = [];

  constructor(readonly document: Document) {
    this.#templates = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  check(
    method: string,
    url: string,
    answer: { status: number; text: string; json: unknown; headers: Headers },
  ): void {
    const path = url.split('?')[0]!;
    const found = this.#templates.find((t) => t.pattern.test(path));
    const where = `${method} ${url} → ${answer.status}`;
    if (!found) return void this.problems.push(`${where}: no such path in the document`);
    const operation = this.document.paths[found.template]![method.toLowerCase()];
    if (!operation) return void this.problems.push(`${where}: method not in the document`);
    const declared = operation.responses[String(answer.status)];
    if (!declared) return void this.problems.push(`${where}: status not in the document`);
    const type = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const content = declared.content?.[type];
    if (!content) return void this.problems.push(`${where}: ${type} not in the document`);
    const validate = this.#ajv.compile(content.schema);
    const value = type === 'application/json' ? answer.json : answer.text;
    if (!validate(value))
      this.problems.push(`${where}: ${this.#ajv.errorsText(validate.errors, { separator: '; ' })}`);
    if (answer.status < 300) this.answered.add(`${method.toLowerCase()} ${found.template}`);
  }
}

describe.each(ENGINES)('every route answers what /openapi.json declares, on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let contract: ContractCheck;

  beforeAll(async () => {
    b = await startBackend(engine, { ZENDESK_API_BASE: emulation.url });
    acme = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', OUTCOME_PLAN);
    // The emulated Zendesk is the file's: each engine's session starts with no admin's choice.
    Object.assign(store.fixtures.settings, {
      dispute_decision: null,
      active_plan: null,
      budget_change: null,
    });
    const doc = await call(b, 'GET', '/openapi.json');
    contract = new ContractCheck(doc.json as Document);
    contract.check('GET', '/openapi.json', doc);
  });
  afterAll(() => b.close());

  /** One call of the session, checked against the document. */
  async function step(
    method: string,
    url: string,
    options: Parameters<typeof call>[3] = {},
    expected?: number,
  ) {
    const answer = await call(b, method, url, options);
    if (expected !== undefined)
      expect(answer.status, `${method} ${url}: ${answer.text}`).toBe(expected);
    contract.check(method, url, answer);
    return answer;
  }

  it('runs a whole session, every answer within the contract', async () => {
    const agent = await appToken(acme, b.clock, { sub: '1234' });
    const csv = { accept: 'text/csv' };
    await step('GET', '/healthz', {}, 200);
    await step('GET', '/metrics', {}, 200);

    const usage = {
      events: [
        {
          ticketId: '201',
          id: 'c1',
          at: '2026-11-10T09:00:00Z',
          metric: 'conversation',
          quantity: 1,
        },
        {
          ticketId: '201',
          id: 't1',
          at: '2026-11-10T09:01:00Z',
          metric: 'tool_call',
          tool: 'crm',
          quantity: 2,
        },
      ],
    };
    await step('POST', '/v1/usage-events', { token: acme.ingestKey, body: usage }, 200);
    const activity = {
      ticketId: '201',
      usage: [],
      lifecycle: [{ at: '2026-11-10T09:05:00Z', type: 'status', status: 'solved' }],
      attributes: { channel: 'web', priority: 'normal', tags: [] },
    };
    const body = { revision: 1, activity };
    await step('PUT', '/v1/tickets/201', { token: agent, body }, 200);
    await step('GET', '/v1/tickets/201', { token: agent }, 200);
    await step('GET', '/v1/tickets/201/explanation', { token: agent }, 200);

    await step('GET', '/v1/plans/active', { token: agent }, 200);
    await step('GET', '/v1/plans/timeline', { token: agent }, 200);
    await step('POST', '/v1/plans', { token: agent, body: { plan: USAGE_PLAN } }, 201);
    await step('POST', '/v1/plans', { token: agent, body: { plan: USAGE_PLAN } }, 200);
    await step('GET', '/v1/plans', { token: agent }, 200);
    await step(
      'POST',
      '/v1/plans/preview',
      { token: agent, body: { plan: USAGE_PLAN, days: 30 } },
      200,
    );

    for (const report of ['summary', 'top-tickets', 'compare']) {
      await step('GET', `/v1/reports/${report}?${PERIOD}`, { token: agent }, 200);
      await step('GET', `/v1/reports/${report}?${PERIOD}`, { token: agent, headers: csv }, 200);
    }
    const [from, to] = PERIOD.split('&').map((kv) => decodeURIComponent(kv.split('=')[1]!));
    await step(
      'POST',
      '/v1/reports/compare',
      { token: agent, body: { from, to, plans: [{ ...USAGE_PLAN, id: 'unsaved-usage' }] } },
      200,
    );
    await step('GET', `/v1/reports/summary?${PERIOD}&groupBy=tool`, { token: agent }, 200);
    await step('GET', `/v1/reports/outcome-metrics?${PERIOD}`, { token: agent }, 200);
    await step(
      'GET',
      `/v1/reports/outcome-metrics?${PERIOD}&groupBy=channel`,
      { token: agent },
      200,
    );
    await step('GET', '/v1/baselines/escalation-rate?month=2026-11', { token: agent }, 200);

    const dispute = await step(
      'POST',
      '/v1/tickets/201/disputes',
      { token: agent, body: { reason: 'resolved_by_human', note: 'a person did it' } },
      201,
    );
    await step(
      'POST',
      '/v1/tickets/201/disputes',
      { token: agent, body: { reason: 'other' } },
      409,
    );
    await step('GET', '/v1/tickets/201/disputes', { token: agent }, 200);
    await step('GET', `/v1/disputes?${PERIOD}`, { token: agent }, 200);
    await step('GET', `/v1/disputes?${PERIOD}`, { token: agent, headers: csv }, 200);

    // Zendesk vouches for the admin's choices from here on.
    await b.services.tenants.setZendeskAccess('acme', 'admin@acme.example', 'api-token', 77);
    const settings = store.fixtures.settings as Record<string, unknown>;
    const id = dispute.json.dispute.id as string;
    const decision = { decision: 'accepted', answer: 'credited' };
    await step('POST', `/v1/disputes/${id}/decision`, { token: agent, body: decision }, 403);
    settings.dispute_decision = `${id}:accepted`;
    await step('POST', `/v1/disputes/${id}/decision`, { token: agent, body: decision }, 200);
    await step('POST', `/v1/disputes/${id}/decision`, { token: agent, body: decision }, 409);
    settings.active_plan = 'per-use@1';
    await step('POST', '/v1/plans/per-use/versions/1/activate', { token: agent, body: {} }, 200);

    // Budgets: the standing before any, a change Zendesk does not show (403), then shown.
    await step('GET', '/v1/budgets', { token: agent }, 200);
    const budgets = { currency: 'USD', account: '0.01', groups: {}, tools: { crm: '500.00' } };
    await step('PUT', '/v1/budgets', { token: agent, body: budgets }, 403);
    settings.budget_change = await changeDigest('budgets', budgets);
    const standing = await step('PUT', '/v1/budgets', { token: agent, body: budgets }, 200);
    expect(standing.json.budgets).toHaveLength(2);
    // The account's 0.01 is spent: the tick raises its alerts, which wait for a destination.
    await budgetTick(b.services);
    const raised = await step('GET', '/v1/alerts?period=2026-11', { token: agent }, 200);
    expect(raised.json.alerts.length).toBeGreaterThan(0);
    await step('GET', '/v1/alerts', { token: agent }, 200);
    // The receiver's host as a public DNS answer would resolve it (no network in tests).
    Object.assign(b.services, {
      resolveHost: async () => [{ address: '93.184.215.14', family: 4 }],
    });
    const destination = { url: 'https://hooks.example.com/aicm' };
    settings.budget_change = await changeDigest('alert-destination', destination);
    await step('PUT', '/v1/alerts/destination', { token: agent, body: destination }, 200);
    await step('GET', '/v1/budgets', { token: agent }, 200);

    const change = JSON.stringify({
      ticket_id: '201',
      status: 'open',
      updated_at: '2026-11-20T11:00:00Z',
    });
    const timestamp = b.clock.toISOString();
    const signed = {
      raw: change,
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signWebhook(acme.webhookSecret, timestamp, change),
        'x-zendesk-webhook-signature-timestamp': timestamp,
      },
    };
    await step('POST', '/v1/webhooks/zendesk/acme', signed, 200);
    await step('POST', '/v1/webhooks/zendesk/acme', signed, 409);

    expect(contract.problems).toEqual([]);
    const documented = Object.entries(contract.document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(documented.filter((op) => !contract.answered.has(op))).toEqual([]);
  }, 60_000);

  it('answers every refusal in the one documented error shape', async () => {
    const agent = await appToken(acme, b.clock, { sub: '1234' });
    await step('GET', '/v1/tickets/201', {}, 401);
    await step('GET', '/v1/tickets/x%20y', { token: agent }, 400);
    await step('GET', '/v1/tickets/999', { token: agent }, 404);
    await step('PUT', '/v1/tickets/201', { token: agent, raw: 'revision=1' }, 415);
    await step(
      'PUT',
      '/v1/tickets/201',
      { token: agent, raw: '{', headers: { 'content-type': 'application/json' } },
      400,
    );
    await step('PUT', '/v1/tickets/201', { token: agent, body: { revision: 0 } }, 400);
    await step(
      'GET',
      '/v1/reports/summary?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z',
      { token: agent },
      400,
    );
    await step('GET', `/v1/reports/compare?plans=nope@1&${PERIOD}`, { token: agent }, 404);
    await step('POST', '/v1/usage-events', { token: acme.ingestKey, body: { events: [] } }, 400);
    await step('POST', '/v1/plans/per-use/versions/01/activate', { token: agent, body: {} }, 400);
    const badBudget = { currency: 'USD', account: '1.001', groups: {}, tools: {} };
    const refused = await step('PUT', '/v1/budgets', { token: agent, body: badBudget }, 400);
    expect(refused.json.error.field).toBe('account');
    await step('GET', '/v1/alerts?period=2026-13', { token: agent }, 400);
    const inward = { url: 'https://10.0.0.1/aicm' };
    store.fixtures.settings.budget_change = await changeDigest('alert-destination', inward);
    const ssrf = await step('PUT', '/v1/alerts/destination', { token: agent, body: inward }, 400);
    expect(ssrf.json.error.field).toBe('url');
    await step(
      'POST',
      '/v1/webhooks/zendesk/acme',
      { raw: '{}', headers: { 'content-type': 'application/json' } },
      401,
    );
    expect(contract.problems).toEqual([]);
  });
});
