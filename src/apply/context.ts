/** What the executors of each change kind share, and the phase tracker that reports them. */
import { ServiceError, type PartnerCentralClient } from '../api/index.js';
import type { JobFactsCache } from '../live/cache.js';
import type { ManagedKeyTest } from '../plan/tags.js';
import type { OwnershipDoor } from './door.js';
import type { TokenJournal } from './journal.js';
import type { ApplyEvent, ApplyPhase } from './types.js';

export interface PhaseResult {
  id?: string;
  jobId?: string;
}

export interface ExecContext {
  stack: string;
  client: PartnerCentralClient;
  journal: TokenJournal;
  /** Asked before every call that changes an existing job. */
  door: OwnershipDoor;
  cache?: JobFactsCache;
  /** Which tag keys cosell manages under the plan's ignoreTags. */
  managed: ManagedKeyTest;
  taskTimeoutMs: number;
  pollMs: { initial: number; max: number };
  sleep: (ms: number) => Promise<void>;
  note(address: string, message: string): void;
  /** Runs one phase of a change, reporting its start, progress and end. */
  phase(address: string, phase: ApplyPhase, id: string | undefined, body: () => Promise<PhaseResult>): Promise<PhaseResult>;
}

/** A failure as the user should read it: the service's own words, with the operation. */
export function failureMessage(err: unknown): string {
  if (err instanceof ServiceError) return err.describe();
  return err instanceof Error ? err.message : String(err);
}

/** Thrown by a phase that failed, once its failure has been reported. */
export class PhaseFailed extends Error {
  constructor(
    readonly phase: ApplyPhase,
    message: string,
  ) {
    super(message);
    this.name = 'PhaseFailed';
  }
}

/** Emits start, a progress event every `everyMs` while the phase runs, then complete or errored. */
export function phaseRunner(emit: (e: ApplyEvent) => void, everyMs: number, onComplete: (phase: ApplyPhase) => void): ExecContext['phase'] {
  return async (address, phase, id, body) => {
    const started = performance.now();
    const elapsed = (): number => performance.now() - started;
    emit({ type: 'apply_start', address, phase, ...(id ? { id } : {}) });
    const timer = setInterval(() => emit({ type: 'apply_progress', address, phase, elapsedMs: elapsed() }), everyMs);
    timer.unref();
    try {
      const result = await body();
      clearInterval(timer);
      onComplete(phase);
      const shownId = result.jobId ? `${result.id}, job=${result.jobId}` : result.id;
      emit({ type: 'apply_complete', address, phase, elapsedMs: elapsed(), ...(shownId ? { id: shownId } : {}) });
      return result;
    } catch (err) {
      clearInterval(timer);
      const message = failureMessage(err);
      emit({ type: 'apply_errored', address, phase, elapsedMs: elapsed(), error: message });
      throw new PhaseFailed(phase, message);
    }
  };
}
