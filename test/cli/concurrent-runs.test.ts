/**
 * Runs that share files lose nothing: two `apply --emulator` of different stacks in one
 * directory, and two plans sharing one job cache, both land.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emulator, tempDir } from '../live/support.js';
import { emulatorEnv, runCosell } from '../support/cli.js';
import { EXAMPLE_KEY } from '../support/emulator.js';

const ENG = 'eng-acmemigration1';

function stackText(name: string, catalog: 'Sandbox' | 'AWS', opportunities: string[]): string {
  const jobs = Object.fromEntries(
    opportunities.map((o) => [`job-${o}`, { engagement: ENG, opportunity: o, template: 'OpportunitySummaryView' }]),
  );
  return stringify({ version: 1, stack: name, catalog, snapshotJobs: jobs });
}

async function stackDir(name: string, catalog: 'Sandbox' | 'AWS', opportunities: string[]): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'stack.yaml'), stackText(name, catalog, opportunities));
  return dir;
}

const opps = (from: number, n: number) => Array.from({ length: n }, (_, i) => `O${from + i}`);

describe('concurrent runs', () => {
  it('two apply --emulator runs of different stacks in one directory both land', async () => {
    const cwd = await tempDir();
    const seed = join(cwd, 'seed.yaml');
    await writeFile(seed, stringify({ catalogs: { Sandbox: { engagements: [ENG], opportunities: opps(1001, 12) } } }));
    const alpha = await stackDir('alpha', 'Sandbox', opps(1001, 6));
    const beta = await stackDir('beta', 'Sandbox', opps(1007, 6));
    const apply = (dir: string) => runCosell(['apply', dir, '--emulator', '--emulator-seed', seed, '--auto-approve'], { cwd });
    const runs = await Promise.all([apply(alpha), apply(beta)]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('Apply complete! Resources: 6 added, 0 changed, 0 destroyed.');
    }
    for (const dir of [alpha, beta]) {
      const plan = await runCosell(['plan', dir, '--emulator', '--detailed-exitcode'], { cwd });
      expect(plan.stdout).toContain('No changes.');
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    }
    // Nothing but the shared files themselves is left: no lock, no temp file.
    const left = await readdir(join(cwd, '.cosell'));
    expect(left.filter((f) => !/^(emulator-state|jobs-.*|tokens-.*)\.json$/.test(f))).toEqual([]);
  });

  it('two plans sharing one cache directory both keep what they learnt', async () => {
    const sandboxKey = { accessKeyId: 'AKIDSANDBOXONLY1', secretAccessKey: 'sandbox-only-secret', catalogs: ['Sandbox' as const] };
    const awsKey = { accessKeyId: 'AKIDAWSONLYKEY01', secretAccessKey: 'aws-only-secret', catalogs: ['AWS' as const] };
    const full = EXAMPLE_KEY;
    const catalog = (stack: string, from: number) => ({
      engagements: [ENG],
      opportunities: opps(from, 8),
      snapshotJobs: opps(from, 8).map((opportunity) => ({
        engagement: ENG,
        opportunity,
        status: 'Running' as const,
        tags: { 'cosell:stack': stack },
      })),
    });
    const emu = await emulator({
      credentials: [sandboxKey, awsKey, full],
      catalogs: { Sandbox: catalog('alpha', 1001), AWS: catalog('beta', 2001) },
    });
    try {
      const alpha = await stackDir('alpha', 'Sandbox', opps(1001, 8));
      const beta = await stackDir('beta', 'AWS', opps(2001, 8));
      const cwd = await tempDir();
      const plan = (dir: string, key: { accessKeyId: string; secretAccessKey: string }) =>
        runCosell(['plan', dir, '--endpoint', emu.url, '--detailed-exitcode'], {
          cwd,
          env: emulatorEnv({ AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey }),
        });
      // Each run may read one catalog only: each learns the facts of a different set of jobs.
      const runs = await Promise.all([plan(alpha, sandboxKey), plan(beta, awsKey)]);
      for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(emu.stats().calls.GetResourceSnapshotJob).toBe(16);

      emu.resetStats();
      for (const dir of [alpha, beta]) expect((await plan(dir, full)).code).toBe(0);
      // Both runs' facts are in the one cache file: nothing is read again.
      expect(emu.stats().calls.GetResourceSnapshotJob).toBeUndefined();
      expect((await readdir(join(cwd, '.cosell'))).filter((f) => !/^jobs-.*\.json$/.test(f))).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
