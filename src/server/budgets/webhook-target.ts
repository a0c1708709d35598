/**
 * Where the backend may send an alert (the SSRF guard). A tenant's admin chooses the URL, and
 * the backend then POSTs to it from inside the operator's network, so a URL must not reach what
 * only that network can: the URL is https, and every address its host resolves to is a public
 * unicast one. Refused: private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback (127/8, ::1),
 * link-local (169.254/16, fe80::/10), CGNAT (100.64/10), multicast (224/4, ff00::/8),
 * unspecified (0/8, ::), the reserved and documentation ranges, and cloud metadata endpoints
 * (169.254.169.254 and fd00:ec2::254 fall in the ranges above; Azure's 168.63.129.16 is named).
 * An IPv6 address that carries an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96,
 * 6to4 2002::/16) is judged by the IPv4 address it carries; IPv4-compatible ::/96 and Teredo
 * are refused whole.
 *
 * The one exception is an explicit opt-in for development and tests
 * (`ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP`): a host on loopback, over http or https. Nothing else
 * private is ever allowed.
 *
 * The check runs when the admin sets the URL and again before each delivery (DNS can change
 * between the two), and a delivery connects to the very address that was checked (see
 * {@link postPinned}), so a host that answers DNS differently the second time (rebinding)
 * cannot move the connection elsewhere after its check.
 * @module
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

export type AddressClass =
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'reserved'
  | 'metadata';

const V4: readonly [string, number, AddressClass][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
  ['168.63.129.16', 32, 'metadata'],
];

const V6: readonly [string, number, AddressClass][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved'],
  ['64:ff9b:1::', 48, 'reserved'],
  ['100::', 64, 'reserved'],
  ['2001::', 32, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  ['fd00:ec2::254', 128, 'metadata'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'reserved'],
  ['ff00::', 8, 'multicast'],
];

/** One block list per class, so a refusal can say which; the order above is the precedence. */
function lists(table: readonly [string, number, AddressClass][], family: 'ipv4' | 'ipv6') {
  return table.map(([net, prefix, kind]) => {
    const list = new BlockList();
    list.addSubnet(net, prefix, family);
    return { list, kind };
  });
}
const V4_LISTS = lists(V4, 'ipv4');
const V6_LISTS = lists(V6, 'ipv6');

/** An IPv6 address's 16 bytes (any textual form, a trailing dotted quad included). */
function ipv6Bytes(text: string): number[] {
  let address = text.split('%')[0]!.toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    address = `${address.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = address.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const all =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return all.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** The IPv4 address an IPv6 one carries (mapped, NAT64, 6to4), if any. */
function embeddedIpv4(bytes: readonly number[]): string | null {
  const zero = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const quad = (at: number) => bytes.slice(at, at + 4).join('.');
  if (zero(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return quad(12);
  const nat64 = [0x00, 0x64, 0xff, 0x9b];
  if (nat64.every((b, i) => bytes[i] === b) && zero(4, 12)) return quad(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return quad(2);
  return null;
}

/** Why the backend must not connect to `address` (an IP literal), or null when it may. */
export function refusedAddressClass(address: string): AddressClass | null {
  const family = isIP(address);
  if (family === 4) return V4_LISTS.find((l) => l.list.check(address, 'ipv4'))?.kind ?? null;
  if (family !== 6) return 'reserved';
  const carried = embeddedIpv4(ipv6Bytes(address));
  if (carried !== null) return refusedAddressClass(carried);
  const plain = address.split('%')[0]!;
  return V6_LISTS.find((l) => l.list.check(plain, 'ipv6'))?.kind ?? null;
}

export interface TargetPolicy {
  /** Development and tests only: http(s) to a loopback host (ALERT_WEBHOOK_ALLOW_LOOPBACK_HTTP). */
  readonly allowLoopback: boolean;
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** A host's addresses; injected in tests, DNS otherwise. */
export type HostResolver = (host: string) => Promise<readonly ResolvedAddress[]>;

/** How long a resolution may take: a hung resolver must not hold a request or the ticker. */
const RESOLVE_TIMEOUT_MS = 5_000;

export const dnsResolver: HostResolver = async (host) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('DNS lookup timed out')), RESOLVE_TIMEOUT_MS);
  });
  try {
    const found = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } finally {
    clearTimeout(timer);
  }
};

/** A URL that passed the guard, and the address a delivery connects to. */
export interface WebhookTarget {
  readonly url: URL;
  readonly address: ResolvedAddress;
}

export type TargetCheck =
  | { readonly ok: true; readonly target: WebhookTarget }
  | { readonly ok: false; readonly reason: string };

/** The host of a URL as a resolver or an IP check reads it (IPv6 without its brackets). */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks a URL against the guard: its scheme, then every address its host resolves to. The
 * first address is the one to connect to; all must pass, so that no answer of the resolver's
 * can point a connection inward.
 */
export async function checkWebhookTarget(
  text: string,
  policy: TargetPolicy,
  resolve: HostResolver,
): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'expected an https URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: 'expected an https URL' };
  const host = hostOf(url);
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) as 4 | 6 }] : await resolve(host);
  } catch {
    return { ok: false, reason: `the host ${host} does not resolve` };
  }
  if (addresses.length === 0) return { ok: false, reason: `the host ${host} does not resolve` };
  const classes = addresses.map((a) => refusedAddressClass(a.address));
  const loopbackOnly = classes.every((c) => c === 'loopback');
  if (policy.allowLoopback && loopbackOnly)
    return { ok: true, target: { url, address: addresses[0]! } };
  if (url.protocol !== 'https:') return { ok: false, reason: 'expected an https URL' };
  const refused = classes.find((c) => c !== null);
  if (refused)
    return {
      ok: false,
      reason: `the host ${host} resolves to a ${refused} address, which alerts are never sent to`,
    };
  return { ok: true, target: { url, address: addresses[0]! } };
}

export interface PostResult {
  readonly status: number;
}

/**
 * POSTs `body` to the target, connecting to its checked address: node's http(s) client is
 * given a `lookup` that answers that address alone, so no second DNS answer is used. TLS is
 * still verified against the URL's host name (SNI and the certificate's name), as without the
 * pin. Redirects are not followed (a 3xx is an answer like any other non-2xx).
 */
export function postPinned(
  target: WebhookTarget,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<PostResult> {
  const { url, address } = target;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
        lookup: (_host, options, callback) => {
          if ((options as { all?: boolean }).all)
            (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [address]);
          else callback(null, address.address, address.family);
        },
      },
      (res) => {
        // The answer's body is not read beyond what frees the connection: it is not ours.
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
