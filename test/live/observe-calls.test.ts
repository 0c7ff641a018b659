import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobFactsCache } from '../../src/live/cache.js';
import { observe } from '../../src/live/observe.js';
import { diff, hasChanges } from '../../src/plan/index.js';
import { bigSeed, bigStack, emulator, stackFrom, tempDir } from './support.js';
import { testClient } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

const N = 250;
const total = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

describe(`a steady-state plan of ${N} declared jobs`, () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(bigSeed(N));
  });
  afterAll(() => emu.close());

  it('makes at most 2N + ⌈N/100⌉ + 2 calls cold and N + ⌈N/100⌉ + 2 warm, and finds no changes', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': bigStack(N) });
    const cacheDir = await tempDir();

    emu.resetStats();
    const cold = await observe(desired, testClient(emu), { cache: new JobFactsCache(cacheDir, emu.url) });
    const coldCalls = emu.stats().calls;
    expect(cold.snapshotJobs).toHaveLength(N);
    expect(hasChanges(diff(desired, cold))).toBe(false);
    // 3 pages of Sandbox, 1 of the (empty) AWS catalog: owned jobs are looked for everywhere.
    expect(coldCalls).toEqual({ ListResourceSnapshotJobs: 4, GetResourceSnapshotJob: N, ListTagsForResource: N });
    expect(total(coldCalls)).toBeLessThanOrEqual(2 * N + Math.ceil(N / 100) + 2);

    emu.resetStats();
    const warm = await observe(desired, testClient(emu), { cache: new JobFactsCache(cacheDir, emu.url) });
    const warmCalls = emu.stats().calls;
    expect(warm).toEqual(cold);
    expect(warmCalls).toEqual({ ListResourceSnapshotJobs: 4, ListTagsForResource: N });
    expect(total(warmCalls)).toBeLessThanOrEqual(N + Math.ceil(N / 100) + 2);
  });

  it('never lets a cache entry change a decision: an entry whose ARN disagrees is ignored', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': bigStack(N) });
    const cacheDir = await tempDir();
    const cache = new JobFactsCache(cacheDir, emu.url);
    const first = await observe(desired, testClient(emu), { cache });
    const job = first.snapshotJobs[0]!;
    // A lie about the job's key under a different ARN: the listing's ARN wins, so it is re-read.
    cache.set(job.id, {
      arn: `${job.arn}-other`,
      catalog: 'Sandbox',
      engagement: 'eng-00000000000099',
      opportunity: 'O1',
      template: 'Other',
    });
    emu.resetStats();
    const again = await observe(desired, testClient(emu), { cache });
    expect(again).toEqual(first);
    expect(emu.stats().calls.GetResourceSnapshotJob).toBe(1);
  });
});
