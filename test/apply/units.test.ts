/** The pure parts of apply, with plain data: order, tag batching, progress lines, durations, journal. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isApproval, parseDuration } from '../../src/apply/approve.js';
import { fileJournal } from '../../src/apply/journal.js';
import { schedule } from '../../src/apply/order.js';
import { formatDuration, humanLine, jsonEvent, summaryLine } from '../../src/apply/progress.js';
import { tagCalls } from '../../src/apply/tags.js';
import { Action, type ResourceChange, type SnapshotJobChange } from '../../src/plan/types.js';
import { tempDir } from './helpers.js';

const key = (opportunity: string) => ({
  catalog: 'Sandbox' as const,
  engagement: 'eng-applytest00001',
  opportunity,
  template: 'OpportunitySummaryView',
});

function jobChange(address: string, action: Action, opportunity: string, liveOpportunity?: string): SnapshotJobChange {
  return {
    address,
    name: address.split('.')[1] ?? address,
    kind: 'snapshotJob',
    catalog: 'Sandbox',
    action,
    actions: [],
    tagDiff: { add: {}, change: {}, remove: [] },
    before: null,
    after: null,
    key: key(opportunity),
    declared: true,
    adoption: false,
    stopFirst: false,
    ...(liveOpportunity
      ? { live: { id: `job-${liveOpportunity}`, arn: `arn:${liveOpportunity}`, status: 'Stopped' as const, key: key(liveOpportunity) } }
      : {}),
  };
}

describe('schedule', () => {
  it('leaves no-ops out, starts changes that free keys first, and makes a create wait for the delete on its key', () => {
    const changes: ResourceChange[] = [
      jobChange('snapshotJob.a-create', Action.Create, 'O1'),
      jobChange('snapshotJob.b-noop', Action.NoOp, 'O2', 'O2'),
      jobChange('snapshotJob.c-update', Action.Update, 'O3', 'O3'),
      jobChange('snapshotJob.job-old', Action.Delete, 'O1', 'O1'),
      jobChange('snapshotJob.e-replace', Action.DeleteThenCreate, 'O5', 'O4'),
    ];
    const units = schedule(changes);
    expect(units.map((u) => u.change.address)).toEqual([
      'snapshotJob.job-old',
      'snapshotJob.e-replace',
      'snapshotJob.a-create',
      'snapshotJob.c-update',
    ]);
    expect(units.map((u) => u.after)).toEqual([[], [], [0], []]);
    expect(units[1]).toMatchObject({
      frees: ['Sandbox/eng-applytest00001/O4/OpportunitySummaryView'],
      takes: ['Sandbox/eng-applytest00001/O5/OpportunitySummaryView'],
    });
  });
});

describe('tag batching', () => {
  const diff = (add: number, change: number, remove: number) => ({
    add: Object.fromEntries(Array.from({ length: add }, (_, i) => [`a${i}`, 'v'])),
    change: Object.fromEntries(Array.from({ length: change }, (_, i) => [`c${i}`, { before: 'x', after: 'y' }])),
    remove: Array.from({ length: remove }, (_, i) => `r${i}`),
  });

  it('sends adds and changes in one TagResource and removals 50 keys a call', () => {
    const calls = tagCalls(diff(3, 2, 101), 110);
    expect(calls.tag).toEqual([{ a0: 'v', a1: 'v', a2: 'v', c0: 'y', c1: 'y' }]);
    expect(calls.untag.map((u) => u.length)).toEqual([50, 50, 1]);
    expect(calls.untagFirst).toBe(false);
  });

  it('makes no call for an empty diff, and removes first when adding first would pass 200 tags', () => {
    expect(tagCalls(diff(0, 0, 0), 5)).toEqual({ tag: [], untag: [], untagFirst: false });
    expect(tagCalls(diff(10, 0, 10), 195).untagFirst).toBe(true);
    expect(tagCalls(diff(200, 0, 0), 0).tag).toHaveLength(1);
  });
});

describe('progress lines', () => {
  it('speaks Terraform’s words for each phase', () => {
    const a = 'snapshotJob.acme';
    expect(humanLine({ type: 'apply_start', address: a, phase: 'create' })).toBe('snapshotJob.acme: Creating…');
    expect(humanLine({ type: 'apply_complete', address: a, phase: 'create', elapsedMs: 1400, id: 'job-1' })).toBe(
      'snapshotJob.acme: Creation complete after 1s [id=job-1]',
    );
    expect(humanLine({ type: 'apply_start', address: a, phase: 'update', id: 'job-1' })).toBe('snapshotJob.acme: Modifying… [id=job-1]');
    expect(humanLine({ type: 'apply_complete', address: a, phase: 'update', elapsedMs: 0, id: 'job-1' })).toBe(
      'snapshotJob.acme: Modifications complete after 0s [id=job-1]',
    );
    expect(humanLine({ type: 'apply_start', address: a, phase: 'delete', id: 'job-1' })).toBe('snapshotJob.acme: Destroying… [id=job-1]');
    expect(humanLine({ type: 'apply_complete', address: a, phase: 'delete', elapsedMs: 61_000 })).toBe(
      'snapshotJob.acme: Destruction complete after 1m1s',
    );
    expect(humanLine({ type: 'apply_progress', address: a, phase: 'create', elapsedMs: 20_000 })).toBe(
      'snapshotJob.acme: Still creating… [20s elapsed]',
    );
    expect(humanLine({ type: 'apply_errored', address: a, phase: 'delete', elapsedMs: 0, error: 'boom' })).toBe(
      'snapshotJob.acme: Destruction failed after 0s: boom',
    );
  });

  it('ends with the summary, which says when something failed', () => {
    expect(summaryLine({ add: 1, change: 2, destroy: 3, failed: 0 })).toBe('Apply complete! Resources: 1 added, 2 changed, 3 destroyed.');
    expect(summaryLine({ add: 1, change: 0, destroy: 0, failed: 2 })).toBe(
      'Apply incomplete! Resources: 1 added, 0 changed, 0 destroyed; 2 failed. Run cosell apply again to finish.',
    );
  });

  it('formats durations as Terraform does', () => {
    expect([0, 999, 1000, 59_999, 60_000, 3_725_000].map(formatDuration)).toEqual(['0s', '0s', '1s', '59s', '1m0s', '1h2m5s']);
  });

  it('gives each JSON event Terraform’s envelope', () => {
    const e = jsonEvent(
      { type: 'apply_errored', address: 'snapshotJob.a', phase: 'create', elapsedMs: 2500, error: 'boom' },
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(e).toEqual({
      '@level': 'error',
      '@message': 'snapshotJob.a: Creation failed after 2s: boom',
      '@timestamp': '2026-01-01T00:00:00.000Z',
      type: 'apply_errored',
      address: 'snapshotJob.a',
      phase: 'create',
      elapsed_seconds: 2,
      error: 'boom',
    });
  });
});

describe('--task-timeout and approval', () => {
  it('reads durations', () => {
    expect(['90', '90s', '10m', '1h30m', '1m30s', '500ms', '1.5s'].map(parseDuration)).toEqual([
      90_000, 90_000, 600_000, 5_400_000, 90_000, 500, 1500,
    ]);
  });

  it.each(['', 'soon', '10 minutes', '0s', '-5s', '5d'])('refuses %j with the expected forms', (text) => {
    expect(() => parseDuration(text)).toThrow(`expected a duration such as 90s, 10m or 1h30m, not "${text}"`);
  });

  it('approves on yes only', () => {
    expect(['yes', ' yes\n'].map(isApproval)).toEqual([true, true]);
    expect(['y', 'YES', 'no', ''].map(isApproval)).toEqual([false, false, false, false]);
  });
});

describe('the token journal file', () => {
  it('keeps entries across processes, per endpoint', async () => {
    const dir = join(await tempDir(), '.cosell');
    const a = await fileJournal(dir, 'http://127.0.0.1:1/');
    a.set('t1', { id: 'job-1', arn: 'arn:1' });
    a.set('t2', { id: 'job-2', arn: 'arn:2', gone: true });
    await a.flush();
    const again = await fileJournal(dir, 'http://127.0.0.1:1/');
    expect(again.get('t1')).toEqual({ id: 'job-1', arn: 'arn:1' });
    expect(again.get('t2')).toEqual({ id: 'job-2', arn: 'arn:2', gone: true });
    expect((await fileJournal(dir, 'http://elsewhere/')).get('t1')).toBeUndefined();
  });

  it('ignores a corrupt file with a warning, and one it cannot write with another', async () => {
    const dir = join(await tempDir(), '.cosell');
    await mkdir(dir, { recursive: true });
    const probe = await fileJournal(dir, 'e');
    probe.set('t', { id: 'j', arn: 'a' });
    await probe.flush();
    const [file] = (await import('node:fs')).readdirSync(dir).filter((f) => f.startsWith('tokens-'));
    await writeFile(join(dir, file as string), '{not json');
    const warnings: string[] = [];
    const j = await fileJournal(dir, 'e', (l) => warnings.push(l));
    expect(j.get('t')).toBeUndefined();
    expect(warnings[0]).toMatch(/^Warning: ignoring the token journal .*tokens-[0-9a-f]{16}\.json: /);

    const blocked = join(dir, 'blocked');
    await writeFile(blocked, 'a file where a directory should be');
    const w2: string[] = [];
    const k = await fileJournal(join(blocked, 'sub'), 'e', (l) => w2.push(l));
    k.set('t', { id: 'j', arn: 'a' });
    await k.flush();
    expect(w2.at(-1)).toMatch(/^Warning: could not write the token journal /);
    expect(await readFile(blocked, 'utf8')).toBe('a file where a directory should be');
  });
});
