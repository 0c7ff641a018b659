import { judge, notChecked } from './judge.js';
import type { RunOptions } from './options.js';
import type { Call } from './sdk.js';
import { cleanup } from './cleanup.js';
import { STEPS } from './steps.js';
import type { CleanupResult, Step, StepContext, StepResult } from './types.js';

/** A run as it goes: what the steps found, what the cleanup did. */
export interface SuiteState {
  readonly ctx: StepContext;
  readonly steps: StepResult[];
  readonly cleanup: CleanupResult[];
  interrupted: boolean;
  readonly startedAt: Date;
  finishedAt?: Date;
}

export function newSuiteState(options: RunOptions, now: Date = new Date()): SuiteState {
  return {
    ctx: { options, token: `cosell-conformance-${options.runId}`, created: new Map(), uncertainCreate: false },
    steps: [],
    cleanup: [],
    interrupted: false,
    startedAt: now,
  };
}

export interface RunHooks {
  step(result: StepResult): void;
  cleanup(result: CleanupResult): void;
}

/** Why a step is not sent, if it is not. */
function reasonToSkip(step: Step, state: SuiteState, signal: AbortSignal): string | undefined {
  if (signal.aborted) return 'the run was interrupted';
  if ('notChecked' in step) return step.notChecked;
  if (step.needsJob && !state.ctx.job) return 'no job: the create did not succeed';
  return step.skip?.(state.ctx);
}

/**
 * Runs the scripted sequence, then the cleanup, whatever happened: a failed step, an interrupt
 * (`signal`), or a fault of the suite itself, which is rethrown once the cleanup is done.
 */
export async function runSuite(state: SuiteState, call: Call, signal: AbortSignal, hooks: RunHooks): Promise<SuiteState> {
  const record = (r: StepResult): void => {
    state.steps.push(r);
    hooks.step(r);
  };
  try {
    for (const step of STEPS) {
      const why = reasonToSkip(step, state, signal);
      if (why !== undefined || 'notChecked' in step) {
        record(notChecked(step, why ?? ''));
        continue;
      }
      const obs = await call(step.operation, step.input(state.ctx), step.signing);
      step.after?.(obs, state.ctx);
      record(judge(step, obs, state.ctx));
    }
  } finally {
    state.interrupted = signal.aborted;
    await cleanup(state.ctx, call, state.ctx.options.keep, (r) => {
      state.cleanup.push(r);
      hooks.cleanup(r);
    });
    state.finishedAt = new Date();
  }
  return state;
}

/** The jobs the run made that no cleanup outcome accounts for yet. */
export function unaccounted(state: SuiteState): string[] {
  const seen = new Set(state.cleanup.map((c) => c.job));
  return [...state.ctx.created.keys()].filter((id) => !seen.has(id));
}

/** 0: everything checked matches and nothing was left behind; 130: interrupted; 1: otherwise. */
export function exitCode(state: SuiteState): number {
  if (state.interrupted) return 130;
  const differs = state.steps.some((s) => s.verdict === 'differs');
  const left = state.cleanup.some((c) => c.outcome === 'left');
  return differs || left ? 1 : 0;
}
