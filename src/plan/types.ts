/**
 * The plan: what diff decided, as plain JSON-serialisable data. A saved plan is this object;
 * apply acts on it without looking anything up again, and renderers only read it.
 */
import type { Catalog, IgnoreTags, InvolvementType, JobStatus, SourceLocation, Tags, Visibility } from '../desired/types.js';
import type { LiveSnapshotJob, TaskStatus } from '../live/types.js';

/**
 * What happens to one resource: its identity in the plan. The values are the codes a saved plan
 * (format 1.0) holds, the characters Terraform's `internal/plans` uses for its actions; no view
 * prints them. What a view shows for an action is its own table (render/words.ts), and why the
 * change is made is its reason (reason.ts).
 */
export const Action = {
  NoOp: ' ',
  Create: '+',
  Update: '~',
  DeleteThenCreate: '-/+',
  Delete: '-',
} as const;
export type Action = (typeof Action)[keyof typeof Action];

/** Terraform's JSON spelling of an action. */
export type ActionName = 'no-op' | 'create' | 'update' | 'delete';

/** Frozen, and shared by every change with that action. */
export const ACTION_NAMES: Readonly<Record<Action, readonly ActionName[]>> = Object.freeze({
  [Action.NoOp]: Object.freeze(['no-op'] as const),
  [Action.Create]: Object.freeze(['create'] as const),
  [Action.Update]: Object.freeze(['update'] as const),
  [Action.DeleteThenCreate]: Object.freeze(['delete', 'create'] as const),
  [Action.Delete]: Object.freeze(['delete'] as const),
});

export type ResourceKind = 'snapshotJob' | 'opportunityEngagement' | 'invitationAcceptance';
export type TaskKind = Exclude<ResourceKind, 'snapshotJob'>;

/** A snapshot job's identity: the service allows one job per natural key (desired/natural-key.ts). */
export type { NaturalKey } from '../desired/natural-key.js';
import type { NaturalKey } from '../desired/natural-key.js';

/**
 * Tag changes on one resource, `aws:` keys and ignoreTags left out: `add` and `change` are what
 * one TagResource sends, `remove` what UntagResource sends.
 */
export interface TagDiff {
  add: Tags;
  change: Record<string, { before: string; after: string }>;
  remove: string[];
}

/**
 * A job's values as the plan shows them: the live job's, less its id and ARN. After a change,
 * `tags` holds every tag: the desired ones plus the live `aws:` and ignored ones kept.
 */
export type JobValues = Pick<LiveSnapshotJob, 'catalog' | 'engagement' | 'opportunity' | 'template' | 'status' | 'tags'>;

export interface TaskValues {
  catalog: Catalog;
  /** The opportunity (`O…`) or invitation (`engi-…`) the task starts from. */
  identifier: string;
  involvementType?: InvolvementType;
  visibility?: Visibility;
  /** Tags of the job the task created (before), or the task's effective tags (after). */
  tags: Tags;
  /** Before only: the last observed task. */
  status?: TaskStatus;
  reasonCode?: string;
  message?: string;
}

/** The live snapshot job a change acts on. */
export interface LiveJobRef {
  id: string;
  arn: string;
  status: JobStatus;
  key: NaturalKey;
  /** The live owner tag's value; absent when the job carries none. */
  owner?: string;
}

/** The live task a declared task was matched to (the most relevant, see diff-tasks.ts). */
export interface LastTask {
  taskId: string;
  taskArn?: string;
  status: TaskStatus;
  startTime?: string;
  reasonCode?: string;
  message?: string;
  resourceSnapshotJobId?: string;
}

/** What a task is started with; apply derives its ClientToken from this. */
export interface TaskIdentity {
  kind: TaskKind;
  catalog: Catalog;
  identifier: string;
  involvementType?: InvolvementType;
  visibility?: Visibility;
}

