/**
 * Memory over a soak (`npm run bench:soak -- --minutes=10`): a real `serve` process on PGlite
 * takes ingest, syncs and reports without pause; its heap after GC and its RSS are sampled every
 * 30 s from /metrics. Flat means the last samples are within a few MB of the first ones.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import { PROJECT_ROOT } from '../../src/workspace/demo.js';

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const MINUTES = Number(args.get('minutes') ?? 10);
const BIN = join(PROJECT_ROOT, 'bin', 'ai-cost.js');
const dataDir = mkdtempSync(join(tmpdir(), 'aicm-soak-'));
// PostgreSQL when DATABASE_URL is set (in a schema of its own), else embedded PGlite.
const schema = `soak_${Date.now().toString(36)}`;
const env = {
  ...process.env,
  LOG_LEVEL: 'warn',
  ...(process.env.DATABASE_URL
    ? { DATABASE_SCHEMA: schema, AICM_MASTER_KEY: '11'.repeat(32) }
    : { DATABASE_URL: '' }),
};

const created = spawnSync(
  process.execPath,
  [BIN, 'tenant', 'create', '--account', 'soak', '--json', '--data-dir', dataDir],
  { env, encoding: 'utf8' },
);
const secrets = JSON.parse(created.stdout) as { ingestKey: string; sharedSecret: string };
const child: ChildProcess = spawn(
  process.execPath,
  [BIN, 'serve', '--port', '0', '--data-dir', dataDir],
  { env, stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise<string>((resolve) => {
  let out = '';
  child.stdout!.on('data', (c) => {
    out += c;
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]!);
  });
});
const token = () =>
  new SignJWT({ iss: 'soak' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secrets.sharedSecret));

const samples: { minute: number; heapMb: number; rssMb: number }[] = [];
const started = Date.now();
let n = 0;
let stop = false;
async function sample() {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) =>
    Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0) / 1024 / 1024;
  samples.push({
    minute: (Date.now() - started) / 60_000,
    heapMb: read('nodejs_heap_used_bytes'),
    rssMb: read('process_resident_memory_bytes'),
  });
}
// Every 5 s: the lowest heap of each minute is the heap after its collections.
const sampler = setInterval(() => void sample(), 5_000);
await sample();
const load = (async () => {
  while (!stop) {
    const events = Array.from({ length: 200 }, (_, i) => ({
      ticketId: String(1 + ((n * 200 + i) % 2000)),
      id: `s${n}-${i}`,
      at: '2026-11-10T10:00:00Z',
      metric: 'conversation',
      quantity: 1,
    }));
    await fetch(`${url}/v1/usage-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    const auth = { authorization: `Bearer ${await token()}` };
    await fetch(`${url}/v1/tickets/${1 + (n % 2000)}`, { headers: auth });
    if (n % 20 === 0)
      await fetch(
        `${url}/v1/reports/summary?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=day`,
        { headers: auth },
      );
    n++;
  }
})();
await new Promise((r) => setTimeout(r, MINUTES * 60_000));
stop = true;
await load;
clearInterval(sampler);
await sample();
child.kill('SIGTERM');
rmSync(dataDir, { recursive: true, force: true });
if (process.env.DATABASE_URL) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
const byMinute = new Map<number, { heapMb: number; rssMb: number }>();
for (const x of samples) {
  const m = Math.floor(x.minute);
  const cur = byMinute.get(m);
  byMinute.set(m, {
    heapMb: Math.min(cur?.heapMb ?? Number.POSITIVE_INFINITY, x.heapMb),
    rssMb: Math.max(cur?.rssMb ?? 0, x.rssMb),
  });
}
for (const [m, x] of byMinute) {
  console.log(
    `minute ${String(m).padStart(2)}: lowest heap ${x.heapMb.toFixed(1)} MB, highest RSS ${x.rssMb.toFixed(1)} MB`,
  );
}
const minutes = [...byMinute.values()];
const first = minutes[1] ?? minutes[0]!;
const last = minutes.at(-2) ?? minutes.at(-1)!;
console.log(
  `\n${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: ${n} rounds (${n * 200} events). Lowest heap ${first.heapMb.toFixed(1)} MB in minute 1, ${last.heapMb.toFixed(1)} MB in the last full minute; RSS ${first.rssMb.toFixed(1)} to ${last.rssMb.toFixed(1)} MB.`,
);
