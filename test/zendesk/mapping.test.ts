/**
 * The mapping from Zendesk's ticket and audits to ticket activity, rule by rule
 * (docs/zendesk-mapping.md).
 */
import { describe, expect, it } from 'vitest';
import { mapTicket } from '../../src/zendesk/mapping.js';
import { parseSettings } from '../../src/zendesk/settings.js';
import { type Audit, auditSchema, ticketSchema, userSchema } from '../../src/zendesk/shapes.js';

const AI = 900;
const AGENT = 2;
const ADMIN = 1;
const CUSTOMER = 3;
const users = [
  { id: AI, role: 'agent' },
  { id: AGENT, role: 'agent' },
  { id: ADMIN, role: 'admin' },
  { id: CUSTOMER, role: 'end-user' },
].map((u) => userSchema.parse(u));
const settings = parseSettings({
  ai_agent_user_ids: `${AI}, 901`,
  handoff_tag: 'ai_handoff',
  csat_good_threshold: '4',
});
const ticket = ticketSchema.parse({
  id: 42,
  status: 'open',
  priority: 'high',
  tags: ['vip'],
  via: { channel: 'email' },
  group_id: 7,
  assignee_id: AGENT,
});

let nextId = 1;
function audit(
  minutes: number,
  author: number,
  events: Record<string, unknown>[],
  custom?: Record<string, unknown>,
): Audit {
  const id = nextId++;
  return auditSchema.parse({
    id,
    created_at: new Date(Date.UTC(2026, 10, 2, 9, minutes)).toISOString(),
    author_id: author,
    metadata: { system: {}, ...(custom ? { custom } : {}) },
    events: events.map((e, i) => ({ id: id * 10 + i, ...e })),
  });
}
const comment = (author: number, isPublic = true) => ({
  type: 'Comment',
  public: isPublic,
  author_id: author,
  body: 'x',
});
const map = (audits: Audit[], backendUsage = []) =>
  mapTicket({ ticket, audits, users, settings, backendUsage });

describe('usage', () => {
  it('reads annotated usage with default ids and times', () => {
    const a = audit(5, AI, [comment(AI)], {
      ai_usage: [
        { metric: 'conversation', quantity: 1 },
        { metric: 'tool_call', tool: 'crm', quantity: 2, id: 'own-id', at: '2026-11-02T09:06:00Z' },
      ],
    });
    const { activity, diagnostics } = map([a]);
    expect(activity.usage).toEqual([
      { id: `${a.id}:0`, at: '2026-11-02T09:05:00Z', metric: 'conversation', quantity: 1 },
      { id: 'own-id', at: '2026-11-02T09:06:00Z', metric: 'tool_call', tool: 'crm', quantity: 2 },
    ]);
    expect(diagnostics).toEqual([]);
  });

  it.each([
    [{ metric: 'seconds', quantity: 1 }, /metric/],
    [{ metric: 'tool_call', quantity: 1 }, /tool/],
    [{ metric: 'conversation', quantity: -1 }, /quantity/],
    [{ metric: 'conversation', quantity: 1.5 }, /quantity/],
    ['not an object', /ai_usage\[0\]/],
  ])('skips and reports a malformed annotation %j', (entry, detail) => {
    const a = audit(5, AI, [], { ai_usage: [entry, { metric: 'conversation', quantity: 1 }] });
    const { activity, diagnostics } = map([a]);
    expect(activity.usage).toHaveLength(1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'malformed_usage', auditId: a.id });
    expect(diagnostics[0]?.detail).toMatch(detail);
  });

  it('reports ai_usage that is not an array', () => {
    expect(
      map([audit(5, AI, [], { ai_usage: { metric: 'conversation' } })]).diagnostics[0]?.code,
    ).toBe('malformed_usage');
  });

  it('merges usage posted to the backend by id: one event, not two', () => {
    const a = audit(5, AI, [], {
      ai_usage: [{ id: 'e1', metric: 'api_call', tool: 'crm', quantity: 1 }],
    });
    const posted = [
      { id: 'e1', at: '2026-11-02T09:05:00Z', metric: 'api_call', tool: 'crm', quantity: 1 },
      { id: 'p2', at: '2026-11-02T09:07:00Z', metric: 'processing_ms', quantity: 500 },
    ];
    expect(map([a], posted as never).activity.usage.map((u) => u.id)).toEqual(['e1', 'p2']);
  });

  it('counts one implicit conversation at the first public AI comment when none is reported', () => {
    const { activity } = map([
      audit(1, CUSTOMER, [comment(CUSTOMER)]),
      audit(3, AI, [comment(AI, false)]),
      audit(5, 901, [comment(901)]),
      audit(8, AI, [comment(AI)]),
    ]);
    expect(activity.usage).toEqual([
      { id: 'conv:42', at: '2026-11-02T09:05:00Z', metric: 'conversation', quantity: 1 },
    ]);
  });

  it('adds no implicit conversation when one was reported, or posted', () => {
    const reported = audit(5, AI, [comment(AI)], {
      ai_usage: [{ metric: 'conversation', quantity: 1 }],
    });
    expect(map([reported]).activity.usage).toHaveLength(1);
    const posted = [{ id: 'c', at: '2026-11-02T09:00:00Z', metric: 'conversation', quantity: 1 }];
    expect(
      map([audit(5, AI, [comment(AI)])], posted as never).activity.usage.map((u) => u.id),
    ).toEqual(['c']);
  });
});

