/**
 * Zendesk Garden's published design tokens (`@zendeskgarden/css-variables`) in the app's CSS
 * at build time: the stylesheets name a token as `var(--zd-color-grey-900)`, and the build
 * writes the token's value in its place. So the look is Garden's own figures rather than hex
 * values copied by hand, and only the tokens a stylesheet names reach the bundle (the package
 * declares 255 custom properties; the sidebar's first load carries none of them). A name the
 * package does not publish fails the build, naming the file and the token.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const TOKEN = /var\(\s*--(zd-[a-z0-9-]+)\s*\)/g;

/** The package's tokens, by name without the leading `--` (`zd-color-grey-900` → `#293239`). */
export function gardenTokens(): Readonly<Record<string, string>> {
  const file = createRequire(import.meta.url).resolve(
    '@zendeskgarden/css-variables/dist/index.json',
  );
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

/** The stylesheet with every `var(--zd-…)` replaced by the token's value. */
export function inlineGardenTokens(
  css: string,
  tokens: Readonly<Record<string, string>>,
  file: string,
): string {
  return css.replace(TOKEN, (_, name: string) => {
    const value = tokens[name];
    if (value === undefined)
      throw new Error(`${file}: --${name} is not one of Garden's published tokens`);
    return value;
  });
}

/** The Vite plugin: stylesheets get Garden's values before Vite's own CSS handling. */
export function gardenTokensPlugin(): Plugin {
  let tokens: Readonly<Record<string, string>> | null = null;
  return {
    name: 'garden-tokens',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.css(\?|$)/.test(id) || !code.includes('--zd-')) return null;
      tokens ??= gardenTokens();
      return { code: inlineGardenTokens(code, tokens, id), map: null };
    },
  };
}
