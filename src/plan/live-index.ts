/** The live state indexed the ways diff looks it up, so that no lookup scans a list. */
import type { LiveSnapshotJob, LiveState, LiveTask } from '../live/types.js';
import { naturalKeyId } from '../desired/natural-key.js';
import { sortTags } from './tags.js';
import { taskKeyId } from './task-key.js';
import { compareStrings } from '../util/compare.js';

export interface LiveIndex {
  /**
   * Live jobs by natural key id (naturalKeyId; more than one only where the service allowed it). These
   * are copies whose tags are in sorted key order, so nothing downstream sorts them again and
   * the plan never shares an object with the caller's live state.
   */
  jobsByKey: Map<string, LiveSnapshotJob[]>;
  jobsById: Map<string, LiveSnapshotJob>;
  /** Live tasks by task key id (taskKeyId), oldest first. */
  tasksByIdentity: Map<string, LiveTask[]>;
}

export function indexLive(live: LiveState): LiveIndex {
  const jobsByKey = new Map<string, LiveSnapshotJob[]>();
  const jobsById = new Map<string, LiveSnapshotJob>();
  for (const observed of live.snapshotJobs) {
    const job = normalizeJob(observed);
    const k = naturalKeyId(job);
    const list = jobsByKey.get(k);
    if (list) list.push(job);
    else jobsByKey.set(k, [job]);
    jobsById.set(job.id, job);
  }
  const tasksByIdentity = new Map<string, LiveTask[]>();
  // Copies (a task's fields are all scalars): the plan's fingerprints are hashed from here later.
  for (const observed of live.tasks) {
    const task = { ...observed };
    const k = taskKeyId(task);
    const list = tasksByIdentity.get(k);
    if (list) list.push(task);
    else tasksByIdentity.set(k, [task]);
  }
  for (const list of tasksByIdentity.values()) list.sort(compareTasks);
  return { jobsByKey, jobsById, tasksByIdentity };
}

/** Oldest first, by start time, then task id, so "the last task" is the last element. */
function compareTasks(a: LiveTask, b: LiveTask): number {
  return compareStrings(a.startTime ?? '', b.startTime ?? '') || compareStrings(a.taskId, b.taskId);
}

export function normalizeJob(job: LiveSnapshotJob): LiveSnapshotJob {
  return {
    id: job.id,
    arn: job.arn,
    catalog: job.catalog,
    engagement: job.engagement,
    opportunity: job.opportunity,
    template: job.template,
    status: job.status,
    tags: sortTags(job.tags),
  };
}
