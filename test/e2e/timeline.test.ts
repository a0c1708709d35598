/**
 * End to end, plans in force over time (spec section 8): switch plans three times in the local
 * workspace, with AI work on tickets in between, and the report's headline is what `ai-cost
 * price --timeline` makes of the same tickets over the same timeline; its replay rows are what
 * `ai-cost compare` makes of them, each plan in force throughout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDemo } from '../../src/workspace/demo.js';
import { appToken } from '../server/harness.js';
import { openTicketIn, type Running, startBrowserDemo } from './workspace.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'aicm-e2e-timeline-'));
const work = mkdtempSync(join(tmpdir(), 'aicm-timeline-cli-'));
let demo: RunningDemo;
let browser: Browser;

function cli(args: string[]): unknown {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/ai-cost.js'), ...args], {
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

async function backend(path: string): Promise<unknown> {
  const secrets = JSON.parse(readFileSync(join(dataDir, 'workspace-demo.json'), 'utf8'));
  const token = await appToken(secrets, new Date());
  const response = await fetch(`${demo.backend!.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.json();
}

const openTicket = (page: Page, id: number): Promise<Frame> => openTicketIn(demo, page, id);

/** Picks a plan in the workspace's switcher: the operator's activation, from now on. */
async function switchPlan(page: Page, file: string): Promise<void> {
  await page.goto(demo.workspace.url);
  await page.waitForSelector(`#plan option[value="${file}"]`, { state: 'attached' });
  await page.selectOption('#plan', file);
  await page.waitForFunction(
    (f) => (document.getElementById('plan') as HTMLSelectElement).value === f,
    file,
  );
}

/** AI work on a ticket now, seen by the sidebar, which syncs it to the backend. */
async function work_on(page: Page, id: number, action: string): Promise<void> {
  await fetch(`${demo.workspace.url}/api/workspace/tickets/${id}/${action}`, { method: 'POST' });
  const frame = await openTicket(page, id);
  await frame.waitForSelector('[data-sync="synced"]', { timeout: 15_000 });
}

describe('plans switched in the workspace', () => {
  let running: Running | undefined;
  beforeAll(async () => {
    running = await startBrowserDemo(dataDir);
    ({ demo, browser } = running);
  }, 60_000);
  afterAll(async () => {
    await running?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('prices the report over the timeline, and replays each plan throughout', async () => {
    const page = await browser.newPage();
    await switchPlan(page, 'per-use.json');
    await work_on(page, 105, 'ai_reply');
    await switchPlan(page, 'flex-credits.json');
    await work_on(page, 105, 'ai_reply');
    await work_on(page, 102, 'ai_reply');
    await switchPlan(page, 'per-resolution.json');
    await work_on(page, 105, 'solve');
    // After a reload the switcher shows the plan in force.
    await page.reload();
    await page.waitForFunction(
      () => (document.getElementById('plan') as HTMLSelectElement).value === 'per-resolution.json',
    );

    await page.close();
    const reports = await browser.newPage();
    await reports.goto(`${demo.workspace.url}/?reports`);
    const frame = (await (
      await reports.waitForSelector('iframe[data-testid="nav-frame"]')
    ).contentFrame())!;
    await frame.waitForSelector('[data-testid="headline"]', { timeout: 15_000 });
    await frame.waitForSelector('[data-testid="replay"] tbody tr', { timeout: 15_000 });
    // Time saved and escalations: the demo's time tracking field on two tickets (90 s and 420 s).
    await frame.waitForSelector('[data-testid="outcome-metrics"] tbody tr');
    expect(await frame.textContent('[data-testid="human-minutes"]')).toContain('8.5');
    // The page names the plans in force during the period.
    const inForce = await frame.textContent('[data-testid="in-force"]');
    for (const name of ['Per use', 'Flex credits', 'Per resolution'])
      expect(inForce).toContain(name);
    const asOf = new Date().toISOString();

    // The same tickets and timeline, read back from the backend, priced by the CLI.
    const { timeline } = (await backend('/v1/plans/timeline')) as { timeline: unknown[] };
    expect(timeline.length).toBeGreaterThanOrEqual(4); // the demo's default, then three switches
    writeFileSync(join(work, 'timeline.json'), JSON.stringify(timeline));
    const activities: unknown[] = [];
    for (const { ticket } of demo.store.fixtures.tickets) {
      const view = (await backend(`/v1/tickets/${ticket.id}`)) as { activity?: unknown };
      if (view.activity) activities.push(view.activity);
    }
    let confirmedMinor = 0n;
    let resolutions = 0;
    const plansUsed = new Set<string>();
    activities.forEach((activity, i) => {
      const file = join(work, `ticket-${i}.json`);
      writeFileSync(file, JSON.stringify(activity));
      const b = cli([
        'price',
        '--timeline',
        join(work, 'timeline.json'),
        '--activity',
        file,
        '--as-of',
        asOf,
      ]) as {
        confirmedTotal: string;
        outcome: string;
        plans: string[];
      };
      confirmedMinor += BigInt(b.confirmedTotal.replace('.', ''));
      if (b.outcome === 'ai_resolved') resolutions++;
      for (const p of b.plans) plansUsed.add(p);
    });
    // The demo's history under its default plan, and the AI work after each switch under the
    // plan then in force (the example per-resolution plan differs from the demo's: version 2).
    expect([...plansUsed].sort()).toEqual([
      'flex-credits@1',
      'per-resolution@1',
      'per-resolution@2',
      'per-use@1',
    ]);
    const dollars = (minor: bigint) => `$${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
    await frame.waitForSelector('[data-figure="confirmed"] .aicm-figure-value');
    expect(await frame.textContent('[data-figure="confirmed"] .aicm-figure-value')).toBe(
      dollars(confirmedMinor),
    );
    expect(await frame.textContent('[data-figure="aiResolutions"] .aicm-figure-value')).toBe(
      String(resolutions),
    );

    // The replay: every saved plan at its latest version, in force throughout.
    const saved = (await backend('/v1/plans')) as {
      versions: { plan: { id: string; version: number } }[];
    };
    const latest = new Map<string, { id: string; version: number }>();
    for (const { plan } of saved.versions) if (!latest.has(plan.id)) latest.set(plan.id, plan);
    const planFiles = [...latest.values()].map((plan) => {
      const file = join(work, `plan-${plan.id}.json`);
      writeFileSync(file, JSON.stringify(plan));
      return file;
    });
    writeFileSync(join(work, 'activities.json'), JSON.stringify(activities));
    const compared = cli([
      'compare',
      '--json',
      '--plans',
      ...planFiles,
      '--activities',
      join(work, 'activities.json'),
      '--as-of',
      asOf,
    ]) as { plans: { planId: string; planVersion: number; totalCost: string }[] };
    const fromCli = Object.fromEntries(
      compared.plans.map((p) => [`${p.planId}@${p.planVersion}`, p.totalCost]),
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
    await reports.close();
  }, 120_000);
});
