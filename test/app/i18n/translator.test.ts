/**
 * The translator's plurals and lists: forms chosen by each language's own plural rules (CLDR,
 * through Intl.PluralRules), never "(s)", and lists joined in each language's words.
 */
import { describe, expect, it } from 'vitest';
import { type Dictionary, translator } from '../../../src/app/i18n/i18n.js';
import { formatList } from '../../../src/app/i18n/numbers.js';
import { dictionary } from './dictionaries.js';

const family: Dictionary = {
  n: { one: '{{count}} file', other: '{{count}} files' },
  fr: { one: '{{count}} fichier', other: '{{count}} fichiers' },
};

describe('translator', () => {
  it('chooses the plural form by the count, by the language’s rules', () => {
    const en = translator('en', [family]);
    expect(en.t('n', { count: 1 })).toBe('1 file');
    expect(en.t('n', { count: 0 })).toBe('0 files');
    expect(en.t('n', { count: 2 })).toBe('2 files');
    // French counts 0 and 1 as singular; English does not.
    const fr = translator('fr', [family]);
    expect(fr.t('fr', { count: 0 })).toBe('0 fichier');
    expect(fr.t('fr', { count: 1 })).toBe('1 fichier');
    expect(fr.t('fr', { count: 2 })).toBe('2 fichiers');
  });

  it('falls back to the other form for a category the family does not write out', () => {
    // French "many" (a million) and Japanese (one form for every count).
    expect(translator('fr', [family]).t('fr', { count: 1_000_000 })).toBe('1000000 fichiers');
    expect(translator('ja', [{ n: { other: '{{count}} 件' } }]).t('n', { count: 1 })).toBe('1 件');
  });

  it('falls back through the dictionaries, and shows a missing key as itself', () => {
    const de = translator('de', [{ a: 'deutsch' }, { a: 'english', b: 'only english' }]);
    expect(de.t('a')).toBe('deutsch');
    expect(de.t('b')).toBe('only english');
    expect(de.t('c.d')).toBe('c.d');
  });

  it('joins lists in the language’s words', () => {
    expect(formatList(['A', 'B', 'C'], 'en')).toBe('A, B, and C');
    expect(formatList(['A', 'B', 'C'], 'de')).toBe('A, B und C');
    expect(formatList(['A', 'B'], 'ja', 'disjunction')).toBe('AまたはB');
    expect(formatList(['A'], 'en')).toBe('A');
  });

  it('says the diagnostics in the singular and the plural, in every language', () => {
    const one = new Set<string>();
    for (const locale of ['en', 'de', 'fr', 'es', 'pt-br']) {
      const t = translator(locale, [dictionary(locale)]);
      const single = t.t('sidebar.diagnostics', { count: 1 });
      const many = t.t('sidebar.diagnostics', { count: 3 });
      expect(single, locale).toMatch(/^1 /);
      expect(many, locale).toMatch(/^3 /);
      expect(single.slice(2), locale).not.toBe(many.slice(2));
      expect(single + many, locale).not.toMatch(/\(\w+\)/);
      one.add(single);
    }
    expect(one.size).toBe(5);
  });
});
