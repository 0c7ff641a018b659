/**
 * An advisory lock between cosell processes: a lock file created exclusively beside the file it
 * guards. It names its holder (pid, host), so a lock left by a process that died (`kill -9`, a
 * crash) is recognised as stale and broken; a lock held by a live process is waited for. A holder
 * on another machine cannot be asked whether it lives: its lock counts as stale once it has not
 * been refreshed for a while (holders refresh theirs; a CI cache restores an old one).
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, open, rename, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { CAP, readBounded, UnsafeFileError } from './bounded-read.js';
import { CosellError } from './errors.js';
import { sleep } from './lists.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** Tells this holder's lock from a later one of the same process. */
  token: string;
}

export interface LockOptions {
  /** How long to wait for a live holder before giving up; default 10 s. */
  waitMs?: number;
  /** Told once, when the lock is found held, before waiting for it. */
  onWait?: (holder: LockHolder | undefined, lockFile: string) => void;
}

export interface Lock {
  readonly file: string;
  release(): Promise<void>;
}

/** A lock file that holds no holder yet is being written; past this age its writer died. */
const EMPTY_LOCK_STALE_MS = 5_000;
/** How often a holder refreshes its lock's time, and the age past which another machine's lock is stale. */
const REFRESH_MS = 10_000;
const FOREIGN_LOCK_STALE_MS = 60_000;

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string' && typeof h.since === 'string')
      return h as LockHolder;
  } catch {
    // not written yet, or not ours: see isStale
  }
  return undefined;
}

/** A lock file's text, read as bounded-read.ts reads any file cosell keeps: no link, no FIFO, a few KB. */
async function readLockText(path: string): Promise<string> {
  return (await readBounded(path, CAP.lock)).toString('utf8');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** A holder on this machine whose process is gone, or one elsewhere that stopped refreshing its lock. */
function isStale(holder: LockHolder | undefined, ageMs: number): boolean {
  if (!holder) return ageMs > EMPTY_LOCK_STALE_MS;
  if (holder.host !== hostname()) return ageMs > FOREIGN_LOCK_STALE_MS;
  return !processAlive(holder.pid);
}

async function tryCreate(lockFile: string, holder: LockHolder): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockFile, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await handle.writeFile(JSON.stringify(holder));
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Removes a stale lock without removing a fresh one that another waiter took meanwhile: the lock
 * is first moved aside, and put back if what was moved is not the stale one that was read.
 */
async function breakStale(lockFile: string, staleText: string): Promise<void> {
  const aside = `${lockFile}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(lockFile, aside);
  } catch {
    return; // already gone: someone else broke it
  }
  const moved = await readLockText(aside).catch(() => staleText);
  if (moved !== staleText) await link(aside, lockFile).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function describe(holder: LockHolder | undefined): string {
  return holder ? `pid ${holder.pid} on ${holder.host}, since ${holder.since}` : 'a process that has not written its name yet';
}

/** Takes the lock `${file}.lock`, waiting for a live holder up to `waitMs`. */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<Lock> {
  const lockFile = `${file}.lock`;
  const waitMs = options.waitMs ?? 10_000;
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const mine = JSON.stringify(me);
  const deadline = Date.now() + waitMs;
  let told = false;
  let pause = 10;
  for (;;) {
    if (await tryCreate(lockFile, me)) break;
    let text: string;
    let ageMs = 0;
    try {
      text = await readLockText(lockFile);
      ageMs = Date.now() - (await lstat(lockFile)).mtimeMs;
    } catch (err) {
      if ((err instanceof UnsafeFileError && err.missing) || (err as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
      if (!(err instanceof UnsafeFileError)) throw err;
      // A link, a FIFO, a directory or a large file was planted there: never followed, waited on or read on.
      throw new CosellError(`${lockFile} is not a lock cosell wrote: ${err.message}. Delete ${lockFile} and run again`);
    }
    const holder = parseHolder(text);
    if (isStale(holder, ageMs)) {
      await breakStale(lockFile, text);
      await sleep(Math.random() * 10); // waiters that found it stale together do not collide again
      continue;
    }
    if (Date.now() >= deadline)
      throw new CosellError(
        `${file} is in use by another cosell process (${describe(holder)}); ` +
          (waitMs > 0 ? `waited ${Math.ceil(waitMs / 1000)} s for it. ` : 'two processes cannot share it. ') +
          `If no such process is running, delete ${lockFile}`,
      );
    if (!told) {
      told = true;
      options.onWait?.(holder, lockFile);
    }
    await sleep(pause + Math.random() * pause);
    pause = Math.min(pause * 2, 250);
  }
  let released = false;
  const refresh = setInterval(() => {
    const now = new Date();
    utimes(lockFile, now, now).catch(() => undefined);
  }, REFRESH_MS);
  refresh.unref();
  return {
    file: lockFile,
    async release() {
      if (released) return;
      released = true;
      clearInterval(refresh);
      // Only our own lock is removed: never one that replaced it after it was (wrongly) broken.
      if ((await readLockText(lockFile).catch(() => '')) === mine) await unlink(lockFile).catch(() => undefined);
    },
  };
}

/** Runs `fn` holding the lock on `file`. */
export async function withLock<T>(file: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = await acquireLock(file, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
