/**
 * A saved plan is applied only if what it rests on is as it was: apply re-observes the things
 * the plan and its resources rest on (plan/scope.ts), and refuses with `Saved plan is stale`,
 * naming each resource whose observation changed since the plan was made. What the plan then
 * asks for is held to a fresh diff of that same observation (plan/verify.ts), in apply.
 */
import type { PartnerCentralClient } from '../api/index.js';
import type { JobFactsCache } from '../live/cache.js';
import type { LiveSnapshotJob, LiveState, LiveTask } from '../live/types.js';
import { naturalKeyId, showNaturalKey, type NaturalKey } from '../desired/natural-key.js';
import { findStale } from '../plan/fingerprint.js';
import type { FingerprintKey } from '../plan/fingerprint-key.js';
import { showTaskKey, taskKeyId } from '../plan/task-key.js';
import type { Plan } from '../plan/types.js';
import { CosellError } from '../util/errors.js';
import type { SavedPlan } from './plan-file.js';
import { observeScope } from '../live/partial.js';
import { scopeOf } from '../plan/scope.js';

export interface StaleItem {
  /** The fingerprint key, e.g. `snapshotJob:Sandbox/eng-…/O1001/OpportunitySummaryView`. */
  key: string;
  /** The plan's addresses that rest on it. */
  addresses: string[];
  /** What is there now, in words. */
  now: string;
}

function addressesFor(plan: Plan, saved: SavedPlan | undefined, fp: FingerprintKey | undefined): string[] {
  const out = new Set<string>();
  const onKey = fp?.kind === 'snapshotJob' ? naturalKeyId(fp.key) : undefined;
  const isKey = (k: NaturalKey): boolean => naturalKeyId(k) === onKey;
  const task = fp?.kind === 'task' ? taskKeyId(fp.task) : undefined;
  const jobId = fp?.kind === 'job' ? fp.id : undefined;
  for (const c of plan.resourceChanges) {
    if (onKey !== undefined && c.kind === 'snapshotJob' && (isKey(c.key) || (c.live && isKey(c.live.key)))) out.add(c.address);
    if (task !== undefined && c.kind !== 'snapshotJob' && taskKeyId(c.task) === task) out.add(c.address);
    if (jobId !== undefined && c.kind !== 'snapshotJob' && (c.createdJob?.id === jobId || c.lastTask?.resourceSnapshotJobId === jobId))
      out.add(c.address);
  }
  for (const e of plan.errors) {
    if (e.liveJobs.some((j) => (onKey !== undefined && isKey(j.key)) || (jobId !== undefined && j.id === jobId))) out.add(e.address);
  }
  if (onKey !== undefined) for (const d of saved?.desired.snapshotJobs ?? []) if (isKey(d)) out.add(d.address);
  return [...out].sort();
}

function describeJob(j: LiveSnapshotJob): string {
  const tags = Object.keys(j.tags).sort();
  return `${j.id} ${j.status}, tags ${tags.length ? tags.map((k) => `${k}=${j.tags[k]}`).join(', ') : 'none'}`;
}

function describeTask(t: LiveTask): string {
  return `${t.taskId} ${t.status}${t.resourceSnapshotJobId ? ` (job ${t.resourceSnapshotJobId})` : ''}`;
}

function describeNow(fp: FingerprintKey | undefined, live: LiveState): string {
  if (!fp) return 'cosell cannot read what this entry of the plan rests on';
  if (fp.kind === 'snapshotJob') {
    const at = showNaturalKey(fp.key);
    const jobs = live.snapshotJobs.filter((j) => naturalKeyId(j) === naturalKeyId(fp.key));
    return jobs.length ? `the live job on ${at} is now ${jobs.map(describeJob).join('; ')}` : `no live job is on ${at} any more`;
  }
  if (fp.kind === 'task') {
    const of = showTaskKey(fp.task);
    const tasks = live.tasks.filter((t) => taskKeyId(t) === taskKeyId(fp.task));
    return tasks.length ? `the tasks for ${of} are now ${tasks.map(describeTask).join('; ')}` : `no task for ${of} is live any more`;
  }
  const job = live.snapshotJobs.find((j) => j.id === fp.id);
  return job ? `the job its task created is now ${describeJob(job)}` : `the job ${fp.id} its task created is gone`;
}

/** What changed since the plan was made, given a fresh (partial) observation. */
export function staleItems(plan: Plan, live: LiveState, saved?: SavedPlan): StaleItem[] {
  return findStale(plan, live).map((s) => ({ key: s.key, addresses: addressesFor(plan, saved, s.what), now: describeNow(s.what, live) }));
}

export function staleError(items: readonly StaleItem[]): CosellError {
  const n = items.length;
  return new CosellError(
    `Saved plan is stale: ${n} thing${n === 1 ? '' : 's'} it rests on changed since it was made. Run cosell plan again.`,
    items.map((i) => `  - ${i.addresses.length ? i.addresses.join(', ') : i.key}: ${i.now}`),
  );
}

/** Re-observes what the saved plan touches; throws `Saved plan is stale` if any of it changed. */
export async function checkSavedPlan(
  saved: SavedPlan,
  client: PartnerCentralClient,
  options: { cache?: JobFactsCache; parallelism?: number } = {},
): Promise<LiveState> {
  const live = await observeScope(client, scopeOf(saved.plan, saved.desired), options);
  await options.cache?.save();
  const items = staleItems(saved.plan, live, saved);
  if (items.length > 0) throw staleError(items);
  return live;
}
