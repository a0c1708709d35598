/** The shipped translation files, read as the app reads them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dictionary } from '../../../src/app/i18n/i18n.js';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

export const LOCALES = readdirSync(join(ROOT, 'translations')).map((f) => f.replace('.json', ''));

export const dictionary = (locale: string) =>
  JSON.parse(readFileSync(join(ROOT, 'translations', `${locale}.json`), 'utf8')) as Dictionary;

/** Every leaf as `dotted.key → text`; a plural family's forms as `key.one`, `key.other`. */
export function leaves(dict: Dictionary, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(dict)) {
    if (typeof v === 'string') out.set(`${prefix}${k}`, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
