/**
 * The sidebar's "Why?": the core's explanation told in the agent's words. Pure: sentences from
 * an explanation, the plan behind it and a translator; the view only lays them out.
 * @module
 */
import type { Explanation, LineExplanation, Plan, Timeline } from '../../pricing/index.js';
import { minorUnits } from '../../pricing/index.js';
import type { TierCondition } from '../../pricing/schema/plan.js';
import { formatInstant, formatMoney, formatUnitPrice } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';

export interface WhyContext {
  readonly i18n: Translator;
  /** The agent's IANA time zone; the browser's when not known. */
  readonly timeZone?: string;
  readonly currency: string;
  /** A plan's name and version for its key (`id@version`), when the plans are at hand. */
  readonly planName?: (key: string) => string;
}

const MAX_IDS = 5;

/**
 * The exact amount before rounding, as money with every digit it has; the core marks an
 * amount that does not end (e.g. 17/24) with a trailing "…", kept here.
 */
function formatExactMoney(exact: string, currency: string, locale: string): string {
  const cut = exact.endsWith('…');
  const digits = cut ? exact.slice(0, -1) : exact;
  const decimals = digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0;
  const minor = minorUnits(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: minor,
    maximumFractionDigits: Math.max(minor, Math.min(20, decimals)),
  });
  return `${format.format(digits as unknown as number)}${cut ? '…' : ''}`;
}

/** An exact quantity with all its digits, in the locale's digits ("…" kept). */
function formatExactDecimal(value: string, locale: string): string {
  const decimals = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: Math.min(20, decimals) }).format(
    value as unknown as number,
  );
}

function when(iso: string, c: WhyContext): string {
  return formatInstant(iso, c.i18n.locale, c.timeZone);
}

function list(items: readonly string[], locale: string, type: 'conjunction' | 'disjunction') {
  return new Intl.ListFormat(locale, { type, style: 'long' }).format(items);
}

/** Why the outcome is what it is: the rule's sentence with its facts, then what else counts. */
export function outcomeSentences(e: Explanation, c: WhyContext): string[] {
  const t = c.i18n.t.bind(c.i18n);
  const latest = e.solves.at(-1);
  const solved = latest ? when(latest.at, c) : '';
  const human = e.humanInvolvedAt ? when(e.humanInvolvedAt, c) : '';
  const by = e.humanInvolvedBy ?? 'human_reply';
  const rated = e.latestCsat ? when(e.latestCsat.at, c) : '';
  const out: string[] = [];
  switch (e.rule) {
    case 1:
      out.push(t('sidebar.why.outcome.no_ai'));
      break;
    case 2: {
      const s = e.solves.find((x) => x.confirmsAt === e.confirmationAt) ?? latest!;
      const facts = {
        solved: when(s.at, c),
        confirmed: when(e.confirmationAt!, c),
        hours: s.windowHours,
        rated,
      };
      out.push(
        t(
          e.outcome === 'unsuccessful'
            ? 'sidebar.why.outcome.confirmedBadRating'
            : 'sidebar.why.outcome.confirmed',
          facts,
        ),
      );
      break;
    }
    case 3:
      out.push(
        e.outcome === 'escalated'
          ? t(`sidebar.why.outcome.escalated.${by}`, { at: human })
          : t('sidebar.why.outcome.in_progress'),
      );
      break;
    case 4:
      out.push(t(`sidebar.why.outcome.assisted.${by}`, { solved, at: human }));
      break;
    case 5:
      out.push(t('sidebar.why.outcome.badRating', { solved, rated }));
      break;
    case 6:
      out.push(
        t('sidebar.why.outcome.pending', {
          solved,
          confirms: e.next.kind === 'confirms' ? when(e.next.at, c) : '',
          hours: latest?.windowHours ?? '',
        }),
      );
      break;
  }
  for (const s of e.solves) {
    if (s.revoked && s.confirmsAt)
      out.push(t('sidebar.why.revoked', { confirmed: when(s.confirmsAt, c) }));
  }
  if (e.reopens.length > 0) {
    const dates = e.reopens.map((r) => when(r, c));
    out.push(t('sidebar.why.reopened', { dates: list(dates, c.i18n.locale, 'conjunction') }));
  }
  if (e.judgedBy)
    out.push(t('sidebar.why.judgedBy', { plan: c.planName?.(e.judgedBy) ?? e.judgedBy }));
  out.push(t('sidebar.why.rule', { rule: e.rule }));
  return out;
}

