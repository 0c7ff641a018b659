/**
 * `cosell status`: for each declared resource, two separate answers, as Argo CD keeps them
 * apart. Sync: does the account match the files (read off the plan). Health: does what runs
 * there work (read off the live job's executions and the task's status). Pure.
 */
import type { Catalog, SourceLocation } from '../desired/types.js';
import { ChangeReason, changeReason } from './reason.js';
import { Action, type LiveJobRef, type Plan, type ResourceChange, type ResourceKind } from './types.js';
import { compareStrings } from '../util/compare.js';

export type SyncStatus = 'Synced' | 'OutOfSync' | 'Missing';
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

/** What GetResourceSnapshotJob tells about a job's executions (ISO 8601 dates). */
export interface JobExecution {
  lastSuccessfulExecutionDate?: string;
  lastFailure?: string;
}

export interface ResourceStatus {
  address: string;
  kind: ResourceKind;
  catalog: Catalog;
  sync: SyncStatus;
  health: HealthStatus;
  /** Why, when it is not plain: the failure, the task's reason, the plan error. */
  message?: string;
  /** The live job the health was read from. */
  jobId?: string;
  source?: SourceLocation;
}

export interface JobToRead {
  id: string;
  catalog: Catalog;
}

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/;

/**
 * Whether the last failure came after the last success. The service gives LastFailure no date:
 * it counts as newer when the job never succeeded, or when its message carries a time that is
 * later than LastSuccessfulExecutionDate.
 */
export function failureIsNewer(e: JobExecution): boolean {
  if (e.lastFailure === undefined) return false;
  if (e.lastSuccessfulExecutionDate === undefined) return true;
  const when = ISO.exec(e.lastFailure)?.[0];
  return when !== undefined && Date.parse(when) > Date.parse(e.lastSuccessfulExecutionDate);
}

/** The health of a Running job from its executions. */
export function runningJobHealth(e: JobExecution | undefined): { health: HealthStatus; message?: string } {
  if (!e) return { health: 'Unknown', message: 'the job could not be read' };
  if (failureIsNewer(e)) return { health: 'Degraded', message: e.lastFailure };
  if (e.lastSuccessfulExecutionDate !== undefined) return { health: 'Healthy' };
  return { health: 'Progressing', message: 'no execution yet' };
}

function liveJobHealth(job: LiveJobRef, executions: ReadonlyMap<string, JobExecution>): { health: HealthStatus; message?: string } {
  if (job.status === 'Stopped') return { health: 'Suspended' };
  return runningJobHealth(executions.get(job.id));
}

function syncOf(change: ResourceChange): SyncStatus {
  if (change.action === Action.NoOp) return 'Synced';
  if (changeReason(change) === ChangeReason.NotLive) return 'Missing';
  return 'OutOfSync';
}

function statusOf(change: ResourceChange, executions: ReadonlyMap<string, JobExecution>): ResourceStatus {
  const base = {
    address: change.address,
    kind: change.kind,
    catalog: change.catalog,
    sync: syncOf(change),
    ...(change.source ? { source: change.source } : {}),
  };
  if (change.kind === 'snapshotJob') {
    if (!change.live || change.action === Action.Create) return { ...base, health: 'Missing' };
    return { ...base, ...liveJobHealth(change.live, executions), jobId: change.live.id };
  }
  const task = change.lastTask;
  if (!task) return { ...base, health: 'Missing' };
  if (task.status === 'IN_PROGRESS') return { ...base, health: 'Progressing', message: `task ${task.taskId} is in progress` };
  if (task.status === 'FAILED') {
    const reason = [task.reasonCode, task.message].filter((s) => s !== undefined && s !== '').join(': ');
    return { ...base, health: 'Degraded', message: `task ${task.taskId} failed${reason ? `: ${reason}` : ''}` };
  }
  if (!change.createdJob) return { ...base, health: 'Healthy', message: 'the job the task created is not live' };
  return { ...base, ...liveJobHealth(change.createdJob, executions), jobId: change.createdJob.id };
}

/** The live jobs whose executions status needs: the Running ones that declared resources stand on. */
export function jobsToRead(plan: Plan): JobToRead[] {
  const out: JobToRead[] = [];
  for (const c of plan.resourceChanges) {
    const job = c.kind === 'snapshotJob' ? (c.declared && c.action !== Action.Create ? c.live : undefined) : c.createdJob;
    if (job?.status === 'Running') out.push({ id: job.id, catalog: job.key.catalog });
  }
  return out;
}

/** Every declared resource's sync and health, by address. */
export function resourceStatuses(plan: Plan, executions: ReadonlyMap<string, JobExecution>): ResourceStatus[] {
  const out: ResourceStatus[] = [];
  for (const c of plan.resourceChanges) {
    if (c.kind === 'snapshotJob' && !c.declared) continue;
    out.push(statusOf(c, executions));
  }
  for (const e of plan.errors)
    out.push({
      address: e.address,
      kind: e.kind,
      catalog: e.catalog,
      sync: 'OutOfSync',
      health: 'Unknown',
      message: e.reason,
      ...(e.source ? { source: e.source } : {}),
    });
  return out.sort((a, b) => compareStrings(a.address, b.address));
}

export function isSyncedAndHealthy(s: ResourceStatus): boolean {
  return s.sync === 'Synced' && s.health === 'Healthy';
}
