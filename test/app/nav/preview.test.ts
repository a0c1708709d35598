/**
 * The admin preview's verdict from a real replay of the example month (the backend's pure
 * replay, the one its worker runs): the difference and its direction, the break-even and the
 * side cheaper above it, as `ai-cost compare` prints them in the README.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PreviewAnswer, verdictOf } from '../../../src/app/nav/admin/preview.js';
import { parseActivity, parsePlan } from '../../../src/pricing/index.js';
import { runReplay } from '../../../src/server/replay/replays.js';
import { ROOT } from '../i18n/dictionaries.js';

const plan = (name: string) =>
  parsePlan(JSON.parse(readFileSync(join(ROOT, 'examples/plans', name), 'utf8')));
const activities = readFileSync(join(ROOT, 'examples/activities.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => parseActivity(JSON.parse(l)));

function preview(inForce: string, draft: string): PreviewAnswer {
  const answer = runReplay({
    kind: 'preview',
    plans: [plan(inForce), plan(draft)],
    activities,
    asOf: new Date('2026-11-20T12:00:00Z'),
    timeZone: 'UTC',
  });
  return JSON.parse(JSON.stringify({ days: 30, ...answer }));
}

describe('preview verdict', () => {
  it('says the draft per resolution costs less than per use, and where they cross', () => {
    const verdict = verdictOf(preview('per-use.json', 'per-resolution.json'))!;
    expect(verdict.inForce.totalCost).toBe('3.99');
    expect(verdict.draft.totalCost).toBe('3.22');
    expect(verdict.difference).toBe('-0.77');
    expect(verdict.direction).toBe('less');
    expect(verdict.breakEvenRate).toBe('0.5599');
    expect(verdict.cheaperAbove).toBe('inForce');
    expect(verdict.cheaper).toBeNull();
  });

  it('says the other way round from the other side', () => {
    const verdict = verdictOf(preview('per-resolution.json', 'per-use.json'))!;
    expect(verdict.difference).toBe('0.77');
    expect(verdict.direction).toBe('more');
    expect(verdict.cheaperAbove).toBe('draft');
  });

  it('names the side cheaper at every rate when the two never cross', () => {
    const verdict = verdictOf(preview('per-use.json', 'flex-credits.json'))!;
    expect(verdict.breakEvenRate).toBeNull();
    expect(verdict.cheaper).toBe('draft');
  });

  it('lists the tickets whose cost changes most, each change exact', () => {
    const verdict = verdictOf(preview('per-use.json', 'per-resolution.json'))!;
    expect(verdict.changes.length).toBeGreaterThan(0);
    const cents = (s: string) => Math.abs(Math.round(Number(s) * 100));
    for (const [i, c] of verdict.changes.entries()) {
      expect(cents(c.change)).toBe(
        Math.abs(Math.round(Number(c.after) * 100) - Math.round(Number(c.before) * 100)),
      );
      if (i > 0) expect(cents(c.change)).toBeLessThanOrEqual(cents(verdict.changes[i - 1]!.change));
    }
  });

  it('has nothing to compare without a plan in force', () => {
    const answer = runReplay({
      kind: 'preview',
      plans: [plan('per-use.json')],
      activities,
      asOf: new Date('2026-11-20T12:00:00Z'),
      timeZone: 'UTC',
    });
    expect(verdictOf(JSON.parse(JSON.stringify({ days: 30, ...answer })))).toBeNull();
  });
});
