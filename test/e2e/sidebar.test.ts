/**
 * End to end: the built app, with the real ZAF SDK, in headless Chromium, in the local
 * workspace that plays Zendesk, with the companion backend on PGlite behind Zendesk's proxy.
 * For every demo ticket the sidebar must show the outcome and total that the pricing core
 * computes from the same Zendesk data.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlan, parseTimeline, priceTicket, priceTicketOver } from '../../src/pricing/index.js';
import { loadConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/serve.js';
import type { RunningDemo } from '../../src/workspace/demo.js';
import { mapTicket } from '../../src/zendesk/mapping.js';
import { parseSettings } from '../../src/zendesk/settings.js';
import { auditSchema, ticketSchema, userSchema } from '../../src/zendesk/shapes.js';
import { appToken } from '../server/harness.js';
import { openTicketIn, type Running, startBrowserDemo } from './workspace.js';

// Screenshots go to test-results/ on every run; UPDATE_SCREENSHOTS=1 refreshes the README's.
const SCREENSHOTS = join(
  import.meta.dirname,
  '..',
  '..',
  process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots',
);
mkdirSync(SCREENSHOTS, { recursive: true });
const ROOT = join(import.meta.dirname, '..', '..');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const dataDir = mkdtempSync(join(tmpdir(), 'aicm-e2e-'));
let demo: RunningDemo;
let browser: Browser;

/** What the core says for a fixture ticket, from the same Zendesk JSON the app reads. */
function expected(ticketId: number) {
  const f = demo.store.fixtures;
  const entry = f.tickets.find((t) => t.ticket.id === ticketId)!;
  const settings = parseSettings(f.settings);
  const { activity } = mapTicket({
    ticket: ticketSchema.parse(entry.ticket),
    audits: entry.audits.map((a) => auditSchema.parse(a)),
    users: f.users.map((u) => userSchema.parse(u)),
    settings,
    backendUsage: (entry.usage ?? []) as never,
  });
  const plan = parsePlan(JSON.parse(String(f.settings.default_plan)));
  return { activity, breakdown: priceTicket(plan, activity, { asOf: new Date() }) };
}

/** What axe-core finds wrong in a frame's document (its id and help text per violation). */
async function axeViolations(frame: Frame): Promise<string[]> {
  await frame.addScriptTag({ path: AXE });
  return frame.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (c: Document) => Promise<{ violations: { id: string; help: string }[] }> };
      }
    ).axe;
    return (await axe.run(document)).violations.map((v) => `${v.id}: ${v.help}`);
  });
}

const openTicket = (page: Page, id: number): Promise<Frame> => openTicketIn(demo, page, id);

