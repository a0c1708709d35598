/**
 * The Zendesk calls through the ZAF client: every page of audits, Zendesk's rate limit waited
 * out, a failed page failing the read, and safe tag updates. The client here answers in the
 * shapes Zendesk and the SDK use (the emulated edge, not the code under test).
 */
import { describe, expect, it } from 'vitest';
import {
  readAudits,
  writeTags,
  type ZafClient,
  ZendeskRequestError,
  zendeskRequest,
} from '../../src/zendesk/client.js';
import { parseSettings, SettingsError } from '../../src/zendesk/settings.js';
import { isEmptyChange, tagChange, wantedTags } from '../../src/zendesk/tags.js';

type Handler = (options: { url: string; type?: string; data?: string }) => unknown;

function fakeClient(
  handler: Handler,
): ZafClient & { calls: { url: string; type?: string; data?: string }[] } {
  const calls: { url: string; type?: string; data?: string }[] = [];
  return {
    calls,
    get: async () => ({}),
    invoke: async () => undefined,
    on: () => undefined,
    metadata: async () => ({ settings: {} }),
    context: async () => ({}),
    async request<T>(options: { url: string; type?: string; data?: string }): Promise<T> {
      calls.push(options);
      return (await handler(options)) as T;
    },
  };
}

const noWait = { attempts: 4, sleep: async () => undefined };
const auditOn = (id: number) => ({
  id,
  created_at: '2026-11-02T09:00:00Z',
  author_id: 1,
  events: [],
});

