import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobFactsCache } from '../../src/live/cache.js';
import { observe } from '../../src/live/observe.js';
import { bigSeed, bigStack, emulator, stackFrom, tempDir } from './support.js';
import { testClient } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

describe('the job-facts cache', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(bigSeed(5));
  });
  afterAll(() => emu.close());

  it('is one file per endpoint and account, holding only immutable facts', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': bigStack(5) });
    const dir = await tempDir();
    await observe(desired, testClient(emu), { cache: new JobFactsCache(dir, emu.url) });
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^jobs-123456789012-[0-9a-f]{16}\.json$/);
    const body = JSON.parse(await readFile(join(dir, files[0]!), 'utf8')) as { endpoint: string; jobs: Record<string, object> };
    expect(body.endpoint).toBe(emu.url);
    expect(Object.values(body.jobs)).toHaveLength(5);
    for (const facts of Object.values(body.jobs))
      expect(Object.keys(facts).sort()).toEqual(['arn', 'catalog', 'engagement', 'opportunity', 'template']);
    // Another endpoint gets its own file.
    await observe(desired, testClient(emu), { cache: new JobFactsCache(dir, 'http://127.0.0.2:1') });
    expect(await readdir(dir)).toHaveLength(2);
  });

  it('a corrupt cache is discarded with a warning and rebuilt; the result is the same', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': bigStack(5) });
    const dir = await tempDir();
    const clean = await observe(desired, testClient(emu), { cache: new JobFactsCache(dir, emu.url) });
    const [file] = await readdir(dir);
    await writeFile(join(dir, file!), '{"version": 1, "jobs": [tru');
    const warnings: string[] = [];
    emu.resetStats();
    const again = await observe(desired, testClient(emu), { cache: new JobFactsCache(dir, emu.url, (w) => warnings.push(w)) });
    expect(again).toEqual(clean);
    expect(warnings).toEqual([expect.stringMatching(/^Warning: the job cache .* is corrupt .*; discarding it\.$/)]);
    expect(emu.stats().calls.GetResourceSnapshotJob).toBe(5);
    // Rebuilt: the next run is warm again, with no warning.
    emu.resetStats();
    await observe(desired, testClient(emu), { cache: new JobFactsCache(dir, emu.url, (w) => warnings.push(w)) });
    expect(emu.stats().calls.GetResourceSnapshotJob).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });

  it('an unwritable cache dir costs calls next time, nothing more', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': bigStack(5) });
    const blocker = join(await tempDir(), 'file');
    await writeFile(blocker, 'not a directory');
    const warnings: string[] = [];
    const live = await observe(desired, testClient(emu), {
      cache: new JobFactsCache(join(blocker, 'cache'), emu.url, (w) => warnings.push(w)),
    });
    expect(live.snapshotJobs).toHaveLength(5);
    expect(warnings).toEqual([expect.stringMatching(/^Warning: could not write the job cache /)]);
  });
  describe('preload: the file is read while the first pages are on their way', () => {
    const ACCOUNT = '123456789012';
    /** A cache dir that a warm run left: one file, this endpoint's, for the seed's account. */
    async function warmDir(): Promise<string> {
      const { desired } = await stackFrom({ 'stack.yaml': bigStack(5) });
      const dir = await tempDir();
      await observe(desired, testClient(emu), { cache: new JobFactsCache(dir, emu.url) });
      return dir;
    }
    /**
     * Waits until `done`, or `ms`: a file read takes a few turns of the event loop, and on a
     * loaded machine (the thread pool busy) much longer. A wait for what must not happen gives it
     * a second, many times what the read takes.
     */
    async function settle(done: () => boolean, ms = 5000): Promise<void> {
      for (const end = Date.now() + ms; !done() && Date.now() < end; ) await sleep(5);
    }
    /** A fresh cache over `dir`, preloaded: given the turns a file read takes to find ACCOUNT's file. */
    async function preloaded(dir: string, endpoint = emu.url, ms?: number): Promise<JobFactsCache> {
      const cache = new JobFactsCache(dir, endpoint);
      cache.preload();
      await settle(() => cache.isLoaded(ACCOUNT), ms);
      return cache;
    }

    it('loads the one account this cache has a file for at this endpoint, before anything names it', async () => {
      const cache = await preloaded(await warmDir());
      expect(cache.isLoaded(ACCOUNT)).toBe(true);
    });

    it('loads nothing when two accounts have a file at this endpoint, nor from another endpoint’s file', async () => {
      const dir = await warmDir();
      const [file] = await readdir(dir);
      // A second account's file for this endpoint, as a run with other credentials leaves it: preload cannot choose.
      const other = '210987654321';
      const otherRun = new JobFactsCache(dir, emu.url);
      await otherRun.load(other);
      otherRun.set('rsj-000000000000a', {
        arn: `arn:aws:partnercentral:us-east-1:${other}:catalog/AWS/resource-snapshot-job/rsj-000000000000a`,
        catalog: 'AWS',
        engagement: 'eng-abcdefghijklm',
        opportunity: 'O1234567',
        template: 'OpportunitySummary',
      });
      await otherRun.save();
      expect(await readdir(dir)).toHaveLength(2);
      const two = new JobFactsCache(dir, emu.url);
      two.preload();
      await settle(() => two.isLoaded(ACCOUNT) || two.isLoaded(other), 1000);
      expect([two.isLoaded(ACCOUNT), two.isLoaded(other)]).toEqual([false, false]);

      // Another endpoint's cache finds no file of its own in the same dir.
      const onlyOne = await tempDir();
      await copyFile(join(dir, file!), join(onlyOne, file!));
      expect((await preloaded(onlyOne, 'http://127.0.0.2:1', 1000)).isLoaded(ACCOUNT)).toBe(false);
    });

    it('a guess no listing confirms never prunes nor writes the guessed account’s file', async () => {
      const dir = await warmDir();
      const [file] = await readdir(dir);
      const before = await readFile(join(dir, file!), 'utf8');
      const cache = await preloaded(dir);
      expect(cache.isLoaded(ACCOUNT)).toBe(true);
      // Other credentials, whose account has no job: nothing names an account, every job looks gone.
      cache.retainOnly(new Set(), ['AWS', 'Sandbox']);
      await cache.save();
      expect(await readFile(join(dir, file!), 'utf8')).toBe(before);
    });

    it('a listing that names another account gets that account’s entries, never the guess’s', async () => {
      const dir = await warmDir();
      const cache = new JobFactsCache(dir, emu.url);
      cache.preload();
      await cache.load('210987654321');
      await settle(() => false, 1000);
      expect(cache.isLoaded('210987654321')).toBe(true);
      expect(cache.isLoaded(ACCOUNT)).toBe(false);
      const known = JSON.parse(await readFile(join(dir, (await readdir(dir))[0]!), 'utf8')) as { jobs: Record<string, { arn: string }> };
      for (const [id, facts] of Object.entries(known.jobs)) expect(cache.get(id, facts.arn)).toBeUndefined();
    });
  });
});
