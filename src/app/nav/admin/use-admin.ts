/**
 * The admin view's state and actions, apart from its markup: the draft, the saved plans and
 * their activations, the preview and the last outcome. Every request started here checks on
 * its way back that the view is still shown, so nothing is set after it is gone.
 * @module
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { NAV_ANSWERS } from '../../../api/schemas/answers.js';
import type { Plan } from '../../../pricing/index.js';
import type { ZafClient } from '../../../zendesk/client.js';
import type { Translator } from '../../i18n/i18n.js';
import { BackendAnswerError } from '../../sync/answer.js';
import type { Backend } from '../../sync/backend.js';
import {
  attempted,
  checkDraft,
  type Draft,
  draftFromPlan,
  draftFromPreset,
  newDraft,
} from './draft.js';
import type { Preset } from './presets.js';
import type { PreviewAnswer } from './preview.js';

export interface Activation {
  readonly planId: string;
  readonly version: number;
  readonly effectiveFrom: string;
  readonly activatedBy: string;
  readonly activatedAt: string;
  readonly viaZendesk: boolean;
  readonly status: 'in_force' | 'scheduled' | 'superseded';
}

export interface Plans {
  readonly versions: readonly { plan: Plan; createdAt: string }[];
  readonly activations: readonly Activation[];
}

export type Outcome =
  | { kind: 'activated'; plan: Plan; effectiveFrom: string; scheduled: boolean }
  /** `refused`: the route and field of a backend answer that did not match its schema. */
  | { kind: 'failed'; refused?: string };

/** A failure as the admin reads it: a refused answer names what did not match. */
const failed = (error: unknown): Outcome =>
  error instanceof BackendAnswerError
    ? { kind: 'failed', refused: error.field ? `${error.route}, ${error.field}` : error.route }
    : { kind: 'failed' };

const NONE: Plans = { versions: [], activations: [] };

export interface AdminDeps {
  readonly backend: Backend;
  readonly client: ZafClient;
  readonly installationId: number;
  readonly i18n: Translator;
  readonly now?: () => Date;
}

export function useAdmin({
  backend,
  client,
  installationId,
  i18n,
  now = () => new Date(),
}: AdminDeps) {
  const [draft, setDraft] = useState<Draft>(() => newDraft(i18n));
  const [plans, setPlans] = useState<Plans>(NONE);
  const [preview, setPreview] = useState<PreviewAnswer | null>(null);
  /** Empty: now. Otherwise the local date and time the plan takes effect. */
  const [from, setFrom] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const shown = useRef(true);
  useEffect(
    () => () => {
      shown.current = false;
    },
    [],
  );
  const checked = useMemo(() => checkDraft(draft, i18n), [draft, i18n]);

  const reload = useCallback(
    () =>
      backend.call(NAV_ANSWERS['GET /v1/plans'], '/v1/plans').then(
        (r) =>
          shown.current && setPlans({ versions: r.versions ?? [], activations: r.activations }),
        () => shown.current && setPlans(NONE),
      ),
    [backend],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  /** The plan to use, or every issue shown when it is not ready (the buttons wait for it). */
  const ready = (): Plan | null => {
    if (checked.plan) return checked.plan;
    setDraft(attempted);
    return null;
  };

  const runPreview = async () => {
    const plan = ready();
    if (!plan) return;
    setOutcome(null);
    try {
      const answer = await backend.call(
        NAV_ANSWERS['POST /v1/plans/preview'],
        '/v1/plans/preview',
        'POST',
        {
          plan,
          days: 30,
        },
      );
      if (shown.current) setPreview(answer);
    } catch (error) {
      if (shown.current) setOutcome(failed(error));
    }
  };

  /** Activates a saved version: Zendesk records the admin's choice, the backend checks it. */
  const activateVersion = async (plan: Plan) => {
    setOutcome(null);
    try {
      // Zendesk lets only admins change the installation's settings: this is the authorisation.
      await client.request({
        url: `/api/v2/apps/installations/${installationId}.json`,
        type: 'PUT',
        contentType: 'application/json',
        data: JSON.stringify({ settings: { active_plan: `${plan.id}@${plan.version}` } }),
      });
      // Who activated is recorded from Zendesk's side, not sent.
      const answer = await backend.call(
        NAV_ANSWERS['POST /v1/plans/{planId}/versions/{version}/activate'],
        `/v1/plans/${plan.id}/versions/${plan.version}/activate`,
        'POST',
        from ? { effectiveFrom: new Date(from).toISOString() } : {},
      );
      const scheduled = new Date(answer.effectiveFrom).getTime() > now().getTime() + 60_000;
      // The history first, so that the message never shows beside the history before it.
      await reload();
      if (shown.current)
        setOutcome({ kind: 'activated', plan, effectiveFrom: answer.effectiveFrom, scheduled });
    } catch (error) {
      if (shown.current) setOutcome(failed(error));
    }
  };

  const activate = async () => {
    const plan = ready();
    if (!plan) return;
    try {
      const saved = (
        await backend.call(NAV_ANSWERS['POST /v1/plans'], '/v1/plans', 'POST', { plan })
      ).plan;
      await activateVersion(saved);
    } catch (error) {
      if (shown.current) setOutcome(failed(error));
    }
  };

  const startFrom = (preset: Preset | null) => {
    const taken = plans.versions.map((v) => v.plan.id);
    setDraft(preset ? draftFromPreset(preset, i18n, taken) : newDraft(i18n));
    setPreview(null);
    setOutcome(null);
  };

  const open = (plan: Plan, mode: 'edit' | 'duplicate') => {
    const taken = plans.versions.map((v) => v.plan.id);
    setDraft(draftFromPlan(plan, mode, i18n, taken));
    setPreview(null);
    setOutcome(null);
  };

  return {
    draft,
    setDraft,
    checked,
    plans,
    preview,
    from,
    setFrom,
    outcome,
    runPreview,
    activate,
    activateVersion,
    open,
    startFrom,
  };
}

export type Admin = ReturnType<typeof useAdmin>;