describe('reading audits', () => {
  it('follows next_page to the last page and gathers the sideloaded users once', async () => {
    const client = fakeClient(({ url }) => {
      const page = Number(new URL(url, 'https://x').searchParams.get('page') ?? 1);
      return {
        audits: [auditOn(page)],
        users: [{ id: 1, role: 'agent' }],
        next_page:
          page < 3
            ? `https://demo.zendesk.com/api/v2/tickets/7/audits.json?include=users&page=${page + 1}`
            : null,
      };
    });
    const { audits, users } = await readAudits(client, '7', noWait);
    expect(audits.map((a) => a.id)).toEqual(['1', '2', '3']);
    expect(users).toHaveLength(1);
    expect(client.calls.map((c) => c.url)).toEqual([
      '/api/v2/tickets/7/audits.json?include=users',
      '/api/v2/tickets/7/audits.json?include=users&page=2',
      '/api/v2/tickets/7/audits.json?include=users&page=3',
    ]);
  });

  it('waits out a 429 for as long as Retry-After says, then goes on', async () => {
    const waits: number[] = [];
    let calls = 0;
    const client = fakeClient(() => {
      calls++;
      if (calls === 1) throw { status: 429, headers: { 'retry-after': '2' } };
      return { audits: [auditOn(1)], next_page: null };
    });
    const { audits } = await readAudits(client, '7', {
      attempts: 3,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(audits).toHaveLength(1);
    expect(waits).toEqual([2000]);
  });

  it('gives up after the last attempt with a rate-limit error', async () => {
    const client = fakeClient(() => {
      throw { status: 429 };
    });
    await expect(readAudits(client, '7', noWait)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(client.calls).toHaveLength(4);
  });

  it('fails the whole read when a later page fails: no partial ticket', async () => {
    const client = fakeClient(({ url }) => {
      if (url.includes('page=2')) throw { status: 500 };
      return {
        audits: [auditOn(1)],
        next_page: '/api/v2/tickets/7/audits.json?include=users&page=2',
      };
    });
    await expect(readAudits(client, '7', noWait)).rejects.toBeInstanceOf(ZendeskRequestError);
  });

  it('refuses a page that is not in Zendesk’s shape', async () => {
    const client = fakeClient(() => ({ audits: [{ id: 'x' }] }));
    await expect(readAudits(client, '7', noWait)).rejects.toThrow(/unexpected audits page/);
  });
});

describe('tags', () => {
  it('wants ai_used, one tag per tool and exactly one outcome tag, and nothing without usage', () => {
    expect(wantedTags('aicm_', { outcome: 'ai_resolved', tools: ['crm', 'kb'] }, true)).toEqual([
      'aicm_ai_used',
      'aicm_tool_crm',
      'aicm_tool_kb',
      'aicm_outcome_ai_resolved',
    ]);
    expect(wantedTags('aicm_', { outcome: 'no_ai', tools: [] }, false)).toEqual([]);
  });

  it('keeps the disputed tag once a charge was disputed', () => {
    expect(wantedTags('aicm_', { outcome: 'ai_resolved', tools: [] }, true, true)).toEqual([
      'aicm_ai_used',
      'aicm_outcome_ai_resolved',
      'aicm_disputed',
    ]);
    // A stale outcome tag goes; the disputed tag stays.
    expect(
      tagChange('aicm_', wantedTags('aicm_', { outcome: 'assisted', tools: [] }, true, true), [
        'aicm_ai_used',
        'aicm_outcome_ai_resolved',
        'aicm_disputed',
      ]),
    ).toEqual({ add: ['aicm_outcome_assisted'], remove: ['aicm_outcome_ai_resolved'] });
  });

  it('replaces a stale outcome tag and never touches tags of others', () => {
    const change = tagChange(
      'aicm_',
      ['aicm_ai_used', 'aicm_outcome_ai_resolved'],
      ['vip', 'aicm_ai_used', 'aicm_outcome_pending_confirmation', 'aicmx'],
    );
    expect(change).toEqual({
      add: ['aicm_outcome_ai_resolved'],
      remove: ['aicm_outcome_pending_confirmation'],
    });
    expect(isEmptyChange(tagChange('aicm_', ['aicm_ai_used'], ['aicm_ai_used', 'vip']))).toBe(true);
  });

  it('writes with safe_update and the ticket’s stamp, and reports a conflict as such', async () => {
    const client = fakeClient(() => {
      throw { status: 409 };
    });
    await expect(
      writeTags(client, '7', { add: ['a'], remove: ['b'] }, '2026-11-02T09:00:00Z', noWait),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(JSON.parse(client.calls[0]!.data!)).toEqual({
      ticket: {
        additional_tags: ['a'],
        remove_tags: ['b'],
        safe_update: true,
        updated_stamp: '2026-11-02T09:00:00Z',
      },
    });
    expect(client.calls[0]?.type).toBe('PUT');
  });

  it('does not retry a failure that is not a rate limit', async () => {
    const client = fakeClient(() => {
      throw { status: 500 };
    });
    await expect(zendeskRequest(client, { url: '/x' }, noWait)).rejects.toMatchObject({
      code: 'failed',
      status: 500,
    });
    expect(client.calls).toHaveLength(1);
  });
});

describe('settings', () => {
  it('applies the defaults and parses the AI user ids and the default plan', () => {
    const s = parseSettings({
      ai_agent_user_ids: '900, 901 ,902',
      backend_url: 'https://meter.example.com/',
      default_plan: JSON.stringify({
        id: 'p',
        name: 'P',
        version: 1,
        currency: 'EUR',
        model: 'outcome',
        pricePerResolution: '1',
      }),
      csat_good_threshold: null,
    });
    expect([...s.aiAgentUserIds]).toEqual(['900', '901', '902']);
    expect(s).toMatchObject({
      backendUrl: 'https://meter.example.com',
      handoffTag: 'ai_handoff',
      tagPrefix: 'aicm_',
      csatGoodThreshold: 4,
    });
    expect(s.defaultPlan?.currency).toBe('EUR');
    expect(s.toolNames.size).toBe(0);
  });

  it('reads the tool labels agents see', () => {
    const s = parseSettings({ tool_names: '{"order_lookup": " Order status ", "crm": "CRM"}' });
    expect([...s.toolNames]).toEqual([
      ['order_lookup', 'Order status'],
      ['crm', 'CRM'],
    ]);
  });

  it.each([
    [{ ai_agent_user_ids: 'bot' }, 'ai_agent_user_ids'],
    [{ backend_url: 'ftp://x' }, 'backend_url'],
    [{ csat_good_threshold: '9' }, 'csat_good_threshold'],
    [{ tag_prefix: 'Has Spaces' }, 'tag_prefix'],
    [{ default_plan: '{"id":"p"' }, 'default_plan'],
    [
      { default_plan: '{"id":"p","name":"P","version":1,"currency":"USD","model":"outcome"}' },
      'default_plan',
    ],
    [{ tool_names: 'order_lookup=Orders' }, 'tool_names'],
    [{ tool_names: '["Orders"]' }, 'tool_names'],
    [{ tool_names: '{"order_lookup": ""}' }, 'tool_names'],
    [{ tool_names: '{"order_lookup": 3}' }, 'tool_names'],
  ])('names the setting at fault: %j', (raw, setting) => {
    expect(() => parseSettings(raw)).toThrow(SettingsError);
    try {
      parseSettings(raw);
    } catch (error) {
      expect((error as SettingsError).setting).toBe(setting);
    }
  });
});
