/**
 * Engagement tasks end to end: started once with a derived token, followed to the end, the job
 * they create reconciled in the same run; a FAILED task restarted with a new token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { taskStartToken } from '../../src/apply/tokens.js';
import type { Emulator } from '../../src/emulator/index.js';
import { Action } from '../../src/plan/types.js';
import { applyPlan, callsOf, clientOf, desiredOf, liveOf, manyJobs, planAndApply, planOf, seedWith, STACK, startEmu } from './helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const OWNER = 'cosell:stack';

describe('apply: engagement tasks', () => {
  it('starts each task once, follows it to COMPLETE, and checks the tags of the job it created', async () => {
    emu = await startEmu();
    const client = clientOf(emu);
    const desired = await desiredOf({
      opportunityEngagements: {
        'initech-cosell': { opportunity: 'O2001', involvementType: 'Co-Sell', visibility: 'Full', tags: { source: 'gitops' } },
      },
      invitationAcceptances: { 'globex-referral': { invitation: 'engi-globexinvite1', tags: { source: 'referral' } } },
    });
    const plan = await planOf(desired, client);
    emu.resetStats();
    const { result, lines } = await applyPlan(plan, desired, client);
    expect(result.ok).toBe(true);
    const calls = callsOf(emu);
    // Polls depend on timing; everything else is exact: no TagResource, the tags came with the task.
    const { ListEngagementFromOpportunityTasks: oppPolls, ListEngagementByAcceptingInvitationTasks: invPolls, ...rest } = calls;
    expect(rest).toEqual({
      StartEngagementFromOpportunityTask: 1,
      StartEngagementByAcceptingInvitationTask: 1,
      GetResourceSnapshotJob: 2,
      ListTagsForResource: 2,
    });
    expect(oppPolls).toBeGreaterThanOrEqual(1);
    expect(invPolls).toBeGreaterThanOrEqual(1);
    expect(
      lines.some((l) =>
        /^opportunityEngagement\.initech-cosell: Creation complete after \d+s \[id=task-[0-9a-z]+, job=job-[0-9a-z]+\]$/.test(l),
      ),
    ).toBe(true);

    const live = await liveOf(desired, client);
    const task = live.tasks.find((t) => t.kind === 'opportunityEngagement');
    const job = live.snapshotJobs.find((j) => j.id === task?.resourceSnapshotJobId);
    expect(job?.tags).toEqual({ [OWNER]: STACK, team: 'alliances', source: 'gitops' });
    expect((await planOf(desired, client)).summary).toEqual({ add: 0, change: 0, destroy: 0, error: 0 });
  });

  it('reports a FAILED task with its reason, then restarts it with a new token', async () => {
    emu = await startEmu({
      seed: seedWith({ extraOpportunities: [{ id: 'O2999', failWith: 'OpportunityValidationFailed', failTimes: 1 }] }),
    });
    const client = clientOf(emu);
    const desired = await desiredOf({
      opportunityEngagements: { flaky: { opportunity: 'O2999', involvementType: 'For Visibility Only' } },
      snapshotJobs: { steady: { engagement: 'eng-applytest00001', opportunity: 'O3000' } },
    });
    const first = await planAndApply(desired, client);
    expect(first.result.ok).toBe(false);
    expect(first.result.summary).toEqual({ add: 1, change: 0, destroy: 0, failed: 1 });
    const failed = first.result.resources.find((r) => r.address === 'opportunityEngagement.flaky');
    expect(failed?.error).toMatch(
      /^task task-[0-9a-z]+ FAILED: OpportunityValidationFailed: The task failed with OpportunityValidationFailed/,
    );

    const again = await planOf(desired, client);
    const change = again.resourceChanges.find((c) => c.address === 'opportunityEngagement.flaky');
    expect(change?.action).toBe(Action.Create);
    expect(change?.kind !== 'snapshotJob' && change?.lastTask?.status).toBe('FAILED');
    const second = await applyPlan(again, desired, client);
    expect(second.result.ok).toBe(true);

    const tasks = (await liveOf(desired, client)).tasks;
    expect(tasks.map((t) => t.status).sort()).toEqual(['COMPLETE', 'FAILED']);
    // The restart's token is derived from the failed task, so it is not the first one.
    const identity = change?.kind !== 'snapshotJob' ? change?.task : undefined;
    const failedId = change?.kind !== 'snapshotJob' ? change?.lastTask?.taskId : undefined;
    expect(identity && failedId && taskStartToken(STACK, identity, failedId)).not.toBe(identity && taskStartToken(STACK, identity, '0'));
  });

  it('reconciles the tags of a COMPLETE task’s job with one TagResource and one UntagResource', async () => {
    emu = await startEmu();
    const client = clientOf(emu);
    const desired = await desiredOf({
      opportunityEngagements: { eng: { opportunity: 'O2001', involvementType: 'Co-Sell', tags: { source: 'gitops' } } },
    });
    await planAndApply(desired, client);
    const live = await liveOf(desired, client);
    const job = live.snapshotJobs[0];
    if (!job) throw new Error('the task made no job');
    await client.tagResource({
      ResourceArn: job.arn,
      Tags: [
        { Key: 'source', Value: 'manual' },
        { Key: 'extra', Value: 'x' },
      ],
    });

    const plan = await planOf(desired, client);
    expect(plan.resourceChanges[0]?.action).toBe(Action.Update);
    emu.resetStats();
    const { result, lines } = await applyPlan(plan, desired, client);
    expect(result.summary).toEqual({ add: 0, change: 1, destroy: 0, failed: 0 });
    expect(callsOf(emu)).toEqual({ TagResource: 1, UntagResource: 1 });
    expect(lines[0]).toBe(`opportunityEngagement.eng: Modifying… [id=${job.id}]`);
    expect((await liveOf(desired, client)).snapshotJobs[0]?.tags).toEqual({ [OWNER]: STACK, team: 'alliances', source: 'gitops' });
  });

  it('follows a task started since the plan instead of failing, and brings its job’s tags to the stack’s', async () => {
    emu = await startEmu();
    const client = clientOf(emu);
    const desired = await desiredOf({
      invitationAcceptances: { referral: { invitation: 'engi-globexinvite1', tags: { source: 'referral' } } },
    });
    const plan = await planOf(desired, client);
    await client.startEngagementByAcceptingInvitationTask({
      Catalog: 'Sandbox',
      Identifier: 'engi-globexinvite1',
      Tags: [{ Key: 'source', Value: 'console' }],
    });
    const { result, events } = await applyPlan(plan, desired, client);
    expect(result.ok).toBe(true);
    expect(
      events.some(
        (e) =>
          e.type === 'apply_note' && /a task for engi-globexinvite1 was already started \(task-[0-9a-z]+\); following it/.test(e.message),
      ),
    ).toBe(true);
    const live = await liveOf(desired, client);
    expect(live.tasks).toHaveLength(1);
    expect(live.snapshotJobs[0]?.tags).toEqual({ [OWNER]: STACK, team: 'alliances', source: 'referral' });
  });

  it('never retags the job of a task another stack started since the plan', async () => {
    emu = await startEmu();
    const client = clientOf(emu);
    const desired = await desiredOf({ invitationAcceptances: { referral: { invitation: 'engi-globexinvite1' } } });
    const plan = await planOf(desired, client);
    await client.startEngagementByAcceptingInvitationTask({
      Catalog: 'Sandbox',
      Identifier: 'engi-globexinvite1',
      Tags: [
        { Key: OWNER, Value: 'other-stack' },
        { Key: 'team', Value: 'theirs' },
      ],
    });
    const { result } = await applyPlan(plan, desired, client);
    expect(result.ok).toBe(false);
    expect(result.resources[0]?.error).toMatch(
      /was started by stack other-stack, not this one: its job job-[0-9a-z]+ is owned by other-stack .*cosell leaves it alone/,
    );
    const live = await liveOf(desired, client);
    expect(live.snapshotJobs[0]?.tags).toEqual({ [OWNER]: 'other-stack', team: 'theirs' });
  });

  it('a task waiting on the service holds no slot: with --parallelism 1, job changes finish first', async () => {
    // Two seconds: long enough that three job changes finish first even on a loaded CI machine.
    emu = await startEmu({ taskDelayMs: 2000 });
    const client = clientOf(emu);
    const desired = await desiredOf({
      snapshotJobs: manyJobs(3),
      invitationAcceptances: { referral: { invitation: 'engi-globexinvite1' } },
    });
    const { result, events } = await applyPlan(await planOf(desired, client), desired, client, { parallelism: 1 });
    expect(result.ok).toBe(true);
    const completed = events.filter((e) => e.type === 'apply_complete').map((e) => (e as { address: string }).address);
    expect(completed.at(-1)).toBe('invitationAcceptance.referral');
    expect(completed).toHaveLength(4);
  });

  it('gives up waiting at --task-timeout and says the task goes on', async () => {
    emu = await startEmu({ taskDelayMs: 60_000 });
    const client = clientOf(emu);
    const desired = await desiredOf({ opportunityEngagements: { slow: { opportunity: 'O2001', involvementType: 'Co-Sell' } } });
    const { result } = await planAndApply(desired, client, { taskTimeoutMs: 50 });
    expect(result.ok).toBe(false);
    expect(result.resources[0]?.error).toMatch(
      /^task task-[0-9a-z]+ is still IN_PROGRESS after 0s \(--task-timeout\); it goes on in the service: run cosell apply again later to reconcile the job it creates$/,
    );
    // An IN_PROGRESS task satisfies the declaration: the next plan starts nothing new.
    expect((await planOf(desired, client)).summary.add).toBe(0);
  });

  it('says a long task is still going, every progressEveryMs', async () => {
    emu = await startEmu({ taskDelayMs: 300 });
    const client = clientOf(emu);
    const desired = await desiredOf({ opportunityEngagements: { slow: { opportunity: 'O2001', involvementType: 'Co-Sell' } } });
    const { result, lines } = await planAndApply(desired, client, { progressEveryMs: 50, pollMs: { initial: 20, max: 40 } });
    expect(result.ok).toBe(true);
    expect(lines.filter((l) => /^opportunityEngagement\.slow: Still creating… \[\d+s elapsed\]$/.test(l)).length).toBeGreaterThan(0);
  });
});
