/**
 * Start-up (`npm run bench:start`), as whole processes:
 * - the compiled CLI's `ai-cost check-plan` beside a bare `node -e 0`, interleaved in the same
 *   run (target: at most 1.5 times the bare start);
 * - the first `npm start` on a fresh copy of the project (its tracked and unignored files, no
 *   build, no data; node_modules linked, as the install is not what is measured): the build,
 *   then the time until the workspace answers and the backend serves a seeded demo ticket
 *   (target: within 10 s after the build). The build's end is when build/cli/metafile.json,
 *   the last file it writes, appears. Then the same again with the database already created
 *   (`ai-cost workspace`, as `npm start` runs it after its build), which tells how much of the
 *   first start is PGlite creating its database.
 * Options: --runs=N (30) CLI starts, --starts=N (3) fresh copies; each figure is a median.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SignJWT } from 'jose';
import { markdownTable, median } from '../measure.js';

const ROOT = join(import.meta.dirname, '..', '..');
const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const RUNS = Number(args.get('runs') ?? 30);
const STARTS = Number(args.get('starts') ?? 3);

function wallMs(command: string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(command[0]!, command.slice(1), { cwd, stdio: 'ignore' });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command.join(' ')} exited with ${result.status}`);
  return ms;
}

/** Medians of the bare start and of the CLI, run alternately so both see the same machine. */
function cliStart(): { bare: number; cli: number } {
  execFileSync(process.execPath, ['scripts/build-cli.js'], { cwd: ROOT, stdio: 'inherit' });
  const bare = [process.execPath, '-e', '0'];
  const cli = [process.execPath, 'bin/ai-cost.js', 'check-plan', 'examples/plans/per-use.json'];
  for (let i = 0; i < 3; i++) {
    wallMs(bare, ROOT);
    wallMs(cli, ROOT);
  }
  const samples = { bare: [] as number[], cli: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    samples.bare.push(wallMs(bare, ROOT));
    samples.cli.push(wallMs(cli, ROOT));
  }
  return { bare: median(samples.bare), cli: median(samples.cli) };
}

/** A copy of the project as a clone of it would be, before its first start. */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aicm-first-start-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the first match of `pattern` in the child's output. */
function awaitLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk;
      const match = pattern.exec(out);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
}

/** The backend's view of demo ticket 101, asked as the app asks (a JWT the proxy would sign). */
async function seededTicket(dir: string, backend: string): Promise<boolean> {
  const { account, sharedSecret } = JSON.parse(
    readFileSync(join(dir, '.data', 'workspace-demo.json'), 'utf8'),
  );
  const iat = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ iss: account, iat })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(iat + 300)
    .sign(new TextEncoder().encode(sharedSecret));
  const response = await fetch(`${backend}/v1/tickets/101`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { breakdown?: { ticketId?: string } };
  return response.status === 200 && body.breakdown?.ticketId === '101';
}

/** Until the workspace answers and the backend serves a seeded ticket; then stops it all. */
async function untilAnswered(dir: string, command: string[], since: () => number) {
  // Ports 0: the benchmark must not collide with a workspace already running here.
  const child = spawn(command[0]!, [...command.slice(1), '--port', '0', '--backend-port', '0'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  try {
    const [backend, workspace] = await Promise.all([
      awaitLine(child, /Companion backend on (http:\/\/\S+)/),
      awaitLine(child, /Local Zendesk workspace on (http:\/\/\S+)/),
    ]);
    while (true) {
      const page = await fetch(workspace).catch(() => null);
      if (page?.ok && (await seededTicket(dir, backend))) break;
      await sleep(10);
    }
    return performance.now() - since();
  } finally {
    // The whole group: npm, its shell and the workspace it started.
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function firstStart(): Promise<{ build: number; start: number; again: number }> {
  const dir = freshCopy();
  try {
    const started = performance.now();
    let built = Number.NaN;
    const watching = (async () => {
      while (!existsSync(join(dir, 'build/cli/metafile.json'))) await sleep(10);
      built = performance.now();
    })();
    const start = await untilAnswered(dir, ['npm', 'start', '--'], () => built);
    await watching;
    const restarted = performance.now();
    const again = await untilAnswered(
      dir,
      [process.execPath, 'bin/ai-cost.js', 'workspace'],
      () => restarted,
    );
    return { build: built - started, start, again };
  } finally {
    await sleep(500);
    rmSync(dir, { recursive: true, force: true });
  }
}

const cli = cliStart();
const starts = [];
for (let i = 0; i < STARTS; i++) starts.push(await firstStart());
const first = {
  build: median(starts.map((r) => r.build)),
  start: median(starts.map((r) => r.start)),
  again: median(starts.map((r) => r.again)),
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  markdownTable(
    ['start', 'measured', 'baseline', 'ratio / target'],
    [
      [
        `\`ai-cost check-plan examples/plans/per-use.json\`, whole process (median of ${RUNS})`,
        `${cli.cli.toFixed(1)} ms`,
        `${cli.bare.toFixed(1)} ms (\`node -e 0\`)`,
        `${(cli.cli / cli.bare).toFixed(2)}×; target ≤ 1.5× ${cli.cli / cli.bare <= 1.5 ? '✓' : '✗'}`,
      ],
      [
        `first \`npm start\` on a fresh copy (median of ${STARTS}): the build`,
        s(first.build),
        '—',
        '—',
      ],
      [
        'then until the workspace answers with the demo backend seeded',
        s(first.start),
        '—',
        `target ≤ 10 s ${first.start <= 10_000 ? '✓' : '✗'}`,
      ],
      ['a second start, on the database the first created', s(first.again), '—', '—'],
    ],
  ),
);
console.log(`\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
