/**
 * The admin's budgets and alert webhook, as a store without a DOM: it loads what is set, keeps
 * the form, and saves through the authorised path. Zendesk authorises each change as it does
 * an activation: the change's digest (`changeDigest`) is written to the installation's hidden
 * `budget_change` setting, which only Zendesk admins may change, and the backend applies the
 * change only if it reads that digest back from Zendesk. The webhook's signing secret is minted
 * by the backend when the address is set and shown here that once; afterwards the page can
 * only say that one is configured (the backend never hands it out again).
 * @module
 */
import type { $ZodType, output } from 'zod/v4/core';
import { changeDigest } from '../../../api/budgets.js';
import { NAV_ANSWERS } from '../../../api/schemas/answers.js';
import type { ZafClient } from '../../../zendesk/client.js';
import type { Translator } from '../../i18n/i18n.js';
import type { Backend } from '../../sync/backend.js';
import { type BudgetForm, checkForm, EMPTY_FORM, formFromAnswer, urlIssue } from './budget-form.js';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'failed' | 'forbidden';

export interface BudgetSettingsState {
  readonly loaded: boolean;
  readonly currency: string;
  readonly form: BudgetForm;
  /** Set once a save was tried: from then on, issues show as the admin types. */
  readonly attempted: boolean;
  readonly budgetsStatus: SaveStatus;
  readonly url: string;
  readonly urlAttempted: boolean;
  /** The address alerts go to now (a secret is configured with it), or null. */
  readonly destination: string | null;
  /** The new secret, shown once right after the address was set. */
  readonly secret: string | null;
  readonly urlStatus: SaveStatus;
  /** What the backend refused about the address (its SSRF guard), in the admin's words. */
  readonly urlRefused: string | null;
}

export interface BudgetSettingsDeps {
  readonly backend: Backend;
  readonly client: ZafClient;
  readonly installationId: number;
  readonly i18n: Translator;
}

/** How a refused request rejects: the proxied answer, its status and JSON. */
type Failure = { status?: number; responseJSON?: { error?: { field?: string } } };

export class BudgetSettingsStore {
  #state: BudgetSettingsState = {
    loaded: false,
    currency: 'USD',
    form: EMPTY_FORM,
    attempted: false,
    budgetsStatus: 'idle',
    url: '',
    urlAttempted: false,
    destination: null,
    secret: null,
    urlStatus: 'idle',
    urlRefused: null,
  };
  readonly #listeners = new Set<() => void>();

  constructor(private readonly deps: BudgetSettingsDeps) {}

  get state(): BudgetSettingsState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(change: Partial<BudgetSettingsState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }

  /** The budgets as checked now (issues shown only once a save was tried). */
  get checked() {
    return checkForm(this.#state.form, this.#state.currency, this.deps.i18n);
  }

  get urlIssue(): string | null {
    return this.#state.urlRefused ?? urlIssue(this.#state.url, this.deps.i18n);
  }

  /** The budgets in force and the currency they are in (the plan's, before any budget). */
  async load(): Promise<void> {
    const { backend } = this.deps;
    const [answer, active] = await Promise.all([
      backend.call(NAV_ANSWERS['GET /v1/budgets'], '/v1/budgets'),
      backend
        .call(NAV_ANSWERS['GET /v1/plans/active'], '/v1/plans/active')
        .catch(() => ({ plan: null })),
    ]);
    this.#set({
      loaded: true,
      currency: answer.currency ?? active.plan?.currency ?? 'USD',
      form: formFromAnswer(answer),
      destination: answer.destination?.url ?? null,
      url: answer.destination?.url ?? '',
    });
  }

  edit(form: BudgetForm): void {
    this.#set({ form, budgetsStatus: 'idle' });
  }

  setUrl(url: string): void {
    this.#set({ url, urlStatus: 'idle', urlRefused: null, secret: null });
  }

  /** Writes the change's digest where only an admin can, then asks the backend to apply it. */
  async #authorised<S extends $ZodType>(
    kind: 'budgets' | 'alert-destination',
    body: object,
    path: string,
    schema: S,
  ): Promise<output<S>> {
    const { client, backend, installationId } = this.deps;
    await client.request({
      url: `/api/v2/apps/installations/${installationId}.json`,
      type: 'PUT',
      contentType: 'application/json',
      data: JSON.stringify({ settings: { budget_change: await changeDigest(kind, body) } }),
    });
    return backend.call(schema, path, 'PUT', body);
  }

  async saveBudgets(): Promise<void> {
    this.#set({ attempted: true });
    const { body } = this.checked;
    if (!body) return;
    this.#set({ budgetsStatus: 'saving' });
    try {
      const answer = await this.#authorised(
        'budgets',
        body,
        '/v1/budgets',
        NAV_ANSWERS['PUT /v1/budgets'],
      );
      this.#set({ budgetsStatus: 'saved', form: formFromAnswer(answer) });
    } catch (error) {
      this.#set({ budgetsStatus: (error as Failure)?.status === 403 ? 'forbidden' : 'failed' });
    }
  }

  async saveUrl(): Promise<void> {
    this.#set({ urlAttempted: true, urlRefused: null });
    if (this.urlIssue) return;
    const body = { url: this.#state.url.trim() };
    this.#set({ urlStatus: 'saving' });
    try {
      const answer = await this.#authorised(
        'alert-destination',
        body,
        '/v1/alerts/destination',
        NAV_ANSWERS['PUT /v1/alerts/destination'],
      );
      this.#set({ urlStatus: 'saved', destination: answer.url, secret: answer.secret });
    } catch (error) {
      const failure = error as Failure;
      // The backend's guard refused the address (not https, or not a public host).
      if (failure?.status === 400 && failure.responseJSON?.error?.field === 'url')
        this.#set({
          urlStatus: 'idle',
          urlRefused: this.deps.i18n.t('nav.budgetSettings.issue.refused'),
        });
      else this.#set({ urlStatus: failure?.status === 403 ? 'forbidden' : 'failed' });
    }
  }
}