interface ChangeBase {
  address: string;
  /** The logical name; for a job no longer declared, its job id. */
  name: string;
  catalog: Catalog;
  action: Action;
  /** Terraform's spelling of `action`, e.g. `["delete", "create"]` (a shared frozen array). */
  actions: readonly ActionName[];
  tagDiff: TagDiff;
  /** Where the resource is declared; absent for a job no longer declared. */
  source?: SourceLocation;
}

export interface SnapshotJobChange extends ChangeBase {
  kind: 'snapshotJob';
  before: JobValues | null;
  after: JobValues | null;
  /** The key after the change (the live key for a delete). */
  key: NaturalKey;
  /** false for an owned live job no longer declared (a delete). */
  declared: boolean;
  /** The live job acted on: updated, deleted, or replaced (the old one). */
  live?: LiveJobRef;
  /** A live job without an owner tag, on a declared key: apply tags it as this stack's. */
  adoption: boolean;
  /** Delete or replace of a running job: StopResourceSnapshotJob comes first. */
  stopFirst: boolean;
  /** For a replace: the key fields that differ. */
  replaceFields?: Array<keyof NaturalKey>;
}

export interface TaskChange extends ChangeBase {
  kind: TaskKind;
  before: TaskValues | null;
  after: TaskValues;
  task: TaskIdentity;
  /** The observed task this decision rests on; a FAILED one carries its reason. */
  lastTask?: LastTask;
  /**
   * The job a COMPLETE task created, observed live: it belongs to this address and its tags are
   * reconciled to the task's effective tags (an update here, never a separate resource).
   */
  createdJob?: LiveJobRef & { adoption: boolean };
}

export type ResourceChange = SnapshotJobChange | TaskChange;

export type PlanErrorCode =
  /** A live job on a declared key carries another stack's owner tag. */
  | 'ownership-conflict'
  /** Several live jobs on one declared key. */
  | 'duplicate-live-jobs'
  /** Two declarations of one natural key or task identity. */
  | 'duplicate-declaration'
  /** A declared job's key matches the job a declared task created. */
  | 'claimed-by-task';

/** A resource the plan will not touch, and why. */
export interface PlanError {
  address: string;
  kind: ResourceKind;
  catalog: Catalog;
  code: PlanErrorCode;
  /** One sentence for the user. */
  reason: string;
  /** The live jobs involved, if any. */
  liveJobs: LiveJobRef[];
  source?: SourceLocation;
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  error: number;
}

export interface Plan {
  format_version: '1.0';
  stack: string;
  /** Kept so that a re-observation fingerprints a job exactly as diff did. */
  ignoreTags: IgnoreTags;
  /** The --target and --exclude globs the plan was made with. */
  targets: string[];
  excludes: string[];
  /** Sorted by address; no-ops included. */
  resourceChanges: ResourceChange[];
  /** Sorted by address. */
  errors: PlanError[];
  summary: PlanSummary;
  /**
   * For every observed thing the plan depends on (a natural key, a task identity, a job a task
   * created), a hash of what was observed there, absence included. See fingerprint.ts.
   */
  fingerprints: Record<string, string>;
  /** Set when the plan was made with --changed-since. */
  changedSince?: ChangedSince;
}

/** How a --changed-since plan was made. */
export interface ChangedSince {
  /** The git revision as given. */
  revision: string;
  /** The commit it named. */
  commit: string;
  /**
   * true: only the resources whose declarations differ since the revision were observed and
   * planned, and `targets` is the whole plan (none means nothing). false: a full plan, for `fallback`.
   */
  partial: boolean;
  /** Why a full plan was made instead. */
  fallback?: string;
  /** The declared addresses that differ: added, changed, or removed (removed ones by their address at the revision). */
  addresses: string[];
}

export interface DiffOptions {
  /** Address globs (`*`, `?`); when any is given, only matching resources are planned. */
  targets?: string[];
  /** Address globs left out of the plan. */
  excludes?: string[];
  /** The targets are the whole plan, even when there are none (a partial --changed-since plan). */
  onlyTargets?: boolean;
}
