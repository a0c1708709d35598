/**
 * The admin's view: a plan of any model, checked by the core's schema as it is typed; a preview
 * of it beside the active plan over the last 30 days; activation; and every activation so far.
 * Zendesk authorises activation: the admin's choice is written to the app installation's
 * `active_plan` setting (which only Zendesk admins may change), and the backend activates the
 * plan only if it reads that choice back from Zendesk.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { MODELS, type Model, type Plan } from '../../pricing/index.js';
import type { ZafClient } from '../../zendesk/client.js';
import { formatMoney } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import type { Backend } from '../sync/backend.js';
import { MeasureBaseline } from './baselines/MeasureBaseline.js';
import { isMeasured } from './baselines/measure.js';
import { DisputeDecisions } from './DisputeDecisions.js';
import { type FormValues, MODEL_FIELDS, planFromForm } from './plan-form.js';

interface Activation {
  planId: string;
  version: number;
  effectiveFrom: string;
  activatedBy: string;
  activatedAt: string;
  viaZendesk: boolean;
  status: 'in_force' | 'scheduled' | 'superseded';
}
interface PreviewPlan {
  planId: string;
  planVersion: number;
  name: string;
  currency: string;
  totalCost: string;
  costPerResolution: string | null;
}

interface Props {
  readonly backend: Backend;
  readonly client: ZafClient;
  readonly installationId: number;
  readonly i18n: Translator;
}

export function AdminView({ backend, client, installationId, i18n }: Props) {
  const [header, setHeader] = useState({
    id: 'my-plan',
    name: 'My plan',
    currency: 'USD',
    model: 'outcome' as Model,
  });
  const [values, setValues] = useState<FormValues>({});
  const [history, setHistory] = useState<Activation[]>([]);
  const [preview, setPreview] = useState<PreviewPlan[] | null>(null);
  /** Empty: now. Otherwise the local date and time the plan takes effect. */
  const [from, setFrom] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const result = planFromForm(header, values);
  const inForce = history.find((a) => a.status === 'in_force') ?? null;

  const loadHistory = () =>
    backend.request<{ activations: Activation[] }>('/v1/plans').then(
      (r) => setHistory(r.activations),
      () => setHistory([]),
    );
  useEffect(() => {
    void loadHistory();
  }, []);

  const issueFor = (path: string) =>
    result.issues.find(
      (i) => i.field === path || i.field.startsWith(`${path}.`) || i.field.startsWith(`${path}[`),
    );
  const other = result.issues.filter(
    (i) => !MODEL_FIELDS[header.model].some((f) => i.field.startsWith(f.path)),
  );

  async function runPreview(plan: Plan) {
    setMessage(null);
    try {
      const r = await backend.request<{ plans: PreviewPlan[] }>('/v1/plans/preview', 'POST', {
        plan,
        days: 30,
      });
      setPreview(r.plans);
    } catch {
      setMessage({ kind: 'error', text: i18n.t('nav.admin.failed') });
    }
  }

  /** Activates a saved version: Zendesk records the admin's choice, the backend checks it. */
  async function activateVersion(id: string, version: number, label: string) {
    // Zendesk lets only admins change the installation's settings: this is the authorisation.
    await client.request({
      url: `/api/v2/apps/installations/${installationId}.json`,
      type: 'PUT',
      contentType: 'application/json',
      data: JSON.stringify({ settings: { active_plan: `${id}@${version}` } }),
    });
    // Who activated is recorded from Zendesk's side, not sent.
    await backend.request(`/v1/plans/${id}/versions/${version}/activate`, 'POST', {
      ...(from ? { effectiveFrom: new Date(from).toISOString() } : {}),
    });
    setMessage({ kind: 'ok', text: i18n.t('nav.admin.activated', { plan: label }) });
    await loadHistory();
  }

  async function attempt(action: () => Promise<void>) {
    setMessage(null);
    try {
      await action();
    } catch {
      setMessage({ kind: 'error', text: i18n.t('nav.admin.failed') });
    }
  }

  const activate = (plan: Plan) =>
    attempt(async () => {
      const saved = (await backend.request<{ plan: Plan }>('/v1/plans', 'POST', { plan })).plan;
      await activateVersion(saved.id, saved.version, `${saved.name}, ${saved.version}`);
    });

  const input = (
    path: string,
    value: string,
    onInput: (v: string) => void,
    kind = 'text',
    choices: readonly string[] = [],
  ) => {
    const issue = issueFor(path);
    const id = `aicm-f-${path.replace(/\W/g, '-')}`;
    return (
      <div class="aicm-field" key={path}>
        <label for={id}>{i18n.t(`nav.admin.field.${path.replace(/\./g, '_')}`)}</label>
        {kind === 'boolean' || kind === 'choice' ? (
          <select
            id={id}
            value={value}
            aria-invalid={issue ? 'true' : 'false'}
            aria-describedby={issue ? `${id}-error` : undefined}
            onChange={(e) => onInput((e.target as HTMLSelectElement).value)}
          >
            <option value="">{i18n.t('nav.admin.notSet')}</option>
            {(kind === 'boolean' ? ['true', 'false'] : choices).map((c) => (
              <option key={c} value={c}>
                {i18n.t(`nav.admin.choice.${c}`)}
              </option>
            ))}
          </select>
        ) : kind === 'json' ? (
          <textarea
            id={id}
            rows={6}
            value={value}
            aria-invalid={issue ? 'true' : 'false'}
            aria-describedby={issue ? `${id}-error` : undefined}
            onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
          />
        ) : (
          <input
            id={id}
            value={value}
            inputMode={kind === 'json' || kind === 'text' ? 'text' : 'decimal'}
            aria-invalid={issue ? 'true' : 'false'}
            aria-describedby={issue ? `${id}-error` : undefined}
            onInput={(e) => onInput((e.target as HTMLInputElement).value)}
          />
        )}
        {issue && (
          <span id={`${id}-error`} class="aicm-field-error">
            {issue.message}
          </span>
        )}
        {isMeasured(path) && (
          <MeasureBaseline
            path={path}
            backend={backend}
            client={client}
            i18n={i18n}
            windowHours={values.confirmationWindowHours}
            // Functional: the admin may have typed elsewhere while the measure ran.
            onMeasured={(v) => setValues((old) => ({ ...old, [path]: v }))}
          />
        )}
      </div>
    );
  };

  return (
    <section aria-labelledby="aicm-admin" class="aicm-report" data-testid="admin">
      <h1 id="aicm-admin" class="aicm-title">
        {i18n.t('nav.admin.title')}
      </h1>
      <form class="aicm-form" onSubmit={(e) => e.preventDefault()}>
        {input('id', header.id, (v) => setHeader({ ...header, id: v }))}
        {input('name', header.name, (v) => setHeader({ ...header, name: v }))}
        {input('currency', header.currency, (v) =>
          setHeader({ ...header, currency: v.toUpperCase() }),
        )}
        <div class="aicm-field">
          <label for="aicm-model">{i18n.t('nav.admin.field.model')}</label>
          <select
            id="aicm-model"
            value={header.model}
            onChange={(e) =>
              setHeader({ ...header, model: (e.target as HTMLSelectElement).value as Model })
            }
          >
            {MODELS.map((m) => (
              <option key={m} value={m}>
                {i18n.t(`nav.admin.model.${m}`)}
              </option>
            ))}
          </select>
        </div>
        {MODEL_FIELDS[header.model].map((f) =>
          input(
            f.path,
            values[f.path] ?? '',
            (v) => setValues({ ...values, [f.path]: v }),
            f.kind,
            f.choices,
          ),
        )}
        {other.length > 0 && (
          <p class="aicm-field-error" role="alert">
            {other.map((i) => `${i.field}: ${i.message}`).join('; ')}
          </p>
        )}
        <div class="aicm-field">
          <label for="aicm-from">{i18n.t('nav.admin.effectiveFrom')}</label>
          <input
            id="aicm-from"
            type="datetime-local"
            value={from}
            onInput={(e) => setFrom((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="aicm-actions">
          <button
            type="button"
            class="aicm-button"
            disabled={!result.plan}
            onClick={() => result.plan && void runPreview(result.plan)}
          >
            {i18n.t('nav.admin.preview')}
          </button>
          <button
            type="button"
            class="aicm-button aicm-button-primary"
            disabled={!result.plan}
            onClick={() => result.plan && void activate(result.plan)}
          >
            {i18n.t('nav.admin.activate')}
          </button>
        </div>
      </form>
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          class={`aicm-note ${message.kind === 'error' ? 'aicm-note-danger' : ''}`}
          data-testid="admin-message"
        >
          {message.text}
        </p>
      )}
      {preview && (
        <table class="aicm-table" data-testid="preview">
          <caption class="aicm-heading">{i18n.t('nav.admin.previewTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{i18n.t('nav.column.plan')}</th>
              <th scope="col">{i18n.t('nav.column.totalCost')}</th>
              <th scope="col">{i18n.t('nav.column.costPerResolution')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.map((p) => (
              <tr key={`${p.planId}@${p.planVersion}`}>
                <th scope="row">
                  {i18n.t('nav.planVersion', { name: p.name, version: p.planVersion })}
                </th>
                <td>{formatMoney(p.totalCost, p.currency, i18n.locale)}</td>
                <td>
                  {p.costPerResolution === null
                    ? '—'
                    : formatMoney(p.costPerResolution, p.currency, i18n.locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 class="aicm-heading">{i18n.t('nav.admin.history')}</h2>
      <table class="aicm-table" data-testid="history">
        <thead>
          <tr>
            <th scope="col">{i18n.t('nav.column.plan')}</th>
            <th scope="col">{i18n.t('nav.admin.from')}</th>
            <th scope="col">{i18n.t('nav.admin.by')}</th>
            <th scope="col">
              <span class="aicm-muted">{i18n.t('nav.admin.again')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {history.map((a) => (
            <tr
              key={`${a.planId}@${a.version}-${a.activatedAt}`}
              data-status={a.status}
              data-plan={`${a.planId}@${a.version}`}
            >
              <th scope="row">
                {`${a.planId}@${a.version}`}
                {a.status !== 'superseded' && (
                  <span
                    class={`aicm-tag ${a.status === 'in_force' ? 'aicm-tag-success' : 'aicm-tag-info'}`}
                  >
                    {i18n.t(a.status === 'in_force' ? 'nav.admin.inForce' : 'nav.admin.scheduled')}
                  </span>
                )}
              </th>
              <td>{new Date(a.effectiveFrom).toLocaleString(i18n.locale)}</td>
              <td>{a.activatedBy}</td>
              <td>
                {/* Rolling back is activating an earlier version again; history keeps both.
                    The version in force now is not offered: activating it again changes nothing. */}
                {!(inForce && inForce.planId === a.planId && inForce.version === a.version) && (
                  <button
                    type="button"
                    class="aicm-link"
                    onClick={() =>
                      void attempt(() =>
                        activateVersion(a.planId, a.version, `${a.planId}, ${a.version}`),
                      )
                    }
                  >
                    {i18n.t('nav.admin.reactivate', { plan: `${a.planId}@${a.version}` })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <DisputeDecisions
        backend={backend}
        client={client}
        installationId={installationId}
        i18n={i18n}
        now={new Date()}
      />
    </section>
  );
}
