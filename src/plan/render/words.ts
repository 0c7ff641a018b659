/**
 * What the views print for an action and a reason, one table each: an action's symbol and its
 * legend (Terraform's), and a reason's heading and note. The plan holds neither; a view that
 * prints an action or a reason looks it up here.
 */
import { OWNER_TAG_KEY } from '../../desired/types.js';
import { ChangeReason } from '../reason.js';
import { Action, type ResourceChange } from '../types.js';

/** A listing's sign column: an action's symbol, or a single attribute's. */
export type Sign = '+' | '-' | '~' | '-/+' | '';

export const ACTION_SYMBOLS: Readonly<Record<Action, Sign>> = Object.freeze({
  [Action.NoOp]: '',
  [Action.Create]: '+',
  [Action.Update]: '~',
  [Action.DeleteThenCreate]: '-/+',
  [Action.Delete]: '-',
});

/** An action's symbol; a blank for an action no cosell wrote (an edited saved plan). */
export function symbolOf(action: Action): Sign {
  return ACTION_SYMBOLS[action] ?? '';
}

/** The legend above a listing, in Terraform's order and words. */
export const ACTION_LEGEND: ReadonlyArray<[Exclude<Action, typeof Action.NoOp>, string]> = [
  [Action.Create, 'create'],
  [Action.Update, 'update in-place'],
  [Action.Delete, 'destroy'],
  [Action.DeleteThenCreate, 'destroy and then create replacement'],
];

interface ReasonWords {
  /** What follows the address in a change's heading: `snapshotJob.x will be created`. */
  heading: string;
  /**
   * The `(…)` line under the heading, if the reason needs one. `saved`: the change comes from a
   * saved plan, so what it says of live jobs is the file's claim, not this run's observation.
   */
  note?: (c: ResourceChange, saved: boolean) => string;
}

function noLongerDeclared(saved: boolean, running: string): string {
  return saved
    ? `the saved plan says it is owned by this stack and no longer declared${running}; apply checks that against the live account first`
    : `because it is owned by this stack and no longer declared${running}`;
}

function lastTask(c: ResourceChange): string {
  const t = c.kind === 'snapshotJob' ? undefined : c.lastTask;
  if (!t) return 'its last task failed';
  const why = [t.reasonCode, t.message].filter((x) => x !== undefined && x !== '').join(': ');
  return `its last task ${t.taskId} ${t.status}${why ? ` with ${why}` : ''}`;
}

const liveId = (c: ResourceChange): string => (c.kind === 'snapshotJob' ? (c.live?.id ?? '') : '');

export const REASON_WORDS: Readonly<Record<ChangeReason, ReasonWords>> = Object.freeze({
  [ChangeReason.Unchanged]: { heading: 'is unchanged' },
  [ChangeReason.NotLive]: { heading: 'will be created' },
  [ChangeReason.TaskFailed]: { heading: 'will be created again', note: lastTask },
  [ChangeReason.Drifted]: { heading: 'will be updated in-place' },
  [ChangeReason.Adopt]: {
    heading: 'will be adopted and updated in-place',
    note: () => `the live job has no ${OWNER_TAG_KEY} tag; adopting it makes it this stack's`,
  },
  [ChangeReason.AdoptCreatedJob]: { heading: 'will be adopted and updated in-place' },
  [ChangeReason.KeyChanged]: { heading: 'must be replaced' },
  [ChangeReason.KeyChangedRunning]: {
    heading: 'must be replaced',
    note: (c) => `${liveId(c)} is running: it is stopped before it is deleted`,
  },
  [ChangeReason.NoLongerDeclared]: { heading: 'will be destroyed', note: (_c, saved) => noLongerDeclared(saved, '') },
  [ChangeReason.NoLongerDeclaredRunning]: {
    heading: 'will be destroyed',
    note: (_c, saved) => noLongerDeclared(saved, '; it is running, so it is stopped first'),
  },
});
