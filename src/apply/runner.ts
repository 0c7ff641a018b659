/**
 * Runs changes as they are handed over: at most `parallelism` job changes at once (the client's
 * rate limiter paces the calls), each after the changes it waits on (order.ts). A change that
 * fails is reported with the service's message and the others go on; a change that waits on a
 * failed one is skipped. Batch apply hands every change over at once; streaming apply hands
 * each one over as soon as its diff is final (stream.ts).
 */
import type { PartnerCentralClient } from '../api/index.js';
import { createPool, type Pool } from '../live/pool.js';
import { Action, type ResourceChange } from '../plan/types.js';
import { PhaseFailed, type ExecContext, type PhaseResult } from './context.js';
import { applySnapshotJob } from './jobs.js';
import { keysOf } from './order.js';
import { applyTask } from './tasks.js';
import type { ApplyEvent, ApplyResult, ApplySummary, ResourceOutcome } from './types.js';

interface Running {
  change: ResourceChange;
  frees: string[];
  done: Promise<boolean>;
}

export class ChangeRunner {
  private readonly pool: Pool;
  private readonly started: Running[] = [];
  private readonly outcomes: ResourceOutcome[] = [];
  private halted: string | undefined;

  constructor(
    private readonly ctx: ExecContext,
    private readonly client: PartnerCentralClient,
    private readonly summary: ApplySummary,
    private readonly emit: (e: ApplyEvent) => void,
    parallelism: number,
  ) {
    this.pool = createPool(parallelism);
  }

  /** The changes handed over so far, in the order they were. */
  get submitted(): readonly ResourceChange[] {
    return this.started.map((r) => r.change);
  }

  /** From now on, no change starts (those already running finish): `reason` says why. */
  halt(reason: string): void {
    this.halted ??= reason;
  }

  /**
   * Starts a change once the changes handed over before it that take a job off a key it puts
   * one on have finished.
   */
  submit(change: ResourceChange): void {
    if (change.action === Action.NoOp) return;
    const { frees, takes } = keysOf(change);
    const after = this.started.filter((r) => r.frees.some((k) => takes.includes(k)));
    const done = this.run(change, after);
    this.started.push({ change, frees, done });
  }

  /** Waits for every change handed over. */
  async settle(): Promise<void> {
    await Promise.all(this.started.map((r) => r.done));
  }

  /** Once settled: the summary event, and the outcomes in `order`'s order. */
  finish(order: readonly ResourceChange[]): ApplyResult {
    const summary = this.summary;
    summary.failed = this.outcomes.filter((o) => o.status !== 'complete').length;
    this.emit({ type: 'change_summary', summary: { ...summary } });
    const index = new Map(order.map((c, i) => [c.address, i]));
    const resources = this.outcomes.sort((a, b) => (index.get(a.address) ?? 0) - (index.get(b.address) ?? 0));
    const stoppedOperations = this.client.stoppedOperations();
    return { ok: summary.failed === 0, summary, resources, ...(Object.keys(stoppedOperations).length ? { stoppedOperations } : {}) };
  }

  private async run(change: ResourceChange, after: readonly Running[]): Promise<boolean> {
    const started = performance.now();
    const address = change.address;
    const failedDeps = (await Promise.all(after.map((r) => r.done))).some((ok) => !ok);
    if (failedDeps) {
      const blockers = after.map((r) => r.change.address).join(', ');
      const error = `not attempted: it waits on ${blockers}, which failed`;
      this.emit({ type: 'apply_errored', address, phase: change.action === Action.Update ? 'update' : 'create', elapsedMs: 0, error });
      this.outcomes.push({ address, action: change.action, status: 'skipped', error, elapsedMs: 0 });
      return false;
    }
    // A quota the service keeps refusing, or a plan error found meanwhile: what is in flight
    // finishes, nothing new starts.
    const unlessStopped = (): Promise<PhaseResult> => {
      if (this.halted) throw new NotAttempted(this.halted);
      const stopped = Object.keys(this.client.stoppedOperations());
      if (stopped.length === 0) return execute(change, this.ctx);
      throw new NotAttempted(
        `not attempted: cosell stopped sending ${stopped.join(' and ')} (the service keeps throttling it); a later run will continue`,
      );
    };
    try {
      // A task spends most of its time waiting for the service between polls: it must not hold
      // one of the slots that job changes need. Its calls are still paced by the rate limiter.
      const result = change.kind === 'snapshotJob' ? await this.pool(unlessStopped) : await unlessStopped();
      this.outcomes.push({ address, action: change.action, status: 'complete', ...ids(result), elapsedMs: performance.now() - started });
      return true;
    } catch (err) {
      if (err instanceof NotAttempted) {
        this.outcomes.push({ address, action: change.action, status: 'skipped', error: err.message, elapsedMs: 0 });
        return false;
      }
      const error = err instanceof Error ? err.message : String(err);
      if (!(err instanceof PhaseFailed))
        this.emit({ type: 'apply_errored', address, phase: 'update', elapsedMs: performance.now() - started, error });
      this.outcomes.push({ address, action: change.action, status: 'failed', error, elapsedMs: performance.now() - started });
      return false;
    }
  }
}

class NotAttempted extends Error {}

function execute(change: ResourceChange, ctx: ExecContext): Promise<PhaseResult> {
  return change.kind === 'snapshotJob' ? applySnapshotJob(change, ctx) : applyTask(change, ctx);
}

function ids(result: PhaseResult): { id?: string; jobId?: string } {
  return { ...(result.id ? { id: result.id } : {}), ...(result.jobId ? { jobId: result.jobId } : {}) };
}
