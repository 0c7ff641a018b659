import { readdir, readFile, writeFile } from 'node:fs/promises';
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
});
