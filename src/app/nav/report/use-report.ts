/**
 * The report's state: the period and grouping the team lead picked, and everything the backend
 * reports for them (the headline against the previous period, the grouped rows, the replay,
 * the top tickets with their subjects from Zendesk, the disputes). A request answered after the
 * choice changed, or after the page is gone, is dropped.
 * @module
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Dispute } from '../../../api/disputes.js';
import { NAV_ANSWERS } from '../../../api/schemas/answers.js';
import type { Plan } from '../../../pricing/index.js';
import {
  GROUPINGS as REPORT_GROUPINGS,
  type Grouping as ReportGrouping,
} from '../../../pricing/report/grouping.js';
import type { ZafClient } from '../../../zendesk/client.js';
import { BackendAnswerError } from '../../sync/answer.js';
import type { Backend } from '../../sync/backend.js';
import { type Period, type Preset, periodOf, previousOf } from '../period.js';
import { type Headline, headline, type SummaryRow } from '../totals.js';
import type { BreakEven, ReplayPlan } from './break-even.js';
import { fetchSubjects } from './subjects.js';

/** The page's groupings: the core's, less `outcome`, by which the headline is always split. */
export type Grouping = Exclude<ReportGrouping, 'outcome'>;
export const GROUPINGS = REPORT_GROUPINGS.filter((g): g is Grouping => g !== 'outcome');

