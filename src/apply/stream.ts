/**
 * Apply while observing (`cosell apply PATH --auto-approve`): each resource's change starts as
 * soon as its diff is final, instead of once the whole account is read. The reads and the
 * writes use different operations, each with its own quota, so they overlap.
 *
 * One reconcile step per opportunity (live/finality.ts says when one is final):
 *   observe  its jobs, on top of the shared listing (observe, told as it goes)
 *   diff     them (plan/diff-part.ts: the same changes diff() makes given the whole account)
 *   door     shown the jobs it observed (door.ts), asked before every call on one
 *   act      the runner starts the changes (runner.ts, jobs.ts: a create is confirmed live)
 * Destroys of owned jobs no longer declared wait until every catalog is listed. Task changes
 * rest on the whole observation and start after it.
 *
 * What is refused: errors that come from the stack alone (duplicate declarations) are known
 * before any call, and the caller takes the batch path for them (nothing is applied). An error
 * of a resource (another stack's job on its key, two jobs on one key) is known when that
 * resource's diff is final: from then on no change starts, those running finish, and the run
 * reports what was made and refuses the rest. Once observation completes, the whole plan is
 * made by diff() as always; every change already started must be in it unchanged.
 */
import type { PartnerCentralClient } from '../api/index.js';
import type { DesiredState } from '../desired/types.js';
import { ALL_CATALOGS } from '../live/observe.js';
import { ObservationFinality, type ObservationWatcher } from '../live/finality.js';
import type { LiveState } from '../live/types.js';
import { diff } from '../plan/diff.js';
import { declaredOpportunities, OpportunityDiff } from '../plan/diff-part.js';
import { Action, type DiffOptions, type Plan, type ResourceChange } from '../plan/types.js';
import { CosellError } from '../util/errors.js';
import { changeRunner, finishRun, refusal } from './apply.js';
import { OwnershipDoor } from './door.js';
import { schedule } from './order.js';
import type { ApplyOptions, ApplyResult } from './types.js';

export interface StreamOptions extends ApplyOptions, Pick<DiffOptions, 'targets' | 'excludes'> {
  /** Observes the account, telling `watcher` as it goes (live/observe.ts with its options). */
  observe(watcher: ObservationWatcher): Promise<LiveState>;
  /** Told the whole plan once observation completes, and whether changes already started. */
  onPlan(plan: Plan, started: boolean): void;
}

export interface StreamedApply {
  plan: Plan;
  live: LiveState;
  /** What the run did; absent when nothing was started. */
  result?: ApplyResult;
  /** Why the rest of the plan was not applied (errors in it). */
  refused?: string;
}

/** The errors a plan of `desired` has whatever is live: they come from the stack alone. */
export function stackErrors(desired: DesiredState, options: DiffOptions): Plan['errors'] {
  return diff(desired, { catalogs: [...desired.catalogs], snapshotJobs: [], tasks: [] }, options).errors;
}

export async function applyWhileObserving(
  desired: DesiredState,
  client: PartnerCentralClient,
  options: StreamOptions,
): Promise<StreamedApply> {
  const filter = { targets: options.targets, excludes: options.excludes };
  if (stackErrors(desired, filter).length > 0)
    throw new CosellError('internal: a stack with errors of its own is not applied while observing');
  const door = OwnershipDoor.opened(desired);
  const runner = changeRunner(desired.stack, desired.ignoreTags, door, client, options);
  const started = new Map<string, ResourceChange>();
  // Set when a resource's diff has an error: the plan will be refused, so nothing more starts.
  let erred = false;
  const start = (change: ResourceChange): void => {
    if (erred) return;
    started.set(change.address, change);
    runner.submit(change);
  };
  let parts: OpportunityDiff | undefined;
  const held: ResourceChange[] = [];
  let allListed = false;

  const finality = new ObservationFinality(ALL_CATALOGS, declaredOpportunities(desired), {
    onFinal(o, jobs, tasks) {
      if (!parts) {
        door.seeTasks(tasks);
        parts = new OpportunityDiff(desired, tasks, filter);
      }
      for (const job of jobs) door.see(job);
      const { changes, errors } = parts.of(o, jobs);
      if (errors.length > 0) {
        // The plan will be refused: nothing more starts, not even this opportunity's other changes.
        erred = true;
        runner.halt(`not attempted: ${refusal({ errors }) ?? ''}`);
        return;
      }
      for (const change of changes) {
        if (change.action === Action.NoOp) continue;
        if (change.kind === 'snapshotJob' && !change.declared && !allListed) held.push(change);
        else start(change);
      }
    },
    onAllListed() {
      allListed = true;
      for (const change of held.splice(0)) start(change);
    },
  });

  let live: LiveState;
  try {
    live = await options.observe(finality);
  } catch (err) {
    // What already started is finished and reported before the failure is.
    runner.halt('not attempted: the observation failed');
    if (started.size > 0) await finishRun(runner, [...started.values()], options);
    throw err;
  }
  const plan = diff(desired, live, filter);
  options.onPlan(plan, started.size > 0);

  const byAddress = new Map(plan.resourceChanges.map((c) => [c.address, c]));
  const drifted = [...started.values()].filter((c) => JSON.stringify(byAddress.get(c.address)) !== JSON.stringify(c));
  const refused = refusal(plan);
  if (drifted.length > 0) {
    runner.halt('not attempted: the whole plan differs from a change started while observing');
  } else if (refused) {
    runner.halt(`not attempted: ${refused}`);
  } else {
    for (const job of live.snapshotJobs) door.see(job);
    for (const unit of schedule(plan.resourceChanges)) if (!started.has(unit.change.address)) start(unit.change);
  }
  const result = started.size > 0 ? await finishRun(runner, plan.resourceChanges, options) : undefined;
  if (drifted.length > 0) {
    throw new CosellError(
      'internal error: a change started while observing is not the one the whole plan makes; cosell started nothing more. Run cosell plan.',
      drifted.map((c) => `  - ${c.address}`),
    );
  }
  return { plan, live, ...(result ? { result } : {}), ...(refused ? { refused } : {}) };
}
