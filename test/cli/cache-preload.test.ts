import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { JobFactsCache } from '../../src/live/cache.js';
import { runCosell } from '../support/cli.js';
import { bigSeed, bigStack, emulator, tempDir } from '../live/support.js';
import { tempFiles } from '../support/files.js';

// The job cache's preload (src/live/cache.ts, JobFactsCache.preload) reads the file of the one
// account the cache dir holds at this endpoint before any listing names the account. A guess is
// only ever a read: only the account a listing names is pruned or written, and a corrupt file is
// reported (and discarded) only then. Found by a hostile review: the guess's corrupt file was
// reported as discarded, and left, on every run.

const OTHER = '123456789012';
const MINE = '210987654321';

/** The name cosell gives the cache file of an account at an endpoint (as the client spells the endpoint). */
function cacheFile(endpoint: string, account: string): string {
  const key = createHash('sha256').update(`${endpoint}\n${account}`).digest('hex').slice(0, 16);
  return `jobs-${account}-${key}.json`;
}

/** The endpoint as the cache keys it: read from the file a run against the emulator writes. */
async function cachedEndpoint(url: string, stack: string): Promise<string> {
  const dir = await tempDir();
  const run = await runCosell(['plan', stack, '--endpoint', url, '--cache-dir', dir]);
  expect(run.code).toBe(0);
  const [file] = (await readdir(dir)).filter((n) => n.startsWith('jobs-'));
  return (JSON.parse(await readFile(join(dir, file!), 'utf8')) as { endpoint: string }).endpoint;
}

describe('cosell plan with a cache dir holding only another account’s file', () => {
  it('the name this test computes is the one cosell writes (sanity)', async () => {
    const emu = await emulator({ ...bigSeed(2), account: MINE });
    try {
      const stack = tempFiles({ 'stack.yaml': bigStack(2) });
      const endpoint = await cachedEndpoint(emu.url, stack);
      const cacheDir = await tempDir();
      const run = await runCosell(['plan', stack, '--endpoint', emu.url, '--cache-dir', cacheDir]);
      expect(run.code).toBe(0);
      expect((await readdir(cacheDir)).filter((n) => n.startsWith('jobs-'))).toEqual([cacheFile(endpoint, MINE)]);
    } finally {
      await emu.close();
    }
  });

  // Not a word about a file of an account the run never listed, and the file left as it was.
  it.each([
    ['corrupt', '{"version": 1, "jobs": [tru'],
    ['empty', ''],
  ])('a %s file of another account is neither reported nor touched; the plan is the same', async (_kind, text) => {
    const emu = await emulator({ ...bigSeed(3), account: MINE });
    try {
      const stack = tempFiles({ 'stack.yaml': bigStack(3) });
      const clean = await runCosell(['plan', stack, '--endpoint', emu.url, '--cache-dir', await tempDir()]);
      expect(clean.code).toBe(0);

      const endpoint = await cachedEndpoint(emu.url, stack);
      const cacheDir = await tempDir();
      const theirs = join(cacheDir, cacheFile(endpoint, OTHER));
      await writeFile(theirs, text);
      const run = await runCosell(['plan', stack, '--endpoint', emu.url, '--cache-dir', cacheDir]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(clean.stdout);
      expect(await readFile(theirs, 'utf8')).toBe(text);
      expect(run.stderr).not.toContain(OTHER);
      expect(run.stderr).toBe(clean.stderr);
    } finally {
      await emu.close();
    }
  });
});

describe('cosell plan for an account with no job, whose own cache file is corrupt', () => {
  // No listing names the account (no job carries its ARN): the file is not the run's to discard,
  // and the run must not say that it does.
  it('says nothing about discarding it unless it is discarded', async () => {
    const seed = bigSeed(3);
    const sandbox = seed.catalogs!.Sandbox!;
    // The endpoint as the cache keys it, learnt from an emulator that has the jobs (same client, same spelling).
    const warm = await emulator({ ...seed, account: MINE });
    const stack = tempFiles({ 'stack.yaml': bigStack(3) });
    const endpoint = await cachedEndpoint(warm.url, stack);
    await warm.close();
    const emu = await emulator({ ...seed, account: MINE, catalogs: { Sandbox: { ...sandbox, snapshotJobs: [] } } });
    try {
      const cacheDir = await tempDir();
      const mine = join(cacheDir, cacheFile(endpoint.replace(warm.url.replace(/\/$/, ''), emu.url.replace(/\/$/, '')), MINE));
      const corrupt = '{"version": 1, "jobs": [tru';
      await writeFile(mine, corrupt);
      const run = await runCosell(['plan', stack, '--endpoint', emu.url, '--cache-dir', cacheDir]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/3 to add/);
      const claimed = /discarding it/.test(run.stderr);
      const discarded = (await readFile(mine, 'utf8')) !== corrupt;
      expect({ claimed, discarded }).not.toEqual({ claimed: true, discarded: false });
    } finally {
      await emu.close();
    }
  });
});

describe('JobFactsCache.preload on its own', () => {
  it('a guess the listing does not confirm says nothing about the guessed file', async () => {
    const dir = await tempDir();
    const endpoint = 'http://127.0.0.1:1';
    await writeFile(join(dir, cacheFile(endpoint, OTHER)), '{"version": 1, "jobs": [tru');
    const warnings: string[] = [];
    const cache = new JobFactsCache(dir, endpoint, (w) => warnings.push(w));
    cache.preload();
    // The guess's file read, given time (a file read takes a few turns; a loaded machine more).
    for (let i = 0; i < 400 && !cache.isLoaded(OTHER) && warnings.length === 0; i++) await sleep(5);
    await cache.load(MINE);
    expect(cache.isLoaded(MINE)).toBe(true);
    expect(warnings).toEqual([]);
  });
});
