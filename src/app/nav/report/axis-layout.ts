/**
 * How a chart's category labels fit under their bars without overlapping: flat when the widest
 * fits its slot, slanted when it does not, and only every n-th label when even slanted labels
 * (one line high each) are denser than their slots. Pure, so it is tested without a browser.
 * @module
 */
export interface LabelLayout {
  /** Degrees, as uPlot takes it: 0 or a slant. */
  readonly rotate: number;
  /** Show every n-th label (1: all of them). */
  readonly every: number;
  /** The axis' height in CSS pixels, enough for the labels as laid out. */
  readonly size: number;
}

export const SLANT = -40;
const LINE = 16;
const GAP = 6;
const MAX_CHARS = 24;

/** A label cut to a length that fits a slant ("Pending confirmation" stays whole). */
export const shortLabel = (label: string) =>
  label.length > MAX_CHARS ? `${label.slice(0, MAX_CHARS - 1)}…` : label;

export function labelLayout(widths: readonly number[], plotWidth: number): LabelLayout {
  const slot = plotWidth / Math.max(1, widths.length);
  const widest = Math.max(0, ...widths);
  if (widest + GAP <= slot) return { rotate: 0, every: 1, size: LINE + 2 * GAP };
  const radians = (Math.abs(SLANT) * Math.PI) / 180;
  // A slanted label takes its line height across, over sin(slant).
  const across = LINE / Math.sin(radians);
  const every = Math.max(1, Math.ceil((across + GAP) / slot));
  return { rotate: SLANT, every, size: Math.ceil(widest * Math.sin(radians) + LINE + 2 * GAP) };
}