describe('lifecycle', () => {
  it('takes the first status from Create and every change after it', () => {
    const { activity } = map([
      audit(0, CUSTOMER, [{ type: 'Create', field_name: 'status', value: 'new' }]),
      audit(5, AI, [
        { type: 'Change', field_name: 'status', value: 'solved', previous_value: 'new' },
      ]),
      audit(9, AGENT, [
        { type: 'Change', field_name: 'priority', value: 'low', previous_value: 'high' },
      ]),
    ]);
    expect(activity.lifecycle).toEqual([
      { at: '2026-11-02T09:00:00Z', type: 'status', status: 'new' },
      { at: '2026-11-02T09:05:00Z', type: 'status', status: 'solved' },
    ]);
  });

  it('reports an unknown status instead of guessing', () => {
    const { activity, diagnostics } = map([
      audit(0, CUSTOMER, [{ type: 'Change', field_name: 'status', value: 'deleted' }]),
    ]);
    expect(activity.lifecycle).toEqual([]);
    expect(diagnostics[0]?.code).toBe('unknown_status');
  });

  it('counts public replies by agents and admins who are not AI as human replies, nothing else', () => {
    const { activity } = map([
      audit(1, AGENT, [comment(AGENT)]),
      audit(2, ADMIN, [comment(ADMIN)]),
      audit(3, AGENT, [comment(AGENT, false)]), // a private note
      audit(4, CUSTOMER, [comment(CUSTOMER)]), // the requester
      audit(5, AI, [comment(AI)]), // the AI itself
    ]);
    expect(activity.lifecycle.map((e) => [e.type, e.at.slice(14, 16)])).toEqual([
      ['human_reply', '01'],
      ['human_reply', '02'],
    ]);
  });

  it('takes the comment author from the event before the audit', () => {
    const a = audit(1, AI, [{ ...comment(AGENT) }]);
    expect(map([a]).activity.lifecycle).toEqual([
      { at: '2026-11-02T09:01:00Z', type: 'human_reply' },
    ]);
  });

  it('sees a handoff when an audit adds the handoff tag, not when it keeps it', () => {
    const { activity } = map([
      audit(1, AI, [
        {
          type: 'Change',
          field_name: 'tags',
          value: ['vip', 'ai_handoff'],
          previous_value: ['vip'],
        },
      ]),
      audit(2, AGENT, [
        {
          type: 'Change',
          field_name: 'tags',
          value: ['vip', 'ai_handoff', 'x'],
          previous_value: ['vip', 'ai_handoff'],
        },
      ]),
      audit(3, AI, [{ type: 'Create', field_name: 'tags', value: 'ai_handoff other' }]),
    ]);
    expect(activity.lifecycle).toEqual([
      { at: '2026-11-02T09:01:00Z', type: 'handoff' },
      { at: '2026-11-02T09:03:00Z', type: 'handoff' },
    ]);
  });

  it('reads legacy ratings, ignoring offers', () => {
    const { activity } = map([
      audit(1, CUSTOMER, [{ type: 'SatisfactionRating', score: 'offered' }]),
      audit(2, CUSTOMER, [{ type: 'SatisfactionRating', score: 'good_with_comment' }]),
      audit(3, CUSTOMER, [{ type: 'SatisfactionRating', score: 'bad' }]),
      audit(4, CUSTOMER, [{ type: 'SatisfactionRating', score: 'unoffered' }]),
    ]);
    expect(activity.lifecycle.map((e) => (e.type === 'csat' ? e.score : e.type))).toEqual([
      'good',
      'bad',
    ]);
  });

  it('maps CSAT survey scores by the threshold', () => {
    const survey = (rating: number) => ({
      type: 'SurveyResponseSubmitted',
      value: { survey_response: { answers: [{ type: 'rating_scale', rating }] } },
    });
    const { activity } = map([
      audit(1, CUSTOMER, [survey(4)]),
      audit(2, CUSTOMER, [survey(3)]),
      audit(3, CUSTOMER, [survey(5)]),
    ]);
    expect(activity.lifecycle.map((e) => (e.type === 'csat' ? e.score : e.type))).toEqual([
      'good',
      'bad',
      'good',
    ]);
  });

  it('orders audits by time, so paging order cannot change the result', () => {
    const a = audit(1, AGENT, [comment(AGENT)]);
    const b = audit(2, CUSTOMER, [{ type: 'Change', field_name: 'status', value: 'open' }]);
    expect(map([b, a]).activity).toEqual(map([a, b]).activity);
  });
});

