/**
 * The app package against Zendesk's rules (zendesk_apps_support's checks, re-stated from the
 * notes since the validator needs a Zendesk account): required files, manifest fields and types,
 * parameters, translations for every parameter and every UI string, location URLs that exist,
 * and no secret in the built bundle.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gardenTokens, inlineGardenTokens } from '../../vite-garden-tokens.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
const LOCATIONS = [
  'top_bar',
  'nav_bar',
  'ticket_sidebar',
  'new_ticket_sidebar',
  'user_sidebar',
  'organization_sidebar',
  'background',
  'modal',
  'ticket_editor',
  'system_top_bar',
];
const TYPES = ['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth'];
const SCOPES = [
  'header',
  'body',
  'url',
  'jwt_secret_key',
  'jwt_claim',
  'basic_auth_username',
  'basic_auth_password',
];

type Dict = { [key: string]: string | Dict };
const keys = (d: Dict, prefix = ''): string[] =>
  Object.entries(d).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
const translations = Object.fromEntries(
  readdirSync(join(ROOT, 'translations')).map((f) => [
    f.replace('.json', ''),
    JSON.parse(readFileSync(join(ROOT, 'translations', f), 'utf8')) as Dict,
  ]),
);

describe('manifest.json', () => {
  it('has the required fields with the right types', () => {
    expect(typeof manifest.name).toBe('string');
    expect(manifest.author).toMatchObject({
      name: expect.any(String),
      email: expect.stringMatching(/@/),
    });
    expect(manifest.defaultLocale).toBe('en');
    expect(manifest.frameworkVersion).toBe('2.0');
    expect(typeof manifest.private).toBe('boolean');
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Array.isArray(manifest.domainWhitelist)).toBe(true);
  });

  it('names only Support locations, with URLs under assets/ that the build produces', () => {
    for (const [location, value] of Object.entries(
      manifest.location.support as Record<string, { url: string; flexible?: unknown }>,
    )) {
      expect(LOCATIONS).toContain(location);
      expect(value.url).toMatch(/^assets\//);
      if ('flexible' in value) expect(typeof value.flexible).toBe('boolean');
      expect(existsSync(join(DIST, value.url)), `${value.url} in dist/`).toBe(true);
    }
  });

  it('declares parameters by Zendesk’s rules', () => {
    const names = manifest.parameters.map((p: { name: string }) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('name');
    for (const p of manifest.parameters) {
      expect(TYPES).toContain(p.type ?? 'text');
      if (p.type === 'hidden') expect(p.required).not.toBe(true);
      if (p.scopes) {
        expect(p.secure).toBe(true);
        for (const s of p.scopes) expect(SCOPES).toContain(s);
      }
      if (p.secure) {
        expect(p.scopes?.length, `${p.name} is secure, so it needs scopes`).toBeGreaterThan(0);
        expect(p).not.toHaveProperty('default');
      }
      if (/token|key|pwd|password|secret/i.test(p.name))
        expect(p.secure, `${p.name} looks secret`).toBe(true);
    }
    expect(
      manifest.parameters.find((p: { name: string }) => p.name === 'shared_secret'),
    ).toMatchObject({ secure: true, scopes: ['jwt_secret_key'] });
  });
});

describe('translations', () => {
  it('ships en, de, fr, es, ja and pt-br, with names Zendesk accepts', () => {
    expect(Object.keys(translations).sort()).toEqual(['de', 'en', 'es', 'fr', 'ja', 'pt-br']);
    for (const locale of Object.keys(translations))
      expect(locale).toMatch(/^[a-z]{2,3}(-\w{2,3})?$/);
  });

  it('labels every parameter in every language', () => {
    for (const [locale, dict] of Object.entries(translations)) {
      const app = dict.app as Dict;
      expect(typeof app.name, locale).toBe('string');
      for (const p of manifest.parameters) {
        expect(
          ((app.parameters as Dict)[p.name] as Dict | undefined)?.label,
          `${locale}: ${p.name}`,
        ).toEqual(expect.any(String));
      }
    }
  });

  it('has the same keys in every language, and fills the same placeholders', () => {
    const english = keys(translations.en!).sort();
    for (const [locale, dict] of Object.entries(translations)) {
      expect(keys(dict).sort(), locale).toEqual(english);
      for (const key of english) {
        const lookup = (d: Dict) =>
          key.split('.').reduce<string | Dict>((n, k) => (n as Dict)[k]!, d) as string;
        const placeholders = (s: string) =>
          [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
        expect(placeholders(lookup(dict)), `${locale}: ${key}`).toEqual(
          placeholders(lookup(translations.en!)),
        );
      }
    }
  });

  it('has a translation for every string the UI asks for', () => {
    const used = new Set<string>();
    const sources = [
      'src/app/sidebar/Sidebar.tsx',
      'src/app/sidebar/why.ts',
      'src/app/sidebar/WhyPanels.tsx',
      'src/app/sidebar/labels.ts',
      'src/app/sidebar/DisputeForm.tsx',
      'src/app/i18n/format.ts',
      'src/app/nav/Disputes.tsx',
      'src/app/nav/DisputeDecisions.tsx',
      'src/app/nav/ReportView.tsx',
      'src/app/nav/AdminView.tsx',
      'src/app/nav/main.tsx',
    ];
    for (const file of sources) {
      for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(
        // `i18n.t(…)`, and `t(…)` where a module binds it once.
        /(?:\bi18n\.t|\bt)\(\s*['`]([\w.]+)(?:\$\{[^}]+\})?/g,
      ))
        used.add(m[1]!);
    }
    const english = keys(translations.en!);
    for (const key of used) {
      // A key built from a code (`sidebar.outcome.${outcome}`) must have its whole family.
      expect(
        english.some((k) => k === key || k.startsWith(key)),
        key,
      ).toBe(true);
    }
  });
});

describe('requirements.json', () => {
  it('ships the webhook and the trigger that keep unopened tickets up to date', () => {
    const req = JSON.parse(readFileSync(join(DIST, 'requirements.json'), 'utf8'));
    const allowed = [
      'automations',
      'channel_integrations',
      'custom_objects',
      'macros',
      'targets',
      'views',
      'ticket_fields',
      'triggers',
      'user_fields',
      'organization_fields',
      'webhooks',
      'custom_objects_v2',
    ];
    for (const key of Object.keys(req)) expect(allowed).toContain(key);
    for (const webhook of Object.values(req.webhooks) as Record<string, unknown>[]) {
      for (const field of ['name', 'status', 'endpoint', 'http_method', 'request_format'])
        expect(webhook).toHaveProperty(field);
    }
    for (const trigger of Object.values(req.triggers) as {
      title?: string;
      actions: { field: string; value: string[] }[];
    }[]) {
      expect(trigger.title).toEqual(expect.any(String));
      const body = JSON.parse(
        trigger.actions.find((a) => a.field === 'notification_webhook')!.value[1]!,
      );
      expect(Object.keys(body).sort()).toEqual(['status', 'ticket_id', 'updated_at']);
    }
  });
});

describe('Garden’s tokens at build time', () => {
  it('writes each token’s published value in place of its name', () => {
    const tokens = gardenTokens();
    expect(tokens['zd-color-blue-700']).toMatch(/^#[0-9a-f]{3,6}$/);
    expect(
      inlineGardenTokens(
        'a{color:var(--zd-color-blue-700);margin:var( --zd-spacing-xs )}',
        tokens,
        'a.css',
      ),
    ).toBe(`a{color:${tokens['zd-color-blue-700']};margin:${tokens['zd-spacing-xs']}}`);
    expect(inlineGardenTokens('a{color:var(--fg)}', tokens, 'a.css')).toBe('a{color:var(--fg)}');
  });

  it('fails the build on a name Garden does not publish, naming the file and the token', () => {
    expect(() =>
      inlineGardenTokens('a{color:var(--zd-color-grey-950)}', gardenTokens(), 'x.css'),
    ).toThrow("x.css: --zd-color-grey-950 is not one of Garden's published tokens");
  });
});

describe('the built package', () => {
  it('holds the files Zendesk requires', () => {
    for (const file of [
      'manifest.json',
      'assets/logo.png',
      'assets/logo-small.png',
      'assets/logo.svg',
      'translations/en.json',
    ]) {
      expect(existsSync(join(DIST, file)), file).toBe(true);
    }
  });

  it('keeps the sidebar’s first load under 25 KB gzipped, under 14 KB of it JavaScript', () => {
    const page = join(DIST, 'assets', 'sidebar', 'index.html');
    const html = readFileSync(page, 'utf8');
    const linked = (ext: string) =>
      [...html.matchAll(new RegExp(`(?:src|href)="([^"]+\\.${ext})"`, 'g'))].map((m) =>
        join(page, '..', m[1]!),
      );
    const scripts = linked('js');
    expect(scripts.length).toBeGreaterThan(0);
    const gz = (f: string) => gzipSync(readFileSync(f)).length;
    const bytes = scripts.reduce((n, f) => n + gz(f), 0);
    expect(bytes).toBeLessThan(14 * 1024);
    // With its style sheet and its part of the English file (the one without the manifest's
    // texts, which only the nav bar page's whole file has).
    const assets = join(DIST, 'assets', 'assets');
    const english = readdirSync(assets).filter(
      (f) =>
        /^en-.*\.js$/.test(f) &&
        !readFileSync(join(assets, f), 'utf8').includes('installation_instructions'),
    );
    expect(english).toHaveLength(1);
    const styles = linked('css').reduce((n, f) => n + gz(f), 0);
    expect(bytes + styles + gz(join(assets, english[0]!))).toBeLessThan(25 * 1024);
  });

  it('carries Garden’s values for the tokens its stylesheets name, and no token list', () => {
    const tokens = gardenTokens();
    const sheets = readdirSync(join(DIST, 'assets', 'assets')).filter((f) => f.endsWith('.css'));
    expect(sheets.length).toBeGreaterThan(0);
    const built = sheets.map((f) => readFileSync(join(DIST, 'assets', 'assets', f), 'utf8'));
    for (const css of built) expect(css).not.toContain('--zd-');
    const source = readFileSync(join(ROOT, 'src/app/sidebar/sidebar.css'), 'utf8');
    const named = [...source.matchAll(/var\(--(zd-[a-z0-9-]+)\)/g)].map((m) => m[1]!);
    expect(named).toContain('zd-color-grey-900');
    const sidebar = built.find((css) => css.includes('.aicm-header'))!;
    for (const name of named) expect(sidebar, name).toContain(tokens[name]!.replace(/ /g, ''));
  });

  it('keeps every secret out of the scripts', () => {
    const scripts = readdirSync(join(DIST, 'assets', 'assets')).filter((f) => f.endsWith('.js'));
    const text = scripts
      .map((f) => readFileSync(join(DIST, 'assets', 'assets', f), 'utf8'))
      .join('\n');
    expect(text).not.toMatch(/aicm_(ss|ik|wh|al)_[A-Za-z0-9_-]{20}/);
    expect(text).not.toMatch(/AICM_MASTER_KEY|DATABASE_URL/);
    expect(text).toContain('{{setting.shared_secret}}'); // the proxy fills it in, not the bundle
  });
});
