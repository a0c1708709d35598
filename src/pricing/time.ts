/**
 * Instants: ISO 8601 strings with an explicit offset, compared as epoch milliseconds.
 * @module
 */

const DAY_MS = 86_400_000;

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by `length` ASCII digits at `at`, or -1 if any is not a digit. */
function digits(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Parses an instant to epoch milliseconds, or returns null when the text is not a real
 * date-time with an offset (`YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`, with a real calendar
 * date). Digits beyond the millisecond are truncated. Hand-written because it runs once per usage event: a regex and
 * a Date per call were most of the cost of pricing a large ticket.
 */
export function parseInstant(text: string): number | null {
  const n = text.length;
  if (
    n < 20 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58
  ) {
    return null;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return null;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  let i = 19;
  let millis = 0;
  if (text.charCodeAt(i) === 46) {
    // .fraction: 1 to 9 digits, the first three are milliseconds
    const from = ++i;
    while (i < n && i - from < 10 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    const count = i - from;
    if (count < 1 || count > 9) return null;
    millis = digits(text, from, Math.min(3, count)) * 10 ** (3 - Math.min(3, count));
  }
  let offsetMinutes = 0;
  const sign = text.charCodeAt(i);
  if (sign === 90 && i + 1 === n) {
    // Z
  } else if ((sign === 43 || sign === 45) && i + 6 === n && text.charCodeAt(i + 3) === 58) {
    const oh = digits(text, i + 1, 2);
    const om = digits(text, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return null;
    offsetMinutes = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return null;
  }
  const wall =
    daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000;
  return wall + millis - offsetMinutes * 60_000;
}

/** The proleptic Gregorian date of a day count from 1970-01-01 (Hinnant's civil_from_days). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * Formats epoch milliseconds as UTC, without milliseconds when they are zero. Hand-written for
 * the years 0000 to 9999 (every breakdown writes up to three instants; a Date and its ISO string
 * per instant were a tenth of a replay's breakdowns); other years, as `Date` writes them.
 */
export function formatInstant(ms: number): string {
  // A replay writes each ticket's instants once per plan, one plan after another: the last few
  // hundred are kept, so that those breakdowns share one string (and no time is spent on it).
  const slot = ms & (RECENT_INSTANTS - 1);
  if (recentMs[slot] === ms) return recentText[slot]!;
  const text = writeInstant(ms);
  recentMs[slot] = ms;
  recentText[slot] = text;
  return text;
}

const RECENT_INSTANTS = 256;
const recentMs = new Float64Array(RECENT_INSTANTS).fill(Number.NaN);
const recentText: string[] = new Array(RECENT_INSTANTS);

function writeInstant(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const { year, month, day } = civilFromDays(days);
  if (year < 0 || year > 9999 || !Number.isInteger(ms)) {
    const iso = new Date(ms).toISOString();
    return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  }
  const inDay = ms - days * DAY_MS;
  const millis = inDay % 1000;
  const seconds = Math.floor(inDay / 1000);
  const time = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${time}${fraction}Z`;
}

export const HOUR_MS = 3_600_000;

const monthFormatters = new Map<string, Intl.DateTimeFormat>();
const monthCache = new Map<string, Map<number, string>>();
/** Every time zone offset in use is a multiple of 15 minutes, so months change only on these. */
const SLOT_MS = 15 * 60_000;

function computeMonth(ms: number, timeZone: string): string {
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

/**
 * The calendar month (`"2026-11"`) an instant falls in, in UTC or in the tenant's IANA time zone.
 * Cached per 15-minute slot: it runs once per usage event when periods are priced.
 */
export function monthOf(ms: number, timeZone = 'UTC'): string {
  let cache = monthCache.get(timeZone);
  if (!cache) {
    cache = new Map();
    monthCache.set(timeZone, cache);
  }
  const slot = Math.floor(ms / SLOT_MS);
  let month = cache.get(slot);
  if (month === undefined) {
    month = computeMonth(slot * SLOT_MS, timeZone);
    if (cache.size > 100_000) cache.clear(); // bounded: a long-running server prices many months
    cache.set(slot, month);
  }
  return month;
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

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall clock at `ms`, read as if it were UTC (so wall − ms is the zone's offset). */
function wallClock(ms: number, timeZone: string): number {
  let format = wallFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallFormatters.set(timeZone, format);
  }
  const part = (parts: Intl.DateTimeFormatPart[], type: string) =>
    Number(parts.find((p) => p.type === type)?.value);
  const parts = format.formatToParts(new Date(ms));
  return Date.UTC(
    part(parts, 'year'),
    part(parts, 'month') - 1,
    part(parts, 'day'),
    part(parts, 'hour'),
    part(parts, 'minute'),
    part(parts, 'second'),
  );
}

/** The instant the zone's clock shows midnight starting the first day of a month. */
function monthStart(year: number, month: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, 1);
  if (timeZone === 'UTC') return wall;
  // Two rounds of "subtract the offset in force there" settle on the instant, DST included.
  let t = wall - (wallClock(wall, timeZone) - wall);
  t = wall - (wallClock(t, timeZone) - t);
  return t;
}

const boundsCache = new Map<string, { start: number; end: number }>();

/** A period (`"2026-11"`) as the instants [start, end) of its month in the time zone. */
export function monthBounds(month: string, timeZone = 'UTC'): { start: number; end: number } {
  const cacheKey = `${timeZone} ${month}`;
  let bounds = boundsCache.get(cacheKey);
  if (!bounds) {
    const year = Number(month.slice(0, 4));
    const m = Number(month.slice(5, 7));
    bounds = {
      start: monthStart(year, m, timeZone),
      end: m === 12 ? monthStart(year + 1, 1, timeZone) : monthStart(year, m + 1, timeZone),
    };
    if (boundsCache.size > 10_000) boundsCache.clear();
    boundsCache.set(cacheKey, bounds);
  }
  return bounds;
}