describe('attributes', () => {
  it('takes priority, channel, tags, group and agent from the ticket', () => {
    expect(map([]).activity.attributes).toEqual({
      priority: 'high',
      channel: 'email',
      tags: ['vip'],
      group: '7',
      agent: String(AGENT),
    });
  });
});

describe('human handling time', () => {
  const FIELD = '360000111222';
  const timed = parseSettings({ ai_agent_user_ids: `${AI}`, time_tracking_field_id: FIELD });
  const mapTimed = (audits: Audit[]) => mapTicket({ ticket, audits, users, settings: timed });

  it('reads the time tracking field from the first audit and every change of it', () => {
    const audits = [
      audit(0, CUSTOMER, [{ type: 'Create', field_name: FIELD, value: '0' }]),
      audit(10, AGENT, [{ type: 'Change', field_name: FIELD, value: '450', previous_value: '0' }]),
      audit(20, AGENT, [{ type: 'Change', field_name: FIELD, value: 900, previous_value: '450' }]),
    ];
    const { activity, diagnostics } = mapTimed(audits);
    expect(activity.lifecycle.filter((l) => l.type === 'human_time')).toEqual([
      { at: '2026-11-02T09:00:00Z', type: 'human_time', totalSeconds: 0 },
      { at: '2026-11-02T09:10:00Z', type: 'human_time', totalSeconds: 450 },
      { at: '2026-11-02T09:20:00Z', type: 'human_time', totalSeconds: 900 },
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('skips and reports a value that is not a whole number of seconds', () => {
    const bad = audit(5, AGENT, [
      { type: 'Change', field_name: FIELD, value: '-3' },
      { type: 'Change', field_name: FIELD, value: '1.5' },
      { type: 'Change', field_name: FIELD, value: null },
    ]);
    const { activity, diagnostics } = mapTimed([bad]);
    expect(activity.lifecycle.filter((l) => l.type === 'human_time')).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual([
      'invalid_human_time',
      'invalid_human_time',
      'invalid_human_time',
    ]);
  });

  it('reads no human time without the setting, and refuses a setting that is not a field id', () => {
    const a = audit(0, AGENT, [{ type: 'Change', field_name: FIELD, value: '60' }]);
    expect(map([a]).activity.lifecycle.some((l) => l.type === 'human_time')).toBe(false);
    expect(() => parseSettings({ time_tracking_field_id: 'Total time spent' })).toThrow(
      /time_tracking_field_id/,
    );
  });
});
