/**
 * The alert webhook's SSRF guard: each address class refused (IPv4, IPv6, IPv4 carried in
 * IPv6), https required, loopback over http only with the explicit opt-in; refused with a 400
 * naming `url` when the admin sets it, and at delivery time (the host's DNS answer changed)
 * logged as one refused attempt with no retry; a delivery connects to the address that was
 * checked, not to a second DNS answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeDigest } from '../../src/api/budgets.js';
import { deliveriesOf } from '../../src/server/budgets/delivery.js';
import { budgetTick } from '../../src/server/budgets/ticker.js';
import {
  checkWebhookTarget,
  dnsResolver,
  type HostResolver,
  refusedAddressClass,
} from '../../src/server/budgets/webhook-target.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import { type Receiver, startReceiver, usage } from './alert-receiver.js';
import {
  activatePlan,
  appToken,
  type Backend,
  call,
  ENGINES,
  startBackend,
  USAGE_PLAN,
} from './harness.js';
import { emulatedZendesk } from './zendesk-emulation.js';

describe('the address classes alerts are never sent to', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.0.192', 'reserved'],
    ['168.63.129.16', 'metadata'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['::10.0.0.1', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(refusedAddressClass(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '100.63.255.255',
    '100.128.0.0',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
  ])('%s is public', (address) => {
    expect(refusedAddressClass(address)).toBeNull();
  });
});

describe('resolving a destination’s host', () => {
  it('answers every address, each judged (localhost, from the hosts file: loopback)', async () => {
    const found = await dnsResolver('localhost');
    expect(found.length).toBeGreaterThan(0);
    for (const a of found) expect(refusedAddressClass(a.address)).toBe('loopback');
    await expect(dnsResolver('nothing.invalid')).rejects.toThrow();
  });
});

describe('checking a destination URL', () => {
  const resolving =
    (...addresses: string[]): HostResolver =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const off = { allowLoopback: false };
  const on = { allowLoopback: true };

  it('needs https to a host whose every address is public', async () => {
    expect((await checkWebhookTarget('https://h.example/x', off, resolving('8.8.8.8'))).ok).toBe(
      true,
    );
    const http = await checkWebhookTarget('http://h.example/x', off, resolving('8.8.8.8'));
    expect(http).toEqual({ ok: false, reason: 'expected an https URL' });
    const mixed = await checkWebhookTarget('https://h.example/', off, resolving('8.8.8.8', '::1'));
    expect(mixed).toMatchObject({ ok: false, reason: expect.stringContaining('loopback') });
    const mapped = await checkWebhookTarget('https://[::ffff:a9fe:a9fe]/', off, resolving());
    expect(mapped).toMatchObject({ ok: false, reason: expect.stringContaining('link-local') });
    const unknown = await checkWebhookTarget('https://nowhere.invalid/', off, async () => {
      throw new Error('ENOTFOUND');
    });
    expect(unknown).toMatchObject({ ok: false, reason: expect.stringContaining('resolve') });
  });

  it('allows loopback (http too) only with the opt-in, and nothing else private with it', async () => {
    const local = 'http://127.0.0.1:9999/hook';
    expect((await checkWebhookTarget(local, off, resolving())).ok).toBe(false);
    expect((await checkWebhookTarget(local, on, resolving())).ok).toBe(true);
    expect((await checkWebhookTarget('http://localhost/', on, resolving('::1'))).ok).toBe(true);
    expect((await checkWebhookTarget('http://10.0.0.1/', on, resolving())).ok).toBe(false);
    expect((await checkWebhookTarget('https://192.168.0.1/', on, resolving())).ok).toBe(false);
    expect((await checkWebhookTarget('http://h.example/', on, resolving('8.8.8.8'))).ok).toBe(
      false,
    );
  });
});

const emulation = emulatedZendesk();
const store = emulation.store;

describe.each(ENGINES)('the guard at the routes and at delivery, on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;
  let admin: string;
  let receiver: Receiver;
  /** What the host names resolve to in this test: DNS as the test wants it. */
  const dns = new Map<string, string>();

  beforeAll(async () => {
    b = await startBackend(engine, { ZENDESK_API_BASE: emulation.url });
    Object.assign(b.services, {
      resolveHost: (async (host) => {
        const address = dns.get(host);
        if (!address) throw new Error('ENOTFOUND');
        return [{ address, family: address.includes(':') ? 6 : 4 }];
      }) satisfies HostResolver,
    });
    acme = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', USAGE_PLAN);
    await b.services.tenants.setZendeskAccess('acme', 'admin@acme.example', 'api-token', 77);
    admin = await appToken(acme, b.clock);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await b.close();
  });

  const setDestination = async (url: string) => {
    store.fixtures.settings.budget_change = await changeDigest('alert-destination', { url });
    return call(b, 'PUT', '/v1/alerts/destination', { token: admin, body: { url } });
  };

  it('refuses an inward destination as it is set, naming url, and stores nothing', async () => {
    dns.set('inward.example.com', '::ffff:192.168.0.10');
    dns.set('metadata.example.com', '169.254.169.254');
    for (const url of [
      'http://hooks.example.com/aicm',
      'https://10.1.2.3/aicm',
      'https://[::1]/aicm',
      'https://inward.example.com/aicm',
      'https://metadata.example.com/latest',
      'https://unresolvable.example.com/aicm',
      // The receiver itself: loopback over http, which this backend has not opted into.
      receiver.url,
    ]) {
      const r = await setDestination(url);
      expect(r.status, url).toBe(400);
      expect(r.json.error.field).toBe('url');
    }
    expect((await call(b, 'GET', '/v1/budgets', { token: admin })).json.destination).toBeNull();
  });

  it('refuses at delivery when the host now resolves inward: one refused attempt, no retry', async () => {
    dns.set('hooks.example.com', '93.184.215.14');
    expect((await setDestination('https://hooks.example.com/aicm')).status).toBe(200);
    const budgets = { currency: 'USD', account: '1.00', groups: {}, tools: {} };
    store.fixtures.settings.budget_change = await changeDigest('budgets', budgets);
    expect((await call(b, 'PUT', '/v1/budgets', { token: admin, body: budgets })).status).toBe(200);
    const posted = await call(b, 'POST', '/v1/usage-events', {
      token: acme.ingestKey,
      body: { events: usage('501', '2026-11-20T08:00:00Z', 2) },
    });
    expect(posted.status).toBe(200);
    // The name now points at the cloud's metadata service (DNS rebinding).
    dns.set('hooks.example.com', '169.254.169.254');
    await budgetTick(b.services);
    const alerts = (await call(b, 'GET', '/v1/alerts', { token: admin })).json.alerts;
    expect(alerts.length).toBe(3);
    const tenant = (await b.services.tenants.byAccount('acme'))!;
    for (const alert of alerts) {
      expect(alert).toMatchObject({ delivery: 'failed', attempts: 1 });
      const log = await deliveriesOf(b.services.database.db, tenant.id, Number(alert.id));
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ status: null });
      expect(log[0]!.error).toMatch(/^refused: .*link-local/);
    }
    // Later ticks, even an hour on, send nothing and log nothing more.
    b.clock = new Date(b.clock.getTime() + 3_600_000);
    await budgetTick(b.services);
    const later = await appToken(acme, b.clock);
    const after = (await call(b, 'GET', '/v1/alerts', { token: later })).json.alerts;
    expect(after.map((a: { attempts: number }) => a.attempts)).toEqual([1, 1, 1]);
    expect(receiver.requests).toHaveLength(0);
  });
});

