/**
 * End to end, the other two outcome metrics (spec section 9) in the local workspace: the sidebar
 * shows the human time a ticket saved and its charge under a plan that pays for it, the report
 * shows the cohort's escalation rate and fee, and the admin's measure buttons fill both
 * baselines with figures checked here against a direct count over the workspace's tickets.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodOf } from '../../src/app/nav/period.js';
import { parseTimeline, priceTicketOver, type TicketActivity } from '../../src/pricing/index.js';
import { monthOf } from '../../src/pricing/time.js';
import type { RunningDemo } from '../../src/workspace/demo.js';
import { mapTicket } from '../../src/zendesk/mapping.js';
import { parseSettings } from '../../src/zendesk/settings.js';
import { auditSchema, ticketSchema, userSchema } from '../../src/zendesk/shapes.js';
import { appToken } from '../server/harness.js';
import { openTicketIn, type Running, startBrowserDemo } from './workspace.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PLAN = JSON.parse(
  readFileSync(join(ROOT, 'examples/plans/performance-outcomes.json'), 'utf8'),
);
const FIELD = '360000001';
const dataDir = mkdtempSync(join(tmpdir(), 'aicm-e2e-metrics-'));
let demo: RunningDemo;
let browser: Browser;

async function backend<T>(path: string): Promise<T> {
  const secrets = JSON.parse(readFileSync(join(dataDir, 'workspace-demo.json'), 'utf8'));
  const token = await appToken(secrets, new Date());
  const response = await fetch(`${demo.backend!.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as T;
}

/** A workspace ticket as the app reads it. */
function activityOf(id: number): TicketActivity {
  const f = demo.store.fixtures;
  const entry = demo.store.ticket(id)!;
  return mapTicket({
    ticket: ticketSchema.parse(entry.ticket),
    audits: entry.audits.map((a) => auditSchema.parse(a)),
    users: f.users.map((u) => userSchema.parse(u)),
    settings: parseSettings(f.settings),
    backendUsage: (entry.usage ?? []) as never,
  }).activity;
}

async function openAdmin(page: Page): Promise<Frame> {
  await page.goto(`${demo.workspace.url}/?reports`);
  const frame = (await (
    await page.waitForSelector('iframe[data-testid="nav-frame"]')
  ).contentFrame())!;
  await frame.click('.aicm-tab:nth-child(2)');
  await frame.waitForSelector('[data-testid="admin"]');
  await frame.selectOption('#aicm-model', 'base_plus_performance');
  return frame;
}

