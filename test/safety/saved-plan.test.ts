/**
 * Invariant 1 against an attacker who can edit a saved plan and recompute its checksum: apply
 * re-observes what the plan touches, re-derives each change from a fresh diff, and refuses the
 * plan (exit 1, no mutating call) unless every change is one that diff would make.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { clientOf, desiredOf, ENG, liveOf, seedWith, STACK, startEmu, tempDir, writeStack, type StackSpec } from '../apply/helpers.js';
import { emulatorEnv, runCosell } from '../support/cli.js';
import { forge } from '../support/forge.js';
import { mutatingCalls } from '../support/emulator.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const OWNER = 'cosell:stack';
const SPEC: StackSpec = { snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', tags: { priority: 'high' } } } };

type Json = Record<string, unknown>;

async function savedPlan(e: Emulator, spec: StackSpec = SPEC): Promise<{ dir: string; file: string }> {
  const dir = await writeStack(spec);
  const file = join(await tempDir(), 'plan.json');
  const run = await runCosell(['plan', dir, '--endpoint', e.url, '--cache-dir', join(dir, '.cosell'), '--out', file]);
  expect(run.code, run.stderr).toBe(0);
  return { dir, file };
}

/** A delete of `job`, as a plan file spells it, claiming this stack owns it. */
function deleteChange(job: { id: string; arn: string; engagement: string; opportunity: string; status: string }): Json {
  const key = { catalog: 'Sandbox', engagement: job.engagement, opportunity: job.opportunity, template: 'OpportunitySummaryView' };
  return {
    address: `snapshotJob.${job.id}`,
    name: job.id,
    kind: 'snapshotJob',
    catalog: 'Sandbox',
    action: '-',
    actions: ['delete'],
    before: { ...key, status: job.status, tags: { [OWNER]: STACK } },
    after: null,
    tagDiff: { add: {}, change: {}, remove: [OWNER] },
    key,
    declared: false,
    adoption: false,
    stopFirst: true,
    live: { id: job.id, arn: job.arn, status: job.status, key, owner: STACK },
  };
}

function addChange(saved: Json, change: Json): void {
  const plan = saved.plan as { resourceChanges: Json[]; summary: { destroy: number } };
  plan.resourceChanges.push(change);
  plan.summary.destroy++;
}

describe('a saved plan edited by hand', () => {
  it('to stop and delete another stack’s Running job: apply exits 1, makes no mutating call, and the job still runs', async () => {
    emu = await startEmu({
      seed: seedWith({ snapshotJobs: [{ engagement: ENG[2], opportunity: 'O3005', status: 'Running', tags: { [OWNER]: 'other-stack' } }] }),
    });
    const client = clientOf(emu);
    const victim = (await liveOf(await desiredOf({ stack: 'other-stack' }), client)).snapshotJobs[0]!;
    const { file } = await savedPlan(emu);
    await forge(file, (saved) => addChange(saved, deleteChange(victim)));

    emu.resetStats();
    const run = await runCosell(['apply', file, '--endpoint', emu.url], { env: emulatorEnv() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('that a fresh diff of what is live would not make; cosell applies none of it');
    expect(run.stderr).toContain(`snapshotJob.${victim.id}: a fresh diff plans nothing there`);
    expect(run.stdout).not.toContain('Apply complete');
    expect(mutatingCalls(emu)).toEqual([]);
    const after = (await liveOf(await desiredOf({ stack: 'other-stack' }), client)).snapshotJobs.find((j) => j.id === victim.id);
    expect(after?.status).toBe('Running');
    expect(after?.tags[OWNER]).toBe('other-stack');
  });

  it('to delete a job id that does not exist: refused', async () => {
    emu = await startEmu();
    const { file } = await savedPlan(emu);
    const ghost = {
      id: 'job-zzzzzzzzzzzzz',
      arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/engagement/${ENG[2]}/resource-snapshot-job/job-zzzzzzzzzzzzz`,
      engagement: ENG[2],
      opportunity: 'O3005',
      status: 'Running',
    };
    await forge(file, (saved) => addChange(saved, deleteChange(ghost)));
    emu.resetStats();
    const run = await runCosell(['apply', file, '--endpoint', emu.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('snapshotJob.job-zzzzzzzzzzzzz: a fresh diff plans nothing there');
    expect(mutatingCalls(emu)).toEqual([]);
  });

  it('to turn a no-op into a delete: refused, and the job is untouched', async () => {
    emu = await startEmu({
      seed: seedWith({
        snapshotJobs: [
          { engagement: ENG[0], opportunity: 'O3000', status: 'Running', tags: { [OWNER]: STACK, team: 'alliances', priority: 'high' } },
        ],
      }),
    });
    const { file } = await savedPlan(emu, { snapshotJobs: { ...SPEC.snapshotJobs, other: { engagement: ENG[1], opportunity: 'O3001' } } });
    await forge(file, (saved) => {
      const changes = (saved.plan as { resourceChanges: Json[] }).resourceChanges;
      const noop = changes.find((c) => c.address === 'snapshotJob.acme')!;
      expect(noop.action).toBe(' ');
      Object.assign(noop, { action: '-', actions: ['delete'], after: null, declared: false, stopFirst: true });
    });
    emu.resetStats();
    const run = await runCosell(['apply', file, '--endpoint', emu.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /snapshotJob\.acme: the plan says delete \(job job-[0-9a-z]+\), a fresh diff says no-op \(job job-[0-9a-z]+\)/,
    );
    expect(mutatingCalls(emu)).toEqual([]);
  });

  it('with --stack DIR: applied when it was made from that stack, refused when its desired state was edited', async () => {
    emu = await startEmu();
    const { dir, file } = await savedPlan(emu);
    const forged = join(await tempDir(), 'forged.json');
    await writeFile(forged, await readFile(file, 'utf8'));
    await forge(forged, (saved) => {
      const job = (saved.desired as { snapshotJobs: Json[] }).snapshotJobs[0] as { tags: Record<string, string> };
      job.tags.priority = 'low';
    });
    const refused = await runCosell(['apply', forged, '--stack', dir, '--endpoint', emu.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`was not made from the stack in ${dir}`);
    expect(refused.stderr).toContain('snapshotJob.acme is declared differently');
    expect(mutatingCalls(emu)).toEqual([]);

    const applied = await runCosell(['apply', file, '--stack', dir, '--endpoint', emu.url]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
  });
});
