/**
 * The sidebar loads only its part of each translations file: every key its files ask for is in
 * that part, and the part holds those strings as the whole file has them, nothing else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickPart, SIDEBAR_PART } from '../../../src/app/i18n/parts.js';
import { dictionary, LOCALES, leaves, ROOT } from './dictionaries.js';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

// What the sidebar's page runs: its own files, the sync, and the shared formatting.
const SIDEBAR_FILES = [
  ...files(join(ROOT, 'src', 'app', 'sidebar')),
  ...files(join(ROOT, 'src', 'app', 'sync')),
  ...files(join(ROOT, 'src', 'app', 'i18n')),
];

describe('the sidebar’s part of the translations', () => {
  it('has every key the sidebar’s files ask for', () => {
    const part = [...leaves(pickPart(dictionary('en'), SIDEBAR_PART)).keys()];
    expect(part.length).toBeGreaterThan(50);
    for (const file of SIDEBAR_FILES) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/(?:\bi18n\.t|\bt)\(\s*['`]([\w.]+)(\$\{)?/g)) {
        const key = m[1]!;
        const found = m[2]
          ? part.some((k) => k.startsWith(key))
          : part.some((k) => k === key || k.startsWith(`${key}.`));
        expect(found, `${relative(ROOT, file)}: ${key}`).toBe(true);
      }
    }
  });

  it('keeps those strings as each language has them, and none of the rest', () => {
    for (const locale of LOCALES) {
      const whole = leaves(dictionary(locale));
      const part = leaves(pickPart(dictionary(locale), SIDEBAR_PART));
      for (const [key, text] of part) expect(whole.get(key), `${locale}: ${key}`).toBe(text);
      const inPart = (key: string) =>
        SIDEBAR_PART.some((p) => key === p || key.startsWith(`${p}.`));
      expect([...whole.keys()].filter(inPart).sort()).toEqual([...part.keys()].sort());
      expect([...part.keys()].some((k) => k.startsWith('app.') || k.startsWith('nav.report'))).toBe(
        false,
      );
    }
  });
});
