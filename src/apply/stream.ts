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
 * Destroys of owned jobs no longer declared (a replacement's old job too) wait until every
 * catalog is listed. Task changes rest on the whole observation and start after it.
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
import type { LiveSnapshotJob, LiveState, LiveTask } from '../live/types.js';
import { diff } from '../plan/diff.js';
import { declaredOpportunities, type Opportunity, OpportunityDiff } from '../plan/diff-part.js';
import { Action, type DiffOptions, type Plan, type ResourceChange } from '../plan/types.js';
import { CosellError } from '../util/errors.js';
import { changeRunner, finishRun, refusal } from './apply.js';
import { OwnershipDoor } from './door.js';
import { schedule } from './order.js';
import type { ChangeRunner } from './runner.js';
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

export async function applyWhileObserving(
  desired: DesiredState,
  client: PartnerCentralClient,
  options: StreamOptions,
): Promise<StreamedApply> {
  // The caller checks first that the stack has no errors of its own (stackErrors, plan/diff-part.ts).
  const filter = { targets: options.targets, excludes: options.excludes };
  const door = OwnershipDoor.opened(desired);
  const steps = new ReconcileSteps(desired, filter, door, changeRunner(desired.stack, desired.ignoreTags, door, client, options));
  const finality = new ObservationFinality(ALL_CATALOGS, declaredOpportunities(desired), {
    onFinal: (o, jobs, tasks) => steps.step(o, jobs, tasks),
    onAllListed: () => steps.allListed(),
    onLate: (o) => steps.late(o),
  });

  let live: LiveState;
  try {
    live = await options.observe(finality);
  } catch (err) {
    // What already started is finished and reported before the failure is.
    await steps.abandon('not attempted: the observation failed', options);
    throw err;
  }
  const plan = diff(desired, live, filter);
  options.onPlan(plan, steps.started.size > 0);
  return { plan, live, ...(await steps.finish(plan, live, options)) };
}

/**
 * Whether a change deletes an owned job no longer declared: an undeclared job's destroy, or the
 * old job of a replacement (-/+), which is deleted before its successor is created.
 */
function destroys(change: ResourceChange): boolean {
  return change.kind === 'snapshotJob' && (!change.declared || change.action === Action.DeleteThenCreate);
}

/** The reconcile steps of one run, and what they started. */
class ReconcileSteps {
  readonly started = new Map<string, ResourceChange>();
  private parts: OpportunityDiff | undefined;
  /** Destroys of owned jobs no longer declared (replacements too), until every catalog is listed. */
  private held: ResourceChange[] | undefined = [];
  /** Set when a resource's diff has an error: the plan will be refused, so nothing more starts. */
  private erred = false;
  /** Why nothing more starts, when a job turned up on an opportunity already diffed. */
  private lateFound: string | undefined;

  constructor(
    private readonly desired: DesiredState,
    private readonly filter: Pick<DiffOptions, 'targets' | 'excludes'>,
    private readonly door: OwnershipDoor,
    private readonly runner: ChangeRunner,
  ) {}

  /** One opportunity whose observation is final: diff it, show the door its jobs, act. */
  step(o: Opportunity, jobs: readonly LiveSnapshotJob[], tasks: readonly LiveTask[]): void {
    if (!this.parts) {
      this.door.seeTasks(tasks);
      this.parts = new OpportunityDiff(this.desired, tasks, this.filter);
    }
    for (const job of jobs) this.door.see(job);
    const { changes, errors } = this.parts.of(o, jobs);
    if (errors.length > 0) {
      // Not even this opportunity's other changes start.
      this.erred = true;
      this.runner.halt(`not attempted: ${refusal({ errors }) ?? ''}`);
      return;
    }
    for (const change of changes) {
      if (change.action === Action.NoOp) continue;
      if (this.held && destroys(change)) this.held.push(change);
      else this.start(change);
    }
  }

  /** A job found late on an opportunity told final: nothing more starts before the whole plan checks what did. */
  late(o: Opportunity): void {
    this.erred = true;
    this.lateFound ??=
      `a job on ${o.engagement}/${o.opportunity} was found after that opportunity's diff was made (the job cache may be stale or edited: ` +
      'remove .cosell/jobs-*.json); cosell started nothing more. Run cosell apply again';
    this.runner.halt(`not attempted: ${this.lateFound}`);
  }

  allListed(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const change of held) this.start(change);
  }

  /**
   * The whole plan is known: the changes started must be in it, unchanged; the rest start now,
   * unless it has errors. Waits for every change.
   */
  async finish(plan: Plan, live: LiveState, options: ApplyOptions): Promise<Omit<StreamedApply, 'plan' | 'live'>> {
    const byAddress = new Map(plan.resourceChanges.map((c) => [c.address, c]));
    const drifted = [...this.started.values()].filter((c) => JSON.stringify(byAddress.get(c.address)) !== JSON.stringify(c));
    const refused = refusal(plan) ?? this.lateFound;
    if (drifted.length > 0) {
      this.runner.halt('not attempted: the whole plan differs from a change started while observing');
    } else if (refused) {
      this.runner.halt(`not attempted: ${refused}`);
    } else {
      // Only jobs it has not recorded: a job adopted while observing is this stack's now (door.owns),
      // and the observation, older, would take that back from the rest of the adoption (its Start).
      for (const job of live.snapshotJobs) if (!this.door.knows(job.id)) this.door.see(job);
      for (const unit of schedule(plan.resourceChanges)) if (!this.started.has(unit.change.address)) this.start(unit.change);
    }
    const result = this.started.size > 0 ? await finishRun(this.runner, plan.resourceChanges, options) : undefined;
    if (drifted.length > 0) {
      // A job found late explains the difference: say that, not "internal error".
      throw new CosellError(
        this.lateFound ??
          'internal error: a change started while observing is not the one the whole plan makes; cosell started nothing more. Run cosell plan.',
        drifted.map((c) => `  - ${c.address}: started while observing, not what the whole plan makes`),
      );
    }
    return { ...(result ? { result } : {}), ...(refused ? { refused } : {}) };
  }

  /** Nothing more starts; what did start is finished and reported. */
  async abandon(reason: string, options: ApplyOptions): Promise<void> {
    this.runner.halt(reason);
    if (this.started.size > 0) await finishRun(this.runner, [...this.started.values()], options);
  }

  private start(change: ResourceChange): void {
    if (this.erred) return;
    this.started.set(change.address, change);
    this.runner.submit(change);
  }
}
