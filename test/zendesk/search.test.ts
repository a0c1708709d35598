/**
 * Reading a past month's handling times of tickets without AI from Zendesk's Export Search
 * Results endpoint, against the workspace's emulation of it over the demo fixtures.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureHandlingMinutes } from '../../src/pricing/index.js';
import { loadFixtures, WorkspaceStore } from '../../src/workspace/fixtures.js';
import { zendeskApi } from '../../src/workspace/zendesk-api.js';
import type { ZafClient } from '../../src/zendesk/client.js';
import { handlingTimesWithoutAi, withoutAiQuery } from '../../src/zendesk/search.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'examples', 'zendesk', 'demo.json');
// The fixtures' own clock: no shift, so their October stays October.
const NOW = new Date('2026-11-20T12:00:00Z');
const OPTIONS = { month: '2026-10', tagPrefix: 'aicm_', fieldId: '360000001' };

function zendesk() {
  const store = new WorkspaceStore(loadFixtures(FIXTURES, NOW));
  const api = zendeskApi(store, { pageSize: 2 });
  const urls: string[] = [];
  const client = {
    async request<T>(options: { url: string }): Promise<T> {
      urls.push(options.url);
      const response = await api.request(options.url);
      const body = await response.json();
      if (!response.ok) throw { status: response.status, responseJSON: body };
      return body as T;
    },
  } as unknown as ZafClient;
  return { store, client, api, urls };
}

describe('handling times of tickets without AI', () => {
  it('asks for the month’s solved tickets without the AI tag', () => {
    expect(withoutAiQuery('2026-10', 'aicm_')).toBe(
      'type:ticket solved>2026-09-30 solved<2026-11-01 -tags:aicm_ai_used',
    );
    expect(withoutAiQuery('2026-01', 'x_')).toBe(
      'type:ticket solved>2025-12-31 solved<2026-02-01 -tags:x_ai_used',
    );
  });

  it('reads every page and each ticket’s time tracking field, null where it has none', async () => {
    const z = zendesk();
    const times = await handlingTimesWithoutAi(z.client, OPTIONS);
    expect(times).toEqual({ totals: [540, 1260, 900, null], truncated: false });
    expect(measureHandlingMinutes(times.totals)).toEqual({
      tickets: 3,
      withoutTime: 1,
      minutes: '15.000000',
    });
    expect(z.urls[0]).toContain('filter%5Btype%5D=ticket');
  });

  it('leaves out a ticket once it carries the AI tag, and a ticket solved in another month', async () => {
    const z = zendesk();
    z.store.setTags(z.store.ticket(202)!, 2, ['aicm_ai_used']);
    expect((await handlingTimesWithoutAi(z.client, OPTIONS)).totals).toEqual([540, 900, null]);
    expect(
      (await handlingTimesWithoutAi(z.client, { ...OPTIONS, month: '2026-09' })).totals,
    ).toEqual([]);
  });

  it('follows the cursor across pages of 100', async () => {
    const z = zendesk();
    const template = z.store.ticket(201)!;
    for (let i = 0; i < 150; i++)
      z.store.fixtures.tickets.push({
        ...structuredClone(template),
        ticket: { ...template.ticket, id: 5000 + i },
      });
    const times = await handlingTimesWithoutAi(z.client, OPTIONS);
    expect(times.totals).toHaveLength(154);
    expect(z.urls).toHaveLength(2);
    expect(z.urls[1]).toContain('page%5Bafter%5D=');
  });

  it('fails whole on a malformed page rather than measuring part of the month', async () => {
    const client = {
      request: async () => ({ results: [{ custom_fields: 'nope' }] }),
    } as unknown as ZafClient;
    await expect(handlingTimesWithoutAi(client, OPTIONS)).rejects.toThrow(/unexpected search/);
  });

  it('is refused by the emulation for a query term it does not answer', async () => {
    const z = zendesk();
    const r = await z.api.request(
      '/api/v2/search/export.json?filter[type]=ticket&query=type:ticket%20assignee:me',
    );
    expect(r.status).toBe(400);
    const noType = await z.api.request('/api/v2/search/export.json?query=type:ticket');
    expect(noType.status).toBe(400);
  });
});
