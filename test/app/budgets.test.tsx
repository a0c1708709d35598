// @vitest-environment happy-dom
/**
 * The report's budgets (issue 14) over a real backend (PGlite): the account's bar with its
 * spend, provisional apart, forecast range and the 50/80/100 % marks, the tool budgets' table,
 * and the month's alerts with their delivery, in English and German; the admin's banner in the
 * sidebar with the latest month's alerts; and the bar's geometry,
 * worked out exactly from the amounts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { $ZodType } from 'zod/v4/core';
import type { BudgetView } from '../../src/api/budgets.js';
import { alertsAnswerSchema } from '../../src/api/schemas/budgets.js';
import { type Dictionary, translator } from '../../src/app/i18n/i18n.js';
import { BudgetsView } from '../../src/app/nav/BudgetsView.js';
import { barGeometry } from '../../src/app/nav/budget-bar.js';
import { AlertBanner, latestMonth } from '../../src/app/sidebar/AlertBanner.js';
import { checkAnswer, routeOf } from '../../src/app/sync/answer.js';
import type { Backend as AppBackend } from '../../src/app/sync/backend.js';
import { budgetTick } from '../../src/server/budgets/ticker.js';
import { usage } from '../server/alert-receiver.js';
import {
  activatePlan,
  appToken,
  type Backend,
  CREDITS_PLAN,
  call,
  ENGINES,
  startBackend,
  USAGE_PLAN,
} from '../server/harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dictionary = (lang: string) =>
  JSON.parse(readFileSync(join(ROOT, 'translations', `${lang}.json`), 'utf8')) as Dictionary;
const en = translator('en', [dictionary('en')]);
const de = translator('de', [dictionary('de'), dictionary('en')]);

describe('the budget bar', () => {
  const view = (over: Partial<BudgetView>): BudgetView => ({
    scope: 'account',
    value: '',
    amount: '100.00',
    confirmed: '40.00',
    provisional: '5.00',
    percentUsed: '40.00',
    reached: [],
    forecast: null,
    ...over,
  });

  it('scales to the budget, and to the forecast’s high end past it', () => {
    expect(barGeometry(view({}), 'USD')).toMatchObject({
      confirmed: '40.0%',
      provisional: '5.0%',
      range: null,
      marks: [
        { percent: 50, left: '50.0%' },
        { percent: 80, left: '80.0%' },
        { percent: 100, left: '100.0%' },
      ],
    });
    const f = {
      method: 'completed-days-mean' as const,
      basisDays: 10,
      projectedDays: 21,
      expected: '150.00',
      low: '60.00',
      high: '300.00',
      exceeds: true,
    };
    expect(barGeometry(view({ forecast: f }), 'USD')).toMatchObject({
      confirmed: '13.3%',
      range: { left: '20.0%', width: '80.0%' },
      expected: '50.0%',
      marks: [{ left: '16.6%' }, { left: '26.6%' }, { left: '33.3%' }],
    });
  });
});

/** The app's client on the real backend: its GETs, each answer checked as the app checks it. */
function appBackendOver(b: Backend, token: string): AppBackend {
  return {
    call: async (schema: $ZodType, path: string) =>
      checkAnswer(routeOf('GET', path), schema, (await call(b, 'GET', path, { token })).json),
  } as unknown as AppBackend;
}

