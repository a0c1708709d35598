/**
 * Budgets end to end in the local workspace (issue 14), with the real SDK, backend and its
 * background tick: an admin sets the account's monthly budget in the admin form (authorised
 * through the installation's `budget_change` setting) and the report page shows it; spend
 * crosses it, and each of its alerts reaches a local webhook receiver exactly once, signed, and
 * becomes one internal ticket in the workspace's Zendesk.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeDigest } from '../../src/api/budgets.js';
import { checkWebhookSignature } from '../../src/server/auth/webhook-signature.js';
import { type Receiver, startReceiver, usage } from '../server/alert-receiver.js';
import { appToken } from '../server/harness.js';
import { type Running, startBrowserDemo } from './workspace.js';

const dataDir = mkdtempSync(join(tmpdir(), 'aicm-e2e-budgets-'));

describe('budgets in the local workspace', () => {
  let running: Running;
  let receiver: Receiver;
  beforeAll(async () => {
    // The receiver is on loopback over http: the guard's explicit opt-in, for this test only.
    running = await startBrowserDemo(dataDir, { ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true' });
    receiver = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await running?.close();
    await receiver?.close();
  });

  const backendUrl = () => running.demo.backend!.url;
  const secrets = () => {
    const account = running.demo.store.fixtures.account.subdomain;
    return JSON.parse(readFileSync(join(dataDir, `workspace-${account}.json`), 'utf8')) as {
      account: string;
      sharedSecret: string;
      ingestKey: string;
    };
  };

  async function navPage(page: Page): Promise<Frame> {
    await page.goto(`${running.demo.workspace.url}/?reports`);
    const frame = (await (
      await page.waitForSelector('iframe[data-testid="nav-frame"]')
    ).contentFrame())!;
    await frame.waitForSelector('[data-testid="headline"]', { timeout: 20_000 });
    return frame;
  }

  it('sets a budget in the admin form, shows it on the report, and alerts the receiver once', async () => {
    const { demo, browser } = running;
    // A usage plan from now on, so that usage posted below is confirmed spend at once.
    const plan = await fetch(`${demo.workspace.url}/api/workspace/plan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file: 'per-use.json' }),
    });
    expect(plan.status).toBe(200);

    // The alert destination, set the authorised way: the digest in Zendesk, then the change.
    const destination = { url: receiver.url };
    demo.store.fixtures.settings.budget_change = await changeDigest(
      'alert-destination',
      destination,
    );
    const set = await fetch(`${backendUrl()}/v1/alerts/destination`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${await appToken(secrets(), new Date())}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(destination),
    });
    expect(set.status).toBe(200);
    const { secret } = (await set.json()) as { secret: string };

    // The admin sets 1.00 for the account in the form.
    const page = await browser.newPage({ viewport: { width: 1400, height: 2600 } });
    let frame = await navPage(page);
    await frame.click('button.aicm-tab >> nth=1');
    await frame.waitForSelector('[data-testid="budget-settings"]');
    await frame.fill('#aicm-b-account', '1,00');
    await frame.click('button[data-action="save-budgets"]');
    expect(await frame.textContent('#aicm-b-account-error')).toBe(
      'Enter an amount such as 500.00.',
    );
    await frame.fill('#aicm-b-account', '1.00');
    await frame.click('button[data-action="save-budgets"]');
    expect(
      await (await frame.waitForSelector('[data-testid="budgets-message"]')).textContent(),
    ).toBe('Saved.');
    expect(demo.store.fixtures.settings.budget_change).toBe(
      await changeDigest('budgets', { currency: 'USD', account: '1.00', groups: {}, tools: {} }),
    );

    // 2 conversations at 0.50: 1.00 confirmed today, the whole budget.
    const posted = await fetch(`${backendUrl()}/v1/usage-events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${secrets().ingestKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ events: usage('9901', new Date().toISOString(), 2) }),
    });
    expect(posted.status).toBe(200);

    // The report page shows the budget the form set.
    frame = await navPage(page);
    const bar = await frame.waitForSelector('[data-testid="budget-bar"]', { timeout: 20_000 });
    expect(await bar.textContent()).toMatch(/of \$1\.00 \(/);

    // The background tick (every 5 s) raises and sends each threshold: 50, 80 and 100 %.
    const thresholds = () =>
      receiver.requests
        .map((r) => JSON.parse(r.body) as { type: string; threshold: number })
        .filter((a) => a.type === 'budget.threshold_reached')
        .map((a) => a.threshold)
        .sort((a, b) => a - b);
    await expect.poll(thresholds, { timeout: 30_000, interval: 500 }).toEqual([50, 80, 100]);
    // Two more ticks send nothing again.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(thresholds()).toEqual([50, 80, 100]);
    const ids = receiver.requests.map((r) => r.headers['x-aicm-alert-id']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of receiver.requests)
      expect(
        checkWebhookSignature(
          secret,
          r.headers['x-aicm-signature'] as string,
          r.headers['x-aicm-signature-timestamp'] as string,
          r.body,
          new Date(),
        ).ok,
      ).toBe(true);
    // The demo tenant gave Zendesk API access: each alert is an internal ticket there too.
    await expect
      .poll(
        () =>
          demo.store.fixtures.tickets.filter((t) => t.ticket.tags.includes('aicm_budget_alert'))
            .length,
        { timeout: 15_000 },
      )
      .toBe(receiver.requests.length);
    await page.close();
  }, 90_000);
});
