import { describe, expect, it } from 'vitest';
import type { DesiredSnapshotJob, Tags } from '../../src/desired/types.js';
import type { LiveSnapshotJob } from '../../src/live/types.js';
import { diff, renderMarkdown, type Plan } from '../../src/plan/index.js';
import { declaredJob, desiredState, effective, engagementId, jobId, liveJob, liveOf, liveState } from './fixtures.js';

/**
 * 2,000 declared jobs: a quarter created, a quarter retagged, a quarter stopped, a quarter in
 * step; plus 100 deleted. Each on its own engagement, so that no two changes group and every
 * one is listed (grouping has its own tests).
 */
function bigPlan(count: number): Plan {
  const declared: DesiredSnapshotJob[] = [];
  const live: LiveSnapshotJob[] = [];
  for (let i = 0; i < count; i++) {
    const d = declaredJob(`job-number-${String(i).padStart(5, '0')}`, {
      engagement: engagementId(i),
      opportunity: `O${100000 + i}`,
      tags: { priority: i % 2 ? 'high' : 'low', region: 'emea', owner: `team-${i % 13}` },
    });
    declared.push(d);
    if (i % 4 === 1) live.push(liveOf(jobId(i), d, { owner: 'someone-else', legacy: 'yes' }));
    if (i % 4 === 2) live.push(liveOf(jobId(i), { ...d, status: 'Stopped' }));
    if (i % 4 === 3) live.push(liveOf(jobId(i), d));
  }
  for (let i = 0; i < 100; i++) {
    live.push(liveJob(jobId(count + i), { engagement: engagementId(500 + i), opportunity: `O${900000 + i}`, tags: effective() }));
  }
  return diff(desiredState({ snapshotJobs: declared }), liveState(live));
}

/** The lines inside the diff code blocks and the error items, in order, across parts. */
function detailLines(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    let inFence = false;
    for (const line of part.split('\n')) {
      if (line.startsWith('```')) inFence = !inFence;
      else if (inFence && line !== '') out.push(line);
      else if (line.startsWith('- **')) out.push(line);
    }
    expect(inFence).toBe(false);
  }
  return out;
}

function expectWellFormed(part: string): void {
  expect(part.split('<details>').length).toBe(part.split('</details>').length);
  expect(part.split('\n').filter((l) => l.startsWith('```')).length % 2).toBe(0);
}

describe('markdown split', () => {
  const plan = bigPlan(2000);

  it('splits a 2,000-job plan into parts under 65,000 characters, summary first, nothing lost', () => {
    const parts = renderMarkdown(plan);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThan(65_000);
      expectWellFormed(part);
    }
    expect(parts[0]).toContain('**Plan: 500 to add, 1000 to change, 100 to destroy.**');
    expect(parts[0]?.indexOf('**Plan:')).toBeLessThan(parts[0]?.indexOf('<details>') ?? -1);
    for (const [i, part] of parts.entries())
      expect(part.startsWith(`### cosell plan for stack \`emea-alliances\` (part ${i + 1} of ${parts.length})\n`)).toBe(true);
    expect(parts.slice(1).every((p) => p.includes('(continued)'))).toBe(true);

    const [whole] = renderMarkdown(plan, { maxPartLength: 100_000_000 });
    expect(detailLines(parts)).toEqual(detailLines([whole as string]));
    const headings = detailLines(parts).filter((l) => l.startsWith('  # snapshotJob.'));
    expect(headings).toHaveLength(1600);
    expect(new Set(headings).size).toBe(1600);
  });

  it('cuts a resource longer than a part between its lines', () => {
    const tags: Tags = {};
    for (let i = 0; i < 190; i++) tags[`k${String(i).padStart(3, '0')}-${'x'.repeat(120)}`] = 'v'.repeat(256);
    const d = declaredJob('many-tags', { engagement: engagementId(1), opportunity: 'O1', tags });
    const small = diff(desiredState({ snapshotJobs: [d] }), liveState());
    const parts = renderMarkdown(small, { maxPartLength: 20_000 });
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(20_000);
      expectWellFormed(part);
    }
    expect(detailLines(parts)).toEqual(detailLines(renderMarkdown(small, { maxPartLength: 10_000_000 })));
  });

  it('refuses a part length too small to hold anything', () => {
    expect(() => renderMarkdown(plan, { maxPartLength: 100 })).toThrow('maxPartLength must be an integer of at least 2000; got 100');
  });
});
