/**
 * Under injected faults (InternalServerException 5%, dropped connections 3%, commit-then-drop
 * 3%) and a 50 TPS quota, against an emulator that allows several jobs per key, one apply of
 * 200 tagged jobs converges, the next plan has no changes, and no job exists twice.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileJournal } from '../../src/apply/journal.js';
import type { Emulator } from '../../src/emulator/index.js';
import { JobFactsCache } from '../../src/live/cache.js';
import { applyPlan, clientOf, desiredOf, manyJobs, planOf, seedWith, startEmu, tempDir } from './helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

interface StateFile {
  catalogs: {
    Sandbox: {
      jobs: Array<{
        id: string;
        engagement: string;
        opportunity: string;
        template: string;
        status: string;
        tags: Array<{ Key: string; Value: string }>;
      }>;
    };
  };
}

describe('apply under faults', () => {
  it('converges in one run: 200 jobs, 5% errors, 3% drops, 3% commit-then-drop, 50 TPS quota, no duplicates', async () => {
    const dir = await tempDir();
    const statePath = join(dir, 'emulator-state.json');
    const N = 200;
    emu = await startEmu({
      seed: seedWith({ opportunities: N }),
      statePath,
      uniqueJobs: false,
      failRate: 0.05,
      dropRate: 0.03,
      commitDropRate: 0.03,
      quotas: { read: 50, write: 50 },
      faultSeed: 20260101,
    });
    // The client paces itself at the quota and retries with short waits, so the test takes seconds.
    const client = clientOf(emu, {
      rates: { read: 50, write: 50 },
      maxAttempts: 5,
      backoff: { baseMs: 5, throttleBaseMs: 20, capMs: 200 },
    });
    const cache = new JobFactsCache(join(dir, '.cosell'), emu.url);
    const journal = await fileJournal(join(dir, '.cosell'), emu.url);
    const desired = await desiredOf({ snapshotJobs: manyJobs(N, (i) => ({ owner: `team-${i % 7}`, region: i % 2 ? 'emea' : 'apac' })) });

    const plan = await planOf(desired, client, { cache });
    expect(plan.summary.add).toBe(N);
    const { result } = await applyPlan(plan, desired, client, { cache, journal, parallelism: 20 });
    expect(result.resources.filter((r) => r.status !== 'complete')).toEqual([]);
    expect(result.summary).toEqual({ add: N, change: 0, destroy: 0, failed: 0 });

    const next = await planOf(desired, client, { cache });
    expect(next.summary).toEqual({ add: 0, change: 0, destroy: 0, error: 0 });
    const faults = emu.stats().faults;
    expect(faults).toBeGreaterThan(10);

    await emu.close();
    emu = undefined;
    const state = JSON.parse(await readFile(statePath, 'utf8')) as StateFile;
    const jobs = state.catalogs.Sandbox.jobs;
    const keys = new Set(jobs.map((j) => `${j.engagement}/${j.opportunity}/${j.template}`));
    expect(jobs).toHaveLength(N);
    expect(keys.size).toBe(N);
    for (const [name, spec] of Object.entries(manyJobs(N))) {
      const job = jobs.find((j) => j.opportunity === spec.opportunity);
      expect(job?.status, name).toBe(spec.status);
      expect(job?.tags.find((t) => t.Key === 'index')?.Value, name).toBe(spec.tags?.index);
    }
  }, 60_000);
});
