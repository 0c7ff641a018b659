import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { PartnerCentralSellingClient } from '@aws-sdk/client-partnercentral-selling';
import type { EmulatorSeed, EmulatorStats } from '../../src/emulator/index.js';
import { COSELL, emulatorEnv } from '../support/cli.js';
import { EXAMPLE_KEY } from '../support/emulator.js';

/** The built runner, as `npm run conformance` runs it (`npm test` builds dist/ first). */
export const RUNNER = resolve(import.meta.dirname, '../../dist/conformance/main.js');

export const ENGAGEMENT = 'eng-conformance001';
export const OPPORTUNITY = 'O1';
/** Jobs seeded on the run's engagement: enough for a second page and a full default page. */
export const SEEDED_JOBS = 110;
export const DENIED_KEY = { accessKeyId: 'AKIDDENIEDSANDBOX', secretAccessKey: 'denied-secret-denied-secret-denied-secret' };

export const SEED: EmulatorSeed = {
  credentials: [EXAMPLE_KEY, { ...DENIED_KEY, catalogs: ['AWS'] }],
  catalogs: {
    Sandbox: {
      engagements: [ENGAGEMENT],
      opportunities: [OPPORTUNITY, ...Array.from({ length: SEEDED_JOBS }, (_, i) => `O${1000 + i}`)],
      snapshotJobs: Array.from({ length: SEEDED_JOBS }, (_, i) => ({
        id: `job-${String(i + 1).padStart(13, '0')}`,
        engagement: ENGAGEMENT,
        opportunity: `O${1000 + i}`,
        template: 'OpportunitySummaryView',
      })),
    },
  },
};

export interface SpawnedEmulator {
  url: string;
  sdk: PartnerCentralSellingClient;
  stats(): Promise<EmulatorStats>;
  close(): Promise<void>;
}

/** `cosell emulator --port 0`, seeded with SEED, in a process of its own (as a partner runs it). */
export async function spawnEmulator(dir: string, args: string[] = []): Promise<SpawnedEmulator> {
  const seedFile = join(dir, `seed-${process.hrtime.bigint()}.yaml`);
  await writeFile(seedFile, stringify(SEED));
  const child = spawn(process.execPath, [COSELL, 'emulator', '--port', '0', '--seed', seedFile, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`cosell emulator exited (${code}) before listening: ${stderr.trim()}`)));
  });
  const exited = new Promise((r) => child.once('exit', r));
  const sdk = new PartnerCentralSellingClient({ endpoint: url, region: 'us-east-1', credentials: { ...EXAMPLE_KEY }, maxAttempts: 1 });
  return {
    url,
    sdk,
    stats: async () => (await (await fetch(`${url}/_emulator/stats`)).json()) as EmulatorStats,
    close: async () => {
      sdk.destroy();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface RunnerRun {
  child: ChildProcess;
  /** Resolves with the first stdout line that matches. */
  line(pattern: RegExp): Promise<string>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Runs the conformance runner with the emulator's environment (the example key unless `env` says otherwise). */
export function runner(args: string[], env: Record<string, string> = {}): RunnerRun {
  const child = spawn(process.execPath, [RUNNER, ...args], {
    env: { ...emulatorEnv(env), AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of waiters.splice(0)) {
      const hit = stdout.split('\n').find((l) => w.pattern.test(l));
      if (hit !== undefined) w.resolve(hit);
      else waiters.push(w);
    }
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((r) =>
    child.on('close', (code) => r({ code, stdout, stderr })),
  );
  return {
    child,
    line: (pattern) => new Promise((r) => waiters.push({ pattern, resolve: r })),
    exit,
  };
}

/** The flags of a run against `url` on the seeded engagement, with no pacing. */
export const runArgs = (url: string, extra: string[] = []): string[] => [
  '--endpoint',
  url,
  '--catalog',
  'Sandbox',
  '--engagement',
  ENGAGEMENT,
  '--opportunity',
  OPPORTUNITY,
  '--write-interval-ms',
  '0',
  ...extra,
];
