/**
 * Invariant 2, what is reported happened, and the apply side of invariant 5, concurrent runs
 * lose nothing: a create answered with a deleted job is made again, and of two stacks adopting
 * one job at once, only the one that ends up owning it reports success.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCommand, type ApplyFlags } from '../../src/cli/commands/apply.js';
import { useExampleCredentials } from '../support/env.js';
import { fakeIo } from '../support/io.js';
import type { Emulator } from '../../src/emulator/index.js';
import { diff } from '../../src/plan/index.js';
import { applyPlan, clientOf, desiredOf, ENG, liveOf, seedWith, startEmu, tempDir, writeStack, type StackSpec } from '../apply/helpers.js';

let emu: Emulator | undefined;
let restoreEnv = (): void => {};
afterEach(async () => {
  restoreEnv();
  await emu?.close();
  emu = undefined;
});

const OWNER = 'cosell:stack';

describe('a create answered with a job that no longer exists', () => {
  it('declared Stopped, applied, removed and applied, declared again with .cosell/ gone: created in one apply, and the next plan is clean', async () => {
    emu = await startEmu();
    restoreEnv = useExampleCredentials();
    const stopped: StackSpec = { snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status: 'Stopped' } } };
    const dir = await writeStack(stopped);
    const empty = await writeStack({});
    const cacheDir = join(await tempDir(), '.cosell');
    const flags: ApplyFlags = { endpoint: emu.url, cacheDir, format: 'human', autoApprove: true, rate: { read: 500, write: 500 } };

    expect(await applyCommand(dir, flags, fakeIo())).toBe(0);
    expect(await applyCommand(empty, flags, fakeIo())).toBe(0);
    const desired = await desiredOf(stopped);
    expect((await liveOf(desired, clientOf(emu))).snapshotJobs).toHaveLength(0);

    await rm(cacheDir, { recursive: true, force: true });
    const io = fakeIo();
    expect(await applyCommand(dir, flags, io)).toBe(0);
    expect(io.text()).toContain('ClientToken generation 0 is spent');
    expect(io.text()).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    const created = io.text().match(/Creation complete after \d+s \[id=(job-[0-9a-z]+)\]/)?.[1];
    const live = (await liveOf(desired, clientOf(emu))).snapshotJobs;
    expect(live.map((j) => j.id)).toEqual([created]);
    expect(live[0]?.status).toBe('Stopped');

    const again = fakeIo();
    expect(await applyCommand(dir, flags, again)).toBe(0);
    expect(again.text()).toContain('No changes.');
  });
});

describe('two stacks adopting one unowned job at once', () => {
  it('20 times over, with latency: a run that succeeds is always the live owner, and the other fails naming the conflict', async () => {
    emu = await startEmu({ latencyMs: 5 });
    const client = clientOf(emu);
    const spec = (stack: string): StackSpec => ({
      stack,
      snapshotJobs: { shared: { engagement: ENG[1], opportunity: 'O3002', status: 'Stopped', tags: { by: stack } } },
    });
    const [a, b] = [await desiredOf(spec('stack-a')), await desiredOf(spec('stack-b'))];
    let winners = 0;
    for (let round = 0; round < 20; round++) {
      const job = await client.createResourceSnapshotJob({
        Catalog: 'Sandbox',
        ClientToken: `race-${round}`,
        EngagementIdentifier: ENG[1],
        ResourceType: 'Opportunity',
        ResourceIdentifier: 'O3002',
        ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
        Tags: [{ Key: 'team', Value: 'nobody' }],
      });
      const run = async (desired: typeof a): Promise<{ stack: string; ok: boolean; error: string }> => {
        try {
          const live = await liveOf(desired, client);
          const plan = diff(desired, live);
          const { result } = await applyPlan(plan, desired, client, { observed: live });
          return { stack: desired.stack, ok: result.ok, error: result.resources.map((r) => r.error ?? '').join(' ') };
        } catch (err) {
          return { stack: desired.stack, ok: false, error: (err as Error).message };
        }
      };
      const results = await Promise.all([run(a), run(b)]);
      const owner = (await liveOf(a, client)).snapshotJobs.find((j) => j.id === job.Id)?.tags[OWNER];
      for (const r of results) {
        if (r.ok) expect(owner, `round ${round}: ${r.stack} reported success`).toBe(r.stack);
        else expect(r.error, `round ${round}`).toMatch(/ownership conflict|owned by stack|Ownership conflict/);
      }
      expect(results.filter((r) => r.ok).length, `round ${round}`).toBeLessThanOrEqual(1);
      winners += results.filter((r) => r.ok).length;
      await client.deleteResourceSnapshotJob({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: job.Id ?? '' });
    }
    // Backing off and retrying settles almost every race with a winner.
    expect(winners).toBeGreaterThan(10);
  });
});

describe('tag keys that are Object.prototype names', () => {
  it('converge: undeclared constructor, toString and valueOf are removed, declared toString and __proto__ set, and the next plan is clean', async () => {
    emu = await startEmu({
      seed: seedWith({
        snapshotJobs: [
          {
            engagement: ENG[0],
            opportunity: 'O3000',
            status: 'Running',
            tags: { [OWNER]: 'apply-test', constructor: 'c', toString: 'old', valueOf: 'v' },
          },
        ],
      }),
    });
    const client = clientOf(emu);
    const desired = await desiredOf({
      defaults: {},
      snapshotJobs: {
        acme: { engagement: ENG[0], opportunity: 'O3000', tags: { toString: 'declared', ['__proto__']: 'p', hasOwnProperty: 'h' } },
      },
    });
    const live = await liveOf(desired, client);
    const plan = diff(desired, live);
    const change = plan.resourceChanges[0]!;
    expect(change.tagDiff).toEqual({
      add: { ['__proto__']: 'p', hasOwnProperty: 'h' },
      change: { toString: { before: 'old', after: 'declared' } },
      remove: ['constructor', 'valueOf'],
    });
    const { result } = await applyPlan(plan, desired, client, { observed: live });
    expect(result.ok).toBe(true);
    const after = (await liveOf(desired, client)).snapshotJobs[0]!;
    expect({ ...after.tags }).toEqual({ [OWNER]: 'apply-test', toString: 'declared', ['__proto__']: 'p', hasOwnProperty: 'h' });
    expect(diff(desired, await liveOf(desired, client)).summary).toEqual({ add: 0, change: 0, destroy: 0, error: 0 });
  });
});
