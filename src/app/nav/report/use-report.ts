/**
 * The report's state: the period and grouping the team lead picked, and everything the backend
 * reports for them (the headline against the previous period, the grouped rows, the replay,
 * the top tickets with their subjects from Zendesk, the disputes). A request answered after the
 * choice changed, or after the page is gone, is dropped.
 * @module
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Dispute } from '../../../api/disputes.js';
import type { Plan } from '../../../pricing/index.js';
import type { ZafClient } from '../../../zendesk/client.js';
import type { Backend } from '../../sync/backend.js';
import { type Period, type Preset, periodOf, previousOf } from '../period.js';
import { type Headline, headline, type SummaryRow } from '../totals.js';
import type { BreakEven, ReplayPlan } from './break-even.js';
import { fetchSubjects } from './subjects.js';

export const GROUPINGS = [
  'day',
  'week',
  'month',
  'group',
  'agent',
  'tool',
  'tier',
  'channel',
] as const;
export type Grouping = (typeof GROUPINGS)[number];

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
  const answer =
    unsaved.length === 0
      ? backend.request<Compare>(`/v1/reports/compare?${periodQuery(period)}`)
      : backend.request<Compare>('/v1/reports/compare', 'POST', {
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          plans: unsaved,
        });
  return answer.catch(() => NO_COMPARE);
}

/** Everything the report shows for a period and a grouping, from the backend. */
export async function loadReport(
  backend: Backend,
  period: Period,
  grouping: Grouping,
  unsaved: readonly Plan[] = [],
): Promise<ReportData> {
  const report = (p: Period, g: string) =>
    backend.request<{ rows: SummaryRow[]; plansInForce?: InForce[] }>(
      `/v1/reports/summary?${periodQuery(p)}&groupBy=${g}`,
    );
  const [current, before, grouped, compare, top, disputes] = await Promise.all([
    report(period, 'outcome'),
    report(previousOf(period), 'outcome'),
    report(period, grouping),
    loadCompare(backend, period, unsaved),
    backend.request<{ rows: TopTicket[] }>(
      `/v1/reports/top-tickets?${periodQuery(period)}&limit=10`,
    ),
    backend
      .request<{ disputes: Dispute[] }>(`/v1/disputes?${periodQuery(period)}`)
      .then((r) => r.disputes)
      .catch(() => [] as Dispute[]),
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
      .request<{ plan: { id: string; version: number } }>('/v1/plans/active')
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
      () => live && setError(true),
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
    loadCompare(backend, periodOf(preset, new Date(`${day}T12:00:00Z`)), unsaved).then(
      (compare) => live && setData((d) => d && { ...d, ...compare }),
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
    activePlan,
    subjects,
    unsaved,
    setUnsaved,
  };
}

export type Report = ReturnType<typeof useReport>;
