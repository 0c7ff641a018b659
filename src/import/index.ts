/**
 * `cosell import`: write a stack for what is live, so that an account with jobs already in it
 * gets to a clean plan. Observe every job (every catalog; `--catalog` chooses what is written) (their tags carry ownership),
 * select the stack's, lay them out as files, and check the result with the stack loader before
 * anything is written.
 */
import { ownerOf } from '../plan/ownership.js';
import { join } from 'node:path';
import type { PartnerCentralClient } from '../api/index.js';
import { checkStack, formatDiagnostic } from '../desired/index.js';
import type { Catalog } from '../desired/types.js';
import type { JobFactsCache } from '../live/cache.js';
import { observe } from '../live/observe.js';
import { CATALOGS as MODEL_CATALOGS } from '../model/index.js';
import { CosellError } from '../util/errors.js';
import { layoutStack } from './layout.js';
import { chooseStack, selectJobs } from './select.js';
import { checkStackPaths } from './write.js';
import type { ImportOptions, ImportResult } from './types.js';
import { plural, counted } from '../util/plural.js';

export { checkOutDir, checkStackPaths, writeStack, type OutDir, type WriteReport } from './write.js';
export { IMPORT_MARKER, JOBS_DIR, SETTINGS_FILE, layoutStack, sharedTags } from './layout.js';
export { logicalNames, MAX_NAME_LENGTH } from './names.js';
export { checkStackName, chooseStack, selectJobs } from './select.js';
export type * from './types.js';

export const CATALOGS: readonly Catalog[] = MODEL_CATALOGS;

/** `--catalog`: AWS or Sandbox, as the API spells them; absent: both. */
export function parseCatalogs(value: string | undefined): Catalog[] {
  if (value === undefined) return [...CATALOGS];
  const found = CATALOGS.find((c) => c === value);
  if (found) return [found];
  const near = CATALOGS.find((c) => c.toLowerCase() === value.trim().toLowerCase());
  throw new CosellError(
    `unknown catalog "${value}": use ${CATALOGS.join(' or ')}${near ? ` (did you mean ${near}? catalog names are case-sensitive)` : ''}`,
  );
}

/** Reads what is live and lays out the stack; writes nothing. */
export async function importStack(
  client: PartnerCentralClient,
  options: ImportOptions,
  observeOptions: { parallelism?: number; cache?: JobFactsCache; onProgress?: (done: number, seen: number) => void } = {},
): Promise<ImportResult> {
  if (options.stack !== undefined) chooseStack([], options.catalogs, options.stack, options.all);
  else if (options.all) chooseStack([], options.catalogs, undefined, true);
  // Every job of the catalogs is read, with its tags; no task is.
  const catalogs = [...options.catalogs].sort();
  const live = await observe({ catalogs, opportunityEngagements: [], invitationAcceptances: [] }, client, observeOptions);
  const inScope = live.snapshotJobs.filter((j) => catalogs.includes(j.catalog));
  const stack = chooseStack(inScope, catalogs, options.stack, options.all);
  const selection = selectJobs(inScope, catalogs, stack, options.all);
  const layout = layoutStack(stack, selection.jobs);
  // Plan reads every catalog: what this stack owns outside the imported ones would be destroyed.
  const elsewhere = live.snapshotJobs.filter((j) => !catalogs.includes(j.catalog) && ownerOf(j.tags) === stack);
  if (elsewhere.length > 0) {
    const where = [...new Set(elsewhere.map((j) => j.catalog))].sort().join(' and ');
    selection.notes.push(
      `stack ${stack} also owns ${counted(elsewhere.length, 'job')} in ${where}, not imported: ` +
        `cosell plan on this output would destroy ${plural(elsewhere.length, 'it', 'them')}. Import without --catalog to keep ${plural(elsewhere.length, 'it', 'them')}.`,
    );
  }
  return { ...selection, ...layout, unowned: selection.jobs.filter((j) => ownerOf(j.tags) === undefined).length };
}

/** The stack must stay inside `outDir` and load cleanly before anything is written. */
export function checkImported(outDir: string, result: Pick<ImportResult, 'files'>): void {
  checkStackPaths(outDir, result.files);
  const encoder = new TextEncoder();
  const load = checkStack(result.files.map((f) => ({ file: join(outDir, f.path), bytes: encoder.encode(f.text) })));
  if (load.diagnostics.length > 0)
    throw new CosellError(
      'the stack built from what is live does not validate, so nothing was written; each line below names a value the service gave and where it would have gone',
      load.diagnostics.map(formatDiagnostic),
    );
}
