// @vitest-environment happy-dom
/**
 * The report's outcome metrics follow its grouping: when the grouping changes, the minutes split
 * by the old one are not shown under the new one's name while the new answer is on its way.
 * The backend client is the app's own, over a ZAF client whose answers the test releases.
 */
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../../src/app/i18n/i18n.js';
import { OutcomeMetricsView } from '../../../src/app/nav/OutcomeMetricsView.js';
import { Backend } from '../../../src/app/sync/backend.js';
import type { OutcomeMetrics } from '../../../src/pricing/index.js';
import type { ZafClient, ZafRequestOptions } from '../../../src/zendesk/client.js';
import { dictionary } from '../i18n/dictionaries.js';

afterEach(cleanup);

const BASE = 'https://backend.test';

/** The route's answer (its period, then the core's metrics), split by `groups`. */
function metrics(
  groups: { key: string; saved: string }[],
): OutcomeMetrics & { from: string; to: string } {
  return {
    from: '2026-11-01T00:00:00Z',
    to: '2026-12-01T00:00:00Z',
    tickets: 3,
    humanMinutesSpent: '12.00',
    humanMinutesSaved: '30.00',
    cohorts: [],
    groups: groups.map((g) => ({
      key: g.key,
      tickets: 1,
      humanMinutesSpent: '4.00',
      humanMinutesSaved: g.saved,
    })),
  };
}

/** A ZAF client that holds each request until the test answers it, by its `groupBy`. */
function heldClient() {
  const waiting = new Map<string, (answer: unknown) => void>();
  const client = {
    request: <T,>(options: ZafRequestOptions) =>
      new Promise<T>((resolve) => {
        const grouping = new URL(options.url).searchParams.get('groupBy') ?? '';
        waiting.set(grouping, resolve as (answer: unknown) => void);
      }),
  } as unknown as ZafClient;
  const answer = async (grouping: string, body: unknown) => {
    const resolve = waiting.get(grouping);
    if (!resolve) throw new Error(`no request grouped by ${grouping}`);
    await act(async () => resolve(body));
  };
  return { client, answer };
}

const keys = () =>
  [...document.querySelectorAll('[data-testid="minutes-by-group"] tbody tr')].map((r) =>
    r.getAttribute('data-key'),
  );

describe('the outcome metrics by grouping', () => {
  it('shows no split by the old grouping under the new one while its answer is pending', async () => {
    const { client, answer } = heldClient();
    const backend = new Backend(client, BASE, 'demo');
    const i18n = translator('en', [dictionary('en')]);
    const props = { backend, period: 'from=a&to=b', currency: 'USD', i18n };
    const view = render(<OutcomeMetricsView {...props} grouping="channel" />);
    await answer('channel', metrics([{ key: 'email', saved: '30.00' }]));
    expect(keys()).toEqual(['email']);

    view.rerender(<OutcomeMetricsView {...props} grouping="group" />);
    // The channel split is gone at once; the totals stay until the new answer comes.
    expect(keys()).toEqual([]);
    expect(screen.getByTestId('human-minutes').textContent).toContain('30');
    await answer('group', metrics([{ key: 'Billing', saved: '10.00' }]));
    expect(keys()).toEqual(['Billing']);
  });
});