export interface InForce {
  readonly plan: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

export interface TopTicket {
  readonly ticketId: string;
  readonly outcome: string | null;
  readonly currency: string | null;
  readonly total: string;
}

export interface ReportData {
  readonly byOutcome: readonly SummaryRow[];
  /** The plans in force during the period, and when: the headline is priced over them. */
  readonly inForce: readonly InForce[];
  readonly current: Headline | null;
  readonly previous: Headline | null;
  readonly rows: readonly SummaryRow[];
  readonly plans: readonly ReplayPlan[];
  readonly breakEven: readonly BreakEven[];
  readonly resolutionRate: string | null;
  readonly top: readonly TopTicket[];
  readonly costLines: readonly { planId: string; noneResolved: string; allResolved: string }[];
  readonly differences: readonly { ticketId: string; amounts: readonly [string, string] }[];
  /** The period's disputes (an older backend without them: none). */
  readonly disputes: readonly Dispute[];
}

export const periodQuery = (p: Period) => `from=${p.from.toISOString()}&to=${p.to.toISOString()}`;

type Compare = Pick<
  ReportData,
  'plans' | 'breakEven' | 'costLines' | 'differences' | 'resolutionRate'
>;
const NO_COMPARE: Compare = {
  plans: [],
  breakEven: [],
  costLines: [],
  differences: [],
  resolutionRate: null,
};

/**
 * The period's tickets replayed under every saved plan and, when given, under plans not saved
 * (a vendor's published price), whose bodies the backend checks and does not keep.
 */
export function loadCompare(
  backend: Backend,
  period: Period,
  unsaved: readonly Plan[],
): Promise<Compare> {
  return unsaved.length === 0
    ? backend.call(
        NAV_ANSWERS['GET /v1/reports/compare'],
        `/v1/reports/compare?${periodQuery(period)}`,
      )
    : backend.call(NAV_ANSWERS['POST /v1/reports/compare'], '/v1/reports/compare', 'POST', {
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        plans: unsaved,
      });
}

/** Everything the report shows for a period and a grouping, from the backend. */
export async function loadReport(
  backend: Backend,
  period: Period,
  grouping: Grouping,
  unsaved: readonly Plan[] = [],
): Promise<ReportData> {
  const report = (p: Period, g: string) =>
    backend.call(
      NAV_ANSWERS['GET /v1/reports/summary'],
      `/v1/reports/summary?${periodQuery(p)}&groupBy=${g}`,
    );
  // A backend without the comparison or the disputes still has a report; one whose answer
  // does not match its schema has none (nothing of it is shown, the page says why).
  const optional =
    <T>(fallback: T) =>
    (error: unknown): T => {
      if (error instanceof BackendAnswerError) throw error;
      return fallback;
    };
  const [current, before, grouped, compare, top, disputes] = await Promise.all([
    report(period, 'outcome'),
    report(previousOf(period), 'outcome'),
    report(period, grouping),
    loadCompare(backend, period, unsaved).catch(optional<Compare>(NO_COMPARE)),
    backend.call(
      NAV_ANSWERS['GET /v1/reports/top-tickets'],
      `/v1/reports/top-tickets?${periodQuery(period)}&limit=10`,
    ),
    backend
      .call(NAV_ANSWERS['GET /v1/disputes'], `/v1/disputes?${periodQuery(period)}`)
      .then((r) => r.disputes)
      .catch(optional<ReportData['disputes']>([])),
  ]);
  const byOutcome = current.rows;
  const currency =
    byOutcome[0]?.currency ?? grouped.rows[0]?.currency ?? compare.plans[0]?.currency ?? 'USD';
  return {
    byOutcome,
    inForce: current.plansInForce ?? [],
    current: headline(byOutcome, currency),
    previous: headline(before.rows, currency),
    rows: grouped.rows,
    plans: compare.plans,
    breakEven: compare.breakEven,
    resolutionRate: compare.resolutionRate ?? null,
    costLines: compare.costLines,
    differences: compare.differences,
    top: top.rows,
    disputes,
  };
}

export function useReport(backend: Backend, client: ZafClient, now: Date) {
  const [preset, setPreset] = useState<Preset>('last30');
  const [grouping, setGrouping] = useState<Grouping>('day');
  const [data, setData] = useState<ReportData | null>(null);
  const [error, setError] = useState(false);
  /** When the backend's answer did not match its schema: its route and the field at fault. */
  const [refused, setRefused] = useState<string | null>(null);
  const [activePlan, setActivePlan] = useState<string | null>(null);
  const [subjects, setSubjects] = useState<ReadonlyMap<string, string>>(new Map());
  // Published prices the team lead added to the replay (plans not saved on the account).
  const [unsaved, setUnsaved] = useState<readonly Plan[]>([]);
  const unsavedNow = useRef(unsaved);
  unsavedNow.current = unsaved;
  const day = now.toISOString().slice(0, 10);
  const period = periodOf(preset, new Date(`${day}T12:00:00Z`));

  useEffect(() => {
    let live = true;
    backend
      .call(NAV_ANSWERS['GET /v1/plans/active'], '/v1/plans/active')
      .then((r) => live && setActivePlan(`${r.plan.id}@${r.plan.version}`))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [backend]);

  useEffect(() => {
    let live = true;
    setData(null);
    setError(false);
    setRefused(null);
    loadReport(
      backend,
      periodOf(preset, new Date(`${day}T12:00:00Z`)),
      grouping,
      unsavedNow.current,
    ).then(
      (loaded) => {
        if (!live) return;
        setData(loaded);
        // Subjects come from Zendesk, after the figures: the report does not wait for them.
        fetchSubjects(
          client,
          loaded.top.map((t) => t.ticketId),
        ).then(
          (s) => live && setSubjects(s),
          () => undefined,
        );
      },
      (failure: unknown) => {
        if (!live) return;
        setError(true);
        if (failure instanceof BackendAnswerError)
          setRefused(failure.field ? `${failure.route}, ${failure.field}` : failure.route);
      },
    );
    return () => {
      live = false;
    };
  }, [backend, client, preset, grouping, day]);

  // A published price added or taken away: only the replay is asked again, the rest stays.
  const shownUnsaved = useRef(unsaved);
  useEffect(() => {
    if (shownUnsaved.current === unsaved) return;
    shownUnsaved.current = unsaved;
    let live = true;
    loadCompare(backend, periodOf(preset, new Date(`${day}T12:00:00Z`)), unsaved)
      .catch((failure: unknown) => {
        if (failure instanceof BackendAnswerError) throw failure;
        return NO_COMPARE;
      })
      .then(
        (compare) => live && setData((d) => d && { ...d, ...compare }),
        (failure: BackendAnswerError) => {
          if (!live) return;
          setError(true);
          setRefused(failure.field ? `${failure.route}, ${failure.field}` : failure.route);
        },
      );
    return () => {
      live = false;
    };
  }, [backend, unsaved, preset, day]);

  return {
    preset,
    setPreset,
    grouping,
    setGrouping,
    period,
    data,
    error,
    refused,
    activePlan,
    subjects,
    unsaved,
    setUnsaved,
  };
}

export type Report = ReturnType<typeof useReport>;
