/**
 * The diff of one opportunity from the jobs on it alone is what diff() makes for it given the
 * whole account: streaming apply starts each change from the former and checks it against the
 * latter (src/apply/stream.ts).
 */
import { describe, expect, it } from 'vitest';
import type { LiveSnapshotJob } from '../../src/live/types.js';
import { declaredOpportunities, OpportunityDiff, stackErrors, type Opportunity } from '../../src/plan/diff-part.js';
import { diff } from '../../src/plan/index.js';
import { declaredJob, declaredOpportunityEngagement, desiredState, liveJob, liveState, STACK } from './fixtures.js';
import { everyActionScenario } from './scenario.js';

const opportunityOf = (o: Opportunity): string => `${o.catalog}/${o.engagement}/${o.opportunity}`;

function byOpportunity(desired: Parameters<typeof declaredOpportunities>[0], jobs: readonly LiveSnapshotJob[]) {
  const groups = new Map<string, { o: Opportunity; jobs: LiveSnapshotJob[] }>();
  for (const o of declaredOpportunities(desired)) groups.set(opportunityOf(o), { o, jobs: [] });
  for (const j of jobs) {
    const k = opportunityOf(j);
    const g = groups.get(k) ?? { o: { catalog: j.catalog, engagement: j.engagement, opportunity: j.opportunity }, jobs: [] };
    g.jobs.push(j);
    groups.set(k, g);
  }
  return [...groups.values()];
}

describe('OpportunityDiff', () => {
  it('gives, opportunity by opportunity, exactly the snapshot-job changes and errors of the whole diff', () => {
    const { desired, live } = everyActionScenario();
    // An owned job no longer declared whose name is a declared address, and a lone one.
    const extra = [
      liveJob('acme-migration', { engagement: 'eng-orphanjobs0001', opportunity: 'O1900', tags: { 'cosell:stack': STACK } }),
      liveJob('job-orphan000001', { engagement: 'eng-orphanjobs0001', opportunity: 'O1901', tags: { 'cosell:stack': STACK } }),
    ];
    const whole = { ...live, snapshotJobs: [...live.snapshotJobs, ...extra] };
    for (const options of [{}, { excludes: ['snapshotJob.contested'] }]) {
      const plan = diff(desired, whole, options);
      const parts = new OpportunityDiff(desired, whole.tasks, options);
      const changes = [];
      const errors = [];
      for (const { o, jobs } of byOpportunity(desired, whole.snapshotJobs)) {
        const part = parts.of(o, jobs);
        changes.push(...part.changes);
        errors.push(...part.errors);
      }
      const byAddress = (a: { address: string }, b: { address: string }) => (a.address < b.address ? -1 : 1);
      expect(changes.sort(byAddress)).toEqual(plan.resourceChanges.filter((c) => c.kind === 'snapshotJob'));
      expect(errors.sort(byAddress)).toEqual(plan.errors.filter((e) => e.kind === 'snapshotJob'));
      expect(changes.some((c) => c.address === 'snapshotJob.undeclared-acme-migration')).toBe(true);
    }
  });

  it('pairs a replacement within one opportunity', () => {
    const d = declaredJob('moved', { engagement: 'eng-acmemigration1', opportunity: 'O1001', template: 'PipelineView' });
    const desired = desiredState({ snapshotJobs: [d] });
    const old = liveJob('job-old000000001', { engagement: 'eng-acmemigration1', opportunity: 'O1001', tags: { 'cosell:stack': STACK } });
    const [only] = byOpportunity(desired, [old]);
    const part = new OpportunityDiff(desired, liveState().tasks).of(only?.o as Opportunity, only?.jobs ?? []);
    expect(part.changes.map((c) => [c.address, c.actions])).toEqual([['snapshotJob.moved', ['delete', 'create']]]);
  });
});

describe('stackErrors', () => {
  it('finds the errors a diff finds with nothing live: declarations made twice, and only those', () => {
    const { desired } = everyActionScenario();
    expect(stackErrors(desired, {})).toEqual([]);
    const twice = desiredState({
      snapshotJobs: desired.snapshotJobs,
      opportunityEngagements: [declaredOpportunityEngagement('one', 'O2001'), declaredOpportunityEngagement('two', 'O2001')],
    });
    expect(stackErrors(twice, {}).map((e) => [e.address, e.code])).toEqual([
      ['opportunityEngagement.one', 'duplicate-declaration'],
      ['opportunityEngagement.two', 'duplicate-declaration'],
    ]);
    expect(stackErrors(twice, { excludes: ['opportunityEngagement.*'] })).toEqual([]);
  });
});
