/**
 * Translations: the app's strings live in translations/<locale>.json (the same files Zendesk
 * reads for the app's name and settings labels). A locale falls back to its base language,
 * then to English; `{{name}}` placeholders are filled from the given values.
 *
 * Plurals are ICU-style families: a key whose entry is an object of CLDR plural categories
 * (`{ "one": "…", "other": "…" }`) is chosen by `Intl.PluralRules` for the `count` value, so no
 * string says "annotation(s)". A category a language does not write out (French "many", for
 * a million) falls back to its `other`.
 * @module
 */
export type Dictionary = { readonly [key: string]: string | Dictionary };

export type Values = Record<string, string | number>;

export interface Translator {
  readonly locale: string;
  /** The string for the key, its plural form chosen by `values.count` when it has forms. */
  t(key: string, values?: Values): string;
}

const CATEGORIES: readonly string[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** Whether an entry is a family of plural forms (only CLDR categories, `other` among them). */
export function isPluralFamily(node: string | Dictionary | undefined): node is Dictionary {
  return (
    typeof node === 'object' &&
    typeof node.other === 'string' &&
    Object.keys(node).every((k) => CATEGORIES.includes(k))
  );
}

function lookup(dict: Dictionary, key: string): string | Dictionary | undefined {
  let node: string | Dictionary | undefined = dict;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return node;
}

function fill(text: string, values: Values): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

export function translator(locale: string, dictionaries: readonly Dictionary[]): Translator {
  const plurals = new Intl.PluralRules(locale);
  return {
    locale,
    t(key, values = {}) {
      for (const dict of dictionaries) {
        const node = lookup(dict, key);
        // A family's form for the count, else its `other`; the UI asks only for leaves and families.
        const text =
          typeof node === 'object'
            ? (node[plurals.select(Number(values.count))] ?? node.other)
            : node;
        if (typeof text === 'string') return fill(text, values);
      }
      // A missing key is a bug the package tests catch; show the key rather than nothing.
      return key;
    },
  };
}

/** The locales to try, most specific first: `pt-BR` → `pt-br`, `pt`, then `en`. */
export function localeChain(locale: string | undefined): string[] {
  const lower = (locale ?? 'en').toLowerCase().replace('_', '-');
  const chain = [lower, lower.split('-')[0]!, 'en'];
  return [...new Set(chain)];
}

type Loaders = Record<string, () => Promise<{ default: Dictionary }>>;

const PARTS: Record<'all' | 'sidebar', Loaders> = {
  all: import.meta.glob<{ default: Dictionary }>('../../../translations/*.json'),
  // Cut to the sidebar's keys by the build (src/app/i18n/parts.ts); whole under the tests.
  sidebar: import.meta.glob<{ default: Dictionary }>('../../../translations/*.json', {
    query: { part: 'sidebar' },
  }),
};

export async function loadTranslator(
  locale: string | undefined,
  part: keyof typeof PARTS = 'all',
): Promise<Translator> {
  const loaders = PARTS[part];
  const chain = localeChain(locale);
  const dictionaries: Dictionary[] = [];
  for (const name of chain) {
    const load = loaders[`../../../translations/${name}.json`];
    if (load) dictionaries.push((await load()).default);
  }
  return translator(
    chain.find((n) => loaders[`../../../translations/${n}.json`]) ?? 'en',
    dictionaries,
  );
}
