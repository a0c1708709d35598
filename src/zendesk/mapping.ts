/**
 * From a Zendesk ticket and its audits to the core's ticket activity, rule by rule as the
 * project's mapping spec says (docs/zendesk-mapping.md). Pure: the same Zendesk JSON always
 * gives the same activity, in the sidebar and in the backend.
 * @module
 */
import {
  formatInstant,
  type LifecycleEvent,
  parseInstant,
  STATUSES,
  type TicketActivity,
  type TicketStatus,
  type UsageEvent,
  usageEventSchema,
} from '../pricing/index.js';
import { toFieldIssues } from '../pricing/schema/issues.js';
import type { AppSettings } from './settings.js';
import type { Audit, AuditEvent, ZendeskTicket, ZendeskUser } from './shapes.js';

/** Something in the ticket's data the app skipped, for the diagnostics panel. */
export interface Diagnostic {
  readonly code: 'malformed_usage' | 'unknown_status' | 'unreadable_time' | 'invalid_human_time';
  readonly auditId: string;
  readonly detail: string;
}

export interface MappingInput {
  readonly ticket: ZendeskTicket;
  readonly audits: readonly Audit[];
  readonly users: readonly ZendeskUser[];
  readonly settings: AppSettings;
  /** Usage the AI platform posted to the backend; merged by id with what the audits carry. */
  readonly backendUsage?: readonly UsageEvent[];
}

export interface MappedTicket {
  readonly activity: TicketActivity;
  readonly diagnostics: readonly Diagnostic[];
}

const HUMAN_ROLES = new Set(['agent', 'admin']);
const KNOWN_STATUSES = new Set<string>(STATUSES);

function annotatedUsage(audit: Audit, at: string, diagnostics: Diagnostic[]): UsageEvent[] {
  const custom = audit.metadata?.custom;
  const entries =
    custom && typeof custom === 'object' ? (custom as { ai_usage?: unknown }).ai_usage : undefined;
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) {
    diagnostics.push({
      code: 'malformed_usage',
      auditId: audit.id,
      detail: 'ai_usage: expected an array',
    });
    return [];
  }
  const events: UsageEvent[] = [];
  entries.forEach((entry, index) => {
    const candidate =
      entry && typeof entry === 'object'
        ? { id: `${audit.id}:${index}`, at, ...(entry as Record<string, unknown>) }
        : entry;
    const parsed = usageEventSchema.safeParse(candidate);
    if (parsed.success) events.push(parsed.data);
    else {
      const issue = toFieldIssues(parsed.error)[0];
      diagnostics.push({
        code: 'malformed_usage',
        auditId: audit.id,
        detail: `ai_usage[${index}]${issue?.field ? `.${issue.field}` : ''}: ${issue?.message ?? 'invalid'}`,
      });
    }
  });
  return events;
}

function tagsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((t): t is string => typeof t === 'string');
  // Some payloads carry tags as one space-separated string.
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}

/** A rating from the legacy satisfaction event or the newer CSAT survey response. */
function csatScore(event: AuditEvent, threshold: number): 'good' | 'bad' | null {
  if (event.type === 'SatisfactionRating') {
    const score =
      typeof event.score === 'string'
        ? event.score
        : typeof event.value === 'string'
          ? event.value
          : '';
    // "offered" and "unoffered" are not ratings; "good_with_comment" is a good one.
    if (score.startsWith('good')) return 'good';
    if (score.startsWith('bad')) return 'bad';
    return null;
  }
  if (event.type === 'SurveyResponseSubmitted') {
    const rating = findRating(event.value) ?? findRating(event);
    return rating === null ? null : rating >= threshold ? 'good' : 'bad';
  }
  return null;
}

