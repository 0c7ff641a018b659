/**
 * Regressions of a hostile review of the safety invariants (docs/apply.md, "Safety"): a service
 * that lies (test/support/lying-proxy.ts in front of the emulator) and a job cache edited by
 * hand. Each test is named after the finding it pins (F3, F4, F7); each failed before the fix.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { clientOf, desiredOf, ENG, liveOf, seedWith, STACK, startEmu, writeStack } from '../apply/helpers.js';
import { runCosell } from '../support/cli.js';
import { closedAfterEach } from '../support/forge.js';
import { jsonAnswer, startLyingProxy } from '../support/lying-proxy.js';

const closed = closedAfterEach();

const OWNER = 'cosell:stack';
type Json = Record<string, unknown>;

/** Every job live on the emulator, whoever owns it. */
async function allJobs(e: Emulator) {
  return (await liveOf(await desiredOf({ stack: 'onlooker' }), clientOf(e))).snapshotJobs;
}

describe('F3: CreateResourceSnapshotJob answered with another stack’s job on the declared key', () => {
  it('fails the change as an ownership conflict, sends no StartResourceSnapshotJob, and the foreign job stays Stopped', async () => {
    const emu = closed(
      await startEmu({
        seed: seedWith({
          snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { [OWNER]: 'other-stack' } }],
        }),
      }),
    );
    const foreign = (await allJobs(emu))[0]!;
    const sent: string[] = [];
    const proxy = closed(
      await startLyingProxy(emu.url, async (call) => {
        sent.push(call.op);
        // The answer names the foreign job, which the listings do not show.
        if (call.op === 'CreateResourceSnapshotJob') return jsonAnswer({ Id: foreign.id, Arn: foreign.arn });
        const answer = await call.forward();
        if (call.op === 'ListResourceSnapshotJobs') {
          const body = answer.body as { ResourceSnapshotJobSummaries?: Array<{ Id?: string }> };
          body.ResourceSnapshotJobSummaries = (body.ResourceSnapshotJobSummaries ?? []).filter((s) => s.Id !== foreign.id);
        }
        return answer;
      }),
    );
    const dir = await writeStack({ snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status: 'Running' } } });

    emu.resetStats();
    const run = await runCosell(['apply', dir, '--auto-approve', '--endpoint', proxy.url, '--cache-dir', join(dir, '.cosell')]);
    expect(run.code, run.stdout).toBe(1);
    expect(sent).toContain('CreateResourceSnapshotJob');
    expect(`${run.stdout}${run.stderr}`).toContain('ownership conflict');
    expect(run.stdout).not.toContain('Creation complete');
    expect(sent).not.toContain('StartResourceSnapshotJob');
    expect(sent).not.toContain('TagResource');
    const after = (await allJobs(emu)).find((j) => j.id === foreign.id);
    expect(after?.status).toBe('Stopped');
    expect(after?.tags[OWNER]).toBe('other-stack');
  });
});

describe('F4: a job cache edited to move this stack’s declared job to an undeclared key', () => {
  it('never deletes the job: no DeleteResourceSnapshotJob, and it still exists', async () => {
    const emu = closed(
      await startEmu({
        seed: seedWith({
          snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', status: 'Running', tags: { [OWNER]: STACK, team: 'alliances' } }],
        }),
      }),
    );
    const dir = await writeStack({ snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status: 'Running' } } });
    const cacheDir = join(dir, '.cosell');
    const plan = await runCosell(['plan', dir, '--endpoint', emu.url, '--cache-dir', cacheDir]);
    expect(plan.code, plan.stderr).toBe(0);
    const job = (await allJobs(emu))[0]!;
    const files = (await readdir(cacheDir)).filter((f) => /^jobs-.*\.json$/.test(f));
    expect(files).toHaveLength(1);
    const cacheFile = join(cacheDir, files[0]!);
    const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as { jobs: Record<string, Json> };
    expect(cache.jobs[job.id]?.opportunity).toBe('O3000');
    cache.jobs[job.id]!.opportunity = 'O3001';
    await writeFile(cacheFile, JSON.stringify(cache));

    emu.resetStats();
    const run = await runCosell(['apply', dir, '--auto-approve', '--endpoint', emu.url, '--cache-dir', cacheDir]);
    expect(emu.stats().calls.DeleteResourceSnapshotJob ?? 0, run.stdout).toBe(0);
    expect(emu.stats().calls.StopResourceSnapshotJob ?? 0).toBe(0);
    const after = (await allJobs(emu)).find((j) => j.id === job.id);
    expect(after?.status).toBe('Running');
    expect(after?.tags[OWNER]).toBe(STACK);
    // A run that fails says why, and names the cache.
    if (run.code !== 0) expect(run.stderr).toContain('job cache');
  });
});

describe('F7: a task reported COMPLETE with a job that does not exist', () => {
  it('apply does not claim the job in its completion line', async () => {
    const emu = closed(await startEmu());
    const GHOST = 'job-zzzzzzzzzzzzz';
    const proxy = closed(
      await startLyingProxy(emu.url, async (call) => {
        const answer = await call.forward();
        if (call.op === 'ListEngagementFromOpportunityTasks' || call.op === 'StartEngagementFromOpportunityTask') {
          const body = answer.body as Json & { TaskSummaries?: Json[] };
          for (const t of [body, ...(body.TaskSummaries ?? [])]) if (t.ResourceSnapshotJobId) t.ResourceSnapshotJobId = GHOST;
        }
        return answer;
      }),
    );
    const dir = await writeStack({ opportunityEngagements: { initech: { opportunity: 'O2001', involvementType: 'Co-Sell' } } });
    const run = await runCosell(['apply', dir, '--auto-approve', '--endpoint', proxy.url, '--cache-dir', join(dir, '.cosell')]);
    expect(run.stdout).toMatch(/opportunityEngagement\.initech: Creation complete/);
    expect(run.stdout).not.toContain(`job=${GHOST}`);
    expect(`${run.stdout}${run.stderr}`).toContain(`the job ${GHOST} it names was not found`);
  });
});
