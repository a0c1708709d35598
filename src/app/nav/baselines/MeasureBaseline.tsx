/**
 * The "measure" button beside a baseline field of the plan form: pick a past month, measure,
 * and the field is filled with the figure, shown with how many tickets it rests on.
 * @module
 */
import { useState } from 'preact/hooks';
import { formatDecimal } from '../../i18n/format.js';
import type { Translator } from '../../i18n/i18n.js';
import {
  asFieldValue,
  type MeasureDeps,
  type MeasuredPath,
  type Measurement,
  measure,
  previousMonth,
} from './measure.js';

interface Props extends MeasureDeps {
  readonly path: MeasuredPath;
  readonly i18n: Translator;
  /** The form's confirmation window: the cohort's escalations count until month end + W. */
  readonly windowHours?: string;
  readonly onMeasured: (value: string) => void;
  readonly now?: Date;
}

function monthName(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
}

function describe(m: Measurement, i18n: Translator): string {
  const say = (key: string, values: Record<string, string | number> = {}) =>
    i18n.t(`nav.admin.measure.${key}`, values);
  switch (m.kind) {
    case 'no_field':
      return say('noField');
    case 'empty':
      return say('empty', { month: monthName(m.month, i18n.locale) });
    case 'rate':
      return say('rate', {
        value: formatDecimal(asFieldValue(m.value), i18n.locale),
        escalated: m.escalated,
        tickets: m.tickets,
        month: monthName(m.month, i18n.locale),
      });
    case 'minutes':
      return [
        say('minutes', {
          value: formatDecimal(asFieldValue(m.value), i18n.locale),
          tickets: m.tickets,
          month: monthName(m.month, i18n.locale),
        }),
        m.withoutTime > 0 ? say('withoutTime', { count: m.withoutTime }) : '',
        m.truncated ? say('truncated') : '',
      ]
        .filter(Boolean)
        .join(' ');
  }
}

export function MeasureBaseline(props: Props) {
  const { i18n, path } = props;
  const [month, setMonth] = useState(() => previousMonth(props.now ?? new Date()));
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'failed' }
  >({ kind: 'idle' });
  const id = `aicm-measure-${path.replace(/\W/g, '-')}`;

  async function run() {
    setState({ kind: 'busy' });
    try {
      const m = await measure(path, month, props, props.windowHours);
      if (m.kind === 'rate' || m.kind === 'minutes') props.onMeasured(asFieldValue(m.value));
      setState({ kind: 'done', text: describe(m, i18n) });
    } catch {
      setState({ kind: 'failed' });
    }
  }

  return (
    <div class="aicm-measure" data-testid={`measure-${path}`}>
      <label for={id}>{i18n.t('nav.admin.measure.month')}</label>
      <input
        id={id}
        type="month"
        value={month}
        max={(props.now ?? new Date()).toISOString().slice(0, 7)}
        onInput={(e) => setMonth((e.target as HTMLInputElement).value)}
      />
      <button type="button" disabled={state.kind === 'busy' || !month} onClick={() => void run()}>
        {i18n.t(
          `nav.admin.measure.${path === 'timeSaved.baselineMinutes' ? 'minutesButton' : 'rateButton'}`,
        )}
      </button>
      <p role="status" class="aicm-measure-result">
        {state.kind === 'done' && state.text}
        {state.kind === 'failed' && i18n.t('nav.admin.measure.failed')}
      </p>
    </div>
  );
}
