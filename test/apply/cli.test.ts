import { CosellError } from '../../src/util/errors.js';
/**
 * `cosell apply` as a command: approval (TTY, --auto-approve, none), JSON events, saved plans
 * (applied without asking, refused when stale or made elsewhere), plans with errors refused.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePlanFile } from '../../src/apply/plan-file.js';
import { checkSavedPlan } from '../../src/apply/stale.js';
import { createClient } from '../../src/api/index.js';
import { applyCommand, type ApplyFlags } from '../../src/cli/commands/apply.js';
import { useExampleCredentials } from '../support/env.js';
import { fakeIo } from '../support/io.js';
import type { Emulator } from '../../src/emulator/index.js';
import { readPlanFile } from '../../src/apply/plan-file.js';
import {
  callsOf,
  clientOf,
  desiredOf,
  ENG,
  liveOf,
  planOf,
  seedWith,
  STACK,
  startEmu,
  tempDir,
  writeStack,
  type StackSpec,
} from './helpers.js';
import { EXAMPLE_KEY } from '../support/emulator.js';

let emu: Emulator | undefined;
let restoreEnv = (): void => {};
beforeEach(() => {
  // NO_COLOR as it is, so that a test that sets it leaves it as it found it.
  restoreEnv = useExampleCredentials({ AWS_MAX_ATTEMPTS: '3', NO_COLOR: process.env.NO_COLOR });
});
afterEach(async () => {
  restoreEnv();
  await emu?.close();
  emu = undefined;
});

const SPEC: StackSpec = {
  snapshotJobs: {
    acme: { engagement: ENG[0], opportunity: 'O3000', tags: { priority: 'high' } },
    globex: { engagement: ENG[1], opportunity: 'O3001', status: 'Stopped' },
  },
};

async function flagsFor(e: Emulator, extra: Partial<ApplyFlags> = {}): Promise<ApplyFlags> {
  return { endpoint: e.url, cacheDir: join(await tempDir(), '.cosell'), format: 'human', rate: { read: 500, write: 500 }, ...extra };
}

describe('cosell apply PATH', () => {
  it('refuses without a terminal and without --auto-approve, before any call', async () => {
    emu = await startEmu();
    const io = fakeIo(false);
    await expect(applyCommand(await writeStack(SPEC), await flagsFor(emu), io)).rejects.toThrow(
      'cosell apply needs approval, and stdin is not a terminal to ask on: pass --auto-approve, or save a plan (cosell plan --out FILE) and apply it (cosell apply FILE)',
    );
    expect(callsOf(emu)).toEqual({});
  });

  it('names a missing path before anything else, even without approval', async () => {
    emu = await startEmu();
    const missing = join(await tempDir(), 'no-such-stack');
    const err = await applyCommand(missing, await flagsFor(emu), fakeIo(false)).catch((e: unknown) => e as CosellError);
    expect(err).toBeInstanceOf(CosellError);
    expect((err as CosellError).details).toEqual([`${missing}: no such file or directory`]);
    expect(callsOf(emu)).toEqual({});
  });

  it('shows the plan and asks on a terminal; anything but yes cancels with exit 1 and no write', async () => {
    emu = await startEmu();
    const io = fakeIo(true, 'y');
    expect(await applyCommand(await writeStack(SPEC), await flagsFor(emu), io)).toBe(1);
    expect(io.stdout).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');
    expect(io.asked[0]).toContain("Only 'yes' will be accepted to approve.");
    expect(io.stderr).toContain('Apply cancelled.');
    expect(Object.keys(callsOf(emu))).toEqual(['ListResourceSnapshotJobs']);
  });

  it('applies after yes, and the next plan has no changes', async () => {
    emu = await startEmu();
    const dir = await writeStack(SPEC);
    const io = fakeIo(true, 'yes\n');
    expect(await applyCommand(dir, await flagsFor(emu), io)).toBe(0);
    expect(io.stdout).toMatch(/snapshotJob\.acme: Creating…\n/);
    expect(io.stdout).toMatch(/\n\nApply complete! Resources: 2 added, 0 changed, 0 destroyed\.\n$/);
    const again = fakeIo(false);
    expect(await applyCommand(dir, await flagsFor(emu, { autoApprove: true }), again)).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  it('prints newline-delimited JSON events with --format json', async () => {
    emu = await startEmu();
    const io = fakeIo(false);
    expect(await applyCommand(await writeStack(SPEC), await flagsFor(emu, { autoApprove: true, format: 'json' }), io)).toBe(0);
    const events = io.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ type: 'plan', '@level': 'info', '@message': 'Plan: 2 to add, 0 to change, 0 to destroy.' });
    expect(events.filter((e) => e.type === 'apply_start')).toHaveLength(2);
    const complete = events.find((e) => e.type === 'apply_complete' && e.address === 'snapshotJob.acme');
    expect(complete).toMatchObject({ phase: 'create', id: expect.stringMatching(/^job-/), elapsed_seconds: expect.any(Number) });
    expect(events.at(-1)).toMatchObject({
      type: 'change_summary',
      changes: { add: 2, change: 0, destroy: 0, failed: 0, operation: 'apply' },
      '@message': 'Apply complete! Resources: 2 added, 0 changed, 0 destroyed.',
    });
  });

  it('exits 1 and lists each failure with the service’s message', async () => {
    emu = await startEmu();
    const io = fakeIo(false);
    const spec: StackSpec = { snapshotJobs: { ...SPEC.snapshotJobs, missing: { engagement: ENG[0], opportunity: 'O9999' } } };
    expect(await applyCommand(await writeStack(spec), await flagsFor(emu, { autoApprove: true }), io)).toBe(1);
    expect(io.stdout).toContain('Apply incomplete! Resources: 2 added, 0 changed, 0 destroyed; 1 failed.');
    expect(io.stderr).toMatch(
      /Error: snapshotJob\.missing: CreateResourceSnapshotJob failed: ResourceNotFoundException: Opportunity O9999 was not found in catalog Sandbox\./,
    );
  });

  it('refuses a plan with errors after showing it', async () => {
    emu = await startEmu({
      seed: seedWith({ snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', tags: { 'cosell:stack': 'apac' } }] }),
    });
    const io = fakeIo(false);
    await expect(applyCommand(await writeStack(SPEC), await flagsFor(emu, { autoApprove: true }), io)).rejects.toThrow(
      /^the plan has 1 error \(snapshotJob\.acme\); cosell applies no plan with errors/,
    );
    expect(io.stdout).toContain('owned by stack "apac"');
  });
});

describe('cosell apply PLANFILE', () => {
  async function savePlan(e: Emulator, spec: StackSpec = SPEC): Promise<string> {
    const client = clientOf(e);
    const desired = await desiredOf(spec);
    const plan = await planOf(desired, client);
    const file = join(await tempDir(), 'plan.json');
    await writePlanFile(file, {
      stack_path: 'stack',
      target: createClient({ endpoint: e.url, credentials: EXAMPLE_KEY }).endpoint,
      desired,
      plan,
    });
    return file;
  }

  it('applies a saved plan without asking, re-reading only what the plan touches', async () => {
    const bystanders = Array.from({ length: 6 }, (_, i) => ({
      engagement: ENG[3],
      opportunity: `O30${10 + i}`,
      tags: { 'cosell:stack': 'other' },
    }));
    emu = await startEmu({ seed: seedWith({ snapshotJobs: bystanders }) });
    const file = await savePlan(emu);
    emu.resetStats();
    const io = fakeIo(false);
    expect(await applyCommand(file, await flagsFor(emu), io)).toBe(0);
    expect(io.asked).toEqual([]);
    expect(io.stdout).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
    // One filtered listing per engagement the plan touches; nothing about the bystanders' engagement.
    expect(callsOf(emu)).toEqual({
      ListResourceSnapshotJobs: 2,
      CreateResourceSnapshotJob: 2,
      GetResourceSnapshotJob: 2,
      ListTagsForResource: 2,
      StartResourceSnapshotJob: 1,
    });
  });

  it('refuses a stale plan, naming what changed, after an out-of-band tag change', async () => {
    emu = await startEmu({
      seed: seedWith({ snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', tags: { 'cosell:stack': STACK, team: 'alliances' } }] }),
    });
    const file = await savePlan(emu);
    const client = clientOf(emu);
    const [job] = (await liveOf(await desiredOf(SPEC), client)).snapshotJobs;
    await client.tagResource({ ResourceArn: job?.arn ?? '', Tags: [{ Key: 'priority', Value: 'urgent' }] });
    emu.resetStats();
    const error = await applyCommand(file, await flagsFor(emu), fakeIo(false)).then(
      () => undefined,
      (e: unknown) => e as Error & { details: string[] },
    );
    expect(error?.message).toBe('Saved plan is stale: 1 thing it rests on changed since it was made. Run cosell plan again.');
    expect(error?.details).toEqual([
      `  - snapshotJob.acme: the live job on Sandbox/${ENG[0]}/O3000/OpportunitySummaryView is now ${job?.id} Stopped, tags cosell:stack=${STACK}, priority=urgent, team=alliances`,
    ]);
    expect(Object.keys(callsOf(emu)).filter((op) => !/^(List|Get)/.test(op))).toEqual([]);
  });

  it('names every stale thing: a job that appeared on a key the plan would create on', async () => {
    emu = await startEmu({ uniqueJobs: false });
    const file = await savePlan(emu);
    const client = clientOf(emu);
    await client.createResourceSnapshotJob({
      Catalog: 'Sandbox',
      EngagementIdentifier: ENG[1],
      ResourceType: 'Opportunity',
      ResourceIdentifier: 'O3001',
      ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
    });
    const plan = await readPlanFile(file);
    await expect(checkSavedPlan(plan, client)).rejects.toMatchObject({
      message: expect.stringMatching(/^Saved plan is stale: 1 thing/),
      details: [
        expect.stringMatching(
          /^ {2}- snapshotJob\.globex: the live job on Sandbox\/eng-applytest00002\/O3001\/OpportunitySummaryView is now job-[0-9a-z]+ Stopped, tags none$/,
        ),
      ],
    });
  });

  it('refuses a saved plan made against another endpoint, and --target with a saved plan', async () => {
    emu = await startEmu();
    const file = await savePlan(emu);
    const other = await startEmu();
    try {
      await expect(applyCommand(file, await flagsFor(other), fakeIo(false))).rejects.toThrow(
        /^the saved plan .*plan\.json was made against http:\/\/127\.0\.0\.1:\d+\/, not http:\/\/127\.0\.0\.1:\d+\/; make a plan against this target$/,
      );
    } finally {
      await other.close();
    }
    await expect(applyCommand(file, await flagsFor(emu, { target: ['snapshotJob.acme'] }), fakeIo(false))).rejects.toThrow(
      '--target and --exclude do not apply to a saved plan: give them to cosell plan --out instead',
    );
  });
});
