/** `cosell import` from the command's side: refusals before any call, --force, and --all. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCommand } from '../../src/cli/commands/apply.js';
import { fakeIo } from '../support/io.js';
import { importCommand } from '../../src/cli/commands/import.js';
import { planCommand } from '../../src/cli/commands/plan.js';
import { loadDesiredState } from '../../src/desired/index.js';
import { observe } from '../../src/live/observe.js';
import { Action, diff, hasChanges } from '../../src/plan/index.js';
import { captured, createJob, emulator, engagementId, targetFlags, tempDir, worldSeed } from './support.js';
import { testClient } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

const total = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

describe('cosell import refuses bad input before any API call', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(worldSeed(10, 2));
  });
  afterAll(() => emu.close());

  const refused = async (flags: Record<string, unknown>): Promise<string> => {
    emu.resetStats();
    const err = await importCommand({ ...targetFlags(emu, tempDir()), out: join(tempDir(), 'stack'), ...flags }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    return (err as Error).message;
  };

  it('an unknown catalog', async () => {
    expect(await refused({ catalog: 'Prod' })).toBe('unknown catalog "Prod": use AWS or Sandbox');
    expect(total(emu.stats().calls)).toBe(0);
  });

  it('an existing, non-empty output directory without --force', async () => {
    const out = tempDir({ 'notes.md': 'mine', 'stack.yaml': 'version: 1\n' });
    expect(await refused({ out })).toBe(
      `${out} is not empty (notes.md, stack.yaml); cosell import overwrites nothing: choose a new directory with --out DIR, or add --force to replace the files an earlier import wrote there`,
    );
    expect(total(emu.stats().calls)).toBe(0);
    expect(readFileSync(join(out, 'stack.yaml'), 'utf8')).toBe('version: 1\n');
  });

  it('an output path that is a file', async () => {
    const dir = tempDir({ 'stack.yaml': 'x' });
    expect(await refused({ out: join(dir, 'stack.yaml') })).toBe(
      `--out ${join(dir, 'stack.yaml')} is a file; cosell import writes a stack directory`,
    );
    expect(total(emu.stats().calls)).toBe(0);
  });

  it('--all without --stack, and a stack name that cannot be a tag value', async () => {
    expect(await refused({ all: true })).toBe(
      '--all imports jobs that no stack owns yet, so it needs the name of the stack that will own them: add --stack NAME',
    );
    expect(await refused({ stack: 'emea alliances!' })).toMatch(/^--stack "emea alliances!" cannot be a stack name/);
    expect(total(emu.stats().calls)).toBe(0);
  });

  it('no live jobs: nothing is written', async () => {
    const out = join(tempDir(), 'stack');
    const err = await importCommand({ ...targetFlags(emu, tempDir()), out }).catch((e: Error) => e);
    expect((err as Error).message).toBe('there are no live snapshot jobs in catalogs AWS and Sandbox: nothing to import');
    expect(existsSync(out)).toBe(false);
  });
});

describe('cosell import --force', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(worldSeed(10, 3));
  });
  afterAll(() => emu.close());

  it('replaces an earlier import, removes the files of engagements with no job left, and keeps files a person wrote', async () => {
    const client = testClient(emu);
    const tags = { 'cosell:stack': 'emea' };
    await createJob(client, { engagement: engagementId(0), opportunity: 'O3000', tags });
    const gone = await createJob(client, { engagement: engagementId(1), opportunity: 'O3001', status: 'Stopped', tags });
    const out = join(tempDir(), 'stack');
    const flags = { ...targetFlags(emu, tempDir()), out };
    await captured(() => importCommand(flags));
    writeFileSync(join(out, 'mine.yaml'), '# my own notes\n');
    expect(existsSync(join(out, 'snapshot-jobs', `${engagementId(1)}.yaml`))).toBe(true);

    await client.deleteResourceSnapshotJob({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: gone });
    await createJob(client, { engagement: engagementId(2), opportunity: 'O3002', tags });
    const run = await captured(() => importCommand({ ...flags, force: true }));
    expect(run.result).toBe(0);
    expect(run.stdout).toContain(`Removed 1 file of an earlier import that no live job needs: snapshot-jobs/${engagementId(1)}.yaml\n`);
    expect(run.stdout).toContain('Kept 1 file that cosell import did not write; it is part of the stack too: mine.yaml\n');
    expect(existsSync(join(out, 'snapshot-jobs', `${engagementId(1)}.yaml`))).toBe(false);
    expect(existsSync(join(out, 'snapshot-jobs', `${engagementId(2)}.yaml`))).toBe(true);
    expect(readFileSync(join(out, 'mine.yaml'), 'utf8')).toBe('# my own notes\n');
  });
});

describe('cosell import --force: a file a person wrote at a generated path', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(worldSeed(10, 3));
    await createJob(testClient(emu), { engagement: engagementId(0), opportunity: 'O3000', tags: { 'cosell:stack': 'emea' } });
  });
  afterAll(() => emu.close());

  it('is never overwritten: the import refuses and writes nothing', async () => {
    const out = join(tempDir(), 'stack');
    const flags = { ...targetFlags(emu, tempDir()), out };
    await captured(() => importCommand(flags));
    const earlier = readFileSync(join(out, 'snapshot-jobs', `${engagementId(0)}.yaml`), 'utf8');
    writeFileSync(join(out, 'stack.yaml'), '# hand-written settings\nversion: 1\n');
    const err = await captured(() => importCommand({ ...flags, force: true })).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      `--force replaces only files an earlier import wrote, and stack.yaml in ${out} was not: nothing was written. Move it away, or choose another --out DIR`,
    );
    expect(readFileSync(join(out, 'stack.yaml'), 'utf8')).toBe('# hand-written settings\nversion: 1\n');
    expect(readFileSync(join(out, 'snapshot-jobs', `${engagementId(0)}.yaml`), 'utf8')).toBe(earlier);
  });
});

describe('cosell import --force: a directory link planted inside --out', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(worldSeed(10, 3));
    await createJob(testClient(emu), { engagement: engagementId(0), opportunity: 'O3000', tags: { 'cosell:stack': 'emea' } });
  });
  afterAll(() => emu.close());

  it('is refused before anything is written, and nothing lands outside', async () => {
    const base = tempDir();
    const out = join(base, 'first');
    const flags = { ...targetFlags(emu, tempDir()), out };
    await captured(() => importCommand(flags));
    mkdirSync(join(base, 'outside'));
    rmSync(join(out, 'snapshot-jobs'), { recursive: true });
    symlinkSync('../outside', join(out, 'snapshot-jobs'));
    const stackBefore = readFileSync(join(out, 'stack.yaml'), 'utf8');
    const err = await captured(() => importCommand({ ...flags, force: true })).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      `cannot write into ${join(out, 'snapshot-jobs')}: it is a symbolic link, and cosell import writes only into real directories under --out; nothing was written. Remove the link, or choose another --out DIR`,
    );
    expect(readdirSync(join(base, 'outside'))).toEqual([]);
    expect(readFileSync(join(out, 'stack.yaml'), 'utf8')).toBe(stackBefore);
  });
});

describe('cosell import --all: jobs that no stack owns', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(worldSeed(40, 4));
    const client = testClient(emu);
    for (let i = 0; i < 30; i++)
      await createJob(client, {
        engagement: engagementId(i % 4),
        opportunity: `O${3000 + i}`,
        status: i % 2 ? 'Stopped' : 'Running',
        tags: { team: 'alliances', ...(i % 3 === 0 ? { segment: 'retail' } : {}) },
      });
    for (let i = 30; i < 33; i++)
      await createJob(client, { engagement: engagementId(0), opportunity: `O${3000 + i}`, tags: { 'cosell:stack': 'apac' } });
  });
  afterAll(() => emu.close());

  it('needs a stack to own them, and says which jobs of other stacks it left out', async () => {
    const out = join(tempDir(), 'stack');
    const run = await captured(() =>
      importCommand({ ...targetFlags(emu, tempDir()), out, all: true, stack: 'adopted', catalog: 'Sandbox' }),
    );
    expect(run.result).toBe(0);
    expect(run.stdout).toContain('Imported 30 snapshot jobs of stack adopted from catalog Sandbox');
    expect(run.stdout).toContain('Left out 3 jobs:\n');
    expect(run.stdout).toContain('it is owned by stack "apac"');
    expect(run.stdout).toContain(
      `30 imported jobs carry no cosell:stack tag yet: \`cosell apply ${out}\` adopts them (tags them cosell:stack=adopted)`,
    );
  });

  it('before apply, the plan only adopts them: each gains the owner tag, nothing is created or destroyed', async () => {
    const out = join(tempDir(), 'stack');
    await captured(() => importCommand({ ...targetFlags(emu, tempDir()), out, all: true, stack: 'adopted' }));
    const desired = await loadDesiredState(out);
    const plan = diff(desired, await observe(desired, testClient(emu)));
    expect(plan.summary).toEqual({ add: 0, change: 30, destroy: 0, error: 0 });
    for (const change of plan.resourceChanges) {
      expect(change.action).toBe(Action.Update);
      expect(change.tagDiff).toEqual({ add: { 'cosell:stack': 'adopted' }, change: {}, remove: [] });
    }
  });

  it('once apply has adopted them, the plan shows no changes (--detailed-exitcode exits 0)', async () => {
    const out = join(tempDir(), 'stack');
    const flags = targetFlags(emu, tempDir());
    await captured(() => importCommand({ ...flags, out, all: true, stack: 'adopted' }));
    const io = fakeIo();
    expect(await applyCommand(out, { ...flags, autoApprove: true, format: 'human' }, io), io.text()).toBe(0);
    expect(io.text()).toContain('Apply complete! Resources: 0 added, 30 changed, 0 destroyed.');

    const desired = await loadDesiredState(out);
    const live = await observe(desired, testClient(emu));
    expect(live.snapshotJobs.filter((j) => j.tags['cosell:stack'] === 'adopted')).toHaveLength(30);
    expect(hasChanges(diff(desired, live))).toBe(false);
    const planned = await captured(() => planCommand(out, { ...flags, detailedExitcode: true, format: 'human' }));
    expect(planned.result).toBe(0);
    expect(planned.stdout).toContain('No changes.');

    // Now the stack owns them: a plain import (no --all) finds the same jobs, and writes the same files.
    const again = join(tempDir(), 'stack');
    await captured(() => importCommand({ ...flags, out: again, stack: 'adopted' }));
    expect(readFileSync(join(again, 'snapshot-jobs', `${engagementId(0)}.yaml`), 'utf8')).toBe(
      readFileSync(join(out, 'snapshot-jobs', `${engagementId(0)}.yaml`), 'utf8'),
    );
  });
});
