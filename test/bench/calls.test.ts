/**
 * The call counts of benchmark scenarios 1 and 3 (bench/), exactly, at a small N, from the
 * emulator's stats; and the call order that lets scenario 2 reach its floor. The same stacks, seeds and minimums as the bench; the same code path as
 * the CLI (openTarget → planAgainst, and applyCommand). No timing is asserted here.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { naiveRead } from '../../bench/naive.mjs';
import { minimumCalls, OBSERVE_OPS, STEPS } from '../../bench/scenarios/apply.mjs';
import { seedFor, stackFiles, writeStack } from '../../bench/lib/stacks.mjs';
import { createClient } from '../../src/api/index.js';
import { applyCommand, type ApplyFlags } from '../../src/cli/commands/apply.js';
import { openTarget, type TargetFlags } from '../../src/cli/context.js';
import { planAgainst } from '../../src/cli/pipeline.js';
import { loadDesiredState } from '../../src/desired/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { JobFactsCache } from '../../src/live/cache.js';
import { startListing } from '../../src/live/listing.js';
import { hasChanges } from '../../src/plan/index.js';
import { EXAMPLE_KEY } from '../support/emulator.js';
import { useExampleCredentials } from '../support/env.js';
import { fakeIo } from '../support/io.js';

let restoreEnv = (): void => {};
const temps: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

// The CLI reads credentials from the provider chain, as the bench's child processes do.
beforeAll(() => {
  restoreEnv = useExampleCredentials({
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    // The official SDK (the naive baseline) warns that its 2027 releases need Node 22: known, and noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
});
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
  restoreEnv();
});

const total = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);
const merged = (a: Record<string, number>, b: Record<string, number>): Record<string, number> => ({ ...a, ...b });

async function stackDir(n: number, options: Parameters<typeof stackFiles>[1]): Promise<string> {
  return writeStack(await tempDir('cosell-bench-test-'), stackFiles(n, options));
}

describe('scenario 1 (latency-bound plan): calls at N = 150', () => {
  const n = 150;
  // The stack's catalog in pages of 100, plus one empty page of the other catalog.
  const pages = Math.ceil(n / 100) + 1;
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, host: '127.0.0.1', seed: seedFor(n) });
  });
  afterAll(() => emu.close());

  it('the naive SDK script lists every page, then gets each job and lists its tags', async () => {
    emu.resetStats();
    const { jobs, calls } = await naiveRead({ endpoint: emu.url, credentials: EXAMPLE_KEY });
    expect(jobs).toHaveLength(n);
    // It reads the one catalog it is pointed at.
    expect(emu.stats().calls).toEqual({ ListResourceSnapshotJobs: pages - 1, GetResourceSnapshotJob: n, ListTagsForResource: n });
    expect(calls).toBe(pages - 1 + 2 * n);
  });

  it('cosell plan reads each job once cold, then only its tags: at most N + ⌈N/100⌉ + 2 calls warm, no changes', async () => {
    const desired = await loadDesiredState(await stackDir(n, {}));
    const flags: TargetFlags = {
      endpoint: emu.url,
      cacheDir: await tempDir('cosell-bench-cache-'),
      rate: { read: 100_000, write: 100_000 },
      parallelism: 10,
    };

    const plan = async (): Promise<Record<string, number>> => {
      const target = await openTarget(flags);
      try {
        emu.resetStats();
        const { live, plan } = await planAgainst(desired, target, { parallelism: flags.parallelism });
        expect(live.snapshotJobs).toHaveLength(n);
        expect(hasChanges(plan)).toBe(false);
        expect(plan.errors).toEqual([]);
        return emu.stats().calls;
      } finally {
        target.client.close();
        await target.close();
      }
    };

    expect(await plan()).toEqual({ ListResourceSnapshotJobs: pages, GetResourceSnapshotJob: n, ListTagsForResource: n });
    const warm = await plan();
    expect(warm).toEqual({ ListResourceSnapshotJobs: pages, ListTagsForResource: n });
    expect(total(warm)).toBeLessThanOrEqual(n + Math.ceil(n / 100) + 2);
  });
});

describe('scenario 2 (quota-bound plan): the operations overlap', () => {
  const n = 120;
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, host: '127.0.0.1', seed: seedFor(n) });
  });
  afterAll(() => emu.close());

  it.each([
    ['observe lists', false],
    ['the listing is started before the stack is checked, as plan does', true],
  ])('a cold plan queues each job’s Get next to its tags read, not a page of one behind a page of the other (%s)', async (_, early) => {
    // Each operation has its own quota: reaching the floor needs both in flight together. With
    // one call in flight at a time, the calls go in the order they were queued.
    const desired = await loadDesiredState(await stackDir(n, {}));
    const order: string[] = [];
    const client = createClient({
      endpoint: emu.url,
      credentials: EXAMPLE_KEY,
      rates: { read: 100_000 },
      debug: (line) => {
        const op = /\] (\w+) attempt/.exec(line)?.[1];
        if (op === 'GetResourceSnapshotJob' || op === 'ListTagsForResource') order.push(op);
      },
    });
    const target = { client, cache: new JobFactsCache(await tempDir('cosell-bench-cache-'), emu.url), close: async () => {} };
    try {
      const listing = early ? startListing(client, { cache: target.cache, parallelism: 1 }) : undefined;
      const { plan } = await planAgainst(desired, target, { parallelism: 1, listing });
      expect(hasChanges(plan)).toBe(false);
    } finally {
      client.close();
    }
    expect(order).toHaveLength(2 * n);
    let longest = 0;
    for (let i = 0, run = 0; i < order.length; i++) {
      run = i > 0 && order[i] === order[i - 1] ? run + 1 : 1;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeLessThanOrEqual(2);
  });
});

describe('scenario 3 (apply): calls at N = 20, under the bench quota', () => {
  const n = 20;
  const quota = 50;
  let emu: Emulator;
  beforeAll(async () => {
    // N stays under the quota's one-second burst, so the quota never throttles here.
    emu = await startEmulator({ port: 0, host: '127.0.0.1', seed: seedFor(n, { jobs: false }), quotas: { read: quota, write: quota } });
  });
  afterAll(() => emu.close());

  it('creates with tags inline, updates with one Tag and one Untag, deletes running jobs with Stop then Delete: exactly the minimum', async () => {
    const cacheDir = await tempDir('cosell-bench-cache-');
    for (const { step, variant, expect: want } of STEPS) {
      const dir = await stackDir(n, { variant, status: 'Running' });
      const io = fakeIo();
      const flags: ApplyFlags = {
        endpoint: emu.url,
        cacheDir,
        rate: { read: quota, write: quota },
        parallelism: 10,
        autoApprove: true,
        format: 'json',
        taskTimeout: 60_000,
        color: false,
      };
      emu.resetStats();
      const code = await applyCommand(dir, flags, io);
      expect(code, io.text()).toBe(0);
      const summary = io
        .text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type: string; changes?: object })
        .find((e) => e.type === 'change_summary');
      expect(summary?.changes).toEqual({ ...want(n), failed: 0, operation: 'apply' });

      const { plan, apply } = minimumCalls(step, n);
      const stats = emu.stats();
      expect(stats.calls, step).toEqual(merged(plan, apply));
      expect(Object.keys(plan).every((op) => OBSERVE_OPS.includes(op))).toBe(true);
      expect(stats.throttled).toBe(0);
    }

    // Converged: the deleted stack plans no change, from one empty page per catalog.
    const target = await openTarget({ endpoint: emu.url, cacheDir });
    try {
      emu.resetStats();
      const { plan } = await planAgainst(await loadDesiredState(await stackDir(n, { variant: 'empty' })), target, {});
      expect(hasChanges(plan)).toBe(false);
      expect(emu.stats().calls).toEqual({ ListResourceSnapshotJobs: 2 });
    } finally {
      target.client.close();
      await target.close();
    }
  });
});