describe('the sidebar in the local workspace', () => {
  let running: Running | undefined;
  beforeAll(async () => {
    running = await startBrowserDemo(dataDir);
    ({ demo, browser } = running);
  }, 60_000);
  afterAll(async () => {
    await running?.close();
  });

  it.each([101, 102, 103, 104, 105, 106, 108])(
    'shows ticket %i as the core prices it',
    async (id) => {
      const page = await browser.newPage();
      const frame = await openTicket(page, id);
      const { breakdown } = expected(id);
      const outcome = await frame.getAttribute('[data-testid="outcome"]', 'data-outcome');
      const total = await frame.getAttribute('[data-testid="total"]', 'data-amount');
      expect({ outcome, total }).toEqual({ outcome: breakdown.outcome, total: breakdown.total });
      // One screenshot per outcome, for the README and for people reviewing a change.
      const frameElement = await page.$('iframe[data-testid="app-frame"]');
      await frameElement!.screenshot({
        path: join(SCREENSHOTS, `sidebar-${breakdown.outcome}.png`),
      });
      await page.close();
    },
  );

  it('keeps the app’s tags on the fixture ticket through the Zendesk API', async () => {
    const page = await browser.newPage();
    const frame = await openTicket(page, 103);
    await frame.waitForSelector('[data-sync="synced"]');
    const tags = demo.store.ticket(103)!.ticket.tags;
    expect(tags.filter((t) => t.startsWith('aicm_')).sort()).toEqual([
      'aicm_ai_used',
      'aicm_outcome_assisted',
      'aicm_tool_order_lookup',
      'aicm_tool_refund',
    ]);
    await page.close();
  });

  it('follows the ticket live: a human reply escalates it, solving it makes it assisted', async () => {
    const page = await browser.newPage();
    const frame = await openTicket(page, 105);
    expect(await frame.getAttribute('[data-testid="outcome"]', 'data-outcome')).toBe('in_progress');
    await page.click('button[data-action="human_reply"]');
    await frame.waitForSelector('[data-outcome="escalated"]');
    await page.click('button[data-action="solve"]');
    await frame.waitForSelector('[data-outcome="assisted"]');
    const { breakdown } = expected(105);
    expect(await frame.getAttribute('[data-testid="total"]', 'data-amount')).toBe(breakdown.total);
    await page.close();
  });

  it('passes an axe accessibility check in every state shown, in English and Japanese', async () => {
    const user = demo.store.fixtures.currentUser as Record<string, unknown>;
    const page = await browser.newPage();
    try {
      for (const locale of ['en', 'ja']) {
        user.locale = locale;
        for (const id of [101, 102, 107]) {
          const frame = await openTicket(page, id);
          expect(await frame.getAttribute('html', 'lang'), `ticket ${id}`).toBe(locale);
          const violations = await axeViolations(frame);
          expect(violations, `ticket ${id} (${locale})`).toEqual([]);
        }
      }
    } finally {
      user.locale = 'en';
      await page.close();
    }
  });

  it('shows the team lead the month the core computes for the same tickets, axe-clean', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.workspace.url}/?reports`);
    const frame = (await (
      await page.waitForSelector('iframe[data-testid="nav-frame"]')
    ).contentFrame())!;
    await frame.waitForSelector('[data-testid="headline"]', { timeout: 15_000 });
    // Every demo ticket, priced by the core from the same Zendesk data, confirmed amounts only.
    let confirmedMinor = 0n;
    let resolutions = 0;
    for (const { ticket } of demo.store.fixtures.tickets) {
      const { breakdown } = expected(ticket.id);
      confirmedMinor += BigInt(breakdown.confirmedTotal.replace('.', ''));
      if (breakdown.outcome === 'ai_resolved') resolutions++;
    }
    const confirmed = `$${(Number(confirmedMinor) / 100).toFixed(2)}`;
    expect(await frame.textContent('[data-figure="confirmed"] .aicm-figure-value')).toBe(confirmed);
    expect(await frame.textContent('[data-figure="aiResolutions"] .aicm-figure-value')).toBe(
      String(resolutions),
    );
    await frame.waitForSelector('[data-testid="replay"] [data-plan="per-resolution@1"]');
    // The replay matches `ai-cost compare` on the same tickets under the same plans.
    const dir = mkdtempSync(join(tmpdir(), 'aicm-replay-'));
    const activities = demo.store.fixtures.tickets.map(({ ticket }) =>
      JSON.stringify(expected(ticket.id).activity),
    );
    writeFileSync(join(dir, 'activities.jsonl'), `${activities.join('\n')}\n`);
    writeFileSync(
      join(dir, 'per-resolution.json'),
      String(demo.store.fixtures.settings.default_plan),
    );
    // Every example plan the demo saved, but per-resolution, which the demo's own default replaces.
    const examples = readdirSync(join(ROOT, 'examples/plans'))
      .filter((f) => f.endsWith('.json') && f !== 'per-resolution.json')
      .map((f) => join(ROOT, 'examples/plans', f));
    const cli = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin/ai-cost.js'),
        'compare',
        '--json',
        '--plans',
        join(dir, 'per-resolution.json'),
        ...examples,
        '--activities',
        join(dir, 'activities.jsonl'),
      ],
      { encoding: 'utf8' },
    );
    const fromCli = Object.fromEntries(
      (
        JSON.parse(cli.stdout) as {
          plans: { planId: string; planVersion: number; totalCost: string }[];
        }
      ).plans.map((p) => [`${p.planId}@${p.planVersion}`, p.totalCost]),
    );
    const onScreen = Object.fromEntries(
      await frame.$$eval('[data-testid="replay"] tbody tr', (rows) =>
        rows.map((r) => [
          r.getAttribute('data-plan'),
          r.querySelector('[data-amount]')!.getAttribute('data-amount'),
        ]),
      ),
    );
    expect(onScreen).toEqual(fromCli);
    // And the month's headline is the CLI's total under the active plan.
    expect(confirmed).toBe(`$${fromCli['per-resolution@1']}`);
    rmSync(dir, { recursive: true, force: true });
    await frame.waitForSelector('[data-testid="differences"] tbody tr');
    const violations = await axeViolations(frame);
    expect(violations).toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS)
      await page.screenshot({ path: join(SCREENSHOTS, 'reports.png'), fullPage: true });
    // The CSV download holds exactly the table on screen.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.click('[data-testid="grouped"] + button'),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^ai-cost_day_per-resolution@1_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    // The screen writes each key in the reader's words (a date in their format); the file keeps
    // the key itself, which each row carries.
    const shown = await frame.$$eval('[data-testid="grouped"] tbody tr', (rows) =>
      rows.map((r) => r.querySelector('th')!.getAttribute('data-key')),
    );
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(shown);
    // The most expensive ticket opens in the agent's workspace.
    const first = await frame.$('[data-testid="top"] tbody tr:first-child button');
    await first!.click();
    const sidebar = (await (
      await page.waitForSelector('iframe[data-testid="app-frame"]')
    ).contentFrame())!;
    await sidebar.waitForSelector('[data-testid="total"]');
    await page.close();
  });

  it('lets an admin write a plan, preview it and activate it, and the sidebar follows', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.workspace.url}/?reports`);
    const frame = (await (
      await page.waitForSelector('iframe[data-testid="nav-frame"]')
    ).contentFrame())!;
    await frame.click('button.aicm-tab:has-text("Plans (admin)")');
    await frame.waitForSelector('[data-testid="admin"]');
    await frame.fill('#aicm-f-id', 'admin-per-use');
    await frame.fill('#aicm-f-name', 'Per use by the admin');
    await frame.selectOption('#aicm-model', 'usage');
    // Validated as typed, by the core's own schema.
    await frame.fill('#aicm-f-rates-conversation', '0.5.5');
    expect(await frame.getAttribute('#aicm-f-rates-conversation', 'aria-invalid')).toBe('true');
    expect(await frame.isDisabled('button.aicm-button-primary')).toBe(true);
    await frame.fill('#aicm-f-rates-conversation', '2.00');
    expect(await frame.isDisabled('button.aicm-button-primary')).toBe(false);
    await frame.click('button:has-text("Preview on the last 30 days")');
    await frame.waitForSelector('[data-testid="preview"] tbody tr:nth-child(2)');
    await frame.click('button.aicm-button-primary');
    await frame.waitForSelector('[data-testid="admin-message"]:has-text("is now in force")');
    expect(demo.store.fixtures.settings.active_plan).toBe('admin-per-use@1');
    expect(await frame.textContent('[data-testid="history"] tbody tr:first-child')).toContain(
      // Who activated, as Zendesk vouches for it (the browser's claim is not recorded).
      "a Zendesk admin (installation 1's active_plan setting)",
    );
    if (process.env.UPDATE_SCREENSHOTS) {
      await page.screenshot({ path: join(SCREENSHOTS, 'admin.png'), fullPage: true });
    }
    const violations = await axeViolations(frame);
    expect(violations).toEqual([]);
    // Roll back: activate the earlier plan again from the history, then forward once more.
    await frame.click('[data-testid="history"] button:has-text("per-resolution@1")');
    await frame.waitForFunction(
      () => document.querySelectorAll('[data-testid="history"] tbody tr').length === 3,
    );
    expect(demo.store.fixtures.settings.active_plan).toBe('per-resolution@1');
    await frame.click('[data-testid="history"] button:has-text("admin-per-use@1") >> nth=0');
    await frame.waitForFunction(
      () => document.querySelectorAll('[data-testid="history"] tbody tr').length === 4,
    );
    expect(demo.store.fixtures.settings.active_plan).toBe('admin-per-use@1');
    // AI work from now on is priced under the admin's plan (earlier charges stay under the plan
    // then in force), and the sidebar names it.
    await fetch(`${demo.workspace.url}/api/workspace/tickets/105/ai_reply`, { method: 'POST' });
    const sidebar = await openTicket(page, 105);
    await sidebar.waitForSelector('text=Per use by the admin, version 1');
    await page.close();
  });

  it('hides the admin view from an agent, and the backend refuses an agent’s activation', async () => {
    await fetch(`${demo.workspace.url}/api/workspace/role`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'agent' }),
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${demo.workspace.url}/?reports`);
      const frame = (await (
        await page.waitForSelector('iframe[data-testid="nav-frame"]')
      ).contentFrame())!;
      await frame.waitForSelector('[data-testid="headline"]');
      expect(await frame.$('button.aicm-tab')).toBeNull();
      // Forged: the agent's browser asks the backend directly, through the proxy, to activate a
      // saved plan. Zendesk's settings still name the admin's choice, so the backend refuses.
      const forged = (await (
        await fetch(`${demo.workspace.url}/api/workspace/proxy`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            url: `${demo.backend!.url}/v1/plans/per-resolution/versions/1/activate`,
            type: 'POST',
            contentType: 'application/json',
            data: JSON.stringify({ activatedBy: 'an agent claiming to be admin' }),
            headers: { Authorization: 'Bearer {{jwt.token}}' },
            jwt: {
              algorithm: 'HS256',
              secret_key: '{{setting.shared_secret}}',
              expiry: 300,
              claims: { iss: 'demo', role: 'admin' },
            },
          }),
        })
      ).json()) as { status: number; body: string };
      expect(forged.status).toBe(403);
      expect(JSON.parse(forged.body).error.code).toBe('activation_not_selected');
      await page.close();
    } finally {
      await fetch(`${demo.workspace.url}/api/workspace/role`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'admin' }),
      });
    }
  });

  it('queues the sync while the backend is down and delivers it, once, when it is back', async () => {
    const port = new URL(demo.backend!.url).port;
    await demo.backend!.close();
    const page = await browser.newPage();
    const frame = await openTicket(page, 104);
    // Priced all the same, from the ticket and the default plan; the sync waits.
    expect(await frame.getAttribute('[data-testid="total"]', 'data-amount')).toBe(
      expected(104).breakdown.total,
    );
    expect(await frame.getAttribute('[data-testid="sync"]', 'data-sync')).toBe('queued');
    const back = await startServer(
      // Zendesk as the demo's backend reads it: with API access, an unreachable Zendesk
      // would refuse the sync rather than take the browser's word.
      loadConfig({
        PORT: port,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ZENDESK_API_BASE: `${demo.workspace.url}/zendesk`,
      }),
    );
    try {
      await frame.waitForSelector('[data-sync="synced"]', { timeout: 15_000 });
      const metrics = await (await fetch(`${back.url}/metrics`)).text();
      expect(metrics).toMatch(/aicm_ticket_syncs_total\{applied="true"\} 1\n/);
      const secrets = JSON.parse(readFileSync(join(dataDir, 'workspace-demo.json'), 'utf8'));
      const token = await appToken(secrets, new Date());
      const stored = await (
        await fetch(`${back.url}/v1/tickets/104`, { headers: { authorization: `Bearer ${token}` } })
      ).json();
      // Priced by the backend over its timeline (an admin changed the plan above: the ticket's
      // earlier usage stays under the plan then in force).
      const { timeline } = await (
        await fetch(`${back.url}/v1/plans/timeline`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json();
      const { activity } = expected(104);
      expect(stored.breakdown.total).toBe(
        priceTicketOver(parseTimeline(timeline), activity, { asOf: new Date() }).total,
      );
    } finally {
      await page.close();
      await back.close();
    }
  });

  it('shows the empty state for a ticket without AI', async () => {
    const page = await browser.newPage();
    const frame = await openTicket(page, 107);
    expect(await frame.textContent('[data-testid="empty"]')).toContain('No AI on this ticket');
    await page.close();
  });
});
