/**
 * The admin's plan draft without a DOM: no error before input; every issue in the admin's
 * language naming the field by its label, never the schema's developer message; translated
 * defaults; and every saved plan opened into the form (edit or duplicate) comes back exactly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/app/i18n/i18n.js';
import {
  attempted,
  checkDraft,
  draftFromPlan,
  freeId,
  newDraft,
  withHeader,
  withValue,
} from '../../../src/app/nav/admin/draft.js';
import { fieldLabel } from '../../../src/app/nav/admin/field-messages.js';
import { planFromForm } from '../../../src/app/nav/plan-form.js';
import { parsePlan } from '../../../src/pricing/index.js';
import { dictionary, LOCALES, ROOT } from '../i18n/dictionaries.js';

const t = (locale: string) => translator(locale, [dictionary(locale), dictionary('en')]);
const en = t('en');
const examples = readdirSync(join(ROOT, 'examples/plans'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => parsePlan(JSON.parse(readFileSync(join(ROOT, 'examples/plans', f), 'utf8'))));

/** What the core's schema says itself, to be sure none of it reaches the page. */
function schemaMessages(
  header: Parameters<typeof planFromForm>[0],
  values: Record<string, string>,
) {
  return planFromForm(header, values).issues.map((i) => i.message);
}

describe('plan draft', () => {
  it('opens with translated defaults and no error, though the plan is not complete yet', () => {
    for (const locale of LOCALES) {
      const draft = newDraft(t(locale));
      const checked = checkDraft(draft, t(locale));
      expect(checked.plan, locale).toBeNull();
      expect(checked.messages.size, locale).toBe(0);
      expect(checked.general, locale).toEqual([]);
      expect(draft.header.name, locale).toBe(
        dictionary(locale).nav && t(locale).t('nav.admin.default.name'),
      );
    }
    expect(newDraft(t('de')).header).toMatchObject({ id: 'mein-tarif', name: 'Mein Tarif' });
    // The translated default id is a valid plan id in every language.
    for (const locale of LOCALES) {
      const draft = withValue(newDraft(t(locale)), 'pricePerResolution', '0.99');
      expect(checkDraft(draft, t(locale)).plan?.id, locale).toBe(
        t(locale).t('nav.admin.default.id'),
      );
    }
  });

  it('shows an issue once the field is touched, or on every field once the admin tries', () => {
    const draft = withValue(newDraft(en), 'assistedPrice', '0,50');
    const checked = checkDraft(draft, en);
    expect([...checked.messages.keys()]).toEqual(['assistedPrice']);
    const all = checkDraft(attempted(draft), en);
    expect([...all.messages.keys()].sort()).toEqual(['assistedPrice', 'pricePerResolution']);
    expect(all.messages.get('pricePerResolution')).toBe(
      'Fill in “Per resolution”: this model needs it.',
    );
  });

  it.each([
    ['pricePerResolution', '0,99', 'price'],
    ['pricePerResolution', '-1', 'price'],
    ['pricePerResolution', '0.1234567', 'price'],
    ['confirmationWindowHours', '9000', 'hours'],
  ])(
    'says a bad %s (%s) in every language, naming the field, never in the schema’s words',
    (path, raw, kind) => {
      const header = newDraft(en).header;
      const values = { pricePerResolution: '0.99', [path]: raw };
      const developer = schemaMessages(header, values);
      expect(developer.length).toBeGreaterThan(0);
      for (const locale of LOCALES) {
        const i18n = t(locale);
        const draft = withValue(withValue(newDraft(i18n), 'pricePerResolution', '0.99'), path, raw);
        const message = checkDraft(draft, i18n).messages.get(path);
        expect(message, locale).toBe(
          i18n.t(`nav.admin.issue.${kind}`, { field: fieldLabel(path, i18n) }),
        );
        expect(message, locale).toContain(fieldLabel(path, i18n));
        for (const d of developer) expect(message, locale).not.toContain(d);
      }
    },
  );

  it('says header and JSON issues in the admin’s words', () => {
    const base = withValue(newDraft(en), 'pricePerResolution', '0.99');
    const messages = (draft: typeof base) => checkDraft(draft, en).messages;
    expect(messages(withHeader(base, 'id', 'Team Plan')).get('id')).toContain('lowercase letters');
    expect(messages(withHeader(base, 'currency', 'dollars')).get('currency')).toContain('ISO 4217');
    expect(messages(withHeader(base, 'name', '')).get('name')).toBe(
      'Fill in “Name”: this model needs it.',
    );
    // Lower case is taken as the code it means.
    expect(checkDraft(withHeader(base, 'currency', 'eur'), en).plan?.currency).toBe('EUR');
    const tiered = withHeader(base, 'model', 'tiered');
    expect(messages(withValue(tiered, 'tiers', '[{"name": '))).toEqual(
      new Map([
        ['tiers', '“Tiers (JSON)”: this is not valid JSON; check the brackets, quotes and commas.'],
      ]),
    );
    const second = withValue(
      tiered,
      'tiers',
      JSON.stringify([
        { name: 'simple', when: { maxToolCalls: 1 }, plan: { model: 'usage', rates: {} } },
        { name: 'other', when: {}, plan: { model: 'outcome', pricePerResolution: 1 } },
      ]),
    );
    expect(messages(second).get('tiers')).toBe('“Tiers (JSON)”: check tier 2.');
  });

  it('opens every saved plan into the form, and the form gives it back exactly', () => {
    for (const plan of examples) {
      const edit = draftFromPlan(plan, 'edit', en);
      expect(edit.origin).toEqual({ kind: 'edit', id: plan.id, version: plan.version });
      expect(checkDraft(edit, en).messages.size).toBe(0);
      // The form numbers a draft 1; saving it gives the next version of the same id.
      expect(checkDraft(edit, en).plan).toEqual({ ...plan, version: 1 });
    }
  });

  it('duplicates a plan under a free id and a name of its own', () => {
    const plan = examples[0]!;
    const copy = draftFromPlan(plan, 'duplicate', t('de'), [plan.id, `${plan.id}-2`]);
    expect(copy.header.id).toBe(`${plan.id}-3`);
    expect(copy.header.name).toBe(`Kopie von ${plan.name}`);
    expect(checkDraft(copy, en).plan).toEqual({
      ...plan,
      id: `${plan.id}-3`,
      name: `Kopie von ${plan.name}`,
      version: 1,
    });
    expect(freeId('fin-2', ['fin', 'fin-2'])).toBe('fin-3');
  });

  it('never lets the schema’s message through, whatever the field', () => {
    // Every field of every model, given text no field accepts: each message is a translation.
    for (const plan of examples) {
      let draft = draftFromPlan(plan, 'edit', en);
      for (const path of Object.keys(draft.values)) draft = withValue(draft, path, '#?');
      const checked = checkDraft(attempted(draft), en);
      expect(checked.messages.size).toBeGreaterThan(0);
      const shown = [...checked.messages.values(), ...checked.general];
      for (const text of shown) {
        expect(text).not.toMatch(/expected|JSON number|ISO 8601|non-negative/);
      }
    }
  });
});

describe('presets', () => {
  it('opens each vendor preset into the form with its source, under a free id', async () => {
    const { loadPresets } = await import('../../../src/app/nav/admin/presets.js');
    const { draftFromPreset } = await import('../../../src/app/nav/admin/draft.js');
    const presets = loadPresets();
    expect(presets.map((p) => p.plan.id)).toContain('intercom-fin');
    for (const preset of presets) {
      const draft = draftFromPreset(preset, en);
      expect(draft.origin).toEqual({
        kind: 'preset',
        vendor: preset.source.vendor,
        url: preset.source.url,
        read: preset.source.read,
      });
      expect(checkDraft(draft, en).plan).toEqual({ ...preset.plan, version: 1 });
      expect(draftFromPreset(preset, en, [preset.plan.id]).header.id).toBe(`${preset.plan.id}-2`);
    }
  });
});
