/**
 * Charts drawn by uPlot in the page's colours (light or dark) and the Okabe–Ito palette: a bar
 * chart of one series by category, and the plans' cost lines against the AI resolution rate.
 * Each axis formats its numbers with the locale's Intl.NumberFormat (money in the currency,
 * rates as percentages, as the text beside it does); category labels never overlap. The data is
 * also in the table or list beside each chart, its text alternative, which the canvas names.
 * @module
 */
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatPercent } from '../i18n/numbers.js';
import { labelLayout, shortLabel } from './report/axis-layout.js';
import { seriesLook } from './report/palette.js';

export interface AxisFormat {
  readonly locale: string;
  /** Money in this currency; without it, plain counts. */
  readonly currency?: string;
}

/** The axes' labels in the page's own font, so that every language draws as its text does. */
const axisFont = () => `12px ${getComputedStyle(document.body).fontFamily}`;

function pageColours() {
  const style = getComputedStyle(document.documentElement);
  return {
    fg: style.getPropertyValue('--muted').trim() || '#68737d',
    text: style.getPropertyValue('--fg').trim() || undefined,
    grid: style.getPropertyValue('--border').trim() || '#d8dcde',
  };
}

function valueFormatter({ locale, currency }: AxisFormat) {
  const format = new Intl.NumberFormat(
    locale,
    currency
      ? { style: 'currency', currency, maximumFractionDigits: 2 }
      : { maximumFractionDigits: 2 },
  );
  return (_u: uPlot, ticks: number[]) => ticks.map((t) => format.format(t));
}

function textWidths(labels: readonly string[], font: string): number[] {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return labels.map((l) => l.length * 7);
  context.font = font;
  return labels.map((l) => context.measureText(l).width);
}

function Frame({
  title,
  describedBy,
  holder,
}: {
  title: string;
  describedBy: string;
  holder: RefObject<HTMLDivElement | null>;
}) {
  return (
    <figure class="aicm-chart">
      <figcaption class="aicm-heading">{title}</figcaption>
      <div role="img" aria-label={title} aria-describedby={describedBy} ref={holder} />
    </figure>
  );
}

interface BarProps {
  readonly title: string;
  readonly describedBy: string;
  readonly categories: readonly string[];
  /** Plain numbers for drawing only: the exact amounts are in the table. */
  readonly values: readonly number[];
  readonly label: string;
  readonly format: AxisFormat;
}

export function BarChart({ title, describedBy, categories, values, label, format }: BarProps) {
  const holder = useRef<HTMLDivElement>(null);
  const key = `${categories.join('|')}:${values.join(',')}:${format.locale}:${format.currency ?? ''}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: drawn again when what it shows changes (`key`), not when a render passes equal arrays anew.
  useEffect(() => {
    const element = holder.current;
    if (!element || categories.length === 0) return;
    const { fg, grid } = pageColours();
    const width = Math.max(320, element.clientWidth);
    const labels = categories.map(shortLabel);
    const font = axisFont();
    // The plot is narrower than the chart by the value axis (about 60 px).
    const layout = labelLayout(textWidths(labels, font), width - 60);
    const bars = uPlot.paths.bars?.({ size: [0.6, 60], align: 0 });
    const look = seriesLook(0);
    const chart = new uPlot(
      {
        width,
        height: 200 + layout.size,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          // One slot per category, bars centred in it; the value axis always starts at zero.
          x: { time: false, range: () => [-0.5, categories.length - 0.5] },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          {
            stroke: fg,
            font,
            grid: { show: false },
            rotate: layout.rotate,
            size: layout.size,
            splits: () => categories.map((_, i) => i),
            values: (_u, ticks) =>
              ticks.map((t) => (t % layout.every === 0 ? (labels[t] ?? '') : '')),
          },
          {
            stroke: fg,
            font,
            grid: { stroke: grid, width: 1 },
            size: 70,
            values: valueFormatter(format),
          },
        ],
        series: [
          {},
          { label, fill: look.stroke, stroke: look.stroke, ...(bars ? { paths: bars } : {}) },
        ],
      },
      [categories.map((_, i) => i), [...values]],
      element,
    );
    return () => chart.destroy();
  }, [key]);
  return <Frame title={title} describedBy={describedBy} holder={holder} />;
}

/**
 * Straight lines from x = 0 to x = 1 (cost against the AI resolution rate), one per plan: where
 * two cross is their break-even point. The break-even table beside it says the same in words.
 */
export function LineChart({
  title,
  describedBy,
  lines,
  format,
}: {
  title: string;
  describedBy: string;
  lines: readonly { label: string; from: number; to: number }[];
  format: AxisFormat;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const key = `${lines.map((l) => `${l.label}:${l.from}:${l.to}`).join('|')}:${format.locale}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: drawn again when what it shows changes (`key`), not when a render passes equal arrays anew.
  useEffect(() => {
    const element = holder.current;
    if (!element || lines.length === 0) return;
    const { fg, grid, text } = pageColours();
    const font = axisFont();
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 240,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [0, 1] },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          {
            stroke: fg,
            font,
            grid: { show: false },
            values: (_u, ticks) => ticks.map((t) => formatPercent(t, format.locale, 0)),
          },
          {
            stroke: fg,
            font,
            grid: { stroke: grid, width: 1 },
            size: 70,
            values: valueFormatter(format),
          },
        ],
        series: [
          {},
          ...lines.map((l, i) => {
            const look = seriesLook(i, text);
            return { label: l.label, stroke: look.stroke, dash: [...look.dash], width: 2 };
          }),
        ],
      },
      [[0, 1], ...lines.map((l) => [l.from, l.to])],
      element,
    );
    return () => chart.destroy();
  }, [key]);
  return <Frame title={title} describedBy={describedBy} holder={holder} />;
}
