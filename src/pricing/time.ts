/**
 * Instants: ISO 8601 strings with an explicit offset, compared as epoch milliseconds.
 * @module
 */

/** Date and time with seconds and an offset (`Z` or `±hh:mm`); fractions of a second allowed. */
export const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an instant to epoch milliseconds, or returns null when the text is not a real
 * date-time with an offset. Digits beyond the millisecond are truncated.
 */
export function parseInstant(text: string): number | null {
  const m = INSTANT_PATTERN.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, , offset] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const probe = new Date(wall);
  // Date.UTC rolls 30 February over into March; a real calendar date must come back unchanged.
  if (
    probe.getUTCFullYear() !== Number(y) ||
    probe.getUTCMonth() !== Number(mo) - 1 ||
    probe.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return null;
  }
  let offsetMinutes = 0;
  if (offset && offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const fraction = m[7] ? Number(m[7].slice(1, 4).padEnd(3, '0')) : 0;
  return wall - offsetMinutes * 60_000 + fraction;
}

/** Formats epoch milliseconds as UTC, without milliseconds when they are zero. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

export const HOUR_MS = 3_600_000;

const monthFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar month (`"2026-11"`) an instant falls in, in UTC or in the tenant's IANA time zone.
 */
export function monthOf(ms: number, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') return new Date(ms).toISOString().slice(0, 7);
  let format = monthFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    monthFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  return `${year}-${month}`;
}

/** True when `timeZone` names an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
