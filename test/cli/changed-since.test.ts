/**
 * `cosell plan --changed-since REV` and `--target` at scale: a 1,000-job stack in a git
 * repository, applied; then one job's tags changed and another's declaration removed in a
 * commit. The call counts come from the emulator's stats.
 */
import { execFileSync } from 'node:child_process';
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { manyJobs, seedWith, tempDir, writeStack, type StackSpec } from '../apply/helpers.js';
import { runCosell } from '../support/cli.js';

const N = 1000;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
}

function totalCalls(emu: Emulator): number {
  return Object.values(emu.stats().calls).reduce((a, b) => a + b, 0);
}

describe('plan --changed-since over a 1,000-job stack in git', () => {
  let emu: Emulator;
  let repo: string;
  let stack: string;
  let cacheDir: string;
  let spec: StackSpec;
  const target = (): string[] => ['--endpoint', emu.url, '--cache-dir', cacheDir, '--rate', 'read=5000', '--rate', 'write=5000'];
  /** Runs cosell and counts the calls it made. */
  const counted = async (args: string[]) => {
    const before = { ...emu.stats().calls };
    const run = await runCosell([...args, ...target()], { cwd: repo });
    const calls: Record<string, number> = {};
    for (const [op, n] of Object.entries(emu.stats().calls)) if (n - (before[op] ?? 0) > 0) calls[op] = n - (before[op] ?? 0);
    return { ...run, calls, total: Object.values(calls).reduce((a, b) => a + b, 0) };
  };

  beforeAll(async () => {
    emu = await startEmulator({ host: '127.0.0.1', port: 0, seed: seedWith({ opportunities: N }), taskDelayMs: 30 });
    repo = await tempDir('cosell-changed-since-');
    stack = join(repo, 'stack');
    cacheDir = join(repo, '.cosell');
    spec = { snapshotJobs: manyJobs(N) };
    await writeStack(spec, stack);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'a thousand jobs');
    const applied = await counted(['apply', stack, '--auto-approve']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.calls.CreateResourceSnapshotJob).toBe(N);

    const jobs = { ...spec.snapshotJobs };
    jobs['job-0005'] = { ...jobs['job-0005']!, tags: { ...jobs['job-0005']!.tags, tier: 'platinum' } };
    delete jobs['job-0010'];
    await writeStack({ ...spec, snapshotJobs: jobs }, stack);
    git(repo, 'commit', '-q', '-am', 'one tag changed, one job removed');
  }, 240_000);
  afterAll(() => emu?.close());

  it('plans exactly 1 update and 1 destroy with at most 15 calls, and says it is partial since which revision', async () => {
    const run = await counted(['plan', stack, '--changed-since', 'HEAD~1', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.summary).toEqual({ add: 0, change: 1, destroy: 1, error: 0 });
    const acting = plan.resource_changes.filter((c: { actions: string[] }) => c.actions[0] !== 'no-op');
    expect(acting.map((c: { actions: string[] }) => c.actions[0]).sort()).toEqual(['delete', 'update']);
    const update = acting.find((c: { actions: string[] }) => c.actions[0] === 'update');
    expect(update.address).toBe('snapshotJob.job-0005');
    expect(update.tag_changes.change).toEqual({ tier: { before: 'silver', after: 'platinum' } });
    const destroy = acting.find((c: { actions: string[] }) => c.actions[0] === 'delete');
    expect(destroy.before.opportunity).toBe('O3010');
    const head1 = git(repo, 'rev-parse', 'HEAD~1').trim();
    expect(plan.changed_since).toEqual({
      revision: 'HEAD~1',
      commit: head1,
      partial: true,
      addresses: ['snapshotJob.job-0005', 'snapshotJob.job-0010'],
    });
    expect(run.total).toBeLessThanOrEqual(15);
    // Two engagements of 250 jobs, 3 pages each, and the tags of the two jobs (README "At scale").
    expect(run.calls).toEqual({ ListResourceSnapshotJobs: 6, ListTagsForResource: 2 });
  });

  it('the human and markdown views say the plan is partial and since which revision', async () => {
    const human = await counted(['plan', stack, '--changed-since', 'HEAD~1']);
    expect(human.stdout).toContain('Note: a partial plan of the 2 resources whose declarations differ since HEAD~1 (');
    expect(human.stdout).toContain(
      'snapshotJob.job-0005, snapshotJob.job-0010. Only they were observed; the rest of the stack may still differ.',
    );
    expect(human.stdout).toContain('Plan: 0 to add, 1 to change, 1 to destroy.');
    const md = await counted(['plan', stack, '--changed-since', 'HEAD~1', '--format', 'markdown']);
    expect(md.stdout).toContain('_A partial plan of the 2 resources whose declarations differ since HEAD~1 (');
  });

  it('a plan with --target on one declared job of the 1,000 makes at most 15 calls', async () => {
    const run = await counted(['plan', stack, '--target', 'snapshotJob.job-0500', '--format', 'json', '--detailed-exitcode']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 0, error: 0 });
    expect(plan.resource_changes.map((c: { address: string }) => c.address)).toEqual(['snapshotJob.job-0500']);
    expect(run.total).toBeLessThanOrEqual(15);
    expect(run.calls).toEqual({ ListResourceSnapshotJobs: 3, ListTagsForResource: 1 });
  });

  it('a saved --changed-since plan round-trips through apply PLANFILE, which observes only its part', async () => {
    const file = join(repo, 'partial.plan');
    const planned = await counted(['plan', stack, '--changed-since', 'HEAD~1', '--out', file]);
    expect(planned.code).toBe(0);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.plan.changedSince.partial).toBe(true);
    const applied = await counted(['apply', file, '--stack', stack]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 1 destroyed.');
    expect(applied.calls.ListResourceSnapshotJobs ?? 0).toBeLessThanOrEqual(6);
    expect(applied.calls.ListTagsForResource ?? 0).toBeLessThanOrEqual(6);
    const again = await counted(['plan', stack, '--changed-since', 'HEAD~1', '--detailed-exitcode']);
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });

  it('a saved plan of no differences applies as no changes, observing nothing', async () => {
    const file = join(repo, 'empty.plan');
    const planned = await counted(['plan', stack, '--changed-since', 'HEAD', '--out', file, '--detailed-exitcode']);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('no declaration differs since HEAD');
    expect(planned.total).toBe(0);
    const applied = await counted(['apply', file, '--stack', stack]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('No changes.');
    expect(applied.total).toBe(0);
  });
});

