/**
 * apply(plan) → calls → ApplyResult. Changes run concurrently in dependency order (runner.ts,
 * order.ts); a change that fails is reported and the others go on.
 *
 * The plan is never taken on its word. Each change is re-derived by a fresh diff over what this
 * run observed (the caller's observation when it just made the plan from it, otherwise a fresh
 * one of everything the plan touches), the plan is refused unless it matches, and every call on
 * an existing job asks the ownership door, built from that same observation.
 */
import type { PartnerCentralClient } from '../api/index.js';
import type { DesiredState } from '../desired/types.js';
import { observeScope } from '../live/partial.js';
import type { LiveState } from '../live/types.js';
import { scopeOf } from '../plan/scope.js';
import { managedKeyTest } from '../plan/tags.js';
import { verifyPlan } from '../plan/verify.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import { CosellError } from '../util/errors.js';
import { sleep } from '../util/lists.js';
import { phaseRunner, type ExecContext } from './context.js';
import { OwnershipDoor } from './door.js';
import { memoryJournal } from './journal.js';
import { schedule } from './order.js';
import { ChangeRunner } from './runner.js';
import type { ApplyEvent, ApplyOptions, ApplyResult, ApplySummary } from './types.js';
import { counted } from '../util/plural.js';
import { DEFAULT_PARALLELISM } from '../util/defaults.js';

export const DEFAULT_TASK_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_POLL_MS = { initial: 500, max: 10_000 };
export const DEFAULT_PROGRESS_EVERY_MS = 10_000;

/** Why a plan cannot be applied, or undefined when it can. */
export function refusal(plan: Pick<Plan, 'errors'>): string | undefined {
  const n = plan.errors.length;
  if (n === 0) return undefined;
  return (
    `the plan has ${counted(n, 'error')} (${plan.errors.map((e) => e.address).join(', ')}); cosell applies no plan with errors. ` +
    'Resolve them, or leave those resources out with --exclude ADDRESS'
  );
}

/** What this run observed of the plan's resources: given, or read now. */
export async function observationFor(
  plan: Plan,
  desired: DesiredState,
  client: PartnerCentralClient,
  options: ApplyOptions = {},
): Promise<LiveState> {
  if (options.observed) return options.observed;
  const live = await observeScope(client, scopeOf(plan, desired), { cache: options.cache, parallelism: options.parallelism });
  await options.cache?.save();
  return live;
}

/** The plan's changes as a fresh diff of `live` makes them; throws before any call if they differ. */
export function verifiedChanges(plan: Plan, desired: DesiredState, live: LiveState): ResourceChange[] {
  const { changes, problems } = verifyPlan(plan, desired, live);
  if (problems.length > 0) {
    const n = problems.length;
    throw new CosellError(
      `The plan asks for ${n === 1 ? 'a change' : `${n} changes`} that a fresh diff of what is live would not make; cosell applies none of it. Run cosell plan again.`,
      problems.map((p) => `  - ${p}`),
    );
  }
  return changes;
}

/** A runner for this run's changes, with what every executor shares; `door` holds this run's observations. */
export function changeRunner(
  stack: string,
  ignoreTags: Plan['ignoreTags'],
  door: OwnershipDoor,
  client: PartnerCentralClient,
  options: ApplyOptions,
): ChangeRunner {
  const emit = (e: ApplyEvent): void => options.onEvent?.(e);
  const summary: ApplySummary = { add: 0, change: 0, destroy: 0, failed: 0 };
  const ctx: ExecContext = {
    stack,
    client,
    journal: options.journal ?? memoryJournal(),
    door,
    cache: options.cache,
    managed: managedKeyTest(ignoreTags),
    taskTimeoutMs: options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS,
    pollMs: options.pollMs ?? DEFAULT_POLL_MS,
    sleep: options.sleep ?? sleep,
    note: (address, message) => emit({ type: 'apply_note', address, message }),
    phase: phaseRunner(emit, options.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS, (phase) => {
      if (phase === 'create') summary.add++;
      else if (phase === 'update') summary.change++;
      else summary.destroy++;
    }),
  };
  return new ChangeRunner(ctx, client, summary, emit, options.parallelism ?? DEFAULT_PARALLELISM);
}

/** Waits for the runner's changes, saves what the run learnt, then sums up. */
export async function finishRun(runner: ChangeRunner, order: readonly ResourceChange[], options: ApplyOptions): Promise<ApplyResult> {
  await runner.settle();
  await options.journal?.flush();
  await options.cache?.save();
  return runner.finish(order);
}

export async function apply(
  plan: Plan,
  desired: DesiredState,
  client: PartnerCentralClient,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (plan.stack !== desired.stack) throw new CosellError(`the plan is for stack ${plan.stack}, not ${desired.stack}`);
  const refused = refusal(plan);
  if (refused) throw new CosellError(refused);
  const live = await observationFor(plan, desired, client, options);
  const changes = verifiedChanges(plan, desired, live);
  const runner = changeRunner(plan.stack, plan.ignoreTags, OwnershipDoor.observed(desired, live), client, options);
  // Changes that free keys first (order.ts); each waits on those handed over before it.
  for (const unit of schedule(changes)) runner.submit(unit.change);
  return finishRun(runner, changes, options);
}
