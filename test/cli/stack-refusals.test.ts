/**
 * A stack file that cannot be read stops `validate`, `plan` and `apply` before any call: read
 * around, the jobs it declares would look undeclared and be planned for deletion.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulator, tempDir } from '../live/support.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runCosell, type CliRun } from '../support/cli.js';

const STACK = 'version: 1\nstack: refusals\ncatalog: Sandbox\n';
const JOBS = 'snapshotJobs:\n  a:\n    engagement: eng-acmemigration1\n    opportunity: O1001\n    template: OpportunitySummaryView\n';
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

describe('stack files that cannot be read', () => {
  let emu: Emulator;
  let cwd: string;
  const servers: Server[] = [];
  beforeAll(async () => {
    emu = await emulator({ catalogs: { Sandbox: { engagements: ['eng-acmemigration1'], opportunities: ['O1001'] } } });
    cwd = await tempDir();
    chmodSync(cwd, 0o777);
  });
  afterAll(async () => {
    for (const s of servers) s.close();
    await emu.close();
  });

  /** A stack directory with a valid stack.yaml, readable by anyone (the unreadable case runs as nobody). */
  async function stack(): Promise<string> {
    const dir = await tempDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'stack.yaml'), STACK);
    return dir;
  }

  /** `cosell plan` against the emulator: refused with exit 1 and no call made. */
  async function refusedPlan(dir: string, options: { uid?: number } = {}): Promise<CliRun> {
    emu.resetStats();
    const run = await runCosell(['plan', dir, '--endpoint', emu.url], { cwd, ...options });
    expect(run.code, run.stderr).toBe(1);
    expect(emu.stats().calls).toEqual({});
    expect(run.stdout).toBe('');
    return run;
  }

  it('a dangling link', async () => {
    const dir = await stack();
    symlinkSync('not-checked-out/jobs.yaml', join(dir, 'jobs.yaml'));
    const run = await refusedPlan(dir);
    expect(run.stderr).toContain(`${join(dir, 'jobs.yaml')}: a symbolic link to not-checked-out/jobs.yaml, which does not exist`);
    const validate = await runCosell(['validate', dir], { cwd });
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).not.toContain('Success');
  });

  it('a dangling link that may have been a directory (a submodule not checked out)', async () => {
    const dir = await stack();
    symlinkSync('../vendor/jobs', join(dir, 'jobs'));
    const run = await refusedPlan(dir);
    expect(run.stderr).toContain(`${join(dir, 'jobs')}: a symbolic link to ../vendor/jobs, which does not exist`);
  });

  it('a link to a file outside the stack', async () => {
    const outside = await tempDir();
    writeFileSync(join(outside, 'jobs.yaml'), JOBS);
    const dir = await stack();
    symlinkSync(join(outside, 'jobs.yaml'), join(dir, 'jobs.yaml'));
    const run = await refusedPlan(dir);
    expect(run.stderr).toContain(
      `${join(dir, 'jobs.yaml')}: a symbolic link to ${join(realpathSync(outside), 'jobs.yaml')}, outside the stack directory`,
    );
  });

  it('a link to a directory outside the stack: one error, and it is not walked', async () => {
    const outside = await tempDir();
    for (let i = 0; i < 5; i++) writeFileSync(join(outside, `f${i}.yaml`), 'not: [valid\n');
    const dir = await stack();
    symlinkSync(outside, join(dir, 'usr'));
    const run = await refusedPlan(dir);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('/'));
    expect(errors).toEqual([
      `${join(dir, 'usr')}: a symbolic link to the directory ${realpathSync(outside)}, outside the stack directory ${realpathSync(dir)}: it is not read (move or copy those files into the stack)`,
    ]);
  });

  it('a link to /proc/self/pagemap (procfs says 0 bytes and never ends)', async () => {
    const dir = await stack();
    symlinkSync('/proc/self/pagemap', join(dir, 'pagemap.yaml'));
    const run = await refusedPlan(dir);
    expect(run.stderr).toMatch(
      new RegExp(`${join(dir, 'pagemap.yaml')}: a symbolic link to /proc/\\d+/pagemap, outside the stack directory`),
    );
  });

  it('/proc/self/pagemap named as the stack is read only up to the per-file cap', async () => {
    emu.resetStats();
    const run = await runCosell(['plan', '/proc/self/pagemap', '--endpoint', emu.url], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('/proc/self/pagemap:1:1: the file is larger than 8.0 MB (whatever its size says)');
    expect(emu.stats().calls).toEqual({});
  });

  it('a FIFO', async () => {
    const dir = await stack();
    expect(spawnSync('mkfifo', [join(dir, 'jobs.yaml')]).status).toBe(0);
    const run = await refusedPlan(dir);
    expect(run.stderr).toContain(`${join(dir, 'jobs.yaml')}: a FIFO (named pipe), not a regular file`);
  });

  it('a socket, and a link to a device', async () => {
    const dir = await stack();
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(join(dir, 'agent.yaml'), resolve));
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    const run = await refusedPlan(dir);
    expect(run.stderr).toContain(`${join(dir, 'agent.yaml')}: a socket, not a regular file`);
    expect(run.stderr).toContain(`${join(dir, 'zero.yaml')}: a symbolic link to /dev/zero, outside the stack directory`);
    const device = await runCosell(['validate', '/dev/zero'], { cwd });
    expect(device.code).toBe(1);
    expect(device.stdout + device.stderr).toContain('/dev/zero: a character device, not a stack file or directory');
  });

  // Root reads any file whatever its mode, so as root the CLI runs as nobody: the permission
  // error is a real one either way.
  const unprivileged = asRoot ? { uid: NOBODY } : {};

  it('a file that cannot be read (permission denied)', async () => {
    const dir = await stack();
    writeFileSync(join(dir, 'jobs.yaml'), JOBS);
    chmodSync(join(dir, 'jobs.yaml'), 0o000);
    const run = await refusedPlan(dir, unprivileged);
    expect(run.stderr).toContain(`${join(dir, 'jobs.yaml')}: cannot read the file: permission denied`);
  });

  it('a directory that cannot be listed (permission denied)', async () => {
    const dir = await stack();
    mkdirSync(join(dir, 'jobs'));
    writeFileSync(join(dir, 'jobs', 'a.yaml'), JOBS);
    chmodSync(join(dir, 'jobs'), 0o000);
    const run = await refusedPlan(dir, unprivileged);
    expect(run.stderr).toContain(`${join(dir, 'jobs')}: cannot list the directory: permission denied`);
  });

  it('three dense 7.8 MB files: refused on the stack cap, before they are parsed', async () => {
    const dir = await stack();
    const dense = `x:\n${'- 0\n'.repeat((7.8 * 1024 * 1024) / 4)}`;
    for (const name of ['a.yaml', 'b.yaml', 'c.yaml']) writeFileSync(join(dir, name), dense);
    const run = await refusedPlan(dir);
    expect(run.stderr).toContain(
      `${join(dir, 'c.yaml')}:1:1: with this file the stack's 3 files come to 23.4 MB; a stack may be at most 20.0 MB in all`,
    );
  });

  it('two dense files: refused on the node cap, where the count passes it', async () => {
    const dir = await stack();
    const dense = `x: [${'0,'.repeat(3_999_000)}0]\n`;
    writeFileSync(join(dir, 'a.yaml'), dense);
    writeFileSync(join(dir, 'b.yaml'), dense);
    const run = await refusedPlan(dir);
    expect(run.stderr).toContain(`${join(dir, 'a.yaml')}:1:4999999: the stack passes 2,500,000 YAML nodes here`);
  });
});
