/**
 * The CLI's errors name the flag and hint the right one: a bad `--as-of` or `--time-zone` is
 * named as such; a file of several activities given to `--activity` is pointed to
 * `--activities`; a misspelt field is unknown, with the nearest known name, not a type error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nearest } from '../../src/cli/issues.js';
import { runCli, writeJsonFiles } from './run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const example = (path: string) => join(ROOT, 'examples', path);
const perResolution = JSON.parse(readFileSync(example('plans/per-resolution.json'), 'utf8'));

describe('CLI errors', () => {
  it.each([
    ['price', '--plan', example('plans/per-use.json'), '--activity', example('ticket.json')],
    ['explain', '--plan', example('plans/per-use.json'), '--activity', example('ticket.json')],
    [
      'compare',
      '--plans',
      example('plans/per-use.json'),
      '--activities',
      example('activities.jsonl'),
    ],
  ])('%s names --as-of when it is not an instant', async (...args) => {
    for (const bad of ['yesterday', '2026-11-06', '2026-11-06T00:00:00']) {
      const r = await runCli([...args, '--as-of', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--as-of: expected an ISO 8601 instant with an offset`);
      expect(r.stderr).toContain(`(got "${bad}")`);
    }
    const zone = await runCli([...args, '--time-zone', 'Mars/Base']);
    expect(zone.stderr).toContain('--time-zone: expected an IANA time zone');
  });

  it('points a file of several activities given to --activity to --activities', async () => {
    const lines = await runCli([
      'price',
      '--plan',
      example('plans/per-use.json'),
      '--activity',
      example('activities.jsonl'),
    ]);
    expect(lines.code).toBe(2);
    expect(lines.stderr).toContain('holds several activities (JSON lines)');
    expect(lines.stderr).toContain(`use --activities ${example('activities.jsonl')}`);
    const one = JSON.parse(readFileSync(example('ticket.json'), 'utf8'));
    const { list } = writeJsonFiles({ list: [one, one] });
    const array = await runCli([
      'price',
      '--plan',
      example('plans/per-use.json'),
      '--activity',
      list!,
    ]);
    expect(array.stderr).toContain('(a JSON array); --activity takes one ticket: use --activities');
    // One ticket still prices.
    expect(
      (
        await runCli([
          'price',
          '--plan',
          example('plans/per-use.json'),
          '--activity',
          example('ticket.json'),
        ])
      ).code,
    ).toBe(0);
  });

  it('reports a misspelt field as unknown, with the name it was likely meant to be', async () => {
    const { pricePerResolution, ...rest } = perResolution;
    const { typo, window, missing } = writeJsonFiles({
      typo: { ...rest, pricePerResolutoin: pricePerResolution },
      window: { ...perResolution, confirmationWindowHour: 24 },
      missing: rest,
    });
    const r = await runCli(['check-plan', typo!]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `ai-cost check-plan: ${typo}: pricePerResolutoin: unknown field (did you mean "pricePerResolution"?)`,
    );
    expect((await runCli(['check-plan', window!])).stderr).toContain(
      'confirmationWindowHour: unknown field (did you mean "confirmationWindowHours"?)',
    );
    // Left out, it is required: not "not a JSON number".
    const gone = await runCli(['check-plan', missing!]);
    expect(gone.stderr).toContain('pricePerResolution: required');
    expect(gone.stderr).not.toContain('JSON number');
  });

  it('suggests a name only when it is near', () => {
    expect(nearest('pricePerResolutoin', ['pricePerResolution', 'assistedPrice'])).toBe(
      'pricePerResolution',
    );
    expect(nearest('colour', ['currency', 'model'])).toBeNull();
    expect(nearest('id', ['id'])).toBeNull();
  });
});
