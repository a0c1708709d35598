/**
 * The nav bar pages in headless Chromium on the local workspace, with the real SDK and backend:
 * the page full width as in Zendesk; the report's changes, break-even table and top tickets'
 * subjects (from Zendesk, not the backend); the admin form without an error before input, a
 * saved version and a preset opened into it, the preview's verdict and ticket changes; axe
 * clean on each, in English, German and Japanese (the README's screenshots, with
 * UPDATE_SCREENSHOTS=1, Japanese in a font that has its glyphs);
 * the month's budgets axe-clean in English and Japanese; and the workspace's Tags line current
 * after an action, and its favicon.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeDigest } from '../../src/api/budgets.js';
import type { RunningDemo } from '../../src/workspace/demo.js';
import { mapTicket } from '../../src/zendesk/mapping.js';
import { parseSettings } from '../../src/zendesk/settings.js';
import { auditSchema, ticketSchema, userSchema } from '../../src/zendesk/shapes.js';
import { appToken } from '../server/harness.js';
import { axeViolations } from './axe.js';
import { useJapaneseFont } from './cjk-font.js';
import { openTicketIn, type Running, startBrowserDemo } from './workspace.js';

const SCREENSHOTS = join(
  import.meta.dirname,
  '..',
  '..',
  process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots',
);
mkdirSync(SCREENSHOTS, { recursive: true });

const ROOT = join(import.meta.dirname, '..', '..');

let running: Running;
let demo: RunningDemo;
const dataDir = mkdtempSync(join(tmpdir(), 'aicm-pages-'));

beforeAll(async () => {
  running = await startBrowserDemo(dataDir);
  demo = running.demo;
}, 120_000);
afterAll(async () => running?.close());

async function navPage(page: Page): Promise<Frame> {
  await page.goto(`${demo.workspace.url}/?reports`);
  const frame = (await (
    await page.waitForSelector('iframe[data-testid="nav-frame"]')
  ).contentFrame())!;
  await frame.waitForSelector('[data-testid="headline"]', { timeout: 20_000 });
  return frame;
}

/** What each language says where the tests read words. */
const WORDS = {
  en: {
    inForce: /the plan in force/,
    percent: /\d%$/,
    amount: /amount such as 0\.99/,
    contract: /your contract may differ/,
  },
  de: {
    inForce: /dem geltenden Tarif/,
    percent: /\u00a0%$/,
    amount: /Betrag wie 0\.99/,
    contract: /Ihr Vertrag kann abweichen/,
  },
  ja: {
    inForce: /適用中のプラン/,
    percent: /\d%$/,
    amount: /0\.99 のような金額/,
    contract: /実際の契約とは異なる場合があります/,
  },
} as const;

/**
 * A full-page screenshot; in Japanese with a font that has its glyphs, the report's charts
 * drawn again in it (a canvas keeps the glyphs it was drawn with).
 */
async function screenshot(page: Page, frame: Frame, locale: string, file: string) {
  if (locale === 'ja') {
    await useJapaneseFont(page, frame);
    const grouping = await frame.$('.aicm-controls label:nth-of-type(2) select');
    if (grouping) {
      await grouping.selectOption('week');
      await grouping.selectOption('day');
      await frame.waitForSelector('[data-testid="replay"] tbody tr');
      await frame.waitForSelector('.aicm-chart canvas');
    }
  }
  await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
}

