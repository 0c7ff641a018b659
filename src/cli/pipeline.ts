import type { DesiredState } from '../desired/types.js';
import { printableLines } from '../util/printable.js';
import { observe } from '../live/observe.js';
import type { LiveState } from '../live/types.js';
import type { ObserveOptions } from '../live/observe.js';
import type { Listing } from '../live/listing.js';
import { diff } from '../plan/index.js';
import { observeScope, type ObservationScope } from '../live/partial.js';
import { scopeOfKeys } from '../plan/scope.js';
import type { DiffOptions, NaturalKey, Plan } from '../plan/types.js';
import type { Target } from './context.js';

/** A counter on stderr while observing a large account; only on a TTY. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress?: (done: number, seen: number) => void;
  finish(): void;
} {
  if (!stream.isTTY) return { finish() {} };
  let last = 0;
  let shown = false;
  return {
    onProgress(done, seen) {
      const now = Date.now();
      if (now - last < 100 && done !== seen) return;
      last = now;
      shown = true;
      stream.write(`\rObserving live state… ${done}/${seen} jobs`);
    },
    finish() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/** observe, with the job cache and a counter on a TTY: what every command that reads the account shares. */
export async function observeLive(
  desired: DesiredState,
  target: Target,
  options: Pick<ObserveOptions, 'parallelism' | 'catalogs' | 'tasks' | 'facts' | 'watcher' | 'listing'> = {},
): Promise<LiveState> {
  const progress = progressReporter();
  try {
    return await observe(desired, target.client, {
      ...options,
      cache: target.cache,
      onProgress: progress.onProgress,
      onWarning: (message) => process.stderr.write(`${printableLines(message)}\n`),
    });
  } finally {
    progress.finish();
  }
}

/** The keys of the declared jobs `targets` name, when each target is exactly one (no glob). */
function exactTargetKeys(desired: DesiredState, targets: readonly string[] = []): NaturalKey[] | undefined {
  if (targets.length === 0) return undefined;
  const byAddress = new Map(desired.snapshotJobs.map((j) => [j.address, j]));
  const keys: NaturalKey[] = [];
  for (const t of targets) {
    const job = byAddress.get(t);
    if (!job) return undefined;
    keys.push(job);
  }
  return keys;
}

/** Observes only what a diff of the declarations on `keys` rests on (plan/scope.ts). */
export async function observePart(
  desired: DesiredState,
  target: Target,
  keys: readonly NaturalKey[],
  parallelism?: number,
  tasks: ObservationScope['tasks'] = [],
): Promise<LiveState> {
  const scope = scopeOfKeys(desired, keys);
  const more = tasks.filter((t) => !scope.tasks.some((s) => s.kind === t.kind && s.catalog === t.catalog && s.identifier === t.identifier));
  const live = await observeScope(target.client, { ...scope, tasks: [...scope.tasks, ...more] }, { cache: target.cache, parallelism });
  await target.cache.save();
  return live;
}

/**
 * observe → diff: what `plan` and `apply` share. Targets that are declared jobs' addresses observe
 * only those. `listing` is the account's listing, when the caller started it early (plan does).
 */
export async function planAgainst(
  desired: DesiredState,
  target: Target,
  options: DiffOptions & { parallelism?: number; listing?: Listing },
): Promise<{ live: LiveState; plan: Plan }> {
  const keys = exactTargetKeys(desired, options.targets);
  const live = keys
    ? await observePart(desired, target, keys, options.parallelism)
    : await observeLive(desired, target, { parallelism: options.parallelism, listing: options.listing });
  return { live, plan: diff(desired, live, { targets: options.targets, excludes: options.excludes }) };
}
