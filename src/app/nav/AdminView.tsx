/**
 * The admin's view: a plan of any model, checked by the core's schema as it is typed; a preview
 * of it beside the plan in force over the last 30 days; activation; every saved version, open
 * to edit or duplicate; and every activation so far. Zendesk authorises activation: the admin's
 * choice is written to the app installation's `active_plan` setting (which only Zendesk admins
 * may change), and the backend activates the plan only if it reads that choice back from
 * Zendesk. The state and actions live in `admin/use-admin.ts`; this file only lays them out.
 * Below them: the budgets and the alert webhook (`budgets/`), and the disputes to answer.
 * @module
 */
import type { ComponentChildren } from 'preact';
import type { ZafClient } from '../../zendesk/client.js';
import { formatInstant } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import type { Backend } from '../sync/backend.js';
import { ActivationHistory } from './admin/ActivationHistory.js';
import { PlanForm } from './admin/PlanForm.js';
import { PresetPicker } from './admin/PresetPicker.js';
import { PreviewPanel } from './admin/PreviewPanel.js';
import { loadPresets } from './admin/presets.js';
import { SavedPlans } from './admin/SavedPlans.js';
import { type Outcome, useAdmin } from './admin/use-admin.js';
import { measureAdornments } from './baselines/adornments.js';
import { BudgetSettings } from './budgets/BudgetSettings.js';
import { DisputeDecisions } from './DisputeDecisions.js';

interface Props {
  readonly backend: Backend;
  readonly client: ZafClient;
  readonly installationId: number;
  readonly i18n: Translator;
  /** Per plan field path, a helper shown beside that field (for example a "measure" button). */
  readonly adornments?: Readonly<Record<string, ComponentChildren>>;
}

/** The vendors' published prices, bundled with the page (they change rarely, and say when). */
const PRESETS = loadPresets();

function OutcomeNote({ outcome, i18n }: { outcome: Outcome; i18n: Translator }) {
  const error = outcome.kind === 'failed';
  return (
    <p
      role={error ? 'alert' : 'status'}
      class={`aicm-note ${error ? 'aicm-note-danger' : ''}`}
      data-testid="admin-message"
    >
      {outcome.kind === 'failed'
        ? outcome.refused
          ? i18n.t('nav.answerRefused', { detail: outcome.refused })
          : i18n.t('nav.admin.failed')
        : i18n.t(outcome.scheduled ? 'nav.admin.scheduledFor' : 'nav.admin.activated', {
            name: outcome.plan.name,
            version: outcome.plan.version,
            at: formatInstant(outcome.effectiveFrom, i18n.locale),
          })}
    </p>
  );
}

export function AdminView({ backend, client, installationId, i18n, adornments }: Props) {
  const admin = useAdmin({ backend, client, installationId, i18n });
  return (
    <section aria-labelledby="aicm-admin" class="aicm-report" data-testid="admin">
      <h1 id="aicm-admin" class="aicm-title">
        {i18n.t('nav.admin.title')}
      </h1>
      <PlanForm
        admin={admin}
        i18n={i18n}
        adornments={{ ...measureAdornments(admin, { backend, client }, i18n), ...adornments }}
        start={<PresetPicker admin={admin} presets={PRESETS} i18n={i18n} />}
      />
      {admin.outcome && <OutcomeNote outcome={admin.outcome} i18n={i18n} />}
      {admin.preview && <PreviewPanel answer={admin.preview} i18n={i18n} />}
      <SavedPlans admin={admin} i18n={i18n} />
      <ActivationHistory admin={admin} i18n={i18n} />
      <BudgetSettings
        backend={backend}
        client={client}
        installationId={installationId}
        i18n={i18n}
      />
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
