import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DesiredSnapshotJob } from '../../src/desired/types.js';
import type { LiveSnapshotJob } from '../../src/live/types.js';
import { diff, renderMarkdown, type Plan } from '../../src/plan/index.js';
import { declaredJob, desiredState, effective, engagementId, jobId, liveJob, liveOf, liveState } from './fixtures.js';
import { expectGolden } from './golden.js';

/** GitHub's limit on a comment's body. */
const COMMENT_LIMIT = 65_535;
/** What the example pull-request workflow runs: `cosell plan --format markdown --max-parts 1 --out cosell.plan`. */
const WORKFLOW = { maxParts: 1, planFile: 'cosell.plan' } as const;

/** 3,000 new jobs: 2,998 alike on one engagement, one with its own tags, one with its own template. */
function threeThousandCreates(count = 3000): Plan {
  const engagement = 'eng-acmemigration1';
  const declared = Array.from({ length: count }, (_, i) =>
    declaredJob(`acme-${String(i).padStart(4, '0')}`, {
      engagement,
      opportunity: `O${100_000 + i}`,
      tags: i === 1000 ? { priority: 'high' } : {},
      template: i === 2000 ? 'RetailSummaryView' : undefined,
    }),
  );
  return diff(desiredState({ snapshotJobs: declared }), liveState());
}

/**
 * Creates (three alike, one with other tags), updates (two with the same tag change, two with
 * other tag changes, two alike status changes), two alike destroys, a replacement, and an error.
 */
function mixedPlan(): Plan {
  const eng = engagementId(1);
  const job = (name: string, opportunity: string, fields: Partial<Parameters<typeof declaredJob>[1]> = {}) =>
    declaredJob(name, { engagement: eng, opportunity, ...fields });
  const declared: DesiredSnapshotJob[] = [
    job('new-a', 'O1', { tags: { priority: 'high' } }),
    job('new-b', 'O2', { tags: { priority: 'high' } }),
    job('new-c', 'O3', { tags: { priority: 'high' } }),
    job('new-low', 'O4', { tags: { priority: 'low' } }),
    job('retag-a', 'O11', { tags: { owner: 'dana' } }),
    job('retag-b', 'O12', { tags: { owner: 'dana' } }),
    job('retag-other', 'O13', { tags: { owner: 'sam' } }),
    job('retag-more', 'O14', { tags: { owner: 'dana', region: 'emea' } }),
    job('stop-a', 'O21', { status: 'Stopped' }),
    job('stop-b', 'O22', { status: 'Stopped' }),
    job('replaced', 'O31', { template: 'RetailSummaryView' }),
    job('contested', 'O41'),
  ];
  const byName = (name: string) => declared.find((d) => d.name === name) as DesiredSnapshotJob;
  const live: LiveSnapshotJob[] = [
    liveOf(jobId(11), byName('retag-a'), { owner: 'lee' }),
    liveOf(jobId(12), byName('retag-b'), { owner: 'lee' }),
    liveOf(jobId(13), byName('retag-other'), { owner: 'lee' }),
    liveOf(jobId(14), byName('retag-more'), { owner: 'lee' }),
    liveOf(jobId(21), { ...byName('stop-a'), status: 'Running' }),
    liveOf(jobId(22), { ...byName('stop-b'), status: 'Running' }),
    liveOf(jobId(31), { ...byName('replaced'), template: 'OpportunitySummaryView' }),
    liveJob(jobId(41), { engagement: eng, opportunity: 'O41', tags: { 'cosell:stack': 'apac-alliances' } }),
    liveJob(jobId(51), { engagement: eng, opportunity: 'O51', status: 'Stopped', tags: effective() }),
    liveJob(jobId(52), { engagement: eng, opportunity: 'O52', status: 'Stopped', tags: effective() }),
  ];
  return diff(desiredState({ snapshotJobs: declared }), liveState(live));
}

