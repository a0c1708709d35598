/**
 * The charts' series colours: the Okabe–Ito palette (Okabe and Ito, "Color Universal Design",
 * 2008), eight colours told apart with every common colour-vision deficiency. Past eight,
 * colours repeat with a dash pattern of their own, so no two series look alike.
 * @module
 */
export const OKABE_ITO = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#D55E00', // vermillion
  '#F0E442', // yellow
  '#000000', // black (the page's own text colour where given, for dark mode)
] as const;

const DASHES: readonly (readonly number[])[] = [[], [8, 4], [2, 3], [8, 3, 2, 3]];

export interface SeriesLook {
  readonly stroke: string;
  /** Empty for a solid line. */
  readonly dash: readonly number[];
}

/** The look of the i-th series: its colour, and a dash once the colours have all been used. */
export function seriesLook(i: number, foreground?: string): SeriesLook {
  const k = i % OKABE_ITO.length;
  return {
    stroke: k === OKABE_ITO.length - 1 && foreground ? foreground : OKABE_ITO[k]!,
    dash: DASHES[Math.floor(i / OKABE_ITO.length) % DASHES.length]!,
  };
}
