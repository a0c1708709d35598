/**
 * Every string a person reads is translated: each language has each plural form its grammar
 * needs; no language ships an English copy except the cognates listed here; every key the UI
 * asks for exists; and no view writes text, or an accessible name, past the translator.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseSync } from 'vite';
import { describe, expect, it } from 'vitest';
import { type Dictionary, isPluralFamily } from '../../../src/app/i18n/i18n.js';
import { dictionary, LOCALES, leaves, ROOT } from './dictionaries.js';

/** Words each language writes as English does: checked by hand, one by one. */
const COGNATES: Record<string, readonly string[]> = {
  '*': ['app.name', 'sidebar.line', 'sidebar.unit.unit.one', 'sidebar.unit.unit.other'],
  de: [
    'nav.grouping.agent',
    'nav.column.tickets',
    'nav.admin.field.name',
    'nav.top.ticket',
    'nav.metrics.tickets',
    'nav.disputes.column.ticket',
    'nav.disputes.column.status',
    'nav.disputes.summary',
    'nav.budgets.title',
    'nav.budgets.column.budget',
  ],
  fr: [
    'nav.budgets.title',
    'nav.budgets.column.budget',
    'sidebar.plan',
    'sidebar.total',
    'sidebar.duration.minutes',
    'sidebar.duration.hours',
    'sidebar.lineCode.conversation',
    'sidebar.unit.conversation.one',
    'sidebar.unit.conversation.other',
    'sidebar.unit.minute.one',
    'sidebar.unit.minute.other',
    'sidebar.unit.ticket.one',
    'sidebar.unit.ticket.other',
    'nav.grouping.agent',
    'nav.column.tickets',
    'nav.planVersion',
    'nav.admin.history',
    'nav.admin.choice.exact',
    'nav.top.ticket',
    'nav.top.total',
    'nav.metrics.tickets',
    'nav.disputes.column.ticket',
  ],
  es: [
    'nav.budgets.column.provisional',
    'sidebar.total',
    'sidebar.provisional',
    'sidebar.duration.minutes',
    'sidebar.duration.hours',
    'sidebar.duration.days',
    'sidebar.unit.ticket.one',
    'sidebar.unit.ticket.other',
    'nav.column.tickets',
    'nav.column.provisionalCost',
    'nav.column.plan',
    'nav.admin.choice.false',
    'nav.top.ticket',
    'nav.top.total',
    'nav.metrics.provisional',
    'nav.metrics.tickets',
    'nav.disputes.column.ticket',
    'nav.disputes.summary',
    'nav.outcomeCount.one',
    'nav.outcomeCount.other',
  ],
  ja: [],
  'pt-br': [
    'sidebar.total',
    'sidebar.duration.minutes',
    'sidebar.duration.hours',
    'sidebar.duration.days',
    'sidebar.unit.ticket.one',
    'sidebar.unit.ticket.other',
    'nav.column.tickets',
    'nav.top.ticket',
    'nav.top.total',
    'nav.metrics.final',
    'nav.metrics.tickets',
    'nav.disputes.column.ticket',
    'nav.disputes.column.status',
    'nav.disputes.summary',
    'nav.outcomeCount.one',
    'nav.outcomeCount.other',
  ],
};

function families(dict: Dictionary, prefix = ''): [string, Dictionary][] {
  return Object.entries(dict).flatMap(([k, v]): [string, Dictionary][] => {
    if (typeof v === 'string') return [];
    if (isPluralFamily(v)) return [[`${prefix}${k}`, v]];
    return families(v, `${prefix}${k}.`);
  });
}

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
const APP = files(join(ROOT, 'src', 'app'));

describe('translations', () => {
  const english = leaves(dictionary('en'));

  it('writes out every plural form each language’s grammar needs', () => {
    for (const locale of LOCALES) {
      const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [key, forms] of families(dictionary(locale))) {
        // "many" (French and Spanish for a million) reads as "other" in these languages.
        for (const category of needed.filter((c) => c !== 'many'))
          expect(typeof forms[category], `${locale}: ${key}.${category}`).toBe('string');
      }
    }
  });

  it('leaves no string in English in another language, but the listed cognates', () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const allowed = new Set([...COGNATES['*']!, ...(COGNATES[locale] ?? [])]);
      const copies = [...leaves(dictionary(locale))]
        .filter(([key, text]) => english.get(key) === text && !allowed.has(key))
        .map(([key]) => key);
      expect(copies, locale).toEqual([]);
    }
  });

  it('has every key the app asks for, in every file of the app', () => {
    const keys = [...english.keys()];
    for (const file of APP) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/(?:\bi18n\.t|\bt)\(\s*['`]([\w.]+)(\$\{)?/g)) {
        const key = m[1]!;
        // A key built from a code (`nav.figure.${key}`) must have its family.
        const found = m[2]
          ? keys.some((k) => k.startsWith(key))
          : keys.some((k) => k === key || k.startsWith(`${key}.`));
        expect(found, `${relative(ROOT, file)}: ${key}`).toBe(true);
      }
    }
  });
});

/** Text a person reads, written in a view rather than asked of the translator. */
function literals(file: string): string[] {
  const { program } = parseSync(file, readFileSync(file, 'utf8'), { lang: 'tsx' });
  const found: string[] = [];
  const READ = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label']);
  const text = (v: unknown) => typeof v === 'string' && /\p{L}/u.test(v);
  // An ESTree node, read loosely: only its type, name and value matter here.
  type Node = { type?: string; name?: Node | string; value?: unknown; [key: string]: unknown };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    const name = typeof n.name === 'object' ? n.name.name : undefined;
    const value = (n.value as Node | undefined)?.value;
    if (n.type === 'JSXText' && text(n.value)) found.push(String(n.value).trim());
    if (n.type === 'JSXAttribute' && typeof name === 'string' && READ.has(name) && text(value))
      found.push(`${name}="${String(value)}"`);
    const left = n.left as Node | undefined;
    const right = n.right as Node | undefined;
    if (
      n.type === 'AssignmentExpression' &&
      (left?.property as Node | undefined)?.name === 'textContent' &&
      text(right?.value)
    )
      found.push(String(right?.value));
    for (const [key, child] of Object.entries(n)) if (key !== 'parent') visit(child);
  };
  visit(program);
  return found;
}

describe('views', () => {
  it('write no text and no accessible name past the translator', () => {
    for (const file of APP.filter((f) => f.endsWith('.tsx')))
      expect(literals(file), relative(ROOT, file)).toEqual([]);
  });
});