/** The addresses listed, by name, in the folded blocks of groups. */
function listedAddresses(md: string): string[] {
  return [...md.matchAll(/^```text\n([^`]*)```$/gm)].flatMap((m) =>
    (m[1] as string)
      .trimEnd()
      .split('\n')
      .map((line) => `snapshotJob.${line.split(' ')[0] as string}`),
  );
}

/** The addresses shown on their own, by their heading in a diff block. */
function shownOnTheirOwn(md: string): string[] {
  return [...md.matchAll(/^ {2}# (snapshotJob\.\S+) /gm)].map((m) => m[1] as string);
}

describe('markdown: alike changes grouped', () => {
  it('a 3,000-create plan, with the workflow settings, is one comment under the limit that states all 3,000 creates', () => {
    const plan = threeThousandCreates();
    const parts = renderMarkdown(plan, WORKFLOW);
    expect(parts).toHaveLength(1);
    const md = parts[0] as string;
    // The workflow puts a one-line tag before the part.
    expect(`<!-- cosell-plan stack=stack part=1 -->\n${md}`.length).toBeLessThan(COMMENT_LIMIT);
    expect(md).toContain('**Plan: 3000 to add, 0 to change, 0 to destroy.**');
    expect(md).toContain(
      '**2,998 snapshot jobs will be created** on engagement `eng-acmemigration1` in catalog `Sandbox` with template `OpportunitySummaryView`',
    );
    expect(shownOnTheirOwn(md).sort()).toEqual(['snapshotJob.acme-1000', 'snapshotJob.acme-2000']);
    expect(md).toContain('2 resource changes shown one by one');
    // Every one of them is named, so nothing is cut.
    const listed = listedAddresses(md);
    expect(listed).toHaveLength(2998);
    expect(new Set([...listed, ...shownOnTheirOwn(md)]).size).toBe(3000);
    expect(md).not.toContain('Left out');
    expectGolden('three-thousand-creates.md', md);
  });

  it('without a cap, a group longer than a part goes on in the next, every address listed once, in plan order', () => {
    const parts = renderMarkdown(threeThousandCreates(9000));
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThan(65_000);
      expect(part.split('<details>').length).toBe(part.split('</details>').length);
    }
    expect(parts[1]).toContain(
      '<summary>8,998 snapshot jobs will be created on engagement `eng-acmemigration1` in catalog `Sandbox` with template `OpportunitySummaryView` (continued)</summary>',
    );
    const listed = parts.flatMap(listedAddresses);
    expect(listed).toHaveLength(8998);
    expect(new Set(listed).size).toBe(8998);
    expect(listed[0]).toBe('snapshotJob.acme-0000');
    expect(parts.join('').match(/Left out/)).toBeNull();
  });

  it('a mixed plan keeps every distinct change visible', () => {
    const parts = renderMarkdown(mixedPlan());
    expect(parts).toHaveLength(1);
    const md = parts[0] as string;
    expectGolden('mixed.md', md);
    // Updates with other tag changes, the destroys, the replacement and the lone create stay on their own.
    expect(shownOnTheirOwn(md).sort()).toEqual(
      ['new-low', 'replaced', 'retag-more', 'retag-other', `${jobId(51)}`, `${jobId(52)}`].map((n) => `snapshotJob.${n}`).sort(),
    );
    expect(md).toContain('**Ownership conflict on snapshotJob.contested**');
    expect(md).toContain('**3 snapshot jobs will be created**');
    expect(md).toContain('**2 snapshot jobs will be updated in-place**');
    expect(md.match(/will be updated in-place\*\*/g)).toHaveLength(2);
    expect(listedAddresses(md).sort()).toEqual(
      ['new-a', 'new-b', 'new-c', 'retag-a', 'retag-b', 'stop-a', 'stop-b'].map((n) => `snapshotJob.${n}`),
    );
  });

  it('cuts a shared change longer than a part between its lines', () => {
    const tags: Record<string, string> = {};
    for (let i = 0; i < 190; i++) tags[`k${String(i).padStart(3, '0')}-${'x'.repeat(120)}`] = 'v'.repeat(256);
    const jobs = ['a', 'b', 'c'].map((n, i) => declaredJob(n, { engagement: engagementId(1), opportunity: `O${i}`, tags }));
    const parts = renderMarkdown(diff(desiredState({ snapshotJobs: jobs }), liveState()), { maxPartLength: 20_000 });
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(20_000);
      expect(part.split('<details>').length).toBe(part.split('</details>').length);
      expect(part.split('\n').filter((l) => l.startsWith('```')).length % 2).toBe(0);
    }
    expect(parts[1]).toContain('_3 snapshot jobs will be created on engagement');
    expect(parts.flatMap(listedAddresses)).toEqual(['snapshotJob.a', 'snapshotJob.b', 'snapshotJob.c']);
  });

  it('names the job ids of grouped updates, and never a control character from a name', () => {
    const md = renderMarkdown(mixedPlan()).join('');
    expect(md).toMatch(new RegExp(`^retag-a +${jobId(11)}  O11$`, 'm'));
    const odd = ['a\u001b[2J', 'b\u202e'].map((n, i) => declaredJob(n, { engagement: engagementId(1), opportunity: `O${i}` }));
    const oddMd = renderMarkdown(diff(desiredState({ snapshotJobs: odd }), liveState())).join('');
    expect(oddMd).toContain('\na\\x1b[2J  O0\n');
    expect(oddMd).toContain('\nb\\u202e   O1\n');
    expect(oddMd).not.toMatch(/[\u001b\u202e]/);
  });
});

