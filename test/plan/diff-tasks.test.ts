import { describe, expect, it } from 'vitest';
import { OWNER_TAG_KEY } from '../../src/desired/types.js';
import { Action, diff, type ResourceChange, type TaskChange } from '../../src/plan/index.js';
import {
  declaredInvitationAcceptance,
  declaredJob,
  declaredOpportunityEngagement,
  desiredState,
  effective,
  liveJob,
  liveState,
  liveTask,
  STACK,
} from './fixtures.js';

const cosell = () => declaredOpportunityEngagement('initech-cosell', 'O2001', { source: 'gitops' });
const referral = () => declaredInvitationAcceptance('globex-referral', 'engi-globexinvite1');

function only(changes: ResourceChange[]): TaskChange {
  expect(changes).toHaveLength(1);
  const c = changes[0] as ResourceChange;
  if (c.kind === 'snapshotJob') throw new Error('expected a task change');
  return c;
}

describe('diff: engagement tasks', () => {
  it('starts a missing task, with everything apply needs', () => {
    const plan = diff(desiredState({ opportunityEngagements: [cosell()] }), liveState());
    const c = only(plan.resourceChanges);
    expect(c).toMatchObject({
      address: 'opportunityEngagement.initech-cosell',
      kind: 'opportunityEngagement',
      action: Action.Create,
      actions: ['create'],
      before: null,
      task: { kind: 'opportunityEngagement', catalog: 'Sandbox', identifier: 'O2001', involvementType: 'Co-Sell', visibility: 'Full' },
      after: {
        catalog: 'Sandbox',
        identifier: 'O2001',
        involvementType: 'Co-Sell',
        visibility: 'Full',
        tags: effective({ source: 'gitops' }),
      },
    });
    expect(c.lastTask).toBeUndefined();
    expect(c.tagDiff.add).toEqual(effective({ source: 'gitops' }));
    expect(plan.summary).toEqual({ add: 1, change: 0, destroy: 0, error: 0 });
  });

  it('starts a FAILED task again and carries its last ReasonCode and Message', () => {
    const tasks = [
      liveTask('opportunityEngagement', 'task-0000000000001', 'O2001', 'FAILED', {
        startTime: '2026-01-01T00:00:00.000Z',
        reasonCode: 'InternalError',
        message: 'older',
      }),
      liveTask('opportunityEngagement', 'task-0000000000002', 'O2001', 'FAILED', {
        startTime: '2026-01-02T00:00:00.000Z',
        reasonCode: 'OpportunityAccessDenied',
        message: 'The opportunity is not shared with this account.',
      }),
    ];
    const c = only(diff(desiredState({ opportunityEngagements: [cosell()] }), liveState([], tasks)).resourceChanges);
    expect(c.action).toBe(Action.Create);
    expect(c.lastTask).toEqual({
      taskId: 'task-0000000000002',
      status: 'FAILED',
      startTime: '2026-01-02T00:00:00.000Z',
      reasonCode: 'OpportunityAccessDenied',
      message: 'The opportunity is not shared with this account.',
    });
    expect(c.before).toMatchObject({
      status: 'FAILED',
      reasonCode: 'OpportunityAccessDenied',
      message: 'The opportunity is not shared with this account.',
    });
  });

  it('is satisfied by an IN_PROGRESS task, even after a FAILED one', () => {
    const tasks = [
      liveTask('opportunityEngagement', 'task-0000000000001', 'O2001', 'FAILED', { startTime: '2026-01-01T00:00:00.000Z' }),
      liveTask('opportunityEngagement', 'task-0000000000002', 'O2001', 'IN_PROGRESS', { startTime: '2026-01-02T00:00:00.000Z' }),
    ];
    const plan = diff(desiredState({ opportunityEngagements: [cosell()] }), liveState([], tasks));
    const c = only(plan.resourceChanges);
    expect(c).toMatchObject({ action: Action.NoOp, lastTask: { taskId: 'task-0000000000002', status: 'IN_PROGRESS' } });
    expect(c.before?.tags).toEqual(c.after.tags);
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 0, error: 0 });
  });

  it('is satisfied by a COMPLETE task; a changed involvement type changes nothing (create-only)', () => {
    const d = { ...cosell(), involvementType: 'For Visibility Only' as const };
    const tasks = [liveTask('opportunityEngagement', 'task-0000000000001', 'O2001', 'COMPLETE')];
    expect(only(diff(desiredState({ opportunityEngagements: [d] }), liveState([], tasks)).resourceChanges).action).toBe(Action.NoOp);
  });

  it('matches tasks by kind, catalog and identifier only', () => {
    const tasks = [
      liveTask('opportunityEngagement', 'task-0000000000001', 'O2002', 'COMPLETE'),
      liveTask('invitationAcceptance', 'task-0000000000002', 'O2001', 'COMPLETE'),
      { ...liveTask('opportunityEngagement', 'task-0000000000003', 'O2001', 'COMPLETE'), catalog: 'AWS' as const },
    ];
    expect(only(diff(desiredState({ opportunityEngagements: [cosell()] }), liveState([], tasks)).resourceChanges).action).toBe(
      Action.Create,
    );
  });

  it("reconciles the tags of the job a COMPLETE task created, as an update on the task's address", () => {
    const created = liveJob('job-0000000000009', {
      engagement: 'eng-globexretail02',
      opportunity: 'O1097',
      tags: { [OWNER_TAG_KEY]: STACK, team: 'alliances', 'cost-center': '4411', source: 'email', extra: 'x', 'aws:y': 'z' },
    });
    const tasks = [
      liveTask('invitationAcceptance', 'task-0000000000001', 'engi-globexinvite1', 'COMPLETE', { resourceSnapshotJobId: created.id }),
    ];
    const d = declaredInvitationAcceptance('globex-referral', 'engi-globexinvite1', { source: 'referral' });
    const plan = diff(desiredState({ invitationAcceptances: [d] }), liveState([created], tasks));
    const c = only(plan.resourceChanges);
    expect(c).toMatchObject({
      address: 'invitationAcceptance.globex-referral',
      action: Action.Update,
      createdJob: { id: created.id, arn: created.arn, adoption: false, owner: STACK },
      lastTask: { taskId: 'task-0000000000001', status: 'COMPLETE', resourceSnapshotJobId: created.id },
    });
    expect(c.tagDiff).toEqual({ add: {}, change: { source: { before: 'email', after: 'referral' } }, remove: ['extra'] });
    expect(c.after.tags).toEqual({ ...effective({ source: 'referral' }), 'aws:y': 'z' });
    // The job belongs to the task: it is never planned as owned but undeclared.
    expect(plan.resourceChanges.some((r) => r.action === Action.Delete)).toBe(false);
    expect(plan.summary).toEqual({ add: 0, change: 1, destroy: 0, error: 0 });
  });

  it('a task-created job in step is a no-op; one without an owner tag is adopted', () => {
    const d = referral();
    const tasks = [
      liveTask('invitationAcceptance', 'task-0000000000001', 'engi-globexinvite1', 'COMPLETE', {
        resourceSnapshotJobId: 'job-0000000000009',
      }),
    ];
    const inStep = liveJob('job-0000000000009', { engagement: 'eng-globexretail02', opportunity: 'O1097', tags: d.tags });
    expect(only(diff(desiredState({ invitationAcceptances: [d] }), liveState([inStep], tasks)).resourceChanges).action).toBe(Action.NoOp);
    const unowned = { ...inStep, tags: { team: 'alliances' } };
    const c = only(diff(desiredState({ invitationAcceptances: [d] }), liveState([unowned], tasks)).resourceChanges);
    expect(c).toMatchObject({ action: Action.Update, createdJob: { adoption: true } });
    expect(c.tagDiff.add).toMatchObject({ [OWNER_TAG_KEY]: STACK });
  });

  it("a task-created job owned by another stack is an error on the task's address", () => {
    const d = referral();
    const tasks = [
      liveTask('invitationAcceptance', 'task-0000000000001', 'engi-globexinvite1', 'COMPLETE', {
        resourceSnapshotJobId: 'job-0000000000009',
      }),
    ];
    const job = liveJob('job-0000000000009', { engagement: 'eng-globexretail02', opportunity: 'O1097', tags: { [OWNER_TAG_KEY]: 'apac' } });
    const plan = diff(desiredState({ invitationAcceptances: [d] }), liveState([job], tasks));
    expect(plan.resourceChanges).toEqual([]);
    expect(plan.errors).toMatchObject([
      { address: 'invitationAcceptance.globex-referral', code: 'ownership-conflict', liveJobs: [{ id: job.id }] },
    ]);
    expect(plan.errors[0]?.reason).toBe(
      'the job job-0000000000009 that its task task-0000000000001 created is owned by stack "apac" (tag cosell:stack); cosell leaves it alone',
    );
  });

  it('a COMPLETE task whose job is not observed is a no-op', () => {
    const tasks = [
      liveTask('invitationAcceptance', 'task-0000000000001', 'engi-globexinvite1', 'COMPLETE', {
        resourceSnapshotJobId: 'job-0000000000009',
      }),
    ];
    const c = only(diff(desiredState({ invitationAcceptances: [referral()] }), liveState([], tasks)).resourceChanges);
    expect(c.action).toBe(Action.NoOp);
    expect(c.createdJob).toBeUndefined();
  });

  it('a declared job on the key of a task-created job is an error; the task keeps the job', () => {
    const d = referral();
    const job = liveJob('job-0000000000009', { engagement: 'eng-globexretail02', opportunity: 'O1097', tags: d.tags });
    const tasks = [
      liveTask('invitationAcceptance', 'task-0000000000001', 'engi-globexinvite1', 'COMPLETE', { resourceSnapshotJobId: job.id }),
    ];
    const declared = declaredJob('same-job', { engagement: 'eng-globexretail02', opportunity: 'O1097' });
    const plan = diff(desiredState({ invitationAcceptances: [d], snapshotJobs: [declared] }), liveState([job], tasks));
    expect(plan.errors.map((e) => [e.address, e.code])).toEqual([['snapshotJob.same-job', 'claimed-by-task']]);
    expect(plan.errors[0]?.reason).toBe(
      'the live job on this key (job-0000000000009) was created by the task of invitationAcceptance.globex-referral and belongs to it; declare the job in one place only',
    );
    expect(plan.resourceChanges.map((c) => [c.address, c.action])).toEqual([['invitationAcceptance.globex-referral', Action.NoOp]]);
  });

  it('a job created by an undeclared task and owned by this stack is deleted like any undeclared job', () => {
    const job = liveJob('job-0000000000009', { engagement: 'eng-globexretail02', opportunity: 'O1097', tags: effective() });
    const tasks = [
      liveTask('invitationAcceptance', 'task-0000000000001', 'engi-globexinvite1', 'COMPLETE', { resourceSnapshotJobId: job.id }),
    ];
    const plan = diff(desiredState(), liveState([job], tasks));
    expect(plan.resourceChanges.map((c) => [c.address, c.action])).toEqual([['snapshotJob.job-0000000000009', Action.Delete]]);
  });

  it('two declarations of one task are an error on both', () => {
    const a = cosell();
    const b = declaredOpportunityEngagement('initech-again', 'O2001');
    const plan = diff(desiredState({ opportunityEngagements: [a, b] }), liveState());
    expect(plan.resourceChanges).toEqual([]);
    expect(plan.errors.map((e) => [e.address, e.code])).toEqual([
      ['opportunityEngagement.initech-again', 'duplicate-declaration'],
      ['opportunityEngagement.initech-cosell', 'duplicate-declaration'],
    ]);
    expect(plan.errors[0]?.reason).toBe(
      'declared more than once for O2001 (opportunityEngagement.initech-cosell, opportunityEngagement.initech-again); cosell plans none of them',
    );
  });

  it('accepts an invitation once: missing → create, IN_PROGRESS → no-op', () => {
    const desired = desiredState({ invitationAcceptances: [referral()] });
    const created = only(diff(desired, liveState()).resourceChanges);
    expect(created).toMatchObject({ action: Action.Create, task: { kind: 'invitationAcceptance', identifier: 'engi-globexinvite1' } });
    expect(created.task.involvementType).toBeUndefined();
    const tasks = [liveTask('invitationAcceptance', 'task-0000000000001', 'engi-globexinvite1', 'IN_PROGRESS')];
    expect(only(diff(desired, liveState([], tasks)).resourceChanges).action).toBe(Action.NoOp);
  });
});
