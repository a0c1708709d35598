/**
 * Every activation with who made it, the one in force and any scheduled marked; an earlier
 * version can be activated again (a roll-back that keeps the record).
 * @module
 */
import { formatInstant } from '../../i18n/format.js';
import type { Translator } from '../../i18n/i18n.js';
import { StatusTag } from './SavedPlans.js';
import type { Admin } from './use-admin.js';

export function ActivationHistory({ admin, i18n }: { admin: Admin; i18n: Translator }) {
  const { activations, versions } = admin.plans;
  const inForce = activations.find((a) => a.status === 'in_force') ?? null;
  const planOf = (id: string, version: number) =>
    versions.find((v) => v.plan.id === id && v.plan.version === version)?.plan ?? null;
  return (
    <section aria-labelledby="aicm-history">
      <h2 id="aicm-history" class="aicm-heading">
        {i18n.t('nav.admin.history')}
      </h2>
      <table class="aicm-table" data-testid="history">
        <thead>
          <tr>
            <th scope="col">{i18n.t('nav.column.plan')}</th>
            <th scope="col">{i18n.t('nav.admin.from')}</th>
            <th scope="col">{i18n.t('nav.admin.by')}</th>
            <th scope="col">{i18n.t('nav.admin.again')}</th>
          </tr>
        </thead>
        <tbody>
          {activations.map((a) => {
            const plan = planOf(a.planId, a.version);
            // The version in force now is not offered: activating it again changes nothing.
            const again = plan && !(inForce?.planId === a.planId && inForce.version === a.version);
            return (
              <tr
                key={`${a.planId}@${a.version}-${a.activatedAt}`}
                data-status={a.status}
                data-plan={`${a.planId}@${a.version}`}
              >
                <th scope="row">
                  {`${a.planId}@${a.version}`}{' '}
                  {a.status !== 'superseded' && <StatusTag status={a.status} i18n={i18n} />}
                </th>
                <td>{formatInstant(a.effectiveFrom, i18n.locale)}</td>
                <td>{a.activatedBy}</td>
                <td>
                  {again && (
                    <button
                      type="button"
                      class="aicm-link"
                      onClick={() => void admin.activateVersion(plan)}
                    >
                      {i18n.t('nav.admin.reactivate', { plan: `${a.planId}@${a.version}` })}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