describe('markdown: --max-parts', () => {
  /** 1,200 jobs, each on its own engagement, so none group and the plan takes several parts. */
  const distinct = (): Plan =>
    diff(
      desiredState({
        snapshotJobs: Array.from({ length: 1200 }, (_, i) =>
          declaredJob(`job-${i}`, { engagement: engagementId(i), opportunity: `O${i}` }),
        ),
      }),
      liveState(),
    );

  it('cuts a plan to N parts, each under the length, the last saying what it left out', () => {
    const plan = distinct();
    const whole = renderMarkdown(plan);
    expect(whole.length).toBeGreaterThan(3);
    const parts = renderMarkdown(plan, { maxParts: 2 });
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      expect(part.length).toBeLessThan(65_000);
      expect(part.split('<details>').length).toBe(part.split('</details>').length);
    }
    expect(parts[0]?.startsWith('### cosell plan for stack `emea-alliances` (part 1 of 2)\n')).toBe(true);
    expect(parts[0]).not.toContain('Left out');
    const shown = parts.flatMap(shownOnTheirOwn);
    const notice = /cut to fit in 2 comments\.\*\* Left out, in whole or in part: ([\d,]+) resource changes\./.exec(parts[1] as string);
    expect(notice).not.toBeNull();
    // A change cut in the middle is both shown (in part) and counted.
    const leftOut = Number(notice?.[1]?.replace(/,/g, ''));
    expect(shown.length + leftOut - 1200).toBeGreaterThanOrEqual(0);
    expect(shown.length + leftOut - 1200).toBeLessThanOrEqual(1);
    expect(parts[1]).toContain('For the whole plan, run `cosell plan` without `--max-parts`, or save it with `--out FILE`');
  });

  it('a group cut short counts the names it left out', () => {
    const parts = renderMarkdown(threeThousandCreates(9000), { maxParts: 1, planFile: 'cosell.plan' });
    expect(parts).toHaveLength(1);
    const md = parts[0] as string;
    expect(md.length).toBeLessThan(65_000);
    const notice =
      /\*\*This plan is cut to fit in 1 comment\.\*\* Left out, in whole or in part: ([\d,]+) addresses of grouped changes\./.exec(md);
    expect(notice).not.toBeNull();
    expect(listedAddresses(md).length + Number(notice?.[1]?.replace(/,/g, ''))).toBe(8998);
    expect(shownOnTheirOwn(md)).toHaveLength(2);
    expect(
      md
        .trimEnd()
        .endsWith("`cosell show` on it prints everything (in cosell's example GitOps workflow, download it from this run's artifacts)."),
    ).toBe(true);
  });

  it('leaves a plan that fits alone, and refuses a cap below 1', () => {
    const plan = mixedPlan();
    expect(renderMarkdown(plan, { maxParts: 1 })).toEqual(renderMarkdown(plan));
    expect(() => renderMarkdown(plan, { maxParts: 0 })).toThrow('maxParts must be an integer of at least 1; got 0');
    expect(() => renderMarkdown(plan, { maxParts: 1.5 })).toThrow('maxParts must be an integer of at least 1; got 1.5');
  });

  it('quotes the saved plan path as code', () => {
    const parts = renderMarkdown(distinct(), { maxParts: 1, planFile: 'odd `name`\u001b.plan' });
    expect(parts).toHaveLength(1);
    expect(parts[0]).toContain('saved plan `` odd `name`\\x1b.plan ``');
  });
});

describe('markdown: a cut plan accounts for everything (property)', () => {
  it('never more parts than the cap, none too long, and what is not shown is counted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2_000, max: 12_000 }),
        (alike, engagements, single, maxParts, maxPartLength) => {
          const declared = [
            ...Array.from({ length: alike }, (_, i) =>
              declaredJob(`alike-${i}`, { engagement: engagementId(i % engagements), opportunity: `O${i}` }),
            ),
            ...Array.from({ length: single }, (_, i) =>
              declaredJob(`single-${i}`, { engagement: engagementId(1000 + i), opportunity: `O${5000 + i}` }),
            ),
          ];
          const plan = diff(desiredState({ snapshotJobs: declared }), liveState());
          const parts = renderMarkdown(plan, { maxParts, maxPartLength });
          expect(parts.length).toBeLessThanOrEqual(maxParts);
          for (const part of parts) {
            expect(part.length).toBeLessThanOrEqual(maxPartLength);
            expect(part.split('<details>').length).toBe(part.split('</details>').length);
          }
          const last = parts.at(-1) as string;
          const left = (what: string) =>
            Number(new RegExp(`Left out, in whole or in part: [^.]*?([\\d,]+) ${what}`).exec(last)?.[1]?.replace(/,/g, '') ?? 0);
          const listed = new Set(parts.flatMap(listedAddresses));
          const own = new Set(parts.flatMap(shownOnTheirOwn));
          expect(listed.size + own.size + left('addresses? of grouped') + left('resource changes?')).toBeGreaterThanOrEqual(alike + single);
          if (!last.includes('Left out')) expect(listed.size + own.size).toBe(alike + single);
        },
      ),
      { numRuns: 40 },
    );
  });
});
