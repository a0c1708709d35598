/**
 * The core's field issues as the CLI says them: a field left out is "required", and a misspelt
 * field is "unknown" with the nearest known name, instead of the schema's message for the value
 * it expected (which reads as if the value had the wrong type).
 * @module
 */
import type { FieldIssue } from '../pricing/index.js';

/** The names a plan, an activity or a timeline uses: the candidates for "did you mean". */
const KNOWN = [
  'id',
  'name',
  'version',
  'currency',
  'model',
  'period',
  'rates',
  'conversation',
  'tool_call',
  'api_call',
  'processing_minute',
  'toolRates',
  'processingRounding',
  'pricePerResolution',
  'assistedPrice',
  'creditPrice',
  'prepaidCredits',
  'overagePrice',
  'burn',
  'resolution',
  'toolBurn',
  'baseFee',
  'perResolution',
  'perAssisted',
  'csatBonus',
  'amount',
  'timeSaved',
  'baselineMinutes',
  'pricePerHour',
  'escalationReduction',
  'baselineRate',
  'pricePerPoint',
  'cap',
  'tiers',
  'when',
  'plan',
  'maxToolCalls',
  'maxApiCalls',
  'maxConversations',
  'maxProcessingMinutes',
  'priorities',
  'channels',
  'anyTags',
  'confirmationWindowHours',
  'minCsat',
  'revokeOnLateReopen',
  'ticketId',
  'usage',
  'lifecycle',
  'attributes',
  'at',
  'metric',
  'quantity',
  'tool',
  'type',
  'status',
  'score',
  'rating',
  'priority',
  'channel',
  'tags',
  'effectiveAt',
];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest name, if it is close enough to be what was meant. */
export function nearest(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== null &&
    bestDistance > 0 &&
    bestDistance <= Math.max(2, Math.floor(name.length / 4))
    ? best
    : null;
}

const split = (field: string) => {
  const at = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
  return at < 0
    ? { parent: '', leaf: field }
    : { parent: field.slice(0, at), leaf: field.slice(at).replace(/^[.[]|\]$/g, '') };
};

function valueAt(input: unknown, field: string): unknown {
  let node = input;
  for (const part of field.match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Each issue as `field: message`, missing and misspelt fields said as such. */
export function describeIssues(issues: readonly FieldIssue[], input: unknown): string[] {
  const missing = issues.filter(
    (i) => i.field && i.message !== 'unknown field' && valueAt(input, i.field) === undefined,
  );
  const explained = new Set<string>();
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.message !== 'unknown field') continue;
    const { parent, leaf } = split(issue.field);
    const siblings = missing
      .filter((m) => split(m.field).parent === parent)
      .map((m) => split(m.field).leaf);
    const guess = nearest(leaf, siblings) ?? nearest(leaf, KNOWN);
    if (guess && siblings.includes(guess)) explained.add(parent ? `${parent}.${guess}` : guess);
    lines.push(`${issue.field}: unknown field${guess ? ` (did you mean "${guess}"?)` : ''}`);
  }
  const rest = issues.flatMap((issue) => {
    if (issue.message === 'unknown field' || explained.has(issue.field)) return [];
    // Left out, a field gets the schema's message for the type it expected: say it is required
    // instead (a rule's own message, "required for tool_call…", stays as it is).
    if (missing.includes(issue) && issue.message.startsWith('expected'))
      return [`${issue.field}: required`];
    return [issue.field ? `${issue.field}: ${issue.message}` : issue.message];
  });
  return [...lines, ...rest];
}
