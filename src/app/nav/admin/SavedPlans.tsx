/**
 * Every saved version, newest first per plan, marked "in force" or "scheduled" from the
 * activations, each opening into the form: edit (saving makes its next version) or duplicate
 * (saving makes a new plan).
 * @module
 */
import type { Plan } from '../../../pricing/index.js';
import { formatInstant } from '../../i18n/format.js';
import type { Translator } from '../../i18n/i18n.js';
import type { Admin } from './use-admin.js';

const key = (id: string, version: number) => `${id}@${version}`;

export function StatusTag({
  status,
  i18n,
}: {
  status: 'in_force' | 'scheduled';
  i18n: Translator;
}) {
  return (
    <span
      class={`aicm-tag ${status === 'in_force' ? 'aicm-tag-success' : 'aicm-tag-info'}`}
      data-badge={status}
    >
      {i18n.t(status === 'in_force' ? 'nav.admin.inForce' : 'nav.admin.scheduled')}
    </span>
  );
}

export function SavedPlans({ admin, i18n }: { admin: Admin; i18n: Translator }) {
  const status = new Map<string, 'in_force' | 'scheduled'>();
  for (const a of admin.plans.activations)
    if (a.status !== 'superseded') status.set(key(a.planId, a.version), a.status);
  const label = (plan: Plan) =>
    i18n.t('nav.planVersion', { name: plan.name, version: plan.version });
  if (admin.plans.versions.length === 0) return null;
  return (
    <section aria-labelledby="aicm-saved">
      <h2 id="aicm-saved" class="aicm-heading">
        {i18n.t('nav.admin.saved')}
      </h2>
      <table class="aicm-table" data-testid="versions">
        <thead>
          <tr>
            <th scope="col">{i18n.t('nav.column.plan')}</th>
            <th scope="col">{i18n.t('nav.admin.savedAt')}</th>
            <th scope="col">{i18n.t('nav.admin.open')}</th>
          </tr>
        </thead>
        <tbody>
          {admin.plans.versions.map(({ plan, createdAt }) => {
            const s = status.get(key(plan.id, plan.version));
            return (
              <tr key={key(plan.id, plan.version)} data-plan={key(plan.id, plan.version)}>
                <th scope="row">
                  {label(plan)} {s && <StatusTag status={s} i18n={i18n} />}
                </th>
                <td>{formatInstant(createdAt, i18n.locale)}</td>
                <td class="aicm-row-actions">
                  <button
                    type="button"
                    class="aicm-link"
                    data-action="edit"
                    aria-label={i18n.t('nav.admin.editAria', { plan: label(plan) })}
                    onClick={() => admin.open(plan, 'edit')}
                  >
                    {i18n.t('nav.admin.edit')}
                  </button>
                  <button
                    type="button"
                    class="aicm-link"
                    data-action="duplicate"
                    aria-label={i18n.t('nav.admin.duplicateAria', { plan: label(plan) })}
                    onClick={() => admin.open(plan, 'duplicate')}
                  >
                    {i18n.t('nav.admin.duplicate')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