describe('the nav bar pages', () => {
  it('has the page to itself: no Apps pane, no fixed frame, as wide as the page allows', async () => {
    const page = await running.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await navPage(page);
    expect(await page.isVisible('aside[aria-label="Apps"]')).toBe(false);
    const frameWidth = await page.$eval(
      'iframe[data-testid="nav-frame"]',
      (f) => f.getBoundingClientRect().width,
    );
    const frameHeight = await page.$eval(
      'iframe[data-testid="nav-frame"]',
      (f) => f.getBoundingClientRect().height,
    );
    expect(frameWidth).toBeGreaterThan(1400 - 260 - 100);
    expect(frameHeight).toBeLessThan(900);
    const icon = await page.$eval('link[rel="icon"]', (l) => (l as HTMLLinkElement).href);
    expect((await fetch(icon)).status).toBe(200);
    await page.close();
  });

  it('shows the month’s budgets, axe-clean in English and Japanese', async () => {
    // What the admin page does: the change's digest into Zendesk's setting, then the change.
    const body = { currency: 'USD', account: '5.00', groups: {}, tools: { order_lookup: '1.00' } };
    demo.store.fixtures.settings.budget_change = await changeDigest('budgets', body);
    const secrets = JSON.parse(readFileSync(join(dataDir, 'workspace-demo.json'), 'utf8'));
    const set = await fetch(`${demo.backend!.url}/v1/budgets`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${await appToken(secrets, new Date())}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(set.status, await set.clone().text()).toBe(200);
    const user = demo.store.fixtures.currentUser as Record<string, unknown>;
    const page = await running.browser.newPage({ viewport: { width: 1400, height: 1600 } });
    try {
      for (const locale of ['en', 'ja'] as const) {
        user.locale = locale;
        const frame = await navPage(page);
        await frame.waitForSelector('[data-testid="budgets"] [data-testid="budget-bar"]');
        const rows = await frame.$$eval('[data-testid="budgets-table"] tbody tr', (r) => r.length);
        expect(rows).toBeGreaterThan(0);
        expect(await axeViolations(frame)).toEqual([]);
      }
    } finally {
      user.locale = 'en';
      await page.close();
    }
  });

  for (const locale of ['en', 'de', 'ja'] as const) {
    it(`reports with changes, the break-even table and subjects from Zendesk, axe-clean (${locale})`, async () => {
      const user = demo.store.fixtures.currentUser as Record<string, unknown>;
      user.locale = locale;
      const page = await running.browser.newPage({ viewport: { width: 1400, height: 3200 } });
      try {
        const frame = await navPage(page);
        // Every figure says its change against the previous period, and which way.
        const directions = await frame.$$eval('[data-figure]', (els) =>
          els.map((e) => e.getAttribute('data-direction')),
        );
        expect(directions.length).toBe(8);
        for (const d of directions) expect(['up', 'down', 'same', 'none']).toContain(d);
        // The subjects are Zendesk's, read in the browser.
        await frame.waitForFunction(() =>
          [...document.querySelectorAll('[data-testid="top"] [data-testid="subject"]')].some(
            (s) => s.textContent !== '—',
          ),
        );
        const first = await frame.$eval('[data-testid="top"] tbody tr', (r) => ({
          id: r.getAttribute('data-ticket'),
          subject: r.querySelector('[data-testid="subject"]')!.textContent,
        }));
        expect(first.subject).toBe(demo.store.ticket(Number(first.id))!.ticket.subject);
        await frame.waitForSelector('[data-testid="break-even"] tbody tr');
        const pairs = await frame.$$eval(
          '[data-testid="break-even"] tbody tr',
          (rows) => rows.length,
        );
        const plans = await frame.$$eval('[data-testid="replay"] tbody tr', (rows) => rows.length);
        expect(pairs).toBe((plans * (plans - 1)) / 2);
        expect(await frame.textContent('[data-testid="in-force-verdict"]')).toMatch(
          WORDS[locale].inForce,
        );
        // One number format: the percent in the text is the locale's.
        expect(
          await frame.textContent('[data-figure="resolutionRate"] .aicm-figure-value'),
        ).toMatch(WORDS[locale].percent);
        expect(await axeViolations(frame)).toEqual([]);
        await screenshot(page, frame, locale, `reports-${locale}.png`);
      } finally {
        user.locale = 'en';
        await page.close();
      }
    });

    it(`lets an admin start from a saved plan or a preset, without an error before input (${locale})`, async () => {
      const user = demo.store.fixtures.currentUser as Record<string, unknown>;
      user.locale = locale;
      const page = await running.browser.newPage({ viewport: { width: 1400, height: 2600 } });
      try {
        const frame = await navPage(page);
        await frame.click('button.aicm-tab >> nth=1');
        await frame.waitForSelector('[data-testid="admin"] [data-testid="versions"] tbody tr');
        expect(await frame.$$('.aicm-field-error')).toEqual([]);
        expect(await frame.isVisible('[data-testid="missing"]')).toBe(true);
        // A saved version, opened to edit: its fields are in the form, and no error shows.
        const row = await frame.$('[data-testid="versions"] tbody tr[data-plan^="per-use@"]');
        await (await row!.$('button[data-action="edit"]'))!.click();
        expect(await frame.inputValue('#aicm-f-id')).toBe('per-use');
        expect(await frame.inputValue('#aicm-model')).toBe('usage');
        expect(await frame.$$('.aicm-field-error')).toEqual([]);
        // A typo is said in the admin's words, naming the field.
        await frame.fill('#aicm-f-rates-conversation', '0,5');
        const error = await frame.textContent('.aicm-field-error');
        expect(error).toMatch(WORDS[locale].amount);
        expect(error).not.toContain('JSON number');
        await frame.fill('#aicm-f-rates-conversation', '0.60');
        // A preset: the published price, with where it was read.
        await frame.selectOption('#aicm-start', 'intercom-fin');
        expect(await frame.inputValue('#aicm-f-pricePerResolution')).toBe('0.99');
        expect(await frame.textContent('[data-testid="preset-source"]')).toMatch(
          WORDS[locale].contract,
        );
        await frame.click('button.aicm-button:not(.aicm-button-primary)');
        await frame.waitForSelector('[data-testid="verdict"]');
        await frame.waitForSelector('[data-testid="preview-changes"] tbody tr');
        expect(await axeViolations(frame)).toEqual([]);
        await screenshot(page, frame, locale, `admin-${locale}.png`);
      } finally {
        user.locale = 'en';
        await page.close();
      }
    });
  }
});

/** The demo's tickets as the app reads them from Zendesk, as ticket activity for the CLI. */
function demoActivities(): string[] {
  const f = demo.store.fixtures;
  const settings = parseSettings(f.settings);
  return f.tickets.map((entry) =>
    JSON.stringify(
      mapTicket({
        ticket: ticketSchema.parse(entry.ticket),
        audits: entry.audits.map((a) => auditSchema.parse(a)),
        users: f.users.map((u) => userSchema.parse(u)),
        settings,
        backendUsage: (entry.usage ?? []) as never,
      }).activity,
    ),
  );
}

describe('the replay with a vendor’s published price', () => {
  it('adds the preset beside the saved plans, priced as `ai-cost compare` prices it', async () => {
    const page = await running.browser.newPage({ viewport: { width: 1400, height: 3200 } });
    try {
      const frame = await navPage(page);
      await frame.waitForSelector('[data-testid="replay"] tbody tr');
      const rows = () =>
        frame.$$eval('[data-testid="replay"] tbody tr', (trs) =>
          trs.map((r) => ({
            plan: r.getAttribute('data-plan'),
            published: r.getAttribute('data-published'),
            amount: r.querySelector('[data-amount]')!.getAttribute('data-amount'),
          })),
        );
      const saved = await rows();
      expect(saved.map((r) => r.plan)).not.toContain('intercom-fin@1');
      // Offered beside the saved plans, with the day it was read and that a contract may differ.
      const offer = await frame.textContent('[data-testid="published-prices"]');
      expect(offer).toMatch(
        /Intercom's published price as of December 1, 2026; your contract may differ/,
      );
      await frame.check('[data-testid="published-prices"] input[value="intercom-fin@1"]');
      await frame.waitForSelector('[data-testid="replay"] tr[data-plan="intercom-fin@1"]');
      const withPreset = await rows();
      // The saved plans replay as before; the preset is one more row, marked published.
      expect(withPreset.filter((r) => r.published !== 'true')).toEqual(saved);
      const preset = withPreset.find((r) => r.plan === 'intercom-fin@1')!;
      expect(preset.published).toBe('true');
      const pairs = await frame.$$eval('[data-testid="break-even"] tbody tr', (r) => r.length);
      expect(pairs).toBe((withPreset.length * (withPreset.length - 1)) / 2);
      // The same tickets under the preset through the CLI: the same total.
      const dir = mkdtempSync(join(tmpdir(), 'aicm-preset-'));
      writeFileSync(join(dir, 'activities.jsonl'), `${demoActivities().join('\n')}\n`);
      const cli = spawnSync(
        process.execPath,
        [
          join(ROOT, 'bin/ai-cost.js'),
          'compare',
          '--json',
          '--plans',
          join(ROOT, 'examples/plans/presets/intercom-fin.json'),
          '--activities',
          join(dir, 'activities.jsonl'),
        ],
        { encoding: 'utf8' },
      );
      rmSync(dir, { recursive: true, force: true });
      expect(cli.status, cli.stderr).toBe(0);
      const fromCli = JSON.parse(cli.stdout) as { plans: { totalCost: string }[] };
      expect(preset.amount).toBe(fromCli.plans[0]!.totalCost);
      expect(preset.amount).not.toBe('0.00');
      expect(await axeViolations(frame)).toEqual([]);
      // Taken away again: the replay is the saved plans' alone.
      await frame.uncheck('[data-testid="published-prices"] input[value="intercom-fin@1"]');
      await frame.waitForSelector('[data-testid="replay"] tr[data-plan="intercom-fin@1"]', {
        state: 'detached',
      });
      expect(await rows()).toEqual(saved);
    } finally {
      await page.close();
    }
  });
});

describe('the workspace', () => {
  it('shows the ticket’s tags as they are after the app wrote them', async () => {
    const page = await running.browser.newPage();
    const sidebar = await openTicketIn(demo, page, 102);
    await sidebar.waitForSelector('[data-sync="synced"]');
    // Every line of the breakdown carries its code, quantity and amount for tests.
    const lines = await sidebar.$$eval('li.aicm-line', (els) =>
      els.map((e) => [
        e.getAttribute('data-code'),
        e.getAttribute('data-quantity'),
        e.getAttribute('data-amount'),
      ]),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) for (const value of line) expect(value).toEqual(expect.any(String));
    const before = [...(demo.store.ticket(102)!.ticket.tags as string[])];
    // Reopened while its resolution waits, the ticket's outcome changes; the app rewrites its tags, and the Tags line
    // shows them without another action.
    await page.click('#actions button[data-action="reopen"]');
    await page.waitForFunction(
      (old) => {
        const text = document.querySelector('[data-testid="ticket-meta"]')?.textContent ?? '';
        return /aicm_outcome_/.test(text) && !text.includes(old);
      },
      before.find((t) => t.startsWith('aicm_outcome_'))!,
      { timeout: 15_000 },
    );
    const tags = demo.store.ticket(102)!.ticket.tags as string[];
    expect(tags).not.toEqual(before);
    expect(await page.textContent('[data-testid="ticket-meta"]')).toContain(tags.join(', '));
    await page.close();
  });
});