/** The rating-scale answer of a survey response, wherever the payload nests it. */
function findRating(value: unknown, depth = 0): number | null {
  if (!value || typeof value !== 'object' || depth > 4) return null;
  const record = value as Record<string, unknown>;
  for (const key of ['rating', 'score']) {
    const v = record[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  }
  for (const nested of Object.values(record)) {
    const items = Array.isArray(nested) ? nested : [nested];
    for (const item of items) {
      const found = findRating(item, depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}

/** A field value that is a non-negative whole number of seconds (Zendesk sends strings). */
export function wholeSeconds(value: unknown): number | null {
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

/** The id of a ticket's implicit conversation (the backend drops it once one is posted). */
export const implicitConversationId = (ticketId: string): string => `conv:${ticketId}`;

export function mapTicket({
  ticket,
  audits,
  users,
  settings,
  backendUsage = [],
}: MappingInput): MappedTicket {
  const diagnostics: Diagnostic[] = [];
  const roles = new Map(users.map((u) => [u.id, u.role ?? 'end-user']));
  const usage: UsageEvent[] = [];
  const lifecycle: LifecycleEvent[] = [];
  let firstAiComment: string | null = null;

  // Audits come oldest first; sort anyway, so that paging order cannot change the result.
  const ordered = [...audits].sort(
    (a, b) =>
      (parseInstant(a.created_at) ?? 0) - (parseInstant(b.created_at) ?? 0) ||
      Number(a.id) - Number(b.id),
  );
  for (const audit of ordered) {
    const ms = parseInstant(audit.created_at);
    if (ms === null) {
      diagnostics.push({
        code: 'unreadable_time',
        auditId: audit.id,
        detail: `created_at: ${audit.created_at}`,
      });
      continue;
    }
    const at = formatInstant(ms);
    usage.push(...annotatedUsage(audit, at, diagnostics));
    for (const event of audit.events) {
      if ((event.type === 'Create' || event.type === 'Change') && event.field_name === 'status') {
        const status = String(event.value ?? '').toLowerCase();
        if (KNOWN_STATUSES.has(status))
          lifecycle.push({ at, type: 'status', status: status as TicketStatus });
        else
          diagnostics.push({
            code: 'unknown_status',
            auditId: audit.id,
            detail: `status: ${status || '(empty)'}`,
          });
      } else if (
        (event.type === 'Create' || event.type === 'Change') &&
        settings.timeTrackingFieldId !== null &&
        String(event.field_name) === settings.timeTrackingFieldId
      ) {
        // The Time Tracking app's "Total time spent (sec)": the ticket's human time so far.
        const seconds = wholeSeconds(event.value);
        if (seconds !== null) lifecycle.push({ at, type: 'human_time', totalSeconds: seconds });
        else
          diagnostics.push({
            code: 'invalid_human_time',
            auditId: audit.id,
            detail: `${settings.timeTrackingFieldId}: ${JSON.stringify(event.value ?? null)}`,
          });
      } else if (
        (event.type === 'Create' || event.type === 'Change') &&
        event.field_name === 'tags'
      ) {
        const added =
          tagsOf(event.value).includes(settings.handoffTag) &&
          !tagsOf(event.previous_value).includes(settings.handoffTag);
        if (added) lifecycle.push({ at, type: 'handoff' });
      } else if (event.type === 'Comment' && event.public === true) {
        const author = event.author_id ?? audit.author_id ?? null;
        if (author !== null && settings.aiAgentUserIds.has(author)) firstAiComment ??= at;
        else if (author !== null && HUMAN_ROLES.has(roles.get(author) ?? ''))
          lifecycle.push({ at, type: 'human_reply' });
      } else {
        const score = csatScore(event, settings.csatGoodThreshold);
        if (score) lifecycle.push({ at, type: 'csat', score });
      }
    }
  }

  // Posted usage joins by id: an event both annotated and posted is one event.
  const ids = new Set(usage.map((u) => u.id));
  for (const u of backendUsage) {
    if (!ids.has(u.id)) {
      usage.push(u);
      ids.add(u.id);
    }
  }
  if (firstAiComment !== null && !usage.some((u) => u.metric === 'conversation')) {
    usage.push({
      id: implicitConversationId(ticket.id),
      at: firstAiComment,
      metric: 'conversation',
      quantity: 1,
    });
  }

  const attributes: NonNullable<TicketActivity['attributes']> = {
    priority: ticket.priority ?? null,
    channel: ticket.via?.channel ?? null,
    tags: ticket.tags,
    ...(ticket.group_id ? { group: ticket.group_id } : {}),
    ...(ticket.assignee_id ? { agent: ticket.assignee_id } : {}),
  };
  return { activity: { ticketId: ticket.id, usage, lifecycle, attributes }, diagnostics };
}
