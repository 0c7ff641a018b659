/** When an opportunity's observation is final (streaming apply starts its changes then). */
import { describe, expect, it } from 'vitest';
import { ObservationFinality, type OpportunityGroup } from '../../src/live/finality.js';
import type { LiveSnapshotJob } from '../../src/live/types.js';

const o = (engagement: string, opportunity: string): OpportunityGroup => ({ catalog: 'Sandbox', engagement, opportunity });
const job = (id: string, g: OpportunityGroup): LiveSnapshotJob => ({
  id,
  arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/resource-snapshot-job/${id}`,
  ...g,
  template: 'OpportunitySummaryView',
  status: 'Running',
  tags: {},
});

function tracker(declared: OpportunityGroup[]) {
  const told: string[] = [];
  let allListed = false;
  const f = new ObservationFinality(['AWS', 'Sandbox'], declared, {
    onFinal: (g, jobs) => told.push(`${g.engagement}/${g.opportunity}:${jobs.map((j) => j.id).join(',')}`),
    onAllListed: () => {
      allListed = true;
    },
    onLate: (g) => told.push(`late ${g.engagement}/${g.opportunity}`),
  });
  return { f, told, listed: () => allListed };
}

describe('ObservationFinality', () => {
  it('tells an opportunity once its catalog is listed, the tasks are, and its jobs are read', () => {
    const a = o('eng-a', 'O1');
    const { f, told, listed } = tracker([a, o('eng-a', 'O2')]);
    f.listed('Sandbox', 'j1', 'eng-a');
    f.factsKnown('j1', a);
    f.catalogListed('Sandbox');
    f.tasksListed([]);
    // O2 has no job and nothing pending on its engagement; O1 waits for j1's tags.
    expect(told).toEqual(['eng-a/O2:']);
    f.read('j1', job('j1', a));
    expect(told).toEqual(['eng-a/O2:', 'eng-a/O1:j1']);
    expect(listed()).toBe(false);
    f.catalogListed('AWS');
    expect(listed()).toBe(true);
  });

  it('waits for a job whose facts are unknown when it may be on the same engagement, and only then', () => {
    const a = o('eng-a', 'O1');
    const b = o('eng-b', 'O9');
    const { f, told } = tracker([a, b]);
    f.tasksListed([]);
    f.listed('Sandbox', 'j1', 'eng-a');
    f.listed('Sandbox', 'j2', undefined);
    f.catalogListed('Sandbox');
    expect(told).toEqual([]);
    // j2's listing named no engagement: it may be anywhere, so nothing is final yet.
    f.factsKnown('j2', b);
    f.read('j2', job('j2', b));
    expect(told).toEqual(['eng-b/O9:j2']);
    // j1 is on eng-a: O1 waits for its facts, then its tags; a job gone since counts for nothing.
    f.factsKnown('j1', undefined);
    expect(told).toEqual(['eng-b/O9:j2', 'eng-a/O1:']);
  });

  it('says so when a job turns out to be on an opportunity already told (its cached facts disagree with its listing)', () => {
    const a = o('eng-a', 'O1');
    const { f, told } = tracker([a]);
    f.tasksListed([]);
    f.listed('Sandbox', 'j1', 'eng-b');
    f.catalogListed('Sandbox');
    expect(told).toEqual(['eng-a/O1:']);
    f.factsKnown('j1', a);
    expect(told).toEqual(['eng-a/O1:', 'late eng-a/O1']);
  });

  it('tells nothing before the tasks are listed', () => {
    const { f, told } = tracker([o('eng-a', 'O1')]);
    f.catalogListed('Sandbox');
    expect(told).toEqual([]);
    f.tasksListed([]);
    expect(told).toEqual(['eng-a/O1:']);
  });
});
