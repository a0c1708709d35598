/**
 * The report's budgets (issue 14): the account's budget as a bar (confirmed spend, provisional
 * apart, the forecast's range and expectation, marks at 50, 80 and 100 %), the group and tool
 * budgets in a table that says the same in words, the credit pool of a credits plan, and the
 * month's alerts with their delivery.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import type { AlertEntry, BudgetsAnswer, BudgetView } from '../../api/budgets.js';
import { NAV_ANSWERS } from '../../api/schemas/answers.js';
import { alertText, scopeLabel } from '../i18n/alert-text.js';
import { formatMoney } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import type { Backend } from '../sync/backend.js';
import { barGeometry } from './budget-bar.js';
import { CreditPool } from './CreditPool.js';

interface Loaded {
  readonly budgets: BudgetsAnswer;
  readonly alerts: readonly AlertEntry[];
}

function Bar({ b, currency, i18n }: { b: BudgetView; currency: string; i18n: Translator }) {
  const g = barGeometry(b, currency);
  const money = (a: string) => formatMoney(a, currency, i18n.locale);
  const summary = i18n.t('nav.budgets.summary', {
    spent: money(b.confirmed),
    budget: money(b.amount),
    percent: b.percentUsed,
    provisional: money(b.provisional),
  });
  const forecast = b.forecast
    ? i18n.t('nav.budgets.forecast', {
        expected: money(b.forecast.expected),
        low: money(b.forecast.low),
        high: money(b.forecast.high),
        days: b.forecast.basisDays,
      })
    : i18n.t('nav.budgets.noForecast');
  return (
    <figure class="aicm-budget" data-testid="budget-bar" data-percent={b.percentUsed}>
      <div class="aicm-budget-bar" role="img" aria-label={`${summary} ${forecast}`}>
        <span class="aicm-budget-confirmed" style={{ width: g.confirmed }} />
        <span class="aicm-budget-provisional" style={{ width: g.provisional }} />
        {g.range && (
          <span class="aicm-budget-range" style={{ left: g.range.left, width: g.range.width }} />
        )}
        {g.expected && <span class="aicm-budget-expected" style={{ left: g.expected }} />}
        {g.marks.map((m) => (
          <span key={m.percent} class="aicm-budget-mark" style={{ left: m.left }}>
            {m.percent} %
          </span>
        ))}
      </div>
      <figcaption>
        {summary} {forecast}
      </figcaption>
    </figure>
  );
}

export function BudgetsView({ backend, i18n }: { backend: Backend; i18n: Translator }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([
      backend.call(NAV_ANSWERS['GET /v1/budgets'], '/v1/budgets'),
      backend.call(NAV_ANSWERS['GET /v1/alerts'], '/v1/alerts'),
    ]).then(
      ([budgets, { alerts }]) => live && setLoaded({ budgets, alerts }),
      // A backend from before budgets, or none set: the report goes on without them.
      () => live && setLoaded(null),
    );
    return () => {
      live = false;
    };
  }, [backend]);
  if (!loaded) return null;
  const { budgets, alerts } = loaded;
  const pool = budgets.creditPool ?? null;
  if ((budgets.budgets.length === 0 || !budgets.currency) && !pool) return null;
  const currency = budgets.currency ?? 'USD';
  const money = (a: string) => formatMoney(a, currency, i18n.locale);
  const account = budgets.budgets.find((b) => b.scope === 'account');
  const scoped = budgets.budgets.filter((b) => b.scope !== 'account');
  return (
    <section aria-labelledby="aicm-budgets" data-testid="budgets">
      <h2 id="aicm-budgets" class="aicm-heading">
        {i18n.t('nav.budgets.title', { period: budgets.period })}
      </h2>
      {account && <Bar b={account} currency={currency} i18n={i18n} />}
      {budgets.budgets.length > 0 && <p class="aicm-muted">{i18n.t('nav.budgets.method')}</p>}
      {pool && <CreditPool pool={pool} i18n={i18n} />}
      {scoped.length > 0 && (
        <table class="aicm-table" data-testid="budgets-table">
          <thead>
            <tr>
              {['scope', 'budget', 'spent', 'provisional', 'used', 'forecast'].map((c) => (
                <th key={c} scope="col">
                  {i18n.t(`nav.budgets.column.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {scoped.map((b) => (
              <tr key={`${b.scope}:${b.value}`} data-scope={b.scope} data-value={b.value}>
                <th scope="row">{scopeLabel(b, i18n)}</th>
                <td>{money(b.amount)}</td>
                <td>{money(b.confirmed)}</td>
                <td>{money(b.provisional)}</td>
                <td>{b.percentUsed} %</td>
                <td>
                  {b.forecast
                    ? `${money(b.forecast.expected)} (${money(b.forecast.low)} – ${money(b.forecast.high)})`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 class="aicm-subheading">{i18n.t('nav.budgets.alerts')}</h3>
      {alerts.length === 0 ? (
        <p class="aicm-muted">{i18n.t('nav.budgets.noAlerts')}</p>
      ) : (
        <ul class="aicm-alerts" data-testid="alerts">
          {alerts.map((a) => (
            <li key={a.id} data-type={a.type} data-delivery={a.delivery}>
              {alertText(a, i18n)}{' '}
              <span class="aicm-muted">{i18n.t(`nav.budgets.delivery.${a.delivery}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
