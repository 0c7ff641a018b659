/**
 * Running jobs execute: once when they start, then every execution interval. An execution of a
 * job on an opportunity the seed marks with `snapshotFailure` fails with that message; any other
 * succeeds. Like tasks, executions are settled lazily on each request, so no timer outlives the
 * emulator and a saved world replays the same.
 */
import type { CatalogWorld, Job, World } from './state.js';

import { DEFAULT_EXECUTION_INTERVAL_MS } from './defaults.js';

export { DEFAULT_EXECUTION_INTERVAL_MS };

// The interval is the emulator's setting rather than part of the saved world; it is kept beside
// the world it runs, for the handlers to read through the world they are given.
const intervals = new WeakMap<World, number>();
// The earliest time any running job is due: requests before it skip the scan of every job.
const nextDue = new WeakMap<World, number>();

export function setExecutionInterval(world: World, ms: number): void {
  intervals.set(world, ms);
  nextDue.delete(world);
}

export function executionInterval(world: World): number {
  return intervals.get(world) ?? DEFAULT_EXECUTION_INTERVAL_MS;
}

/** One execution of `job` at `at` (epoch ms): a snapshot taken, or the opportunity's failure. */
export function executeJob(world: World, catalog: CatalogWorld, job: Job, at: number): void {
  const failure = catalog.opportunities.get(job.opportunity)?.snapshotFailure;
  job.lastRunAt = at;
  if (failure === undefined) job.lastSuccessAt = at;
  else {
    job.lastFailure = failure;
    job.lastFailureAt = at;
  }
  const due = at + executionInterval(world);
  const earliest = nextDue.get(world);
  if (earliest !== undefined && due < earliest) nextDue.set(world, due);
}

/**
 * Runs every execution of every Running job that has come due by `now`. All executions of a job
 * in the gap have the same outcome (the seed does not change), so only the last one is recorded.
 */
export function runExecutions(world: World, now: number): boolean {
  if (now < (nextDue.get(world) ?? -Infinity)) return false;
  const interval = executionInterval(world);
  let ran = false;
  let earliest = Infinity;
  for (const catalog of world.catalogs.values())
    for (const job of catalog.jobs.values()) {
      if (job.status !== 'Running') continue;
      const since = job.lastRunAt ?? job.createdAt;
      if (now - since >= interval) {
        executeJob(world, catalog, job, since + Math.floor((now - since) / interval) * interval);
        ran = true;
      }
      earliest = Math.min(earliest, (job.lastRunAt ?? job.createdAt) + interval);
    }
  nextDue.set(world, earliest);
  return ran;
}
