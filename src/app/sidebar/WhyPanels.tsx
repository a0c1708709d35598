/**
 * The sidebar's "Why?" panels, under the outcome and under each line: the sentences of why.ts
 * in native disclosures. A chunk of its own, loaded after the cost is on screen.
 * @module
 */
import type { Explanation, Line } from '../../pricing/index.js';
import { formatDecimal, quantityShortened } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import type { Ready } from './Sidebar.js';
import { timeSavedMinutes } from './time-saved.js';
import {
  lineExplanation,
  lineSentences,
  outcomeSentences,
  planNamer,
  tierSentences,
} from './why.js';

/** A "Why?" disclosure: a native details element, so keyboards and screen readers know it. */
function Why({
  sentences,
  about,
  testId,
  i18n,
  rule,
}: {
  sentences: readonly string[];
  about: string;
  testId: string;
  i18n: Translator;
  rule?: number;
}) {
  return (
    <details class="aicm-why" data-testid={testId} data-rule={rule}>
      <summary class="aicm-why-summary">
        {i18n.t('sidebar.why.summary')}
        <span class="aicm-visually-hidden"> {about}</span>
      </summary>
      <ul class="aicm-why-list">
        {sentences.map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ul>
    </details>
  );
}

export function OutcomeWhy({
  explanation,
  state,
  i18n,
  timeZone,
}: {
  explanation: Explanation;
  state: Ready;
  i18n: Translator;
  timeZone: string | undefined;
}) {
  const context = {
    i18n,
    timeZone,
    currency: state.breakdown.currency,
    planName: planNamer(state.timeline, i18n),
  };
  const sentences = [
    ...outcomeSentences(explanation, context),
    ...tierSentences(explanation, state.timeline, i18n),
  ];
  return (
    <Why
      sentences={sentences}
      about={i18n.t('sidebar.why.aboutOutcome')}
      testId="why-outcome"
      i18n={i18n}
      rule={explanation.rule}
    />
  );
}

export function LineWhy({
  line,
  state,
  label,
  i18n,
  timeZone,
}: {
  line: Line;
  state: Ready;
  label: string;
  i18n: Translator;
  timeZone: string | undefined;
}) {
  const explanation = state.explanation;
  const why = explanation && lineExplanation(explanation, line.code, line.plan);
  if (!explanation || !why) return null;
  const context = { i18n, timeZone, currency: state.breakdown.currency };
  const sentences = lineSentences(why, explanation, context);
  if (quantityShortened(line.quantity)) sentences.unshift(i18n.t('sidebar.why.quantityShortened'));
  return (
    <>
      {line.code === 'time_saved' && <TimeSavedNote line={line} state={state} i18n={i18n} />}
      <Why
        sentences={sentences}
        about={i18n.t('sidebar.why.aboutLine', { line: label })}
        testId="why-line"
        i18n={i18n}
      />
    </>
  );
}

/** Under a time-saved line: the minutes it pays for, against the agreed baseline. */
function TimeSavedNote({ line, state, i18n }: { line: Line; state: Ready; i18n: Translator }) {
  const { breakdown } = state;
  const m = timeSavedMinutes(
    line,
    state.timeline,
    `${breakdown.planId}@${breakdown.planVersion}`,
    state.activity,
    state.computedAt,
  );
  if (!m) return null;
  const n = (v: string) => formatDecimal(v.replace(/\.?0+$/, ''), i18n.locale);
  return (
    <p class="aicm-line-note" data-testid="time-saved" data-saved-minutes={m.saved}>
      {i18n.t('sidebar.timeSaved', {
        saved: n(m.saved),
        baseline: n(m.baseline),
        spent: n(m.spent),
      })}
    </p>
  );
}
