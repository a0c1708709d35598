/**
 * The admin's budgets and alert webhook: the account's monthly budget, a budget per group and
 * per AI tool, and the address alerts are sent to (with whether a signing secret is set, and
 * the new one shown once). The state and the authorised saves live in `budget-settings.ts`;
 * this file only lays them out.
 * @module
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ZafClient } from '../../../zendesk/client.js';
import type { Translator } from '../../i18n/i18n.js';
import type { Backend } from '../../sync/backend.js';
import { type BudgetForm, type ScopedList, withoutRow, withRow } from './budget-form.js';
import { BudgetSettingsStore, type SaveStatus } from './budget-settings.js';

interface Props {
  readonly backend: Backend;
  readonly client: ZafClient;
  readonly installationId: number;
  readonly i18n: Translator;
}

function useStore({ backend, client, installationId, i18n }: Props): BudgetSettingsStore {
  const store = useMemo(
    () => new BudgetSettingsStore({ backend, client, installationId, i18n }),
    [backend, client, installationId, i18n],
  );
  const [, rerender] = useState(0);
  useEffect(() => {
    const stop = store.subscribe(() => rerender((n) => n + 1));
    store.load().catch(() => undefined);
    return stop;
  }, [store]);
  return store;
}

function Input(props: {
  id: string;
  label: string;
  value: string;
  issue: string | undefined;
  onInput: (value: string) => void;
  decimal?: boolean;
}) {
  const { id, label, value, issue, onInput, decimal } = props;
  return (
    <div class="aicm-field" data-field={id}>
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        inputMode={decimal ? 'decimal' : 'text'}
        aria-invalid={issue ? 'true' : 'false'}
        aria-describedby={issue ? `${id}-error` : undefined}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)}
      />
      {issue && (
        <span id={`${id}-error`} class="aicm-field-error">
          {issue}
        </span>
      )}
    </div>
  );
}

function Status({
  status,
  i18n,
  testid,
}: {
  status: SaveStatus;
  i18n: Translator;
  testid: string;
}) {
  if (status === 'idle' || status === 'saving') return null;
  const error = status !== 'saved';
  return (
    <p
      role={error ? 'alert' : 'status'}
      class={`aicm-note ${error ? 'aicm-note-danger' : ''}`}
      data-testid={testid}
    >
      {i18n.t(`nav.budgetSettings.status.${status}`)}
    </p>
  );
}

function Rows(props: {
  list: ScopedList;
  form: BudgetForm;
  issues: Readonly<Record<string, string>>;
  store: BudgetSettingsStore;
  i18n: Translator;
}) {
  const { list, form, issues, store, i18n } = props;
  const rows = [...form[list], { name: '', amount: '' }];
  return (
    <fieldset class="aicm-fieldset" data-list={list}>
      <legend>{i18n.t(`nav.budgetSettings.${list}`)}</legend>
      {issues[list] && <span class="aicm-field-error">{issues[list]}</span>}
      {rows.map((row, i) => (
        <div key={`${list}-${i}`} class="aicm-field-input" data-row={i}>
          <Input
            id={`aicm-b-${list}-${i}-name`}
            label={i18n.t(`nav.budgetSettings.${list}Name`)}
            value={row.name}
            issue={issues[`${list}.${i}.name`]}
            onInput={(name) => store.edit(withRow(form, list, i, { ...row, name }))}
          />
          <Input
            id={`aicm-b-${list}-${i}-amount`}
            label={i18n.t('nav.budgetSettings.amount', { currency: store.state.currency })}
            value={row.amount}
            issue={issues[`${list}.${i}.amount`]}
            onInput={(amount) => store.edit(withRow(form, list, i, { ...row, amount }))}
            decimal
          />
          {i < form[list].length && (
            <button
              type="button"
              class="aicm-button"
              onClick={() => store.edit(withoutRow(form, list, i))}
            >
              {i18n.t('nav.budgetSettings.remove')}
            </button>
          )}
        </div>
      ))}
    </fieldset>
  );
}

export function BudgetSettings(props: Props) {
  const { i18n } = props;
  const store = useStore(props);
  const s = store.state;
  if (!s.loaded) return null;
  const issues = s.attempted ? store.checked.issues : {};
  const urlIssue = s.urlAttempted ? (store.urlIssue ?? undefined) : undefined;
  return (
    <section aria-labelledby="aicm-budget-settings" data-testid="budget-settings">
      <h2 id="aicm-budget-settings" class="aicm-heading">
        {i18n.t('nav.budgetSettings.title')}
      </h2>
      <p class="aicm-muted">{i18n.t('nav.budgetSettings.intro', { currency: s.currency })}</p>
      <Input
        id="aicm-b-account"
        label={i18n.t('nav.budgetSettings.account', { currency: s.currency })}
        value={s.form.account}
        issue={issues.account}
        onInput={(account) => store.edit({ ...s.form, account })}
        decimal
      />
      <Rows list="groups" form={s.form} issues={issues} store={store} i18n={i18n} />
      <Rows list="tools" form={s.form} issues={issues} store={store} i18n={i18n} />
      <button
        type="button"
        class="aicm-button aicm-button-primary"
        data-action="save-budgets"
        disabled={s.budgetsStatus === 'saving'}
        onClick={() => void store.saveBudgets()}
      >
        {i18n.t('nav.budgetSettings.save')}
      </button>
      <Status status={s.budgetsStatus} i18n={i18n} testid="budgets-message" />

      <h3 class="aicm-subheading">{i18n.t('nav.budgetSettings.webhook')}</h3>
      <Input
        id="aicm-b-url"
        label={i18n.t('nav.budgetSettings.url')}
        value={s.url}
        issue={urlIssue}
        onInput={(url) => store.setUrl(url)}
      />
      <p class="aicm-muted" data-testid="secret-state">
        {i18n.t(s.destination ? 'nav.budgetSettings.secretSet' : 'nav.budgetSettings.secretNone')}
      </p>
      <button
        type="button"
        class="aicm-button"
        data-action="save-url"
        disabled={s.urlStatus === 'saving'}
        onClick={() => void store.saveUrl()}
      >
        {i18n.t('nav.budgetSettings.saveUrl')}
      </button>
      <Status status={s.urlStatus} i18n={i18n} testid="url-message" />
      {s.secret && (
        <p class="aicm-note" role="status" data-testid="new-secret">
          {i18n.t('nav.budgetSettings.newSecret')} <code>{s.secret}</code>
        </p>
      )}
    </section>
  );
}
