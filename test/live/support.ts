import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createClient, type PartnerCentralClient } from '../../src/api/index.js';
import { loadDesiredState } from '../../src/desired/index.js';
import type { DesiredState } from '../../src/desired/types.js';
import { startEmulator, type EmulatorOptions, type EmulatorSeed } from '../../src/emulator/index.js';

export const EXAMPLE_KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export function emulator(seed: EmulatorSeed, options: Omit<EmulatorOptions, 'seed'> = {}): Promise<Emulator> {
  return startEmulator({ port: 0, host: '127.0.0.1', seed, taskDelayMs: 0, ...options });
}

export function clientOf(emu: Emulator): PartnerCentralClient {
  return createClient({
    endpoint: emu.url,
    credentials: EXAMPLE_KEY,
    backoff: { baseMs: 1, throttleBaseMs: 5, capMs: 50 },
    rates: { read: 10_000, write: 10_000 },
  });
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'cosell-live-'));
}

/** Writes a stack's files (name → YAML text) into a new directory and loads it. */
export async function stackFrom(files: Record<string, string>): Promise<{ dir: string; desired: DesiredState }> {
  const dir = await tempDir();
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return { dir, desired: await loadDesiredState(dir) };
}

/** An engagement id from a number: eng- and 14 of [0-9a-z]. */
export function engagementId(n: number): string {
  return `eng-${String(n).padStart(14, '0')}`;
}

/** A stack of `n` jobs, one per opportunity O(10000+i), spread over engagements of 50. */
export function bigStack(n: number, stack = 'bench'): string {
  const lines = ['version: 1', `stack: ${stack}`, 'catalog: Sandbox', 'defaults:', '  tags: { team: alliances }', 'snapshotJobs:'];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  job-${i}:`,
      `    engagement: ${engagementId(Math.floor(i / 50))}`,
      `    opportunity: O${10000 + i}`,
      '    template: OpportunitySummaryView',
    );
    lines.push(`    status: ${i % 2 ? 'Stopped' : 'Running'}`, `    tags: { n: "${i}" }`);
  }
  return `${lines.join('\n')}\n`;
}

/** A seed in which the jobs of bigStack(n) already exist, as an apply would have left them. */
export function bigSeed(n: number, stack = 'bench'): EmulatorSeed {
  const engagements = Array.from({ length: Math.ceil(n / 50) }, (_, i) => engagementId(i));
  const opportunities = Array.from({ length: n }, (_, i) => `O${10000 + i}`);
  return {
    catalogs: {
      Sandbox: {
        engagements,
        opportunities,
        invitations: [],
        snapshotJobs: opportunities.map((opportunity, i) => ({
          engagement: engagementId(Math.floor(i / 50)),
          opportunity,
          status: i % 2 ? ('Stopped' as const) : ('Running' as const),
          tags: { team: 'alliances', n: String(i), 'cosell:stack': stack },
        })),
      },
    },
  };
}
