/** What differs between two versions of a stack (plan/changed.ts): plain data, no git. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressesOnKeys, differences, type StackVersion } from '../../src/plan/changed.js';
import { diff } from '../../src/plan/index.js';
import { declaredJob, declaredOpportunityEngagement, desiredState, liveJob, liveState } from './fixtures.js';

const ENG = 'eng-acmemigration1';
const settings = { version: 1, stack: 'test', catalog: 'Sandbox', defaults: { tags: { team: 'a' } } };
const version = (jobs: ReturnType<typeof declaredJob>[], s: Record<string, unknown> = settings): StackVersion => ({
  state: desiredState({ snapshotJobs: jobs }),
  settings: s,
});

describe('differences', () => {
  const a = declaredJob('a', { engagement: ENG, opportunity: 'O1' });
  const b = declaredJob('b', { engagement: ENG, opportunity: 'O2' });

  it('names the added, changed and removed addresses, and the keys the earlier ones stood on', () => {
    const moved = declaredJob('a', { engagement: ENG, opportunity: 'O9' });
    const c = declaredJob('c', { engagement: ENG, opportunity: 'O3' });
    const d = differences(version([a, b]), version([moved, c]));
    expect(d).toEqual({
      changed: ['snapshotJob.a', 'snapshotJob.c'],
      removed: ['snapshotJob.b'],
      earlierKeys: [
        { catalog: 'Sandbox', engagement: ENG, opportunity: 'O1', template: a.template },
        { catalog: 'Sandbox', engagement: ENG, opportunity: 'O2', template: b.template },
      ],
      tasks: [],
    });
  });

  it('ignores where a declaration is written: moving it between files or lines changes nothing', () => {
    const elsewhere = { ...a, source: { file: 'other.yaml', line: 40, column: 3 } };
    expect(differences(version([a, b]), version([b, elsewhere]))).toEqual({ changed: [], removed: [], earlierKeys: [], tasks: [] });
  });

  it('falls back to a full plan when a top-level setting changes, naming it', () => {
    for (const key of ['stack', 'catalog', 'defaults', 'ignoreTags', 'tagPolicy'] as const) {
      const d = differences(version([a]), version([a], { ...settings, [key]: 'other' }));
      expect(d.full).toBe(`the top-level setting ${key} changed`);
    }
    expect(differences(version([a]), version([a], { ...settings })).full).toBeUndefined();
  });

  it('names what changed and removed engagement tasks start from, now and at the revision (their jobs are found through them)', () => {
    const task = declaredOpportunityEngagement('acme', 'O1');
    const moved = declaredOpportunityEngagement('acme', 'O7');
    const gone = declaredOpportunityEngagement('gone', 'O8');
    const before: StackVersion = { state: desiredState({ snapshotJobs: [a], opportunityEngagements: [task, gone] }), settings };
    const after: StackVersion = { state: desiredState({ snapshotJobs: [a], opportunityEngagements: [moved] }), settings };
    const d = differences(before, after);
    expect(d).toMatchObject({ changed: ['opportunityEngagement.acme'], removed: ['opportunityEngagement.gone'], earlierKeys: [] });
    expect(d.full === undefined && d.tasks.map((t) => t.identifier).sort()).toEqual(['O1', 'O7', 'O8']);
    expect(differences(after, after)).toEqual({ changed: [], removed: [], earlierKeys: [], tasks: [] });
  });

  it('is empty exactly when the two versions declare the same things (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 8 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 8 }),
        (xs, ys) => {
          const jobs = (ns: number[]) => ns.map((n) => declaredJob(`j${n}`, { engagement: ENG, opportunity: `O${n}` }));
          const d = differences(version(jobs(xs)), version(jobs(ys)));
          if (d.full !== undefined) return false;
          const sx = new Set(xs);
          const sy = new Set(ys);
          expect(d.changed).toEqual(
            ys
              .filter((n) => !sx.has(n))
              .map((n) => `snapshotJob.j${n}`)
              .sort(),
          );
          expect(d.removed).toEqual(
            xs
              .filter((n) => !sy.has(n))
              .map((n) => `snapshotJob.j${n}`)
              .sort(),
          );
          return true;
        },
      ),
    );
  });
});

describe('addressesOnKeys', () => {
  it('finds the destroy of an owned job on an earlier key, under the address diff gives it', () => {
    const desired = desiredState({ snapshotJobs: [] });
    const old = liveJob('job-aaaaaaaaaaaaa', { engagement: ENG, opportunity: 'O2', tags: { 'cosell:stack': desired.stack } });
    const plan = diff(desired, liveState([old]));
    expect(addressesOnKeys(plan, [{ catalog: 'Sandbox', engagement: ENG, opportunity: 'O2', template: old.template }])).toEqual([
      'snapshotJob.job-aaaaaaaaaaaaa',
    ]);
    expect(addressesOnKeys(plan, [{ catalog: 'Sandbox', engagement: ENG, opportunity: 'O3', template: old.template }])).toEqual([]);
  });
});
