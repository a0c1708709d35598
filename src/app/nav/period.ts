/**
 * Report periods: the presets a team lead picks from, and the period before each, as whole UTC
 * days (the backend's reports are by day).
 * @module
 */
export const PRESETS = ['last7', 'last30', 'thisMonth', 'lastMonth'] as const;
export type Preset = (typeof PRESETS)[number];

export interface Period {
  readonly from: Date;
  readonly to: Date;
}

const DAY = 86_400_000;
const startOfDay = (d: Date) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

export function periodOf(preset: Preset, now: Date): Period {
  const tomorrow = new Date(startOfDay(now).getTime() + DAY);
  switch (preset) {
    case 'last7':
      return { from: new Date(tomorrow.getTime() - 7 * DAY), to: tomorrow };
    case 'last30':
      return { from: new Date(tomorrow.getTime() - 30 * DAY), to: tomorrow };
    case 'thisMonth':
      return { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), to: tomorrow };
    case 'lastMonth':
      return {
        from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)),
        to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
      };
  }
}

/** The period of the same length just before. */
export function previousOf({ from, to }: Period): Period {
  const length = to.getTime() - from.getTime();
  return { from: new Date(from.getTime() - length), to: from };
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
