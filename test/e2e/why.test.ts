/**
 * End to end, issue 12: the sidebar's Why? names the rule that decided each demo ticket (the
 * rule the core's explanation gives for the same Zendesk data), in English and German; and a
 * dispute goes from the sidebar to the report, to the admin's record of the vendor's answer,
 * and back to the report, where the accepted charge shows as credited.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainUnderPlan } from '../../src/pricing/explain/explain.js';
import { parsePlan, priceTicket } from '../../src/pricing/index.js';
import type { RunningDemo } from '../../src/workspace/demo.js';
import { mapTicket } from '../../src/zendesk/mapping.js';
import { parseSettings } from '../../src/zendesk/settings.js';
import { auditSchema, ticketSchema, userSchema } from '../../src/zendesk/shapes.js';
import { useJapaneseFont } from './cjk-font.js';
import { openTicketIn, type Running, startBrowserDemo } from './workspace.js';

const SCREENSHOTS = join(
  import.meta.dirname,
  '..',
  '..',
  process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots',
);
mkdirSync(SCREENSHOTS, { recursive: true });
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const dataDir = mkdtempSync(join(tmpdir(), 'aicm-e2e-why-'));
let demo: RunningDemo;
let browser: Browser;

/** The core's explanation of a fixture ticket, from the same Zendesk JSON the app reads. */
function explained(ticketId: number) {
  const f = demo.store.fixtures;
  const entry = f.tickets.find((t) => t.ticket.id === ticketId)!;
  const { activity } = mapTicket({
    ticket: ticketSchema.parse(entry.ticket),
    audits: entry.audits.map((a) => auditSchema.parse(a)),
    users: f.users.map((u) => userSchema.parse(u)),
    settings: parseSettings(f.settings),
    backendUsage: (entry.usage ?? []) as never,
  });
  const plan = parsePlan(JSON.parse(String(f.settings.default_plan)));
  return {
    explanation: explainUnderPlan(plan, activity, { asOf: new Date() }),
    breakdown: priceTicket(plan, activity, { asOf: new Date() }),
  };
}

/** What axe-core finds wrong in a frame's document. */
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

async function openReports(page: Page): Promise<Frame> {
  await page.goto(`${demo.workspace.url}/?reports`);
  const frame = (await (
    await page.waitForSelector('iframe[data-testid="nav-frame"]')
  ).contentFrame())!;
  await frame.waitForSelector('[data-testid="headline"]', { timeout: 15_000 });
  return frame;
}

