/**
 * Translations: the app's strings live in translations/<locale>.json (the same files Zendesk
 * reads for the app's name and settings labels). A locale falls back to its base language,
 * then to English; `{{name}}` placeholders are filled from the given values.
 * @module
 */
export type Dictionary = { readonly [key: string]: string | Dictionary };

export interface Translator {
  readonly locale: string;
  t(key: string, values?: Record<string, string | number>): string;
}

function lookup(dict: Dictionary, key: string): string | undefined {
  let node: string | Dictionary | undefined = dict;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function translator(locale: string, dictionaries: readonly Dictionary[]): Translator {
  return {
    locale,
    t(key, values = {}) {
      for (const dict of dictionaries) {
        const text = lookup(dict, key);
        if (text !== undefined)
          return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
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

const loaders = import.meta.glob<{ default: Dictionary }>('../../../translations/*.json');

export async function loadTranslator(locale: string | undefined): Promise<Translator> {
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
