import { tempFiles } from '../support/files.js';
import { formatDiagnostic, loadStack, type StackLoad } from '../../src/desired/index.js';

/** A stack directory in a fresh temporary folder: relative path → file contents. */
export function stackDir(files: Record<string, string | Uint8Array>): string {
  return tempFiles(files, 'cosell-stack-');
}

/** The settings every valid stack needs, as a file. */
export const SETTINGS = 'version: 1\nstack: test-stack\ncatalog: Sandbox\n';

/** Loads `files` as a stack and returns its diagnostics as printed, with the temp folder removed. */
export async function problems(files: Record<string, string | Uint8Array>): Promise<string[]> {
  const dir = stackDir(files);
  const load = await loadStack(dir);
  return load.diagnostics.map((d) => formatDiagnostic(d).split(`${dir}/`).join(''));
}

export async function load(files: Record<string, string | Uint8Array>): Promise<StackLoad> {
  return loadStack(stackDir(files));
}

/** One valid snapshot job, indented under `snapshotJobs:`. */
export function job(name: string, fields: Record<string, string> = {}): string {
  const all = {
    engagement: 'eng-acmemigration1',
    opportunity: 'O1001',
    template: 'OpportunitySummaryView',
    ...fields,
  };
  return `  ${name}:\n${Object.entries(all)
    .map(([k, v]) => `    ${k}: ${v}\n`)
    .join('')}`;
}
