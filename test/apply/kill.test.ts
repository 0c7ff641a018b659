/**
 * `cosell apply` as a process: SIGKILLed at several points of a 100-job apply against an
 * emulator that allows several jobs per key, then re-run until it finishes. Every run picks up
 * where the last stopped: no job twice, every desired tag present. Also: a saved plan made
 * stale by an out-of-band tag change is refused by the real binary.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { OWNER_TAG_KEY } from '../../src/desired/types.js';
import { clientOf, ENG, jobsByKey, liveOf, manyJobs, planOf, seedWith, STACK, startEmu, tempDir, writeStack } from './helpers.js';
import { EXAMPLE_KEY } from '../support/emulator.js';
import { loadDesiredState } from '../../src/desired/index.js';

const MAIN = resolve('dist/cli/main.js');

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

beforeAll(() => {
  // These tests run the built CLI (`npm test` builds first; alone, run `npm run build`).
  const help = existsSync(MAIN) ? spawnSync(process.execPath, [MAIN, 'apply', '--help'], { encoding: 'utf8' }) : undefined;
  if (help?.status !== 0 || !help.stdout.includes('--auto-approve'))
    throw new Error(`${MAIN} has no apply command: run npm run build first`);
});

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: EXAMPLE_KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: EXAMPLE_KEY.secretAccessKey,
    AWS_MAX_ATTEMPTS: '3',
    NO_COLOR: '1',
  };
  for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING']) delete env[k];
  return env;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  completions: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; with `killAt`, SIGKILLs it once that many resources have completed (0: at the first start). */
function cosell(args: string[], cwd: string, killAt?: number): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let completions = 0;
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      completions = (stdout.match(/: (Creation|Modifications|Destruction) complete after /g) ?? []).length;
      const started = stdout.includes(': Creating…') || stdout.includes(': Modifying…');
      if (killAt !== undefined && !killed && (killAt === 0 ? started : completions >= killAt)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, completions, stdout, stderr }));
  });
}

describe('kill -9 during apply', () => {
  it('converges over re-runs after SIGKILL at several points, with no duplicate job and every tag present', async () => {
    emu = await startEmu({ seed: seedWith({ opportunities: 100 }), uniqueJobs: false });
    const dir = await tempDir();
    const stack = await writeStack({ snapshotJobs: manyJobs(100, (i) => ({ batch: `b${i % 5}` })) }, join(dir, 'stack'));
    const args = [
      'apply',
      stack,
      '--auto-approve',
      '--endpoint',
      emu.url,
      '--rate',
      'read=500',
      '--rate',
      'write=500',
      '--parallelism',
      '8',
    ];
    const client = clientOf(emu);
    const desired = await loadDesiredState(stack);

    const runs: Run[] = [];
    for (const killAt of [0, 10, 25, 5, 40]) {
      const run = await cosell(args, dir, killAt);
      runs.push(run);
      // Whatever point it died at, no key holds two jobs.
      const live = await liveOf(desired, client);
      expect([...jobsByKey(live.snapshotJobs).values()].filter((jobs) => jobs.length > 1)).toEqual([]);
      if (run.code === 0) break;
      expect(run.signal).toBe('SIGKILL');
    }
    expect(runs.filter((r) => r.signal === 'SIGKILL').length).toBeGreaterThanOrEqual(3);

    const last = await cosell(args, dir);
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
    expect(last.stdout).toMatch(/Apply complete! Resources: \d+ added, \d+ changed, 0 destroyed\.|No changes\./);

    const live = await liveOf(desired, client);
    expect(live.snapshotJobs).toHaveLength(100);
    expect(jobsByKey(live.snapshotJobs).size).toBe(100);
    for (const d of desired.snapshotJobs) {
      const job = live.snapshotJobs.find((j) => j.opportunity === d.opportunity);
      expect(job?.tags, d.address).toEqual(d.tags);
      expect(job?.status, d.address).toBe(d.status);
    }
    expect((await planOf(desired, client)).summary).toEqual({ add: 0, change: 0, destroy: 0, error: 0 });
  }, 60_000);
});

describe('the binary with a saved plan', () => {
  it('applies a fresh saved plan, and refuses one made stale by an out-of-band TagResource', async () => {
    emu = await startEmu();
    const dir = await tempDir();
    const spec = { snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', tags: { priority: 'high' } } } };
    const stack = await writeStack(spec, join(dir, 'stack'));
    const target = ['--endpoint', emu.url];
    // Create the job, then change the stack so that a plan has something to do to it.
    expect((await cosell(['apply', stack, '--auto-approve', ...target], dir)).code).toBe(0);
    await writeStack({ snapshotJobs: { acme: { ...spec.snapshotJobs.acme, tags: { priority: 'low' } } } }, join(dir, 'stack'));

    const planned = await cosell(['plan', stack, '--out', 'plan.json', ...target], dir);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    const client = clientOf(emu);
    const [job] = (await liveOf(await loadDesiredState(stack), client)).snapshotJobs;
    await client.tagResource({ ResourceArn: job?.arn ?? '', Tags: [{ Key: 'priority', Value: 'urgent' }] });

    const refused = await cosell(['apply', 'plan.json', ...target], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error: Saved plan is stale: 1 thing it rests on changed since it was made. Run cosell plan again.');
    expect(refused.stderr).toContain(
      `  - snapshotJob.acme: the live job on Sandbox/${ENG[0]}/O3000/OpportunitySummaryView is now ${job?.id} Running, tags ${OWNER_TAG_KEY}=${STACK}, priority=urgent, team=alliances`,
    );
    expect((await liveOf(await loadDesiredState(stack), client)).snapshotJobs[0]?.tags.priority).toBe('urgent');

    expect((await cosell(['plan', stack, '--out', 'plan.json', ...target], dir)).code).toBe(0);
    const applied = await cosell(['apply', 'plan.json', ...target], dir);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
    expect((await liveOf(await loadDesiredState(stack), client)).snapshotJobs[0]?.tags.priority).toBe('low');
  }, 30_000);
});
