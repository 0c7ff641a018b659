import { describe, expect, it } from 'vitest';
import { OWNER_TAG_KEY } from '../../src/desired/types.js';
import { Action, diff, type PlanError, type ResourceChange, type SnapshotJobChange } from '../../src/plan/index.js';
import { CosellError } from '../../src/util/errors.js';
import { declaredJob, desiredState, effective, liveJob, liveOf, liveState, STACK } from './fixtures.js';

const acme = () => declaredJob('acme-migration', { engagement: 'eng-acmemigration1', opportunity: 'O1001' });

function only(changes: ResourceChange[]): SnapshotJobChange {
  expect(changes).toHaveLength(1);
  const c = changes[0] as ResourceChange;
  if (c.kind !== 'snapshotJob') throw new Error('expected a snapshot job change');
  return c;
}

function onlyError(errors: PlanError[]): PlanError {
  expect(errors).toHaveLength(1);
  return errors[0] as PlanError;
}

describe('diff: snapshot jobs', () => {
  it('creates a declared job with nothing live on its key, with its effective tags', () => {
    const d = acme();
    const plan = diff(desiredState({ snapshotJobs: [d] }), liveState());
    const c = only(plan.resourceChanges);
    expect(c).toMatchObject({
      address: 'snapshotJob.acme-migration',
      action: Action.Create,
      actions: ['create'],
      before: null,
      after: {
        catalog: 'Sandbox',
        engagement: 'eng-acmemigration1',
        opportunity: 'O1001',
        template: 'OpportunitySummaryView',
        status: 'Running',
      },
      key: { catalog: 'Sandbox', engagement: 'eng-acmemigration1', opportunity: 'O1001', template: 'OpportunitySummaryView' },
      declared: true,
      adoption: false,
      stopFirst: false,
    });
    expect(c.after?.tags).toEqual({ [OWNER_TAG_KEY]: STACK, 'cost-center': '4411', team: 'alliances' });
    expect(c.tagDiff).toEqual({ add: c.after?.tags, change: {}, remove: [] });
    expect(c.live).toBeUndefined();
    expect(plan.summary).toEqual({ add: 1, change: 0, destroy: 0, error: 0 });
  });

  it('matches by natural key alone and plans a no-op when the live job is in step', () => {
    const d = acme();
    const plan = diff(desiredState({ snapshotJobs: [d] }), liveState([liveOf('job-0000000000001', d)]));
    const c = only(plan.resourceChanges);
    expect(c.action).toBe(Action.NoOp);
    expect(c.actions).toEqual(['no-op']);
    expect(c.before).toEqual(c.after);
    expect(c.live).toMatchObject({ id: 'job-0000000000001', status: 'Running', owner: STACK });
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 0, error: 0 });
  });

  it('a different template, opportunity, engagement or catalog is a different key', () => {
    const d = acme();
    for (const other of [
      liveJob('job-0000000000001', { engagement: 'eng-acmemigration1', opportunity: 'O1001', template: 'Other' }),
      liveJob('job-0000000000001', { engagement: 'eng-acmemigration1', opportunity: 'O1009' }),
      liveJob('job-0000000000001', { engagement: 'eng-globexretail02', opportunity: 'O1001' }),
      { ...liveJob('job-0000000000001', { engagement: 'eng-acmemigration1', opportunity: 'O1001' }), catalog: 'AWS' as const },
    ]) {
      const plan = diff(desiredState({ snapshotJobs: [d] }), { ...liveState([other]), catalogs: ['AWS', 'Sandbox'] });
      expect(only(plan.resourceChanges).action).toBe(Action.Create);
    }
  });

  it('status drives start and stop as an update', () => {
    const running = acme();
    const stopped = declaredJob('acme-expansion', { engagement: 'eng-acmemigration1', opportunity: 'O1002', status: 'Stopped' });
    const plan = diff(
      desiredState({ snapshotJobs: [running, stopped] }),
      liveState([
        liveOf('job-0000000000001', { ...running, status: 'Stopped' }),
        liveOf('job-0000000000002', { ...stopped, status: 'Running' }),
      ]),
    );
    const [expansion, migration] = plan.resourceChanges as [SnapshotJobChange, SnapshotJobChange];
    expect(migration).toMatchObject({ action: Action.Update, before: { status: 'Stopped' }, after: { status: 'Running' } });
    expect(expansion).toMatchObject({ action: Action.Update, before: { status: 'Running' }, after: { status: 'Stopped' } });
    expect(migration.tagDiff).toEqual({ add: {}, change: {}, remove: [] });
    expect(plan.summary.change).toBe(2);
  });

  it('tags are authoritative: adds, changes and removes on an owned job', () => {
    const d = declaredJob('acme-migration', { engagement: 'eng-acmemigration1', opportunity: 'O1001', tags: { priority: 'high' } });
    const live = liveJob('job-0000000000001', {
      engagement: 'eng-acmemigration1',
      opportunity: 'O1001',
      tags: { [OWNER_TAG_KEY]: STACK, team: 'partners', stale: 'x', 'cost-center': '4411' },
    });
    const c = only(diff(desiredState({ snapshotJobs: [d] }), liveState([live])).resourceChanges);
    expect(c.action).toBe(Action.Update);
    expect(c.adoption).toBe(false);
    expect(c.tagDiff).toEqual({
      add: { priority: 'high' },
      change: { team: { before: 'partners', after: 'alliances' } },
      remove: ['stale'],
    });
    expect(c.after?.tags).toEqual({ [OWNER_TAG_KEY]: STACK, 'cost-center': '4411', priority: 'high', team: 'alliances' });
  });

  it("a resource's own tag overrides the default of the same key", () => {
    const d = declaredJob('acme-migration', { engagement: 'eng-acmemigration1', opportunity: 'O1001', tags: { team: 'cloud' } });
    expect(d.tags.team).toBe('cloud');
    const c = only(
      diff(desiredState({ snapshotJobs: [d] }), liveState([liveOf('job-0000000000001', d, { team: 'alliances' })])).resourceChanges,
    );
    expect(c.tagDiff).toEqual({ add: {}, change: { team: { before: 'alliances', after: 'cloud' } }, remove: [] });
  });

  it('never adds, changes or removes aws: keys, and keeps them in the resulting tags', () => {
    const d = acme();
    const live = liveOf('job-0000000000001', d, { 'aws:cloudformation:stack-name': 'legacy', 'aws:x': 'y' });
    const c = only(diff(desiredState({ snapshotJobs: [d] }), liveState([live])).resourceChanges);
    expect(c.action).toBe(Action.NoOp);
    expect(c.after?.tags['aws:cloudformation:stack-name']).toBe('legacy');
    const deleted = only(diff(desiredState(), liveState([live])).resourceChanges);
    expect(deleted.tagDiff.remove).not.toContain('aws:x');
  });

  it('ignoreTags: keys and key prefixes are left as they are, both ways', () => {
    const d = declaredJob('acme-migration', {
      engagement: 'eng-acmemigration1',
      opportunity: 'O1001',
      tags: { 'crm-sync-id': 'mine', 'crm:owner': 'me' },
    });
    const live = liveOf('job-0000000000001', d, { 'crm-sync-id': '77', 'crm:owner': 'dana', 'crm:stage': 'won' });
    const desired = desiredState({ snapshotJobs: [d], ignoreTags: { keys: ['crm-sync-id'], keyPrefixes: ['crm:'] } });
    const c = only(diff(desired, liveState([live])).resourceChanges);
    expect(c.action).toBe(Action.NoOp);
    expect(c.tagDiff).toEqual({ add: {}, change: {}, remove: [] });
    expect(c.after?.tags).toMatchObject({ 'crm-sync-id': '77', 'crm:owner': 'dana', 'crm:stage': 'won' });
    // A create sends no ignored key either.
    const created = only(diff(desired, liveState()).resourceChanges);
    expect(created.after?.tags).not.toHaveProperty('crm-sync-id');
    expect(created.tagDiff.add).not.toHaveProperty('crm:owner');
  });

  it('an ignore rule never hides the owner tag', () => {
    const d = acme();
    const live = liveOf('job-0000000000001', d, { [OWNER_TAG_KEY]: '' });
    const desired = desiredState({ snapshotJobs: [], ignoreTags: { keys: [OWNER_TAG_KEY], keyPrefixes: ['cosell:'] } });
    const owned = liveOf('job-0000000000002', declaredJob('x', { engagement: 'eng-acmemigration1', opportunity: 'O1002' }));
    const plan = diff(desired, liveState([live, owned]));
    expect(only(plan.resourceChanges)).toMatchObject({ action: Action.Delete, name: 'job-0000000000002' });
    expect((plan.resourceChanges[0] as SnapshotJobChange).tagDiff.remove).toContain(OWNER_TAG_KEY);
  });

  it('adopts an unowned live job on a declared key: it gains the owner tag and the desired tags', () => {
    const d = acme();
    const live = liveJob('job-0000000000001', {
      engagement: 'eng-acmemigration1',
      opportunity: 'O1001',
      tags: { team: 'alliances', note: 'hand-made' },
    });
    const plan = diff(desiredState({ snapshotJobs: [d] }), liveState([live]));
    const c = only(plan.resourceChanges);
    expect(c).toMatchObject({ action: Action.Update, adoption: true, live: { id: 'job-0000000000001' } });
    expect(c.live?.owner).toBeUndefined();
    expect(c.tagDiff).toEqual({ add: { [OWNER_TAG_KEY]: STACK, 'cost-center': '4411' }, change: {}, remove: ['note'] });
    expect(plan.summary).toEqual({ add: 0, change: 1, destroy: 0, error: 0 });
  });

  it('a live job owned by another stack on a declared key is an error, and never touched', () => {
    const d = acme();
    const live = liveJob('job-0000000000001', {
      engagement: 'eng-acmemigration1',
      opportunity: 'O1001',
      tags: { [OWNER_TAG_KEY]: 'apac-alliances' },
    });
    const plan = diff(desiredState({ snapshotJobs: [d] }), liveState([live]));
    expect(plan.resourceChanges).toEqual([]);
    const e = onlyError(plan.errors);
    expect(e).toMatchObject({
      address: 'snapshotJob.acme-migration',
      code: 'ownership-conflict',
      liveJobs: [{ id: 'job-0000000000001', owner: 'apac-alliances' }],
    });
    expect(e.reason).toBe(
      'the live job job-0000000000001 on this key is owned by stack "apac-alliances" (tag cosell:stack); cosell leaves it alone',
    );
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 0, error: 1 });
  });

  it('two live jobs on one declared key are an error; neither is touched nor deleted', () => {
    const d = acme();
    const plan = diff(
      desiredState({ snapshotJobs: [d] }),
      liveState([
        liveOf('job-0000000000001', d),
        liveJob('job-0000000000002', { engagement: 'eng-acmemigration1', opportunity: 'O1001', tags: {} }),
      ]),
    );
    expect(plan.resourceChanges).toEqual([]);
    const e = onlyError(plan.errors);
    expect(e.code).toBe('duplicate-live-jobs');
    expect(e.reason).toBe(
      '2 live jobs share this key (job-0000000000001, job-0000000000002); cosell touches none of them until only one is left',
    );
    expect(e.liveJobs.map((j) => j.id)).toEqual(['job-0000000000001', 'job-0000000000002']);
  });

  it('two declarations of one key are an error on both', () => {
    const a = acme();
    const b = declaredJob('acme-again', { engagement: 'eng-acmemigration1', opportunity: 'O1001' });
    const plan = diff(desiredState({ snapshotJobs: [a, b] }), liveState());
    expect(plan.resourceChanges).toEqual([]);
    expect(plan.errors.map((e) => [e.address, e.code])).toEqual([
      ['snapshotJob.acme-again', 'duplicate-declaration'],
      ['snapshotJob.acme-migration', 'duplicate-declaration'],
    ]);
    expect(plan.errors[0]?.reason).toBe(
      'declared more than once with the same catalog, engagement, opportunity and template (snapshotJob.acme-migration, snapshotJob.acme-again); cosell plans none of them',
    );
  });

  it('deletes an owned job no longer declared; a running one is stopped first', () => {
    const running = liveJob('job-0000000000001', {
      engagement: 'eng-acmemigration1',
      opportunity: 'O1001',
      status: 'Running',
      tags: effective(),
    });
    const stopped = liveJob('job-0000000000002', {
      engagement: 'eng-acmemigration1',
      opportunity: 'O1002',
      status: 'Stopped',
      tags: effective(),
    });
    const plan = diff(desiredState(), liveState([running, stopped]));
    expect(plan.resourceChanges.map((c) => [c.address, c.action, (c as SnapshotJobChange).stopFirst])).toEqual([
      ['snapshotJob.job-0000000000001', Action.Delete, true],
      ['snapshotJob.job-0000000000002', Action.Delete, false],
    ]);
    const c = plan.resourceChanges[0] as SnapshotJobChange;
    expect(c).toMatchObject({
      name: 'job-0000000000001',
      actions: ['delete'],
      declared: false,
      after: null,
      before: { status: 'Running', opportunity: 'O1001' },
      live: { id: 'job-0000000000001', arn: running.arn, status: 'Running' },
      key: { opportunity: 'O1001' },
    });
    expect(c.source).toBeUndefined();
    expect(c.tagDiff.remove).toEqual([OWNER_TAG_KEY, 'cost-center', 'team']);
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 2, error: 0 });
  });

  it('leaves alone undeclared jobs that are unowned or owned by another stack', () => {
    const plan = diff(
      desiredState(),
      liveState([
        liveJob('job-0000000000001', { engagement: 'eng-acmemigration1', opportunity: 'O1001', tags: {} }),
        liveJob('job-0000000000002', { engagement: 'eng-acmemigration1', opportunity: 'O1002', tags: { [OWNER_TAG_KEY]: 'apac' } }),
      ]),
    );
    expect(plan.resourceChanges).toEqual([]);
    expect(plan.errors).toEqual([]);
  });

  it('an undeclared job whose id is also a declared name gets a distinct address', () => {
    const d = declaredJob('job-0000000000001', { engagement: 'eng-acmemigration1', opportunity: 'O1001' });
    const orphan = liveJob('job-0000000000001', { engagement: 'eng-globexretail02', opportunity: 'O1009', tags: effective() });
    const plan = diff(desiredState({ snapshotJobs: [d] }), liveState([orphan]));
    expect(plan.resourceChanges.map((c) => [c.address, c.action])).toEqual([
      ['snapshotJob.job-0000000000001', Action.Create],
      ['snapshotJob.undeclared-job-0000000000001', Action.Delete],
    ]);
  });

  describe('replacement', () => {
    it('a changed template is a -/+ on the declared address', () => {
      const d = declaredJob('acme-migration', { engagement: 'eng-acmemigration1', opportunity: 'O1001', template: 'NewView' });
      const old = liveOf('job-0000000000001', { ...d, template: 'OpportunitySummaryView' }, { extra: '1' });
      const plan = diff(desiredState({ snapshotJobs: [d] }), liveState([old]));
      const c = only(plan.resourceChanges);
      expect(c).toMatchObject({
        address: 'snapshotJob.acme-migration',
        action: Action.DeleteThenCreate,
        actions: ['delete', 'create'],
        replaceFields: ['template'],
        live: { id: 'job-0000000000001', status: 'Running' },
        stopFirst: true,
        before: { template: 'OpportunitySummaryView' },
        after: { template: 'NewView', status: 'Running' },
        key: { template: 'NewView' },
      });
      expect(c.tagDiff.remove).toEqual(['extra']);
      expect(c.after?.tags).not.toHaveProperty('extra');
      expect(plan.summary).toEqual({ add: 1, change: 0, destroy: 1, error: 0 });
    });

    it('a replaced job that was stopped needs no stop', () => {
      const d = declaredJob('acme-migration', {
        engagement: 'eng-acmemigration1',
        opportunity: 'O1001',
        template: 'NewView',
        status: 'Stopped',
      });
      const old = liveOf('job-0000000000001', { ...d, template: 'OpportunitySummaryView' });
      const c = only(diff(desiredState({ snapshotJobs: [d] }), liveState([old])).resourceChanges);
      expect(c).toMatchObject({ action: Action.DeleteThenCreate, replaceFields: ['template'], stopFirst: false });
    });

    it('a changed opportunity is a plain delete plus create: a shared template is no evidence', () => {
      const d = declaredJob('acme-migration', { engagement: 'eng-acmemigration1', opportunity: 'O1002' });
      const old = liveOf('job-0000000000001', { ...d, opportunity: 'O1001' });
      const plan = diff(desiredState({ snapshotJobs: [d] }), liveState([old]));
      expect(plan.resourceChanges.map((c) => [c.address, c.action])).toEqual([
        ['snapshotJob.acme-migration', Action.Create],
        ['snapshotJob.job-0000000000001', Action.Delete],
      ]);
    });

    it('a changed engagement is a plain delete plus create', () => {
      const d = declaredJob('acme-migration', { engagement: 'eng-globexretail02', opportunity: 'O1001' });
      const old = liveOf('job-0000000000001', { ...d, engagement: 'eng-acmemigration1' });
      const plan = diff(desiredState({ snapshotJobs: [d] }), liveState([old]));
      expect(plan.resourceChanges.map((c) => [c.address, c.action])).toEqual([
        ['snapshotJob.acme-migration', Action.Create],
        ['snapshotJob.job-0000000000001', Action.Delete],
      ]);
    });

    it('an ambiguous pairing is a plain delete plus create', () => {
      // Two owned undeclared jobs on the opportunity could each be the old version of the declared one.
      const d = declaredJob('acme-migration', { engagement: 'eng-acmemigration1', opportunity: 'O1001', template: 'NewView' });
      const a = liveOf('job-0000000000001', { ...d, template: 'OldView' });
      const b = liveOf('job-0000000000002', { ...d, template: 'OlderView' });
      const plan = diff(desiredState({ snapshotJobs: [d] }), liveState([a, b]));
      expect(plan.resourceChanges.map((c) => c.action)).toEqual([Action.Create, Action.Delete, Action.Delete]);
      // And the other way round: two declared jobs could each be the new version of one live job.
      const d1 = declaredJob('one', { engagement: 'eng-acmemigration1', opportunity: 'O1001', template: 'NewView' });
      const d2 = declaredJob('two', { engagement: 'eng-acmemigration1', opportunity: 'O1001', template: 'OtherView' });
      const old = liveOf('job-0000000000003', { ...d1, template: 'OldView' });
      const plan2 = diff(desiredState({ snapshotJobs: [d1, d2] }), liveState([old]));
      expect(plan2.resourceChanges.map((c) => [c.address, c.action])).toEqual([
        ['snapshotJob.job-0000000000003', Action.Delete],
        ['snapshotJob.one', Action.Create],
        ['snapshotJob.two', Action.Create],
      ]);
    });

    it('pairs the template change and leaves an opportunity change alone, side by side', () => {
      const replaced = declaredJob('replaced', { engagement: 'eng-acmemigration1', opportunity: 'O5' });
      const fresh = declaredJob('fresh', { engagement: 'eng-acmemigration1', opportunity: 'O6' });
      const live = [
        liveOf('job-0000000000004', { ...replaced, opportunity: 'O4' }),
        liveOf('job-0000000000005', { ...replaced, template: 'PipelineView', status: 'Stopped' }),
      ];
      const plan = diff(desiredState({ snapshotJobs: [replaced, fresh] }), liveState(live));
      expect(plan.resourceChanges.map((c) => [c.address, c.action])).toEqual([
        ['snapshotJob.fresh', Action.Create],
        ['snapshotJob.job-0000000000004', Action.Delete],
        ['snapshotJob.replaced', Action.DeleteThenCreate],
      ]);
    });

    it('a job owned by another stack is never paired for replacement', () => {
      const d = declaredJob('acme-migration', { engagement: 'eng-acmemigration1', opportunity: 'O1001', template: 'NewView' });
      const other = liveJob('job-0000000000001', {
        engagement: 'eng-acmemigration1',
        opportunity: 'O1001',
        tags: { [OWNER_TAG_KEY]: 'apac' },
      });
      const plan = diff(desiredState({ snapshotJobs: [d] }), liveState([other]));
      expect(plan.resourceChanges.map((c) => c.action)).toEqual([Action.Create]);
    });
  });

  it('orders changes by address and counts each kind', () => {
    const names = ['b', 'a', 'c'];
    const plan = diff(
      desiredState({ snapshotJobs: names.map((n, i) => declaredJob(n, { engagement: 'eng-acmemigration1', opportunity: `O${i + 1}` })) }),
      liveState(),
    );
    expect(plan.resourceChanges.map((c) => c.address)).toEqual(['snapshotJob.a', 'snapshotJob.b', 'snapshotJob.c']);
  });

  it('is pure: the same input gives the same plan, and the input is not changed', () => {
    const d = acme();
    const desired = desiredState({ snapshotJobs: [d] });
    const live = liveState([
      liveJob('job-0000000000001', { engagement: 'eng-acmemigration1', opportunity: 'O1001', tags: { z: '1', a: '2' } }),
    ]);
    const frozen = JSON.stringify([desired, live]);
    const first = diff(desired, live);
    expect(JSON.stringify([desired, live])).toBe(frozen);
    expect(diff(desired, live)).toEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it('refuses a live state that was not observed for a catalog the stack uses', () => {
    const desired = { ...desiredState({ snapshotJobs: [acme()] }), catalogs: ['AWS', 'Sandbox'] as ('AWS' | 'Sandbox')[] };
    expect(() => diff(desired, liveState())).toThrow(CosellError);
    expect(() => diff(desired, liveState())).toThrow('cannot plan: the live state was not observed for catalog AWS, which the stack uses');
  });
});

describe('diff: scale', () => {
  it('thousands of ambiguous candidates on one engagement and opportunity pair nothing', () => {
    const declared = Array.from({ length: 3000 }, (_, i) =>
      declaredJob(`new-${i}`, { engagement: 'eng-acmemigration1', opportunity: 'O1001', template: `NewView${i}` }),
    );
    const live = Array.from({ length: 3000 }, (_, i) =>
      liveJob(`job-${String(i).padStart(13, '0')}`, {
        engagement: 'eng-acmemigration1',
        opportunity: 'O1001',
        template: `OldView${i}`,
        tags: effective(),
      }),
    );
    const plan = diff(desiredState({ snapshotJobs: declared }), liveState(live));
    expect(plan.summary).toEqual({ add: 3000, change: 0, destroy: 3000, error: 0 });
  });
});
