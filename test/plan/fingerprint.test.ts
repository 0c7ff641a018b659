import { describe, expect, it } from 'vitest';
import { OWNER_TAG_KEY } from '../../src/desired/types.js';
import type { LiveState } from '../../src/live/types.js';
import { diff, findStale, fingerprintJob, fingerprintTask } from '../../src/plan/index.js';
import { liveJob, liveTask } from './fixtures.js';
import { everyActionScenario } from './scenario.js';

const job = () =>
  liveJob('job-0000000000001', { engagement: 'eng-acmemigration1', opportunity: 'O1001', tags: { [OWNER_TAG_KEY]: 'x', b: '2', a: '1' } });

describe('fingerprints', () => {
  it('fingerprintJob is stable over tag order and sees id, status and tags', () => {
    const j = job();
    const reordered = { ...j, tags: { a: '1', [OWNER_TAG_KEY]: 'x', b: '2' } };
    expect(fingerprintJob(reordered)).toBe(fingerprintJob(j));
    expect(fingerprintJob(j)).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintJob({ ...j, status: 'Stopped' })).not.toBe(fingerprintJob(j));
    expect(fingerprintJob({ ...j, id: 'job-0000000000002' })).not.toBe(fingerprintJob(j));
    expect(fingerprintJob({ ...j, tags: { ...j.tags, a: 'changed' } })).not.toBe(fingerprintJob(j));
  });

  it('fingerprintJob leaves out aws: keys and ignored tags, never the owner tag', () => {
    const j = job();
    const ignore = { keys: ['crm-sync-id', OWNER_TAG_KEY], keyPrefixes: ['crm:'] };
    const noisy = { ...j, tags: { ...j.tags, 'aws:x': '1', 'crm-sync-id': '2', 'crm:stage': '3' } };
    expect(fingerprintJob(noisy, ignore)).toBe(fingerprintJob(j, ignore));
    expect(fingerprintJob(noisy)).not.toBe(fingerprintJob(j));
    expect(fingerprintJob({ ...j, tags: { ...j.tags, [OWNER_TAG_KEY]: 'y' } }, ignore)).not.toBe(fingerprintJob(j, ignore));
  });

  it('fingerprintTask sees the task id, status and created job', () => {
    const t = liveTask('opportunityEngagement', 'task-0000000000001', 'O2001', 'IN_PROGRESS');
    expect(fingerprintTask({ ...t })).toBe(fingerprintTask(t));
    expect(fingerprintTask({ ...t, status: 'COMPLETE' })).not.toBe(fingerprintTask(t));
    expect(fingerprintTask({ ...t, resourceSnapshotJobId: 'job-0000000000001' })).not.toBe(fingerprintTask(t));
  });

  describe('findStale', () => {
    const { desired, live } = everyActionScenario();
    const plan = diff(desired, live);
    const withJobs = (f: (jobs: LiveState['snapshotJobs']) => LiveState['snapshotJobs']): LiveState => ({
      ...live,
      snapshotJobs: f(live.snapshotJobs.map((j) => ({ ...j }))),
    });

    it('finds nothing when the account is as observed, in any order', () => {
      expect(findStale(plan, live)).toEqual([]);
      expect(findStale(plan, { ...live, snapshotJobs: [...live.snapshotJobs].reverse(), tasks: [...live.tasks].reverse() })).toEqual([]);
    });

    it('survives a JSON round trip (a saved plan)', () => {
      expect(findStale(JSON.parse(JSON.stringify(plan)), live)).toEqual([]);
    });

    it('ignores changes the plan does not rest on: ignored tags, aws: keys, other stacks', () => {
      const changed = withJobs((jobs) =>
        jobs
          .map((j) => (j.id === 'job-acmemigratio1' ? { ...j, tags: { ...j.tags, 'crm-sync-id': '78', 'aws:new': 'x' } } : j))
          .filter((j) => j.id !== 'job-otherstack001'),
      );
      expect(findStale(plan, changed)).toEqual([]);
    });

    it('finds a job whose status or tags changed', () => {
      const changed = withJobs((jobs) => jobs.map((j) => (j.id === 'job-acmemigratio1' ? { ...j, status: 'Stopped' as const } : j)));
      expect(findStale(plan, changed).map((s) => s.key)).toEqual(['snapshotJob:Sandbox/eng-acmemigration1/O1001/OpportunitySummaryView']);
      const retagged = withJobs((jobs) => jobs.map((j) => (j.id === 'job-retired000001' ? { ...j, tags: {} } : j)));
      expect(findStale(plan, retagged).map((s) => s.key)).toEqual(['snapshotJob:Sandbox/eng-globexretail02/O1099/OpportunitySummaryView']);
    });

    it('finds a job that appeared on the key of a planned create, or vanished', () => {
      const appeared = withJobs((jobs) => [
        ...jobs,
        liveJob('job-newcomer00001', { engagement: 'eng-initechcloud03', opportunity: 'O1004', tags: {} }),
      ]);
      const [stale] = findStale(plan, appeared);
      expect(stale?.key).toBe('snapshotJob:Sandbox/eng-initechcloud03/O1004/OpportunitySummaryView');
      expect(stale?.planned).not.toBe(stale?.observed);
      const vanished = withJobs((jobs) => jobs.filter((j) => j.id !== 'job-fromtask00001'));
      expect(findStale(plan, vanished).map((s) => s.key)).toEqual(['job:job-fromtask00001']);
    });

    it('finds a task whose status changed', () => {
      const changed: LiveState = {
        ...live,
        tasks: live.tasks.map((t) => (t.taskId === 'task-initech00001' ? { ...t, status: 'IN_PROGRESS' as const } : t)),
      };
      expect(findStale(plan, changed).map((s) => s.key)).toEqual(['task:opportunityEngagement/Sandbox/O2001']);
    });

    it('holds a key no cosell made (an edited plan) for stale: nothing can be observed there again', () => {
      const edited = { ...plan, fingerprints: { ...plan.fingerprints, 'nothing:x': plan.fingerprints['job:job-fromtask00001'] as string } };
      expect(findStale(edited, live)).toEqual([
        { key: 'nothing:x', what: undefined, planned: edited.fingerprints['nothing:x'], observed: '' },
      ]);
    });
  });
});

describe('fingerprints made on first read', () => {
  it('are what the observation was at diff time, whatever the caller does to its live state after', () => {
    const { desired, live } = everyActionScenario();
    const eager = diff(desired, structuredClone(live)).fingerprints;
    const plan = diff(desired, live);
    for (const j of live.snapshotJobs) {
      j.status = j.status === 'Running' ? 'Stopped' : 'Running';
      j.tags.a = 'changed after diff';
    }
    for (const t of live.tasks) t.status = 'FAILED';
    expect(Object.keys(eager).length).toBeGreaterThan(0);
    expect(plan.fingerprints).toEqual(eager);
  });

  it('are an ordinary property to JSON, spread and structuredClone, and can be replaced', () => {
    const { desired, live } = everyActionScenario();
    const plan = diff(desired, live);
    const expected = diff(desired, live).fingerprints;
    expect((JSON.parse(JSON.stringify(plan)) as { fingerprints: unknown }).fingerprints).toEqual(expected);
    expect({ ...plan }.fingerprints).toEqual(expected);
    expect(structuredClone(plan).fingerprints).toEqual(expected);
    plan.fingerprints = { edited: 'x' };
    expect(plan.fingerprints).toEqual({ edited: 'x' });
  });
});
