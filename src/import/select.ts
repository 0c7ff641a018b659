/**
 * Which live jobs an import covers. Without `--all`: the jobs owned by the stack (named, or
 * the one stack whose owner tags are on live jobs). With `--all`: those, plus every job that no
 * stack owns; jobs of other stacks are never taken, since the plan would refuse them.
 */
import { ownerOf } from '../plan/ownership.js';
import { validateShape } from '../model/index.js';
import { MAX_TAGS } from '../desired/tags.js';
import { OWNER_TAG_KEY, type Catalog } from '../desired/types.js';
import type { LiveSnapshotJob } from '../live/types.js';
import { naturalKeyId } from '../desired/natural-key.js';
import { CosellError } from '../util/errors.js';
import { declarableTags } from '../desired/tags.js';
import type { ImportSelection, SkippedJob } from './types.js';
import { plural, counted } from '../util/plural.js';
import { compareStrings } from '../util/compare.js';

function inCatalogs(catalogs: readonly Catalog[]): string {
  return catalogs.length === 1 ? `catalog ${catalogs[0]}` : `catalogs ${catalogs.join(' and ')}`;
}

/** The stack name must be a valid value of the owner tag. */
export function checkStackName(name: string): void {
  if (name.trim() === '') throw new CosellError('--stack needs a name, e.g. --stack emea-alliances');
  const issues = validateShape('TagValue', name, '--stack');
  if (issues.length > 0)
    throw new CosellError(
      `--stack "${name}" cannot be a stack name: it becomes the value of the ${OWNER_TAG_KEY} tag, and ${issues[0]!.Message}`,
    );
}

/** The stack to import: the one asked for, or the only stack that owns live jobs. */
export function chooseStack(
  live: readonly LiveSnapshotJob[],
  catalogs: readonly Catalog[],
  requested: string | undefined,
  all: boolean,
): string {
  if (requested !== undefined) {
    checkStackName(requested);
    return requested;
  }
  if (all)
    throw new CosellError(
      `--all imports jobs that no stack owns yet, so it needs the name of the stack that will own them: add --stack NAME`,
    );
  if (live.length === 0) throw new CosellError(`there are no live snapshot jobs in ${inCatalogs(catalogs)}: nothing to import`);
  const owners = new Map<string, number>();
  for (const job of live) {
    const owner = ownerOf(job.tags);
    if (owner !== undefined) owners.set(owner, (owners.get(owner) ?? 0) + 1);
  }
  if (owners.size === 0)
    throw new CosellError(
      `none of the ${counted(live.length, 'live snapshot job')} in ${inCatalogs(catalogs)} carries a ${OWNER_TAG_KEY} tag, so no stack owns them; ` +
        'to write a stack that adopts them, run cosell import --all --stack NAME',
    );
  if (owners.size > 1) {
    const list = [...owners].sort(([a], [b]) => compareStrings(a, b)).map(([s, n]) => `${s} (${counted(n, 'job')})`);
    throw new CosellError(
      `live jobs in ${inCatalogs(catalogs)} belong to ${owners.size} stacks: ${list.join(', ')}; choose one with --stack NAME`,
    );
  }
  return [...owners.keys()][0] as string;
}

/** The live jobs to import for `stack`, in a stable order (by natural key, then id). */
export function selectJobs(live: readonly LiveSnapshotJob[], catalogs: readonly Catalog[], stack: string, all: boolean): ImportSelection {
  const jobs: LiveSnapshotJob[] = [];
  const skipped: SkippedJob[] = [];
  let unownedSeen = 0;
  for (const job of live) {
    const owner = ownerOf(job.tags);
    if (owner === stack) jobs.push(job);
    else if (owner === undefined) {
      unownedSeen++;
      if (!all) continue;
      // Adoption adds the owner tag; a job already at the limit cannot take it.
      const count = Object.keys(declarableTags(job.tags)).length + 1;
      if (count > MAX_TAGS)
        skipped.push({ job, reason: `it has ${count - 1} tags and adopting it would add ${OWNER_TAG_KEY}, past the limit of ${MAX_TAGS}` });
      else jobs.push(job);
    } else if (all) skipped.push({ job, reason: `it is owned by stack ${JSON.stringify(owner)}` });
  }
  if (jobs.length === 0) {
    if (live.length === 0) throw new CosellError(`there are no live snapshot jobs in ${inCatalogs(catalogs)}: nothing to import`);
    const hint =
      !all && unownedSeen > 0
        ? `; ${counted(unownedSeen, 'job')} ${plural(unownedSeen, 'carries', 'carry')} no owner tag: add --all to adopt ${plural(unownedSeen, 'it', 'them')} into ${stack}`
        : '';
    throw new CosellError(
      `no live snapshot job in ${inCatalogs(catalogs)} is owned by stack ${JSON.stringify(stack)}${all ? ' or by no stack' : ''}${hint}`,
    );
  }
  jobs.sort((a, b) => compareStrings(naturalKeyId(a), naturalKeyId(b)) || compareStrings(a.id, b.id));

  // Several live jobs on one key: the plan refuses to touch any of them until one is left.
  const byKey = new Map<string, LiveSnapshotJob[]>();
  for (const job of live) {
    const k = naturalKeyId(job);
    const list = byKey.get(k);
    if (list) list.push(job);
    else byKey.set(k, [job]);
  }
  const notes: string[] = [];
  const noted = new Set<string>();
  for (const job of jobs) {
    const k = naturalKeyId(job);
    const same = byKey.get(k) ?? [];
    if (same.length < 2 || noted.has(k)) continue;
    noted.add(k);
    notes.push(
      `${same.length} live jobs share catalog ${job.catalog}, engagement ${job.engagement}, opportunity ${job.opportunity} and template ${job.template} ` +
        `(${same.map((j) => j.id).join(', ')}); the stack declares the key once, and cosell plan reports an error on it until only one job is left`,
    );
  }
  skipped.sort((a, b) => compareStrings(a.job.id, b.job.id));
  return { stack, jobs, skipped, notes };
}
