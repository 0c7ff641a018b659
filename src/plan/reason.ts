/**
 * Why a change does what it does, as Terraform's `ActionReason`: one value per reason, so that
 * renderers and status map a reason to words or a state in one table instead of each re-reading
 * a change's flags.
 *
 * Diff records each decision in the fields a plan has always held (`action`, `declared`,
 * `adoption`, `stopFirst`, `lastTask`, `createdJob`): a saved plan (format 1.0) and the JSON
 * plan carry exactly those, and apply acts on them. The reason is what they add up to, named
 * here once; it is not stored, so a plan saved by any cosell of format 1.0 has one.
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
