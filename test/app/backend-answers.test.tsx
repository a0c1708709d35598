// @vitest-environment happy-dom
/**
 * The app's backend client checks every answer against its route's schema (src/api/schemas):
 * against a real backend (PGlite), whose answers pass, and the same answers altered on the way,
 * which are refused with the route and the field named, their data not used, and the sidebar
 * and the report saying so in the agent's language.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/app/i18n/i18n.js';
import { periodOf } from '../../src/app/nav/period.js';
import { loadReport } from '../../src/app/nav/report/use-report.js';
import { createSidebarController } from '../../src/app/sidebar/controller.js';
import { Sidebar } from '../../src/app/sidebar/Sidebar.js';
import { BackendAnswerError } from '../../src/app/sync/answer.js';
import { Backend } from '../../src/app/sync/backend.js';
import { parseActivity } from '../../src/pricing/index.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { loadFixtures, WorkspaceStore } from '../../src/workspace/fixtures.js';
import { zendeskApi } from '../../src/workspace/zendesk-api.js';
import type { ZafClient, ZafRequestOptions } from '../../src/zendesk/client.js';
import {
  activatePlan,
  appToken,
  ENGINES,
  OUTCOME_PLAN,
  type Backend as RunningBackend,
  startBackend,
} from '../server/harness.js';
import { dictionary } from './i18n/dictionaries.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'examples', 'zendesk', 'demo.json');
const BASE = 'https://backend.test';

// biome-ignore lint/suspicious/noExplicitAny: an answer is altered as plain JSON.
type Json = any;
type Tamper = (path: string, method: string, answer: Json) => Json;

let b: RunningBackend;
let acme: TenantSecrets;

beforeAll(async () => {
  b = await startBackend(ENGINES[0]!);
  acme = await b.services.tenants.create('demo');
  await activatePlan(b, 'demo', OUTCOME_PLAN);
});
afterAll(() => b.close());
afterEach(cleanup);

/**
 * A ZAF client as Zendesk's proxy behaves for this app: backend URLs signed and sent to the
 * real backend (its answer passed through `tamper` on the way back), Zendesk's API answered
 * by the workspace's emulation of it.
 */
function zaf(tamper: Tamper = (_p, _m, a) => a, settings: Record<string, unknown> = {}) {
  const store = new WorkspaceStore(loadFixtures(FIXTURES, b.clock));
  const zendesk = zendeskApi(store, { pageSize: 2 });
  const client: ZafClient = {
    get: async () => ({ 'currentUser.id': 901 }),
    invoke: async () => undefined,
    on: () => undefined,
    metadata: async () => ({
      installationId: 1,
      settings: { ...store.fixtures.settings, backend_url: BASE, ...settings },
    }),
    context: async () => ({
      account: { subdomain: 'demo' },
      location: 'ticket_sidebar',
      ticketId: 101,
    }),
    async request<T>(options: ZafRequestOptions): Promise<T> {
      const method = options.type ?? 'GET';
      const toBackend = options.url.startsWith(BASE);
      const path = toBackend ? options.url.slice(BASE.length) : options.url;
      const init = {
        method,
        headers: {
          'content-type': 'application/json',
          ...(toBackend
            ? { authorization: `Bearer ${await appToken(acme, b.clock, { sub: '901' })}` }
            : {}),
        },
        ...(options.data ? { body: options.data } : {}),
      };
      const response = toBackend
        ? await b.app.request(path, init)
        : await zendesk.request(path.replace(/^https?:\/\/[^/]+/, ''), init);
      const body = await response.json();
      if (!response.ok) throw { status: response.status, responseJSON: body, headers: {} };
      return (toBackend ? tamper(path.split('?')[0]!, method, body) : body) as T;
    },
  };
  return client;
}

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

const en = translator('en', [dictionary('en')]);
const de = translator('de', [dictionary('de'), dictionary('en')]);

describe('the backend client', () => {
  it('passes the real answers through, checked', async () => {
    const backend = new Backend(zaf(), BASE, 'demo');
    const timeline = await backend.timeline();
    expect(timeline?.plans.map((p) => p.key)).toEqual(['fin-style@1']);
  });

  it('refuses an answer that does not match, naming the route and the field', async () => {
    const backend = new Backend(
      zaf((path, _m, answer) => {
        if (path === '/v1/plans/timeline') answer.timeline[0].plan.currency = 840;
        return answer;
      }),
      BASE,
      'demo',
    );
    const refused = await backend.timeline().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BackendAnswerError);
    expect(refused).toMatchObject({
      route: 'GET /v1/plans/timeline',
      field: 'timeline[0].plan.currency',
    });
  });

  it('refuses a sync whose breakdown carries an amount as a number', async () => {
    const activity = parseActivity(
      JSON.parse(readFileSync(join(ROOT, 'examples', 'activities.jsonl'), 'utf8').split('\n')[0]!),
    );
    const backend = new Backend(
      zaf((_p, method, answer) => {
        if (method === 'PUT' && answer.breakdown) answer.breakdown.total = 0.99;
        return answer;
      }),
      BASE,
      'demo',
    );
    await expect(backend.sync('101', 1, activity)).rejects.toMatchObject({
      route: 'PUT /v1/tickets/101',
      field: 'breakdown.total',
    });
  });

  it('refuses the report when one of its answers does not match, the query left out', async () => {
    const backend = new Backend(
      zaf((path, _m, answer) => {
        if (path === '/v1/reports/top-tickets') delete answer.rows;
        return answer;
      }),
      BASE,
      'demo',
    );
    const refused = await loadReport(backend, periodOf('last30', b.clock), 'day').catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ route: 'GET /v1/reports/top-tickets', field: 'rows' });
  });
});

describe('the sidebar on an answer that does not match', () => {
  it('shows which answer and field did not match instead of a cost, in the agent’s language', async () => {
    const client = zaf((path, _m, answer) => {
      if (path === '/v1/plans/timeline') answer.timeline[0].plan.pricePerResolution = 0.99;
      return answer;
    });
    const controller = createSidebarController(client, {
      now: () => b.clock,
      storage: memoryStorage(),
      sleep: async () => undefined,
    });
    await controller.start();
    controller.stop();
    const state = controller.getState();
    expect(state).toMatchObject({ kind: 'error', code: 'backend_answer' });
    render(<Sidebar state={state} i18n={de} now={b.clock} onRefresh={() => undefined} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(
      'GET /v1/plans/timeline, timeline[0].plan.pricePerResolution',
    );
    expect(alert.textContent).toContain('Antwort des Backends');
    expect(screen.queryByTestId('total')).toBeNull();
  });

  it('keeps its own cost when the sync’s answer does not match, and says so', async () => {
    const client = zaf((_p, method, answer) => {
      if (method === 'PUT') answer.breakdown = { total: '1000000.00' };
      return answer;
    });
    const controller = createSidebarController(client, {
      now: () => b.clock,
      storage: memoryStorage(),
      sleep: async () => undefined,
    });
    await controller.start();
    controller.stop();
    const state = controller.getState();
    if (state.kind !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(state)}`);
    expect(state.sync).toBe('refused');
    expect(state.breakdown.total).not.toBe('1000000.00');
    render(<Sidebar state={state} i18n={en} now={b.clock} onRefresh={() => undefined} />);
    expect(screen.getByTestId('sync').textContent).toContain(
      'PUT /v1/tickets/101, breakdown.ticketId',
    );
    expect(screen.getByTestId('total').textContent).toBe(`$${state.breakdown.total}`);
  });
});
