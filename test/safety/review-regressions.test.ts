/**
 * Regressions of a hostile review of the safety invariants (docs/apply.md, "Safety"): saved
 * plans. Each test is named after the finding it pins (F1, F2, F6); each failed before the fix.
 * The service-side findings are in review-regressions-service.test.ts, the terminal ones in
 * review-regressions-terminal.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDesiredState } from '../../src/desired/index.js';
import type { DesiredSnapshotJob } from '../../src/desired/types.js';
import type { Emulator } from '../../src/emulator/index.js';
import { diff } from '../../src/plan/index.js';
import { clientOf, desiredOf, ENG, liveOf, seedWith, startEmu, tempDir, TEMPLATE, writeStack, type StackSpec } from '../apply/helpers.js';
import { emulatorEnv, runCosell } from '../support/cli.js';
import { closedAfterEach, forge } from '../support/forge.js';
import { mutatingCalls } from '../support/emulator.js';

const closed = closedAfterEach();

const OWNER = 'cosell:stack';
type Json = Record<string, unknown>;

async function savedPlan(e: Emulator, spec: StackSpec): Promise<{ dir: string; file: string; code: number | null }> {
  const dir = await writeStack(spec);
  const file = join(await tempDir(), 'plan.json');
  const run = await runCosell(['plan', dir, '--endpoint', e.url, '--cache-dir', join(dir, '.cosell'), '--out', file]);
  return { dir, file, code: run.code };
}

describe('F1: apply PLANFILE --stack DIR with a snapshot job forged under a task’s address', () => {
  it('is refused: exit 1, no mutating call, and the unowned Running job on an undeclared key is untouched', async () => {
    const emu = closed(
      await startEmu({ seed: seedWith({ snapshotJobs: [{ engagement: ENG[2], opportunity: 'O3005', status: 'Running' }] }) }),
    );
    const client = clientOf(emu);
    const { dir, file, code } = await savedPlan(emu, {
      opportunityEngagements: { initech: { opportunity: 'O2001', involvementType: 'Co-Sell' } },
    });
    expect(code).toBe(0);
    const checkout = await loadDesiredState(dir);
    const task = checkout.opportunityEngagements[0]!;
    expect(task.address).toBe('opportunityEngagement.initech');
    // The forged job reuses the task's address: a check keyed by address sees the task's text for both.
    const smuggled: DesiredSnapshotJob = {
      kind: 'snapshotJob',
      name: task.name,
      address: task.address,
      catalog: 'Sandbox',
      tags: { ...task.tags },
      source: task.source,
      engagement: ENG[2],
      opportunity: 'O3005',
      template: TEMPLATE,
      status: 'Stopped',
    };
    const forged = { ...checkout, snapshotJobs: [smuggled, ...checkout.snapshotJobs] };
    // The plan a fresh diff of that desired state makes: it holds up to verification.
    const plan = diff(forged, await liveOf(forged, client));
    const change = plan.resourceChanges.find((c) => c.kind === 'snapshotJob' && c.address === task.address);
    expect(change?.action).toBe('~');
    // Only the job's change goes under the shared address: a check keyed by address then finds it.
    plan.resourceChanges = plan.resourceChanges.filter((c) => c.address !== task.address || c === change);
    plan.summary.add = plan.resourceChanges.filter((c) => c.action === '+').length;
    await forge(file, (saved) => {
      saved.desired = JSON.parse(JSON.stringify(forged)) as Json;
      saved.plan = JSON.parse(JSON.stringify(plan)) as Json;
    });

    emu.resetStats();
    const run = await runCosell(['apply', file, '--stack', dir, '--endpoint', emu.url], { env: emulatorEnv() });
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toContain(`was not made from the stack in ${dir}`);
    expect(run.stdout).not.toContain('Apply complete');
    expect(mutatingCalls(emu)).toEqual([]);
    const after = (await liveOf(await desiredOf({ stack: 'someone-else' }), client)).snapshotJobs.find(
      (j) => j.engagement === ENG[2] && j.opportunity === 'O3005',
    );
    expect(after?.status).toBe('Running');
    expect(after?.tags[OWNER]).toBeUndefined();
  });
});

describe('F2: apply PLANFILE without --stack (a documented gap: the file says which stack it is)', () => {
  it('notes on stderr that --stack DIR holds the plan to a checkout', async () => {
    const emu = closed(await startEmu());
    const { file, code } = await savedPlan(emu, { snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000' } } });
    expect(code).toBe(0);
    const run = await runCosell(['apply', file, '--endpoint', emu.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^Note: .*--stack DIR/m);
  });
});

describe('F6: a saved plan whose errors list was emptied', () => {
  it('is refused by apply --stack DIR when a fresh diff finds the error: exit 1, no mutating call', async () => {
    // Another stack owns the job on acme's key: planning the stack is an ownership conflict.
    const emu = closed(
      await startEmu({
        seed: seedWith({
          snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { [OWNER]: 'other-stack' } }],
        }),
      }),
    );
    const { dir, file, code } = await savedPlan(emu, {
      snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000' }, beta: { engagement: ENG[1], opportunity: 'O3001' } },
    });
    expect(code).toBe(1);
    await forge(file, (saved) => {
      const plan = saved.plan as { errors: unknown[]; summary: Json };
      expect(plan.errors.length).toBeGreaterThan(0);
      plan.errors = [];
      plan.summary.error = 0;
    });

    emu.resetStats();
    const run = await runCosell(['apply', file, '--stack', dir, '--endpoint', emu.url]);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toContain('snapshotJob.acme');
    expect(run.stdout).not.toContain('Apply complete');
    expect(mutatingCalls(emu)).toEqual([]);
  });
});
