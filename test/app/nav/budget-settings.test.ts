/**
 * The admin's budgets and alert webhook without a DOM, over a real backend (PGlite) and the
 * emulated Zendesk: what is set loads into the form; every problem is said in the admin's
 * language, keyed by its field, before anything is sent; a save writes the change's digest to
 * the installation's `budget_change` setting (as an admin, through Zendesk) and the backend
 * applies it; the webhook's new secret shows once, then only that one is configured; the
 * backend's SSRF refusal reads in the admin's words; an agent's save is refused by Zendesk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeDigest } from '../../../src/api/budgets.js';
import { translator } from '../../../src/app/i18n/i18n.js';
import {
  checkForm,
  EMPTY_FORM,
  urlIssue,
  withoutRow,
  withRow,
} from '../../../src/app/nav/budgets/budget-form.js';
import { BudgetSettingsStore } from '../../../src/app/nav/budgets/budget-settings.js';
import { Backend as AppBackend } from '../../../src/app/sync/backend.js';
import type { ZafClient, ZafRequestOptions } from '../../../src/zendesk/client.js';
import {
  activatePlan,
  appToken,
  type Backend,
  call,
  ENGINES,
  startBackend,
  USAGE_PLAN,
} from '../../server/harness.js';
import { EMULATED_INSTALLATION, emulatedZendesk } from '../../server/zendesk-emulation.js';
import { dictionary } from '../i18n/dictionaries.js';

const en = translator('en', [dictionary('en')]);
const de = translator('de', [dictionary('de'), dictionary('en')]);

describe('the budget form’s checks', () => {
  it('says nothing of an empty form and sends no budget for it', () => {
    expect(checkForm(EMPTY_FORM, 'USD', en)).toEqual({
      body: { currency: 'USD', account: null, groups: {}, tools: {} },
      issues: {},
    });
  });

  it('names each field at fault in the admin’s words', () => {
    let form = { ...EMPTY_FORM, account: '500,00' };
    form = withRow(form, 'groups', 0, { name: 'Billing', amount: '120.001' });
    form = withRow(form, 'groups', 1, { name: 'Billing', amount: '0' });
    form = withRow(form, 'tools', 0, { name: '', amount: '50' });
    form = withRow(form, 'tools', 1, { name: '', amount: '' });
    const { body, issues } = checkForm(form, 'USD', en);
    expect(body).toBeNull();
    expect(issues).toEqual({
      account: 'Enter an amount such as 500.00.',
      'groups.0.amount': 'At most 2 decimals in USD.',
      'groups.1.name': 'Billing is listed twice.',
      'groups.1.amount': 'Enter an amount above 0, or leave the field empty.',
      'tools.0.name': 'Name the AI tool this budget is for.',
    });
    expect(checkForm({ ...EMPTY_FORM, account: '500.5' }, 'JPY', de).issues.account).toBe(
      'Höchstens 0 Nachkommastellen in JPY.',
    );
    expect(checkForm({ ...EMPTY_FORM, account: 'x' }, 'JPY', en).issues.account).toBe(
      'Enter an amount such as 500.',
    );
  });

  it('builds the body the backend takes, rows trimmed, removed rows left out', () => {
    let form = { ...EMPTY_FORM, account: ' 500.00 ' };
    form = withRow(form, 'groups', 0, { name: ' Billing ', amount: '120' });
    form = withRow(form, 'tools', 0, { name: 'refund', amount: '50.5' });
    form = withRow(form, 'tools', 1, { name: 'kb', amount: '9' });
    form = withoutRow(form, 'tools', 1);
    expect(checkForm(form, 'USD', en).body).toEqual({
      currency: 'USD',
      account: '500.00',
      groups: { Billing: '120' },
      tools: { refund: '50.5' },
    });
  });

  it('wants a full https address without credentials', () => {
    expect(urlIssue('', en)).toBe('Enter the address alerts are sent to.');
    expect(urlIssue('http://hooks.example.com/x', en)).toBe(
      'Enter a full address that starts with https://.',
    );
    expect(urlIssue('hooks.example.com', de)).toBe(
      'Geben Sie eine vollständige Adresse ein, die mit https:// beginnt.',
    );
    expect(urlIssue('https://u:p@hooks.example.com/', en)).toBe(
      'Leave the user name and password out of the address.',
    );
    expect(urlIssue('https://hooks.example.com/aicm', en)).toBeNull();
  });
});

const emulation = emulatedZendesk();
const store = emulation.store;

describe('saving through Zendesk’s authority, on PGlite', () => {
  let b: Backend;
  let settings: BudgetSettingsStore;
  let deps: ConstructorParameters<typeof BudgetSettingsStore>[0];
  /** What Zendesk's proxy and the SDK do with each request: the backend's or Zendesk's. */
  const client = (secrets: { account: string; sharedSecret: string }) =>
    ({
      async request(options: ZafRequestOptions) {
        if (options.url.startsWith('/api/v2/')) {
          const r = await fetch(`${emulation.url}${options.url}`, {
            method: options.type,
            headers: { 'content-type': 'application/json' },
            body: options.data as string,
          });
          if (!r.ok) throw { status: r.status, responseJSON: await r.json() };
          return r.json();
        }
        const token = await appToken(secrets, b.clock);
        const body = options.data ? JSON.parse(options.data as string) : undefined;
        const r = await call(b, options.type ?? 'GET', options.url, { token, body });
        if (r.status >= 300) throw { status: r.status, responseJSON: r.json };
        return r.json;
      },
    }) as unknown as ZafClient;

  beforeAll(async () => {
    b = await startBackend(ENGINES[0]!, { ZENDESK_API_BASE: emulation.url });
    // A public answer for the receiver's host (no network in tests).
    Object.assign(b.services, {
      resolveHost: async () => [{ address: '93.184.215.14', family: 4 }],
    });
    const acme = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', { ...USAGE_PLAN, currency: 'EUR' });
    await b.services.tenants.setZendeskAccess(
      'acme',
      'admin@acme.example',
      'api-token',
      EMULATED_INSTALLATION,
    );
    const zaf = client(acme);
    deps = {
      client: zaf,
      backend: new AppBackend(zaf, '', 'acme'),
      installationId: EMULATED_INSTALLATION,
      i18n: en,
    };
    settings = new BudgetSettingsStore(deps);
    await settings.load();
  });
  afterAll(() => b.close());

  it('loads the plan’s currency before any budget, and shows no issue before a save', () => {
    expect(settings.state).toMatchObject({ loaded: true, currency: 'EUR', form: EMPTY_FORM });
    expect(settings.state.attempted).toBe(false);
  });

  it('sends nothing while a field is at fault', async () => {
    settings.edit({ ...EMPTY_FORM, account: 'lots' });
    await settings.saveBudgets();
    expect(settings.state.attempted).toBe(true);
    expect(settings.checked.issues.account).toBe('Enter an amount such as 500.00.');
    expect(settings.state.budgetsStatus).toBe('idle');
    expect(store.fixtures.settings.budget_change ?? null).toBeNull();
  });

  it('saves the budgets with their digest in Zendesk, and the backend applies them', async () => {
    let form = { ...EMPTY_FORM, account: '500.00' };
    form = withRow(form, 'groups', 0, { name: 'Billing', amount: '120.00' });
    form = withRow(form, 'tools', 0, { name: 'refund', amount: '50.00' });
    settings.edit(form);
    await settings.saveBudgets();
    expect(settings.state.budgetsStatus).toBe('saved');
    const body = {
      currency: 'EUR',
      account: '500.00',
      groups: { Billing: '120.00' },
      tools: { refund: '50.00' },
    };
    expect(store.fixtures.settings.budget_change).toBe(await changeDigest('budgets', body));
    // A fresh page reads them back.
    const again = new BudgetSettingsStore(deps);
    await again.load();
    expect(again.state.form).toEqual(form);
    expect(again.state.currency).toBe('EUR');
  });

  it('sets the webhook: the secret shows once, then only that one is configured', async () => {
    settings.setUrl('https://10.0.0.7/aicm');
    await settings.saveUrl();
    expect(settings.urlIssue).toBe(
      'Alerts cannot be sent there: the address must be reachable on the public internet, not a private or local network.',
    );
    expect(settings.state.destination).toBeNull();
    settings.setUrl('https://hooks.example.com/aicm');
    await settings.saveUrl();
    expect(settings.state.urlStatus).toBe('saved');
    expect(settings.state.secret).toMatch(/^aicm_al_/);
    expect(settings.state.destination).toBe('https://hooks.example.com/aicm');
    const reloaded = new BudgetSettingsStore(deps);
    await reloaded.load();
    expect(reloaded.state).toMatchObject({
      destination: 'https://hooks.example.com/aicm',
      url: 'https://hooks.example.com/aicm',
      secret: null,
    });
  });

  it('is refused for an agent: Zendesk will not let them write the setting', async () => {
    const user = store.fixtures.currentUser as { role: string };
    const role = user.role;
    user.role = 'agent';
    try {
      settings.edit({ ...EMPTY_FORM, account: '1.00' });
      await settings.saveBudgets();
      expect(settings.state.budgetsStatus).toBe('forbidden');
    } finally {
      user.role = role;
    }
    const current = new BudgetSettingsStore(deps);
    await current.load();
    expect(current.state.form.account).toBe('500.00');
  });
});