function conditionText(name: keyof TierCondition, when: TierCondition, i18n: Translator): string {
  const value = when[name];
  const shown = Array.isArray(value)
    ? list(value, i18n.locale, 'disjunction')
    : new Intl.NumberFormat(i18n.locale).format(value as number);
  return i18n.t(`sidebar.why.condition.${name}`, { value: shown });
}

/** "Per resolution, version 1" for `per-resolution@1`, from the plans priced over. */
export function planNamer(timeline: Timeline | null, i18n: Translator) {
  return (key: string) => {
    const plan = timeline?.plans.find((p) => p.key === key)?.plan;
    return plan ? i18n.t('sidebar.plan', { name: plan.name, version: plan.version }) : key;
  };
}

function tiersOf(
  timeline: Timeline | null,
  key: string,
): Extract<Plan, { model: 'tiered' }> | null {
  const plan = timeline?.plans.find((p) => p.key === key)?.plan;
  return plan?.model === 'tiered' ? plan : null;
}

/** Why this tier: the conditions that held, and for each tier before it the one that failed. */
export function tierSentences(
  e: Explanation,
  timeline: Timeline | null,
  i18n: Translator,
): string[] {
  const tier = e.tier;
  if (!tier) return [];
  const plan = tiersOf(timeline, tier.plan);
  const whenOf = (name: string) => plan?.tiers.find((x) => x.name === name)?.when ?? {};
  const out = tier.skipped.map((s) =>
    i18n.t('sidebar.why.tier.skipped', {
      tier: s.name,
      condition: conditionText(s.failed, whenOf(s.name), i18n),
    }),
  );
  const chosen = whenOf(tier.name);
  out.push(
    tier.matched.length === 0
      ? i18n.t('sidebar.why.tier.always', { tier: tier.name })
      : i18n.t('sidebar.why.tier.chosen', {
          tier: tier.name,
          conditions: list(
            tier.matched.map((m) => conditionText(m, chosen, i18n)),
            i18n.locale,
            'conjunction',
          ),
        }),
  );
  return out;
}

/** The plan field a rate comes from, in words: "the plan's price per tool call". */
function rateSentence(line: LineExplanation, c: WhyContext, tierName: string | null): string {
  const t = c.i18n.t.bind(c.i18n);
  const unitPrice = formatUnitPrice(line.unitPrice, c.currency, c.i18n.locale);
  const field = line.rateFrom.replace(/^tiers\[\d+\]\.plan\./, '');
  const unset = field.endsWith('(not set: 0)');
  const base = field.replace(/ \(not set: 0\)$/, '');
  const key = base.startsWith('toolRates.') ? 'toolRates' : base.replace(/\./g, '_');
  const source = t(`sidebar.why.rate.${key}`);
  const sentence = unset
    ? t('sidebar.why.rateUnset', { source, unitPrice })
    : t('sidebar.why.rateFrom', { source, unitPrice });
  return tierName && field !== line.rateFrom
    ? t('sidebar.why.inTier', { tier: tierName, sentence })
    : sentence;
}

/** Why a line costs what it does: its records, its rate, the exact product and its rounding. */
export function lineSentences(line: LineExplanation, e: Explanation, c: WhyContext): string[] {
  const t = c.i18n.t.bind(c.i18n);
  const out: string[] = [];
  if (line.eventIds.length > 0) {
    const shown = line.eventIds.slice(0, MAX_IDS).join(', ');
    const more = line.eventIds.length - MAX_IDS;
    out.push(
      t('sidebar.why.events', {
        count: line.eventIds.length,
        ids: more > 0 ? t('sidebar.why.andMore', { ids: shown, more }) : shown,
      }),
    );
  }
  out.push(rateSentence(line, c, e.tier?.name ?? null));
  const money = (a: string) => formatMoney(a, c.currency, c.i18n.locale);
  out.push(
    t('sidebar.why.exact', {
      quantity: formatExactDecimal(line.quantity, c.i18n.locale),
      unitPrice: formatUnitPrice(line.unitPrice, c.currency, c.i18n.locale),
      exact: formatExactMoney(line.exactAmount, c.currency, c.i18n.locale),
    }),
  );
  if (line.rounded) out.push(t('sidebar.why.rounded', { amount: money(line.amount) }));
  if (line.provisional) out.push(t('sidebar.why.provisionalLine'));
  return out;
}

/** The explanation of a breakdown line: same plan (when named) and code. */
export function lineExplanation(
  e: Explanation,
  code: string,
  plan: string | undefined,
): LineExplanation | undefined {
  return e.lines.find((l) => l.code === code && (plan === undefined || l.plan === plan));
}
