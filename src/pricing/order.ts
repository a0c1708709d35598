/**
 * The orders the spec fixes for ties: event ids in code-point order, and ticket ids with the
 * all-digit ones first, in numeric order.
 * @module
 */

/**
 * Compares strings by Unicode code point. JavaScript's `<` compares UTF-16 code units, which
 * puts an astral character (a surrogate pair, 0xD800–0xDFFF) before U+E000–U+FFFF; shifting
 * those two ranges past each other at the first difference restores code-point order.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  // The two orders differ only where both strings hold a unit at or above U+D800; most ids are
  // ASCII, so the native comparison answers.
  if (!WIDE.test(a) || !WIDE.test(b)) return a < b ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

const WIDE = /[\uD800-\uFFFF]/;

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

const DIGITS = /^\d+$/;

/**
 * Ticket ids in ascending order (spec section 4, the base fee's remainder): ids made only of
 * digits first, in numeric order (ties such as "7" and "007" by code point), then the others in
 * code-point order.
 */
export function compareTicketIds(a: string, b: string): number {
  const numericA = DIGITS.test(a);
  const numericB = DIGITS.test(b);
  if (numericA !== numericB) return numericA ? -1 : 1;
  if (numericA) {
    const byValue = compareDigits(a, b);
    if (byValue !== 0) return byValue;
  }
  return compareCodePoints(a, b);
}

/**
 * Two strings of ASCII digits by the numbers they write, without parsing them: past the leading
 * zeros the longer is larger, and of equal length the first differing digit decides.
 */
function compareDigits(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const lengths = a.length - i - (b.length - j);
  if (lengths !== 0) return lengths;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d;
  }
  return 0;
}
