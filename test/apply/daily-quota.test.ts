/**
 * Living within the daily quota: an apply that uses up the write quota stops sending writes,
 * finishes what is in flight, names the quota and exits 1, without a storm of throttled calls;
 * once the window has passed, a re-run converges with no duplicate.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyCommand, type ApplyFlags } from '../../src/cli/commands/apply.js';
import { useExampleCredentials } from '../support/env.js';
import { fakeIo } from '../support/io.js';
import type { Emulator } from '../../src/emulator/index.js';
import { clientOf, desiredOf, jobsByKey, liveOf, manyJobs, seedWith, startEmu, tempDir, writeStack } from './helpers.js';
import { sleep } from '../../src/util/lists.js';

let emu: Emulator | undefined;
let restoreEnv = (): void => {};
beforeEach(() => {
  restoreEnv = useExampleCredentials({ AWS_MAX_ATTEMPTS: undefined });
});
afterEach(async () => {
  restoreEnv();
  await emu?.close();
  emu = undefined;
});

describe('a daily write quota used up mid-apply', () => {
  it('exits 1 naming the quota within 60 s, with fewer than 30 throttled answers; after the window a re-run converges', async () => {
    const WINDOW_S = 20;
    emu = await startEmu({ seed: seedWith({ opportunities: 100 }), dailyQuotas: { write: 150 }, quotaWindowS: WINDOW_S });
    const jobs = Object.fromEntries(Object.entries(manyJobs(100)).map(([name, j]) => [name, { ...j, status: 'Running' as const }]));
    const dir = await writeStack({ snapshotJobs: jobs });
    const flags: ApplyFlags = {
      endpoint: emu.url,
      cacheDir: join(await tempDir(), '.cosell'),
      format: 'human',
      autoApprove: true,
      rate: { read: 500, write: 500 },
    };

    const started = performance.now();
    const first = fakeIo();
    expect(await applyCommand(dir, flags, first)).toBe(1);
    expect(performance.now() - started).toBeLessThan(60_000);
    const writes = emu.stats().calls;
    expect((writes.CreateResourceSnapshotJob ?? 0) + (writes.StartResourceSnapshotJob ?? 0)).toBeGreaterThanOrEqual(150);
    // Every throttled answer came after the quota was reached: none of it is a rate quota.
    expect(emu.stats().throttled).toBeLessThan(30);
    expect(first.text()).toMatch(/Error: cosell stopped sending (CreateResourceSnapshotJob|StartResourceSnapshotJob)/);
    expect(first.text()).toContain('in a row, retries included (its quota may be used up for the day)');
    expect(first.text()).toContain('a later run will continue');
    expect(first.text()).toMatch(/Apply incomplete!/);

    const desired = await desiredOf({ snapshotJobs: jobs });
    await sleep(Math.max(0, started + WINDOW_S * 1000 + 500 - performance.now()));
    const second = fakeIo();
    expect(await applyCommand(dir, flags, second), second.text()).toBe(0);
    const live = (await liveOf(desired, clientOf(emu))).snapshotJobs;
    expect(live).toHaveLength(100);
    expect([...jobsByKey(live).values()].every((l) => l.length === 1)).toBe(true);
    expect(live.every((j) => j.status === 'Running')).toBe(true);
  }, 120_000);
});