describe('plan --changed-since: refusals and full plans', () => {
  let emu: Emulator;
  let repo: string;
  const spec: StackSpec = { snapshotJobs: manyJobs(3) };
  beforeAll(async () => {
    emu = await startEmulator({ host: '127.0.0.1', port: 0, seed: seedWith({ opportunities: 5 }), taskDelayMs: 30 });
    repo = await tempDir('cosell-changed-since-');
    await writeStack(spec, join(repo, 'stack'));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'three jobs');
  });
  afterAll(() => emu?.close());
  const plan = (dir: string, ...args: string[]) =>
    runCosell(['plan', dir, '--endpoint', emu.url, '--cache-dir', join(repo, '.cosell'), ...args], { cwd: repo });

  it('refuses outside a git repository, and an unknown revision, before any call', async () => {
    const outside = await writeStack(spec);
    const before = totalCalls(emu);
    const a = await plan(outside, '--changed-since', 'HEAD~1');
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`--changed-since needs a git repository, and ${outside} is not in one`);
    const b = await plan(join(repo, 'stack'), '--changed-since', 'no-such-branch');
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('--changed-since no-such-branch: the git repository of');
    expect(b.stderr).toContain('has no such revision');
    const c = await plan(join(repo, 'stack'), '--changed-since', '--output=x');
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('--changed-since needs a git revision such as origin/main or HEAD~1');
    const d = await plan(join(repo, 'stack'), '--changed-since', 'HEAD', '--target', 'snapshotJob.job-0000');
    expect(d.code).toBe(1);
    expect(d.stderr).toContain('--changed-since and --target cannot be used together');
    for (const r of [a, b, c, d]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(totalCalls(emu)).toBe(before);
  });

  it('a changed top-level setting makes a full plan, and the plan says so', async () => {
    const dir = join(repo, 'stack');
    await writeStack({ ...spec, defaults: { team: 'partners' } }, dir);
    const run = await plan(dir, '--changed-since', 'HEAD', '--format', 'json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.changed_since).toMatchObject({
      revision: 'HEAD',
      partial: false,
      fallback: 'the top-level setting defaults changed',
      addresses: [],
    });
    expect(json.summary.add).toBe(3);
    const human = await plan(dir, '--changed-since', 'HEAD');
    expect(human.stdout).toContain('Note: a full plan: --changed-since HEAD (');
    expect(human.stdout).toContain('found that the top-level setting defaults changed.');
    await writeStack(spec, dir);
  });

  it('a stack that did not exist at the revision makes a full plan', async () => {
    const dir = join(repo, 'new-stack');
    await writeStack(spec, dir);
    const run = await plan(dir, '--changed-since', 'HEAD', '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).changed_since.fallback).toBe(`there is no stack at ${dir} in HEAD`);
  });

  it('a stack that did not load at the revision, or held a symbolic link there, makes a full plan', async () => {
    const broken = join(repo, 'broken');
    await writeStack(spec, broken);
    await writeFile(join(broken, 'extra.yaml'), 'snapshotJobs: [not, a, map]\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'a broken stack');
    await rm(join(broken, 'extra.yaml'));
    const a = await plan(broken, '--changed-since', 'HEAD', '--format', 'json');
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).changed_since.fallback).toMatch(/^the stack at HEAD does not load \(1 problem, first .*extra\.yaml:1:/);
    const linked = join(repo, 'linked');
    await writeStack(spec, linked);
    await symlink('stack.yaml', join(linked, 'notes.txt')); // passed over, as the walk does
    await symlink('stack.yaml', join(linked, 'jobs')); // might be a directory
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'a link');
    const b = await plan(linked, '--changed-since', 'HEAD', '--format', 'json');
    expect(JSON.parse(b.stdout).changed_since.fallback).toBe('the stack at HEAD holds a symbolic link (linked/jobs)');
  });

  it('reads the stack at the revision from git, not from the working tree, and a single-file stack too', async () => {
    const file = join(repo, 'stack', 'stack.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('job-0001:', 'job-0001-renamed:'));
    const run = await plan(file, '--changed-since', 'HEAD', '--format', 'json');
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout);
    expect(json.changed_since.addresses).toEqual(['snapshotJob.job-0001', 'snapshotJob.job-0001-renamed']);
    expect(json.resource_changes.map((c: { address: string }) => c.address)).toEqual(['snapshotJob.job-0001-renamed']);
    await writeFile(file, text);
  });
});

