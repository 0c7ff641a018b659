/** What apply takes and gives back: plain data, and one event per step for the views. */
import type { JobFactsCache } from '../live/cache.js';
import type { LiveState } from '../live/types.js';
import type { TokenJournal } from './journal.js';

/**
 * The phase an event belongs to. A replacement is a delete phase, then a create phase, on one
 * address, as in Terraform's output.
 */
export type ApplyPhase = 'create' | 'update' | 'delete';

interface EventBase {
  address: string;
  phase: ApplyPhase;
}

export type ApplyEvent =
  | (EventBase & { type: 'apply_start'; id?: string })
  | (EventBase & { type: 'apply_progress'; elapsedMs: number })
  | (EventBase & { type: 'apply_complete'; elapsedMs: number; id?: string })
  | (EventBase & { type: 'apply_errored'; elapsedMs: number; error: string })
  /** Something worth saying that is not a failure, e.g. a spent ClientToken. */
  | { type: 'apply_note'; address: string; message: string }
  | { type: 'change_summary'; summary: ApplySummary };

export interface ApplySummary {
  add: number;
  change: number;
  destroy: number;
  /** Resources whose change failed or was skipped for a failed dependency. */
  failed: number;
}

export type OutcomeStatus = 'complete' | 'failed' | 'skipped';

export interface ResourceOutcome {
  address: string;
  /** The plan's action symbol ('+', '~', '-', '-/+'). */
  action: string;
  status: OutcomeStatus;
  /** The job (or task) id the resource ends with. */
  id?: string;
  /** For a task: the job it created. */
  jobId?: string;
  /** The service's message (or why it was skipped). */
  error?: string;
  elapsedMs: number;
}

export interface ApplyResult {
  /** True when every change completed. */
  ok: boolean;
  summary: ApplySummary;
  /** One per change that was not a no-op, in plan order. */
  resources: ResourceOutcome[];
  /** Operations the client stopped sending because the service kept throttling them, with why. */
  stoppedOperations?: Record<string, string>;
}

export interface ApplyOptions {
  /** Changes in progress at once (default 10); the client's rate limiter paces the calls. */
  parallelism?: number;
  /** How long to wait for a started task to finish (default 10 minutes). */
  taskTimeoutMs?: number;
  /** Task polling: the first wait and the longest (defaults 500 ms and 10 s), doubling between. */
  pollMs?: { initial: number; max: number };
  /** How often a long step says it is still going (default 10 s). */
  progressEveryMs?: number;
  onEvent?: (event: ApplyEvent) => void;
  /** Where tokens' jobs are remembered between runs (default: in memory only). */
  journal?: TokenJournal;
  /** The job facts cache: apply records the facts of the jobs it creates, saving the next plan a Get each. */
  cache?: JobFactsCache;
  /**
   * What this run observed, when the plan was just made from it: apply re-derives each change
   * from it and asks the ownership door about it. Without it, apply observes what the plan
   * touches itself first.
   */
  observed?: LiveState;
  /** Waits; tests may shrink them (default setTimeout). */
  sleep?: (ms: number) => Promise<void>;
}