describe('the report’s budgets over the backend', () => {
  let b: Backend;
  let backend: AppBackend;
  beforeAll(async () => {
    b = await startBackend(ENGINES[0]!);
    const secrets = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', USAGE_PLAN);
    const tenant = (await b.services.tenants.byAccount('acme'))!;
    await b.services.budgets.replace(
      tenant.id,
      [
        { scope: 'account', value: '', currency: 'USD', amountMinor: 1_000n },
        { scope: 'tool', value: 'refund', currency: 'USD', amountMinor: 200n },
      ],
      b.clock,
    );
    // 1.00 on the 10th, 4.00 today (the 20th), 1.00 of it on a ticket that used refunds (a
    // tool's budget counts the tickets that used the tool, as the report's grouping by tool).
    const events = [
      ...usage('501', '2026-11-10T09:00:00Z', 2),
      ...usage('502', '2026-11-20T09:00:00Z', 6),
      ...usage('503', '2026-11-20T09:00:00Z', 0, 10, 'refund'),
    ];
    await call(b, 'POST', '/v1/usage-events', { token: secrets.ingestKey, body: { events } });
    await budgetTick(b.services);
    backend = appBackendOver(b, await appToken(secrets, b.clock));
  });
  afterAll(() => b.close());
  afterEach(cleanup);

  it('draws the account’s bar and lists the tool budgets and alerts', async () => {
    render(<BudgetsView backend={backend} i18n={en} />);
    const bar = await waitFor(() => screen.getByTestId('budget-bar'));
    expect(bar.dataset.percent).toBe('50.00');
    // 19 completed days spent 1.00: 5.00 + 1.00 / 19 × 10 = 5.53 (5.526…), range 5.00 – 15.00.
    expect(bar.textContent).toContain('Confirmed $5.00 of $10.00 (50.00 %)');
    expect(bar.textContent).toContain('Forecast for the month: $5.53 (range $5.00 – $15.00');
    const row = screen.getByTestId('budgets-table').querySelector('[data-value="refund"]')!;
    expect(row.textContent).toContain('AI tool refund');
    expect(row.textContent).toContain('50.00 %');
    const alerts = [...screen.getByTestId('alerts').querySelectorAll('li')];
    expect(alerts.map((li) => li.dataset.delivery)).toEqual(['pending', 'pending']);
    expect(alerts.map((li) => li.textContent).sort()).toEqual([
      'AI tool refund: 50 % of the budget reached ($1.00 of $2.00). waiting for delivery',
      'Account: 50 % of the budget reached ($5.00 of $10.00). waiting for delivery',
    ]);
  });

  it('says the same in German', async () => {
    render(<BudgetsView backend={backend} i18n={de} />);
    const bar = await waitFor(() => screen.getByTestId('budget-bar'));
    expect(bar.textContent).toContain('Bestätigt 5,00');
    expect(screen.getByText(/Alarme in diesem Monat/)).toBeTruthy();
  });

  it('gives an admin’s sidebar the latest month’s alerts, and nothing without any', async () => {
    const { alerts } = await backend.call(alertsAnswerSchema, '/v1/alerts');
    const earlier = { ...alerts[0]!, id: '0', period: '2026-10' };
    const month = latestMonth([...alerts, earlier]);
    expect(month.map((a) => a.period)).toEqual(['2026-11', '2026-11']);
    render(<AlertBanner alerts={month} i18n={en} />);
    const banner = screen.getByTestId('alert-banner');
    expect(banner.textContent).toMatch(/^2 budget alert\(s\) this month\. Latest: /);
    expect(banner.textContent).toContain('50 % of the budget reached');
    cleanup();
    const { container } = render(<AlertBanner alerts={[]} i18n={en} />);
    expect(container.textContent).toBe('');
  });
});

describe('the report’s credit pool over the backend', () => {
  let b: Backend;
  let backend: AppBackend;
  beforeAll(async () => {
    b = await startBackend(ENGINES[0]!);
    const secrets = await b.services.tenants.create('acme');
    // 100 credits a month, 2 a conversation.
    await activatePlan(b, 'acme', CREDITS_PLAN);
    // 76 credits on the 5th, 4 today (the 20th): 80 % drained; 4 a day over the 19 completed
    // days leaves the 20 credits ceil(20 × 19 / 76) = 5 days: the 25th.
    const events = [
      ...usage('601', '2026-11-05T09:00:00Z', 38),
      ...usage('602', '2026-11-20T09:00:00Z', 2),
    ];
    await call(b, 'POST', '/v1/usage-events', { token: secrets.ingestKey, body: { events } });
    await budgetTick(b.services);
    backend = appBackendOver(b, await appToken(secrets, b.clock));
  });
  afterAll(() => b.close());
  afterEach(cleanup);

  it('shows what is left, the share drained, the projected end and the pool’s alert', async () => {
    render(<BudgetsView backend={backend} i18n={en} />);
    const pool = await waitFor(() => screen.getByTestId('credit-pool'));
    expect(pool.dataset.percent).toBe('80.00');
    expect(pool.dataset.exhausts).toBe('2026-11-25');
    expect(pool.textContent).toContain('20 of 100 credits left this month, 80.00 % drained.');
    expect(pool.textContent).toContain('the pool runs out on Nov 25, 2026.');
    const alerts = [...screen.getByTestId('alerts').querySelectorAll('li')];
    expect(alerts.map((li) => li.textContent)).toEqual([
      'Credit pool: 80 % drained (80 of 100 credits). waiting for delivery',
    ]);
    // No budget is set: no budget bar, no table.
    expect(screen.queryByTestId('budget-bar')).toBeNull();
  });

  it('says the same in German, and the banner names the pool', async () => {
    render(<BudgetsView backend={backend} i18n={de} />);
    const pool = await waitFor(() => screen.getByTestId('credit-pool'));
    expect(pool.textContent).toContain('20 von 100 Credits in diesem Monat übrig');
    cleanup();
    const { alerts } = await backend.call(alertsAnswerSchema, '/v1/alerts');
    render(<AlertBanner alerts={alerts} i18n={en} />);
    expect(screen.getByTestId('alert-banner').textContent).toContain(
      'Credit pool: 80 % drained (80 of 100 credits).',
    );
  });
});
