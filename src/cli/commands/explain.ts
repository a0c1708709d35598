/**
 * `ai-cost explain`: why a ticket was billed what it was (spec section 10), as readable text or,
 * with --json, as the structured explanation.
 * @module
 */
import {
  type Explanation,
  explainTicket,
  explainUnderPlan,
} from '../../pricing/explain/explain.js';
import { instantFlag, parse, timeZoneFlag } from '../args.js';
import { UsageError } from '../errors.js';
import { readActivity, readPlan, readTimeline } from '../io.js';
import type { Output } from '../output.js';
import { EXPLAIN_USAGE } from '../usage.js';

const RULES: Record<Explanation['rule'], string> = {
  1: 'no AI usage, so nothing is charged',
  2: 'a solve was confirmed: no reopen and no human before its confirmation instant',
  3: 'the ticket is not solved',
  4: 'solved, but a human was involved',
  5: 'solved, but the latest satisfaction rating is bad',
  6: 'solved by the AI, waiting out the confirmation window',
};

export function renderExplanation(e: Explanation): string {
  const out = [
    `Ticket ${e.ticketId} at ${e.asOf}: ${e.outcome} (rule ${e.rule}: ${RULES[e.rule]})`,
  ];
  for (const s of e.solves) {
    const fate =
      s.blockedBy === 'reopen'
        ? 'reopened before it could confirm'
        : s.blockedBy === 'human'
          ? 'a human got involved before it could confirm'
          : s.revoked
            ? `confirmed ${s.confirmsAt}, then revoked by a later reopen`
            : `confirms ${s.confirmsAt}`;
    out.push(`  solved ${s.at}, judged by ${s.plan} (window ${s.windowHours} h): ${fate}`);
  }
  for (const r of e.reopens) out.push(`  reopened ${r}`);
  if (e.humanInvolvedAt) {
    const by = e.humanInvolvedBy === 'handoff' ? 'handoff to a human' : 'a human reply';
    out.push(`  first human involvement: ${by} at ${e.humanInvolvedAt}`);
  }
  if (e.latestCsat) out.push(`  latest rating: ${e.latestCsat.score} at ${e.latestCsat.at}`);
  if (e.next.kind === 'confirms') {
    out.push(`  confirms on ${e.next.at} unless reopened or a human replies before`);
  }
  if (e.tier) {
    const matched =
      e.tier.matched.length > 0
        ? `${e.tier.matched.join(', ')} held`
        : 'the catch-all tier (no conditions)';
    out.push(`Tier ${e.tier.name} of ${e.tier.plan}: ${matched}`);
    for (const s of e.tier.skipped) out.push(`  not ${s.name}: ${s.failed} failed`);
  }
  out.push('Lines:');
  for (const l of e.lines) {
    const plan = l.plan ? `${l.plan} ` : '';
    const rounding = l.rounded ? `, exactly ${l.exactAmount} before rounding` : '';
    const events = l.eventIds.length > 0 ? `; events ${l.eventIds.join(', ')}` : '';
    const provisional = l.provisional ? ' (provisional)' : '';
    out.push(
      `  ${plan}${l.code}: ${l.quantity} × ${l.unitPrice} = ${l.amount}${provisional} (${l.rateFrom}${rounding}${events})`,
    );
  }
  if (e.lines.length === 0) out.push('  none');
  out.push(`Total ${e.total} ${e.breakdown.currency}${e.provisional ? ' (provisional)' : ''}`);
  return out.join('\n');
}

export function runExplain(argv: string[], out: Output): number {
  const { values } = parse(
    argv,
    {
      plan: { type: 'string' },
      timeline: { type: 'string' },
      activity: { type: 'string' },
      'as-of': { type: 'string' },
      'time-zone': { type: 'string' },
      json: { type: 'boolean' },
    },
    EXPLAIN_USAGE,
  );
  if (!values.plan === !values.timeline) {
    throw new UsageError(`give one of --plan and --timeline\n${EXPLAIN_USAGE}`);
  }
  if (!values.activity) throw new UsageError(`missing --activity\n${EXPLAIN_USAGE}`);
  const activity = readActivity(values.activity);
  const options = {
    asOf: instantFlag(values['as-of'], '--as-of'),
    timeZone: timeZoneFlag(values['time-zone']),
  };
  const explanation = values.timeline
    ? explainTicket(readTimeline(values.timeline), activity, options)
    : explainUnderPlan(readPlan(values.plan!), activity, options);
  if (values.json) out.json(explanation);
  else out.line(renderExplanation(explanation));
  return 0;
}
