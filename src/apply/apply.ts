/**
 * apply(plan) → calls → ApplyResult. Changes run concurrently (at most `parallelism` at once;
 * the client's rate limiter paces the calls), in dependency order (order.ts). A change that
 * fails is reported with the service's message and the others go on; a change that waits on a
 * failed one is skipped.
 *
 * The plan is never taken on its word. Each change is re-derived by a fresh diff over what this
 * run observed (the caller's observation when it just made the plan from it, otherwise a fresh
 * one of everything the plan touches), the plan is refused unless it matches, and every call on
 * an existing job asks the ownership door, built from that same observation.
 */
import type { PartnerCentralClient } from '../api/index.js';
import type { DesiredState } from '../desired/types.js';
import { observeScope } from '../live/partial.js';
import { createPool } from '../live/pool.js';
import type { LiveState } from '../live/types.js';
import { scopeOf } from '../plan/scope.js';
import { managedKeyTest } from '../plan/tags.js';
import { verifyPlan } from '../plan/verify.js';
import { Action, type Plan, type ResourceChange } from '../plan/types.js';
import { CosellError } from '../util/errors.js';
import { PhaseFailed, phaseRunner, type ExecContext, type PhaseResult } from './context.js';
import { OwnershipDoor } from './door.js';
import { applySnapshotJob } from './jobs.js';
import { memoryJournal } from './journal.js';
import { schedule } from './order.js';
import { applyTask } from './tasks.js';
import type { ApplyEvent, ApplyOptions, ApplyResult, ApplySummary, ResourceOutcome } from './types.js';
import { sleep } from '../util/lists.js';
import { counted } from '../util/plural.js';
import { DEFAULT_PARALLELISM } from '../util/defaults.js';

export const DEFAULT_TASK_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_POLL_MS = { initial: 500, max: 10_000 };
export const DEFAULT_PROGRESS_EVERY_MS = 10_000;

/** Why a plan cannot be applied, or undefined when it can. */
export function refusal(plan: Plan): string | undefined {
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

  const emit = (e: ApplyEvent): void => options.onEvent?.(e);
  const summary: ApplySummary = { add: 0, change: 0, destroy: 0, failed: 0 };
  const journal = options.journal ?? memoryJournal();
  const ctx: ExecContext = {
    stack: plan.stack,
    client,
    journal,
    door: OwnershipDoor.observed(desired, live),
    cache: options.cache,
    managed: managedKeyTest(plan.ignoreTags),
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

  const units = schedule(changes);
  const pool = createPool(options.parallelism ?? DEFAULT_PARALLELISM);
  const outcomes: ResourceOutcome[] = new Array(units.length);
  const done: Promise<boolean>[] = [];
  units.forEach((unit, i) => {
    done[i] = (async () => {
      const started = performance.now();
      const failedDeps = (await Promise.all(unit.after.map((j) => done[j] as Promise<boolean>))).some((ok) => !ok);
      const address = unit.change.address;
      if (failedDeps) {
        const blockers = unit.after.map((j) => units[j]?.change.address).join(', ');
        const error = `not attempted: it waits on ${blockers}, which failed`;
        emit({ type: 'apply_errored', address, phase: unit.change.action === Action.Update ? 'update' : 'create', elapsedMs: 0, error });
        outcomes[i] = { address, action: unit.change.action, status: 'skipped', error, elapsedMs: 0 };
        return false;
      }
      // A quota the service keeps refusing: what is in flight finishes, nothing new starts.
      const unlessStopped = (): Promise<PhaseResult> => {
        const stopped = Object.keys(client.stoppedOperations());
        if (stopped.length === 0) return run(unit.change, ctx);
        throw new NotAttempted(
          `not attempted: cosell stopped sending ${stopped.join(' and ')} (the service keeps throttling it); a later run will continue`,
        );
      };
      try {
        // A task spends most of its time waiting for the service between polls: it must not hold
        // one of the slots that job changes need. Its calls are still paced by the rate limiter.
        const result = unit.change.kind === 'snapshotJob' ? await pool(unlessStopped) : await unlessStopped();
        outcomes[i] = { address, action: unit.change.action, status: 'complete', ...ids(result), elapsedMs: performance.now() - started };
        return true;
      } catch (err) {
        if (err instanceof NotAttempted) {
          outcomes[i] = { address, action: unit.change.action, status: 'skipped', error: err.message, elapsedMs: 0 };
          return false;
        }
        const error = err instanceof PhaseFailed ? err.message : err instanceof Error ? err.message : String(err);
        if (!(err instanceof PhaseFailed))
          emit({ type: 'apply_errored', address, phase: 'update', elapsedMs: performance.now() - started, error });
        outcomes[i] = { address, action: unit.change.action, status: 'failed', error, elapsedMs: performance.now() - started };
        return false;
      }
    })();
  });
  await Promise.all(done);
  await journal.flush();
  await options.cache?.save();

  summary.failed = outcomes.filter((o) => o.status !== 'complete').length;
  emit({ type: 'change_summary', summary: { ...summary } });
  const order = new Map(changes.map((c, i) => [c.address, i]));
  const resources = outcomes.sort((a, b) => (order.get(a.address) ?? 0) - (order.get(b.address) ?? 0));
  const stoppedOperations = client.stoppedOperations();
  return { ok: summary.failed === 0, summary, resources, ...(Object.keys(stoppedOperations).length ? { stoppedOperations } : {}) };
}

class NotAttempted extends Error {}

function run(change: ResourceChange, ctx: ExecContext): Promise<PhaseResult> {
  return change.kind === 'snapshotJob' ? applySnapshotJob(change, ctx) : applyTask(change, ctx);
}

function ids(result: PhaseResult): { id?: string; jobId?: string } {
  return { ...(result.id ? { id: result.id } : {}), ...(result.jobId ? { jobId: result.jobId } : {}) };
}
