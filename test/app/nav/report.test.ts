/**
 * The report's logic without a DOM: each figure's change against the previous period and its
 * direction, exact; the break-even of every pair named by plan, and the plan in force against
 * its cheapest alternative, from a real comparison of the example month; the palette; labels
 * that never overlap; and one number format per locale in text and on axes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPercent, formatPoints } from '../../../src/app/i18n/numbers.js';
import { labelLayout, SLANT } from '../../../src/app/nav/report/axis-layout.js';
import { inForceVerdict, pairRows } from '../../../src/app/nav/report/break-even.js';
import { changeOf, FIGURES } from '../../../src/app/nav/report/change.js';
import { OKABE_ITO, seriesLook } from '../../../src/app/nav/report/palette.js';
import type { Headline } from '../../../src/app/nav/totals.js';
import { parseActivity, parsePlan } from '../../../src/pricing/index.js';
import { runReplay } from '../../../src/server/replay/replays.js';
import { ROOT } from '../i18n/dictionaries.js';

const headline = (over: Partial<Headline>): Headline => ({
  currency: 'USD',
  confirmed: '10.00',
  provisional: '0.99',
  aiTickets: 10,
  aiResolutions: 4,
  assisted: 1,
  escalated: 2,
  resolutionRate: '0.4000',
  costPerResolution: '2.50',
  costPerResolvedTicket: '2.00',
  ...over,
});

describe('change against the previous period', () => {
  it('subtracts money as money, counts as integers and rates exactly, with the direction', () => {
    const now = headline({ confirmed: '10.10', aiResolutions: 6, resolutionRate: '0.4520' });
    const before = headline({ confirmed: '10.30', aiResolutions: 4, resolutionRate: '0.4000' });
    expect(changeOf('confirmed', now, before)).toMatchObject({ delta: '-0.20', direction: 'down' });
    expect(changeOf('aiResolutions', now, before)).toMatchObject({ delta: '2', direction: 'up' });
    expect(changeOf('resolutionRate', now, before)).toMatchObject({
      delta: '0.0520',
      direction: 'up',
    });
    expect(changeOf('provisional', now, before)).toMatchObject({
      delta: '0.00',
      direction: 'same',
    });
  });

  it('has no change where either period has no figure', () => {
    const none = headline({ costPerResolution: null });
    expect(changeOf('costPerResolution', none, headline({}))).toMatchObject({
      direction: 'none',
      delta: null,
    });
    expect(changeOf('costPerResolution', headline({}), none).direction).toBe('none');
    for (const figure of FIGURES)
      expect(changeOf(figure, headline({}), null).direction).toBe('none');
  });

  it('says a fall of a rate below zero points with its sign kept in the delta', () => {
    const c = changeOf(
      'resolutionRate',
      headline({ resolutionRate: '0.0500' }),
      headline({ resolutionRate: '0.5599' }),
    );
    expect(c).toMatchObject({ delta: '-0.5099', direction: 'down' });
    expect(formatPoints('0.5099', 'en')).toBe('51');
    expect(formatPoints('0.0520', 'de')).toBe('5,2');
  });
});

describe('break-even', () => {
  const plan = (name: string) =>
    parsePlan(JSON.parse(readFileSync(join(ROOT, 'examples/plans', name), 'utf8')));
  const activities = readFileSync(join(ROOT, 'examples/activities.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => parseActivity(JSON.parse(l)));
  const replay = JSON.parse(
    JSON.stringify(
      runReplay({
        kind: 'compare',
        plans: [plan('per-use.json'), plan('per-resolution.json'), plan('flex-credits.json')],
        activities,
        asOf: new Date('2026-11-20T12:00:00Z'),
        timeZone: 'UTC',
      }),
    ),
  );

  it('names each pair by plan, with who is cheaper below and above (the README’s compare)', () => {
    const rows = pairRows(replay.plans, replay.breakEven);
    expect(
      rows.map((r) => [r.a.planId, r.b.planId, r.rate, r.below?.planId, r.above?.planId]),
    ).toEqual([
      ['per-use', 'per-resolution', '0.5599', 'per-resolution', 'per-use'],
      ['per-use', 'flex-credits', null, 'flex-credits', 'flex-credits'],
      ['per-resolution', 'flex-credits', '0.1175', 'per-resolution', 'flex-credits'],
    ]);
  });

  it('sets the plan in force against its cheapest alternative', () => {
    const verdict = inForceVerdict(replay.plans, replay.breakEven, 'per-use@1')!;
    expect(verdict.alternative.planId).toBe('flex-credits');
    expect(verdict.pair.rate).toBeNull();
    const fromCredits = inForceVerdict(replay.plans, replay.breakEven, 'flex-credits@1')!;
    expect(fromCredits.alternative.planId).toBe('per-resolution');
    expect(fromCredits.pair.rate).toBe('0.1175');
    expect(inForceVerdict(replay.plans, replay.breakEven, 'unknown@1')).toBeNull();
  });
});

describe('charts', () => {
  it('draws eight distinct colours, then dashes, never the same look twice in 32 series', () => {
    expect(new Set(OKABE_ITO).size).toBe(8);
    const looks = Array.from({ length: 32 }, (_, i) => JSON.stringify(seriesLook(i)));
    expect(new Set(looks).size).toBe(32);
    expect(seriesLook(8).stroke).toBe(seriesLook(0).stroke);
    expect(seriesLook(8).dash).not.toEqual(seriesLook(0).dash);
    expect(seriesLook(7, '#ffffff').stroke).toBe('#ffffff');
  });

  it('lays labels flat when they fit, slanted when not, and thins them when even that is dense', () => {
    expect(labelLayout([40, 40, 40], 600)).toMatchObject({ rotate: 0, every: 1 });
    // "Pending confirmation" beside "Unsuccessful" in 60 px slots: slanted, all shown.
    const slanted = labelLayout([130, 80, 90, 70, 100, 60, 50], 420);
    expect(slanted).toMatchObject({ rotate: SLANT, every: 1 });
    expect(slanted.size).toBeGreaterThan(80);
    // Thirty days in 300 px (10 px slots): a slanted line needs about 31 px, so every fourth.
    expect(labelLayout(Array(30).fill(60), 300)).toMatchObject({ rotate: SLANT, every: 4 });
  });

  it('writes percentages the same way on an axis and in the text, per locale', () => {
    expect(formatPercent('0.555', 'en')).toBe('55.5%');
    expect(formatPercent('0.555', 'de')).toBe('55,5\u00a0%');
    expect(formatPercent(0.5, 'fr', 0)).toBe('50\u00a0%');
    expect(formatPercent(0.5, 'en', 0)).toBe('50%');
  });
});
