/**
 * The vendor presets: each a valid plan with its source (the vendor's page and the day it was
 * read), none without one, each pricing a sample ticket as the vendor's rule says; the rate
 * cards that could not be confirmed on the vendor's own page listed apart and shipped as no
 * preset; and `ai-cost compare --plans examples/plans/presets/*.json` runs.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseActivity, parsePlan, priceTicket } from '../../src/pricing/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'examples/plans/presets');

describe('vendor presets', () => {
  const plans = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => parsePlan(JSON.parse(readFileSync(join(DIR, f), 'utf8'))));
  const sources = JSON.parse(readFileSync(join(DIR, 'sources.jsonc'), 'utf8')) as Record<
    string,
    { url: string; read: string; confirms: string[] }
  >;

  it('has a source for every preset, and a preset for every source', () => {
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.map((p) => p.id).sort()).toEqual(Object.keys(sources).sort());
    for (const source of Object.values(sources)) {
      expect(source.url).toMatch(/^https:\/\//);
      expect(source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(source.confirms.length).toBeGreaterThan(0);
    }
  });

  it('prices Intercom Fin as published: $0.99 a resolution, 24 hours, reversed on reopen', () => {
    expect(plans.find((p) => p.id === 'intercom-fin')).toMatchObject({
      model: 'outcome',
      currency: 'USD',
      pricePerResolution: '0.99',
      confirmationWindowHours: 24,
      revokeOnLateReopen: true,
    });
  });

  it('prices a ticket under Intercom Fin as Intercom counts a resolution', () => {
    const fin = plans.find((p) => p.id === 'intercom-fin')!;
    const ticket = (lifecycle: object[]) =>
      parseActivity({
        ticketId: '1',
        usage: [{ id: 'c', at: '2026-11-02T09:00:00Z', metric: 'conversation', quantity: 1 }],
        lifecycle: [
          { at: '2026-11-02T09:00:00Z', type: 'status', status: 'open' },
          { at: '2026-11-02T09:05:00Z', type: 'status', status: 'solved' },
          ...lifecycle,
        ],
      });
    const at = (asOf: string, lifecycle: object[] = []) =>
      priceTicket(fin, ticket(lifecycle), { asOf });
    // Within 24 hours of the solve the resolution is provisional; at 24 hours it is charged.
    expect(at('2026-11-03T09:04:59Z')).toMatchObject({
      outcome: 'pending_confirmation',
      total: '0.99',
      provisional: true,
    });
    const confirmed = at('2026-11-03T09:05:00Z');
    expect(confirmed).toMatchObject({ outcome: 'ai_resolved', total: '0.99', provisional: false });
    expect(confirmed.lines).toEqual([
      expect.objectContaining({ code: 'resolution', amount: '0.99' }),
    ]);
    // The customer comes back after the 24 hours: the resolution is deducted.
    const reopened = at('2026-11-10T00:00:00Z', [
      { at: '2026-11-05T10:00:00Z', type: 'status', status: 'open' },
    ]);
    expect(reopened.total).toBe('0.00');
    expect(reopened.outcome).not.toBe('ai_resolved');
    // A person steps in before the 24 hours are up: no resolution to charge.
    expect(
      at('2026-11-10T00:00:00Z', [{ at: '2026-11-02T12:00:00Z', type: 'human_reply' }]),
    ).toMatchObject({ outcome: 'assisted', total: '0.00' });
  });

  it('ships no preset for a rate card that could not be confirmed on the vendor’s own page', () => {
    const text = readFileSync(join(DIR, 'not-shipped.jsonc'), 'utf8');
    const unconfirmed = JSON.parse(text) as Record<
      string,
      {
        vendor: string;
        confirmedOnVendorPage: { url: string; confirms: string[] }[];
        notConfirmed: string[];
      }
    >;
    const vendorHosts =
      /^https:\/\/(support\.zendesk\.com|www\.zendesk\.com|help\.salesforce\.com|www\.salesforce\.com)\//;
    for (const [id, entry] of Object.entries(unconfirmed)) {
      expect(plans.map((p) => p.id)).not.toContain(id);
      expect(Object.keys(sources)).not.toContain(id);
      expect(entry.notConfirmed.length).toBeGreaterThan(0);
      for (const page of entry.confirmedOnVendorPage) expect(page.url).toMatch(vendorHosts);
    }
    expect(
      Object.values(unconfirmed)
        .map((e) => e.vendor)
        .sort(),
    ).toEqual(['Salesforce', 'Salesforce', 'Zendesk']);
  });

  it('compares as `ai-cost compare --plans examples/plans/presets/*.json` (the shell’s glob)', async () => {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        'sh',
        [
          '-c',
          'node bin/ai-cost.js compare --plans examples/plans/presets/*.json --activities examples/activities.jsonl --as-of 2026-11-20T12:00:00Z',
        ],
        { cwd: ROOT, encoding: 'utf8' },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const plan of plans) expect(result.stdout).toContain(`${plan.id}@${plan.version}`);
  });
});
