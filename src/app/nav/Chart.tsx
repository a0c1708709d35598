/**
 * A bar chart drawn by uPlot, in the page's colours (light or dark). The data it draws is also
 * in the table beside it, which is its text alternative; the canvas is labelled to say so.
 * @module
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface BarSeries {
  readonly label: string;
  /** Plain numbers for drawing only: the exact amounts are in the table. */
  readonly values: readonly number[];
}

interface Props {
  readonly title: string;
  readonly describedBy: string;
  readonly categories: readonly string[];
  /** One series: several at one category would overlap. */
  readonly series: readonly [BarSeries];
}

const PALETTE = ['#1f73b7', '#ad5918', '#186146', '#b2132e'];

export function BarChart({ title, describedBy, categories, series }: Props) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element || categories.length === 0) return;
    const style = getComputedStyle(document.documentElement);
    const fg = style.getPropertyValue('--muted').trim() || '#68737d';
    const grid = style.getPropertyValue('--border').trim() || '#d8dcde';
    const bars = uPlot.paths.bars?.({ size: [0.6, 60], align: 0 });
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 220,
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
            grid: { show: false },
            splits: () => categories.map((_, i) => i),
            values: (_u, ticks) => ticks.map((t) => categories[t] ?? ''),
          },
          { stroke: fg, grid: { stroke: grid, width: 1 } },
        ],
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            fill: PALETTE[i % PALETTE.length],
            stroke: PALETTE[i % PALETTE.length],
            ...(bars ? { paths: bars } : {}),
          })),
        ],
      },
      [categories.map((_, i) => i), ...series.map((s) => [...s.values])],
      element,
    );
    return () => chart.destroy();
  }, [categories.join('|'), series.map((s) => s.values.join(',')).join('|')]);
  return (
    <figure class="aicm-chart">
      <figcaption class="aicm-heading">{title}</figcaption>
      <div role="img" aria-label={title} aria-describedby={describedBy} ref={holder} />
    </figure>
  );
}

/**
 * Straight lines from x = 0 to x = 1 (cost against the AI resolution rate), one per plan: where
 * two cross is their break-even point. The break-even sentences beside it say the same in words.
 */
export function LineChart({
  title,
  describedBy,
  lines,
}: {
  title: string;
  describedBy: string;
  lines: readonly { label: string; from: number; to: number }[];
}) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element || lines.length === 0) return;
    const style = getComputedStyle(document.documentElement);
    const fg = style.getPropertyValue('--muted').trim() || '#68737d';
    const grid = style.getPropertyValue('--border').trim() || '#d8dcde';
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 220,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [0, 1] },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          {
            stroke: fg,
            grid: { show: false },
            values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)} %`),
          },
          { stroke: fg, grid: { stroke: grid, width: 1 } },
        ],
        series: [
          {},
          ...lines.map((l, i) => ({
            label: l.label,
            stroke: PALETTE[i % PALETTE.length],
            width: 2,
          })),
        ],
      },
      [[0, 1], ...lines.map((l) => [l.from, l.to])],
      element,
    );
    return () => chart.destroy();
  }, [lines.map((l) => `${l.label}:${l.from}:${l.to}`).join('|')]);
  return (
    <figure class="aicm-chart">
      <figcaption class="aicm-heading">{title}</figcaption>
      <div role="img" aria-label={title} aria-describedby={describedBy} ref={holder} />
    </figure>
  );
}
