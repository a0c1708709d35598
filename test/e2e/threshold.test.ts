/**
 * The per-ticket cost threshold end to end (issue 14): in the local workspace, with the real
 * SDK and backend, a ticket whose running cost (its provisional resolution included) reaches
 * the installation's `cost_threshold` shows the warning and gets `aicm_over_threshold` through
 * the Zendesk API; reopened, its resolution is no longer charged, the cost falls under the
 * threshold, and the warning and the tag go.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reachesThreshold } from '../../src/pricing/budget/threshold.js';
import { openTicketIn, type Running, startBrowserDemo } from './workspace.js';

const dataDir = mkdtempSync(join(tmpdir(), 'aicm-e2e-threshold-'));
const PENDING = 102;

describe('the cost threshold in the local workspace', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startBrowserDemo(dataDir);
  }, 60_000);
  afterAll(async () => {
    await running?.close();
  });

  const appTags = () =>
    running.demo.store
      .ticket(PENDING)!
      .ticket.tags.filter((t) => t.startsWith('aicm_'))
      .sort();

  it('warns and tags a ticket at exactly the threshold, and takes both back under it', async () => {
    const { demo, browser } = running;
    // First without a threshold: the pending ticket's total as the sidebar shows it.
    const page = await browser.newPage();
    let frame = await openTicketIn(demo, page, PENDING);
    const total = (await frame.getAttribute('[data-testid="total"]', 'data-amount'))!;
    expect(await frame.$('[data-testid="over-threshold"]')).toBeNull();
    expect(appTags()).not.toContain('aicm_over_threshold');
    expect(total).toMatch(/[1-9]/);

    // A threshold of exactly that total: reaching it counts.
    demo.store.fixtures.settings.cost_threshold = total;
    frame = await openTicketIn(demo, page, PENDING);
    const warning = await frame.waitForSelector('[data-testid="over-threshold"]');
    expect(await warning.textContent()).toContain(total);
    await frame.waitForSelector('[data-sync="synced"]');
    expect(appTags()).toContain('aicm_over_threshold');

    // Reopened before its window passed: the resolution is revoked, the cost falls under.
    await page.click('button[data-action="reopen"]');
    await frame.waitForSelector('[data-testid="over-threshold"]', { state: 'detached' });
    const after = (await frame.getAttribute('[data-testid="total"]', 'data-amount'))!;
    expect(reachesThreshold(after, total)).toBe(false);
    await expect.poll(appTags, { timeout: 10_000 }).not.toContain('aicm_over_threshold');
    await page.close();
  });
});