describe.each(ENGINES)('a delivery connects to the address checked, on $name', (engine) => {
  let b: Backend;
  let receiver: Receiver;

  beforeAll(async () => {
    b = await startBackend(engine, { ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true' });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await b.close();
  });

  it('sends to the resolved loopback address under the URL’s own host name', async () => {
    const port = new URL(receiver.url).port;
    // No DNS knows this name: the send reaches the receiver only through the checked address.
    Object.assign(b.services, {
      resolveHost: (async () => [{ address: '127.0.0.1', family: 4 }]) satisfies HostResolver,
    });
    const secrets = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', USAGE_PLAN);
    const tenant = (await b.services.tenants.byAccount('acme'))!;
    await b.services.budgets.replace(
      tenant.id,
      [{ scope: 'account', value: '', currency: 'USD', amountMinor: 100n }],
      b.clock,
    );
    const url = `http://receiver.aicm.invalid:${port}/hooks/aicm`;
    await b.services.budgets.setDestination(tenant.id, url, 'aicm_al_secret', b.clock);
    await call(b, 'POST', '/v1/usage-events', {
      token: secrets.ingestKey,
      body: { events: usage('601', '2026-11-20T08:00:00Z', 2) },
    });
    const { delivered } = await budgetTick(b.services);
    expect(delivered).toBe(3);
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.requests[0]!.headers.host).toBe(`receiver.aicm.invalid:${port}`);
  });
});
