/**
 * The embedded database's files are the ledger and the tenants' key hashes: only the user the
 * server runs as may read or change them. The directory is made 0700 and everything already in
 * it (written by an earlier version, or restored from a backup) loses its group and other
 * bits; new files are created under a 077 umask. PGlite writes its initial files 0666 whatever
 * the umask, so the database tightens the directory again once PGlite is ready.
 * @module
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** Takes the group and other bits off a directory and everything in it. */
export function tighten(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    chmodSync(path, 0o700);
    for (const entry of readdirSync(path)) tighten(join(path, entry));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(path, stat.mode & 0o700);
  }
}

/** Creates `dir` (and its parents) private to this user, and keeps what it holds private. */
export function privateDirectory(dir: string): void {
  // The umask is the process's: a worker thread cannot set it, and its directory's 0700 alone
  // keeps others out of the files in it.
  if (isMainThread) process.umask(process.umask() | 0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir);
}
