/**
 * A saved plan is applied only if what it rests on is as it was: apply re-observes the things
 * the plan and its resources rest on (plan/scope.ts), and refuses with `Saved plan is stale`,
 * naming each resource whose observation changed since the plan was made. What the plan then
 * asks for is held to a fresh diff of that same observation (plan/verify.ts), in apply.
 */
import type { PartnerCentralClient } from '../api/index.js';
import type { JobFactsCache } from '../live/cache.js';
import type { LiveSnapshotJob, LiveState, LiveTask } from '../live/types.js';
import { keyString } from '../plan/address.js';
import { findStale } from '../plan/fingerprint.js';
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

function addressesFor(plan: Plan, saved: SavedPlan | undefined, fp: string): string[] {
  const out = new Set<string>();
  const colon = fp.indexOf(':');
  const kind = fp.slice(0, colon);
  const rest = fp.slice(colon + 1);
  for (const c of plan.resourceChanges) {
    if (kind === 'snapshotJob' && c.kind === 'snapshotJob' && (keyString(c.key) === rest || (c.live && keyString(c.live.key) === rest)))
      out.add(c.address);
    if (kind === 'task' && c.kind !== 'snapshotJob' && `${c.task.kind}/${c.task.catalog}/${c.task.identifier}` === rest) out.add(c.address);
    if (kind === 'job' && c.kind !== 'snapshotJob' && (c.createdJob?.id === rest || c.lastTask?.resourceSnapshotJobId === rest))
      out.add(c.address);
  }
  for (const e of plan.errors) {
    if (e.liveJobs.some((j) => (kind === 'snapshotJob' && keyString(j.key) === rest) || (kind === 'job' && j.id === rest)))
      out.add(e.address);
  }
  if (kind === 'snapshotJob') for (const d of saved?.desired.snapshotJobs ?? []) if (keyString(d) === rest) out.add(d.address);
  return [...out].sort();
}

function describeJob(j: LiveSnapshotJob): string {
  const tags = Object.keys(j.tags).sort();
  return `${j.id} ${j.status}, tags ${tags.length ? tags.map((k) => `${k}=${j.tags[k]}`).join(', ') : 'none'}`;
}

function describeTask(t: LiveTask): string {
  return `${t.taskId} ${t.status}${t.resourceSnapshotJobId ? ` (job ${t.resourceSnapshotJobId})` : ''}`;
}

function describeNow(fp: string, live: LiveState): string {
  const colon = fp.indexOf(':');
  const kind = fp.slice(0, colon);
  const rest = fp.slice(colon + 1);
  if (kind === 'snapshotJob') {
    const jobs = live.snapshotJobs.filter((j) => keyString(j) === rest);
    return jobs.length ? `the live job on ${rest} is now ${jobs.map(describeJob).join('; ')}` : `no live job is on ${rest} any more`;
  }
  if (kind === 'task') {
    const tasks = live.tasks.filter((t) => `${t.kind}/${t.catalog}/${t.identifier}` === rest);
    return tasks.length ? `the tasks for ${rest} are now ${tasks.map(describeTask).join('; ')}` : `no task for ${rest} is live any more`;
  }
  const job = live.snapshotJobs.find((j) => j.id === rest);
  return job ? `the job its task created is now ${describeJob(job)}` : `the job ${rest} its task created is gone`;
}

/** What changed since the plan was made, given a fresh (partial) observation. */
export function staleItems(plan: Plan, live: LiveState, saved?: SavedPlan): StaleItem[] {
  return findStale(plan, live).map((s) => ({ key: s.key, addresses: addressesFor(plan, saved, s.key), now: describeNow(s.key, live) }));
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