describe('time saved and fewer escalations in the workspace', () => {
  let running: Running | undefined;
  beforeAll(async () => {
    running = await startBrowserDemo(dataDir);
    ({ demo, browser } = running);
    // The plan that pays for both, from now on; ticket 103 (7 minutes of human time) is then
    // reopened and solved again, so its outcome charge, and its time saved, fall under it.
    await fetch(`${demo.workspace.url}/api/workspace/plan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file: 'performance-outcomes.json' }),
    });
    for (const action of ['reopen', 'solve'])
      await fetch(`${demo.workspace.url}/api/workspace/tickets/103/${action}`, { method: 'POST' });
  }, 60_000);
  afterAll(() => running?.close());

  it('shows the minutes a ticket saved against the baseline, and their charge', async () => {
    const page = await browser.newPage();
    const frame = await openTicketIn(demo, page, 103);
    const line = await frame.waitForSelector('[data-code="time_saved"]');
    const note = await frame.waitForSelector('[data-testid="time-saved"]', { timeout: 15_000 });
    // Directly from the ticket: the agreed minutes less its tracked human time.
    const seconds = demo.store
      .ticket(103)!
      .audits.flatMap((a) => a.events)
      .filter((e) => e.field_name === FIELD)
      .map((e) => Number(e.value))
      .at(-1)!;
    expect(seconds).toBe(420);
    expect(await note.getAttribute('data-saved-minutes')).toBe('5.00');
    expect(await note.textContent()).toContain(`5 min`);
    expect(Number(PLAN.timeSaved.baselineMinutes) - seconds / 60).toBe(5);
    // The charge is the core's, over the backend's timeline, for the same Zendesk data.
    const { timeline } = await backend<{ timeline: unknown }>('/v1/plans/timeline');
    const expected = priceTicketOver(parseTimeline(timeline), activityOf(103), {
      asOf: new Date(),
    }).lines.find((l) => l.code === 'time_saved')!;
    expect(await line.getAttribute('data-quantity')).toBe(expected.quantity);
    expect(await line.getAttribute('data-amount')).toBe(expected.amount);
    expect(expected.amount).toBe('0.50');
    await page.close();
  });

  it('shows the cohort’s escalation rate beside the baseline, and its fee', async () => {
    // Ticket 109's first AI reply comes under the plan, and no human has joined it: its
    // version's cohort this month is that one ticket, escalation rate 0 against 0.40.
    await fetch(`${demo.workspace.url}/api/workspace/tickets/109/ai_reply`, { method: 'POST' });
    const page = await browser.newPage();
    const sidebar = await openTicketIn(demo, page, 109);
    await sidebar.waitForSelector('[data-sync="synced"]', { timeout: 15_000 });
    await page.goto(`${demo.workspace.url}/?reports`);
    const frame = (await (
      await page.waitForSelector('iframe[data-testid="nav-frame"]')
    ).contentFrame())!;
    const row = await frame.waitForSelector(
      `[data-testid="outcome-metrics"] tr[data-plan="${PLAN.id}@1"][data-month="${monthOf(Date.now())}"]`,
      { timeout: 15_000 },
    );
    const cells = await row.$$eval('th, td', (all) => all.map((c) => c.textContent ?? ''));
    // Cohort, tickets, escalated, rate (with the baseline), fee (provisional: the month is open).
    expect(cells.slice(1, 3)).toEqual(['1', '0']);
    expect(cells[3]).toContain('0%');
    expect(cells[3]).toContain('40%');
    // (0.40 − 0) × 100 points × $0.50 = $20.00, under the $25.00 cap, all of it 109's share.
    const fee = (Number(PLAN.escalationReduction.baselineRate) * 100 * 0.5).toFixed(2);
    expect(fee).toBe('20.00');
    expect(await row.$eval('[data-amount]', (td) => td.getAttribute('data-amount'))).toBe(fee);
    expect(cells[4]).toContain('$20.00');
    expect(cells[4]).toContain('provisional');
    // By the report's grouping (here the channel), the minutes as the backend splits them
    // over the same period (the report's default, the last 30 days).
    const period = periodOf('last30', new Date());
    const split = await backend<{ groups: { key: string | null; humanMinutesSaved: string }[] }>(
      `/v1/reports/outcome-metrics?from=${period.from.toISOString()}&to=${period.to.toISOString()}&groupBy=channel`,
    );
    expect(split.groups.length).toBeGreaterThan(0);
    await frame.selectOption('select:has(option[value="channel"])', 'channel');
    // The table, once it shows the channel's answer (it is redrawn when the grouping changes).
    const keys = split.groups.map((g) => g.key ?? '');
    await frame.waitForFunction(
      (expected) =>
        [...document.querySelectorAll('[data-testid="minutes-by-group"] tbody tr')]
          .map((r) => r.getAttribute('data-key'))
          .join('\n') === expected.join('\n'),
      keys,
      { timeout: 15_000 },
    );
    const shown = await frame.$$eval('[data-testid="minutes-by-group"] tbody tr', (rows) =>
      rows.map((r) => [r.getAttribute('data-key'), r.querySelectorAll('td')[2]!.textContent]),
    );
    expect(shown).toEqual(
      split.groups.map((g) => [
        g.key ?? '',
        new Intl.NumberFormat('en').format(Number(g.humanMinutesSaved)),
      ]),
    );
    await page.close();
  });

  it('measures the handling time of tickets without AI, as counted from Zendesk', async () => {
    const page = await browser.newPage();
    const frame = await openAdmin(page);
    // The direct count: solved tickets of 201's month without the AI tag, their tracked seconds.
    const solvedAt = demo.store.ticket(201)!.audits.at(-1)!.created_at;
    const month = solvedAt.slice(0, 7);
    const tracked = demo.store.fixtures.tickets
      .filter((t) => t.ticket.status === 'solved' && !t.ticket.tags.includes('aicm_ai_used'))
      .filter((t) => t.audits.at(-1)!.created_at.slice(0, 7) === month)
      .map((t) =>
        t.audits
          .flatMap((a) => a.events)
          .filter((e) => e.field_name === FIELD)
          .at(-1),
      )
      .filter((e) => e !== undefined)
      .map((e) => Number(e.value));
    expect(tracked.length).toBeGreaterThan(0);
    const mean = tracked.reduce((a, b) => a + b, 0) / tracked.length / 60;
    const widget = '[data-testid="measure-timeSaved.baselineMinutes"]';
    await frame.fill(`${widget} input[type="month"]`, month);
    await frame.click(`${widget} button`);
    await frame.waitForFunction(
      (sel) => document.querySelector(`${sel} [role="status"]`)?.textContent !== '',
      widget,
    );
    const field = await frame.inputValue('#aicm-f-timeSaved-baselineMinutes');
    expect(Number(field)).toBe(mean);
    expect(await frame.textContent(`${widget} [role="status"]`)).toContain(
      `${tracked.length} tickets`,
    );
    await page.close();
  });

  it('measures the escalation rate of a past cohort, as counted from the same tickets', async () => {
    const page = await browser.newPage();
    const frame = await openAdmin(page);
    const first = (a: TicketActivity) =>
      a.usage.map((u) => Date.parse(u.at)).reduce((x, y) => Math.min(x, y), Infinity);
    const month = monthOf(first(activityOf(101)));
    // The direct count: tickets whose first usage is in the month, and those a human joined by
    // the month's end + 72 h (or now, if earlier).
    const end = Date.parse(`${nextMonth(month)}`);
    const deadline = Math.min(Date.now(), end + 72 * 3_600_000);
    const cohort = demo.store.fixtures.tickets
      .map((t) => activityOf(t.ticket.id))
      .filter((a) => a.usage.length > 0 && monthOf(first(a)) === month);
    const escalated = cohort.filter((a) =>
      a.lifecycle.some(
        (e) => (e.type === 'human_reply' || e.type === 'handoff') && Date.parse(e.at) <= deadline,
      ),
    );
    const widget = '[data-testid="measure-escalationReduction.baselineRate"]';
    await frame.fill(`${widget} input[type="month"]`, month);
    await frame.click(`${widget} button`);
    await frame.waitForFunction(
      (sel) => document.querySelector(`${sel} [role="status"]`)?.textContent !== '',
      widget,
    );
    const field = await frame.inputValue('#aicm-f-escalationReduction-baselineRate');
    expect(Number(field)).toBeCloseTo(escalated.length / cohort.length, 6);
    const status = await frame.textContent(`${widget} [role="status"]`);
    expect(status).toContain(`${escalated.length} of the ${cohort.length} tickets`);
    await page.close();
  });
});

/** The instant the month after `month` begins. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString();
}