describe('why billed, and disputes, in the local workspace', () => {
  let running: Running | undefined;
  beforeAll(async () => {
    running = await startBrowserDemo(dataDir);
    ({ demo, browser } = running);
  }, 60_000);
  afterAll(async () => {
    await running?.close();
  });

  it.each([101, 102, 103, 104, 105, 106, 108])(
    'ticket %i: the Why? names the rule that decided it',
    async (id) => {
      const page = await browser.newPage();
      const frame = await openTicket(page, id);
      const { explanation } = explained(id);
      const why = await frame.waitForSelector('[data-testid="why-outcome"]');
      expect(await why.getAttribute('data-rule')).toBe(String(explanation.rule));
      // Closed until asked; opened with its summary, as a keyboard or a pointer would.
      expect(await why.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      await frame.click('[data-testid="why-outcome"] summary');
      expect(await frame.isVisible('[data-testid="why-outcome"] li')).toBe(true);
      expect(await why.textContent()).toContain(
        `Decided by pricing rule ${explanation.rule} of 6.`,
      );
      // Every line explains itself, with its exact amount.
      const lines = await frame.$$eval('li.aicm-line', (items) =>
        items.map((li) => ({
          code: li.getAttribute('data-code'),
          why: li.querySelector('[data-testid="why-line"]')?.textContent ?? '',
        })),
      );
      for (const line of lines) expect(line.why, line.code!).toContain('Exactly');
      await page.close();
    },
  );

  it('speaks German and Japanese in the agent’s time zone, axe-clean, and pictures the Why? for the README', async () => {
    const user = demo.store.fixtures.currentUser as Record<string, unknown>;
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    try {
      const rule = {
        en: 'pricing rule 6 of 6',
        de: 'Preisregel 6 von 6',
        ja: '料金ルール 6 項目中の第 6 項',
      };
      for (const [locale, zone] of [
        ['en', 'America/New_York'],
        ['de', 'Europe/Berlin'],
        ['ja', 'Asia/Tokyo'],
      ] as const) {
        user.locale = locale;
        user.timeZone = { ianaName: zone };
        const frame = await openTicket(page, 102);
        await frame.click('[data-testid="why-outcome"] summary');
        await frame.click('li.aicm-line[data-code="resolution"] summary');
        const text = await frame.textContent('[data-testid="why-outcome"]');
        expect(text).toContain(rule[locale]);
        // The confirmation instant, as the agent's clock shows it.
        const { explanation } = explained(102);
        const shown = new Intl.DateTimeFormat(locale, {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: zone,
        }).format(new Date((explanation.next as { at: string }).at));
        expect(text).toContain(shown);
        // The open Why? passes axe in every language shown.
        expect(await axeViolations(frame)).toEqual([]);
        if (locale === 'ja') await useJapaneseFont(page, frame);
        const element = await page.$('iframe[data-testid="app-frame"]');
        await element!.screenshot({ path: join(SCREENSHOTS, `sidebar-why-${locale}.png`) });
      }
    } finally {
      user.locale = 'en';
      delete user.timeZone;
      await page.close();
    }
  });

  it('a dispute, end to end: sidebar → report → the admin’s answer → report', async () => {
    const page = await browser.newPage();
    const { breakdown } = explained(101);
    expect(breakdown.outcome).toBe('ai_resolved');
    const frame = await openTicket(page, 101);
    await frame.waitForSelector('[data-sync="synced"]');
    await frame.click('[data-testid="dispute"] button:has-text("Dispute this charge")');
    expect(await frame.textContent('#aicm-dispute-privacy')).toContain(
      'Do not paste customer details',
    );
    await frame.selectOption('#aicm-dispute-reason', 'resolved_by_human');
    await frame.fill('#aicm-dispute-note', 'Our agent answered by phone.');
    // The open Why? panels and the form pass axe too.
    await frame.click('[data-testid="why-outcome"] summary');
    expect(await axeViolations(frame)).toEqual([]);
    await frame.click('button:has-text("Send the dispute")');
    await frame.waitForSelector('[data-testid="dispute-status"][data-status="open"]');
    // The ledger's amount of the charged outcome, not a figure the browser sent.
    const resolution = breakdown.lines.find((l) => l.code === 'resolution')!;
    expect(await frame.textContent('[data-testid="dispute-status"]')).toContain(
      `$${resolution.amount}`,
    );
    // Zendesk now knows it too: the ticket carries the app's disputed tag.
    await expect.poll(() => demo.store.ticket(101)!.ticket.tags).toContain('aicm_disputed');
    // One open dispute per ticket: the form is gone.
    expect(
      await frame.$('[data-testid="dispute"] button:has-text("Dispute this charge")'),
    ).toBeNull();

    let report = await openReports(page);
    await report.waitForSelector('[data-testid="disputes"] tr[data-status="open"]');
    expect(
      await report.getAttribute('[data-testid="disputes"] tr[data-status="open"]', 'data-amount'),
    ).toBe(resolution.amount);
    expect(await report.$('[data-testid="credited"]')).toBeNull();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      report.click('[data-testid="disputes"] + button'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^ai-cost_disputes_.+\.csv$/);

    await report.click('button.aicm-tab:has-text("Plans (admin)")');
    await report.waitForSelector('[data-testid="decisions"] [data-dispute]');
    await report.fill('[data-testid="decisions"] textarea', 'Credited on invoice 42.');
    await report.click('[data-testid="decisions"] button:has-text("Accepted")');
    await report.waitForSelector('[data-testid="decision-message"]:has-text("accepted")');

    report = await openReports(page);
    await report.waitForSelector('[data-testid="disputes"] tr[data-status="accepted"]');
    // Credited beside the confirmed cost, which still holds the charge.
    expect(await report.getAttribute('[data-testid="credited"]', 'data-amount')).toBe(
      resolution.amount,
    );
    expect(await report.textContent('[data-testid="disputes"]')).toContain(
      'Credited on invoice 42.',
    );
    if (process.env.UPDATE_SCREENSHOTS)
      await page.screenshot({ path: join(SCREENSHOTS, 'reports-disputes.png'), fullPage: true });
    const sidebar = await openTicket(page, 101);
    await sidebar.waitForSelector('[data-testid="dispute-status"][data-status="accepted"]');
    await page.close();
  });
});
