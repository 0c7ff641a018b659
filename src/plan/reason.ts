/**
 * Why a change does what it does, as Terraform's `ActionReason`: one value per reason, each with
 * the one action it leads to. Diff decides a change by its reason, at the point where it tells
 * the cases apart; renderers and status map a reason to words or a state in one table each
 * instead of re-reading a change's flags.
 *
 * A plan stores the reason as the fields it has always held (`action`, `adoption`, `stopFirst`,
 * `lastTask`, `createdJob.adoption`): a saved plan (format 1.0) and the JSON plan carry exactly
 * those, and apply acts on them. `changeReason` reads the reason back from them, so a plan saved
 * by any cosell of format 1.0 has one.
 */
import { Action, type ResourceChange } from './types.js';

export const ChangeReason = {
  /** The live resource matches its declaration. */
  Unchanged: 'unchanged',
  /** Declared, and nothing live stands for it (no job on its key, no task): created. */
  NotLive: 'not-live',
  /** A declared task whose last task FAILED, and none since: started again. */
  TaskFailed: 'task-failed',
  /** The live resource differs from its declaration (status or managed tags): updated in place. */
  Drifted: 'drifted',
  /** A live job with no owner tag on a declared key: claimed for this stack, then updated. */
  Adopt: 'adopt',
  /** The job a declared task created carries no owner tag: claimed for this stack, then updated. */
  AdoptCreatedJob: 'adopt-created-job',
  /** An owned job no longer declared, paired with a new declaration on its opportunity: replaced. */
  KeyChanged: 'key-changed',
  /** As KeyChanged, and the old job is running: it is stopped before it is deleted. */
  KeyChangedRunning: 'key-changed-running',
  /** A job this stack owns that nothing declares any more: destroyed. */
  NoLongerDeclared: 'no-longer-declared',
  /** As NoLongerDeclared, and the job is running: it is stopped first. */
  NoLongerDeclaredRunning: 'no-longer-declared-running',
} as const;
export type ChangeReason = (typeof ChangeReason)[keyof typeof ChangeReason];

/** Every reason, for tests and tables that must cover them all. */
export const CHANGE_REASONS: readonly ChangeReason[] = Object.freeze(Object.values(ChangeReason));

/** The action each reason leads to. */
export const REASON_ACTION: Readonly<Record<ChangeReason, Action>> = Object.freeze({
  [ChangeReason.Unchanged]: Action.NoOp,
  [ChangeReason.NotLive]: Action.Create,
  [ChangeReason.TaskFailed]: Action.Create,
  [ChangeReason.Drifted]: Action.Update,
  [ChangeReason.Adopt]: Action.Update,
  [ChangeReason.AdoptCreatedJob]: Action.Update,
  [ChangeReason.KeyChanged]: Action.DeleteThenCreate,
  [ChangeReason.KeyChangedRunning]: Action.DeleteThenCreate,
  [ChangeReason.NoLongerDeclared]: Action.Delete,
  [ChangeReason.NoLongerDeclaredRunning]: Action.Delete,
});

/** Whether a change for this reason stops its running job before deleting it. */
export function stopsFirst(reason: ChangeReason): boolean {
  return reason === ChangeReason.KeyChangedRunning || reason === ChangeReason.NoLongerDeclaredRunning;
}

/** The reason a change was made for, read back from the fields the plan stores it as. */
export function changeReason(c: ResourceChange): ChangeReason {
  switch (c.action) {
    case Action.Create:
      return c.kind !== 'snapshotJob' && c.lastTask ? ChangeReason.TaskFailed : ChangeReason.NotLive;
    case Action.Update:
      if (c.kind === 'snapshotJob') return c.adoption ? ChangeReason.Adopt : ChangeReason.Drifted;
      return c.createdJob?.adoption ? ChangeReason.AdoptCreatedJob : ChangeReason.Drifted;
    case Action.DeleteThenCreate:
      return c.kind === 'snapshotJob' && c.stopFirst ? ChangeReason.KeyChangedRunning : ChangeReason.KeyChanged;
    case Action.Delete:
      return c.kind === 'snapshotJob' && c.stopFirst ? ChangeReason.NoLongerDeclaredRunning : ChangeReason.NoLongerDeclared;
    default:
      // NoOp, and (in an edited plan) an action no cosell wrote.
      return ChangeReason.Unchanged;
  }
}
