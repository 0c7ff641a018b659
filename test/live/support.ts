import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDesiredState } from '../../src/desired/index.js';
import type { DesiredState } from '../../src/desired/types.js';
import type { Emulator, EmulatorOptions, EmulatorSeed } from '../../src/emulator/index.js';
import { startTestEmulator } from '../support/emulator.js';
import { tempFiles } from '../support/files.js';

export function emulator(seed: EmulatorSeed, options: Omit<EmulatorOptions, 'seed'> = {}): Promise<Emulator> {
  return startTestEmulator({ seed, ...options });
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'cosell-live-'));
}

/** Writes a stack's files (name → YAML text) into a new directory and loads it. */
export async function stackFrom(files: Record<string, string>): Promise<{ dir: string; desired: DesiredState }> {
  const dir = tempFiles(files);
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