describe('plan --changed-since with engagement tasks', () => {
  let emu: Emulator;
  let repo: string;
  it('plans a task whose tags changed and the job of a task no longer declared, as a full plan would', async () => {
    emu = await startEmulator({ host: '127.0.0.1', port: 0, seed: seedWith({ opportunities: 5 }), taskDelayMs: 30 });
    repo = await tempDir('cosell-changed-since-');
    const dir = join(repo, 'stack');
    const spec: StackSpec = {
      snapshotJobs: manyJobs(3),
      opportunityEngagements: {
        initech: { opportunity: 'O2001', involvementType: 'Co-Sell', visibility: 'Full', tags: { source: 'gitops' } },
      },
      invitationAcceptances: { globex: { invitation: 'engi-globexinvite1', tags: { source: 'referral' } } },
    };
    await writeStack(spec, dir);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'jobs and tasks');
    const flags = ['--endpoint', emu.url, '--cache-dir', join(repo, '.cosell')];
    const applied = await runCosell(['apply', dir, '--auto-approve', ...flags], { cwd: repo });
    expect(applied.code, applied.stderr).toBe(0);
    await writeStack(
      {
        ...spec,
        opportunityEngagements: { initech: { ...spec.opportunityEngagements!.initech!, tags: { source: 'crm' } } },
        invitationAcceptances: {},
      },
      dir,
    );
    git(repo, 'commit', '-q', '-am', 'a task retagged, a task removed');

    const partial = await runCosell(['plan', dir, '--changed-since', 'HEAD~1', '--format', 'json', ...flags], { cwd: repo });
    expect(partial.stderr).toBe('');
    const p = JSON.parse(partial.stdout);
    expect(p.changed_since).toMatchObject({ partial: true, addresses: ['invitationAcceptance.globex', 'opportunityEngagement.initech'] });
    expect(p.summary).toEqual({ add: 0, change: 1, destroy: 1, error: 0 });
    const full = JSON.parse((await runCosell(['plan', dir, '--format', 'json', ...flags], { cwd: repo })).stdout);
    const acting = (plan: { resource_changes: Array<{ actions: string[] }> }) =>
      plan.resource_changes.filter((c) => c.actions[0] !== 'no-op');
    expect(acting(p)).toEqual(acting(full));
    await emu.close();
  }, 120_000);
});
