/**
 * Engagement tasks are create-only. A declared task is satisfied by a live task for the same
 * opportunity or invitation that is IN_PROGRESS or COMPLETE; a FAILED or missing one is started
 * again. A changed involvementType or visibility on a satisfied task changes nothing: the
 * service cannot redo a task.
 *
 * The job a COMPLETE task created belongs to the task's address. Reconciling its tags to the
 * task's effective tags is an update on that address (not a separate resource), so the plan has
 * one entry per declared thing. Every COMPLETE task's job is claimed (never deleted as owned but
 * undeclared); only the latest COMPLETE task's job is reconciled.
 */
import { emptyTags, tagsOf } from '../util/tags.js';
import { ownerOf, standing } from './ownership.js';
import { OWNER_TAG_KEY, type DesiredInvitationAcceptance, type DesiredOpportunityEngagement, type DesiredState } from '../desired/types.js';
import type { LiveTask } from '../live/types.js';
import { FingerprintKey } from './fingerprint-key.js';
import type { LiveIndex } from './live-index.js';
import { liveJobRef, type PlanSink } from './planned.js';
import { taskKeyId } from './task-key.js';
import { copyTags, diffTags, isEmptyTagDiff, resultingTags, sortTags, type ManagedKeyTest } from './tags.js';
import { ChangeReason, REASON_ACTION } from './reason.js';
import { ACTION_NAMES, type LastTask, type PlanError, type TaskChange, type TaskIdentity, type TaskValues } from './types.js';

type DesiredTask = DesiredOpportunityEngagement | DesiredInvitationAcceptance;

export function identityOf(d: DesiredTask): TaskIdentity {
  if (d.kind === 'invitationAcceptance') return { kind: d.kind, catalog: d.catalog, identifier: d.invitation };
  const id: TaskIdentity = { kind: d.kind, catalog: d.catalog, identifier: d.opportunity, involvementType: d.involvementType };
  if (d.visibility !== undefined) id.visibility = d.visibility;
  return id;
}

/**
 * Plans the declared tasks into `sink`; returns the jobs their COMPLETE tasks created
 * (job id → the task's address), which the snapshot-job step must leave to them.
 */
export function diffTasks(desired: DesiredState, index: LiveIndex, managed: ManagedKeyTest, sink: PlanSink): Map<string, string> {
  const claimed = new Map<string, string>();
  const declared: DesiredTask[] = [...desired.opportunityEngagements, ...desired.invitationAcceptances];
  const byIdentity = new Map<string, DesiredTask[]>();
  for (const d of declared) {
    const identity = identityOf(d);
    const k = taskKeyId(identity);
    const list = byIdentity.get(k);
    if (list) list.push(d);
    else byIdentity.set(k, [d]);
  }

  for (const [k, list] of byIdentity) {
    const first = list[0] as DesiredTask;
    const identity = identityOf(first);
    const tasks = index.tasksByIdentity.get(k) ?? [];
    const depends = FingerprintKey.tasksOf(identity);
    for (const t of tasks) {
      if (t.status === 'COMPLETE' && t.resourceSnapshotJobId) claimed.set(t.resourceSnapshotJobId, first.address);
    }
    if (list.length > 1) {
      const names = list.map((d) => d.address).join(', ');
      for (const d of list) {
        sink.error(
          taskError(d, 'duplicate-declaration', `declared more than once for ${identity.identifier} (${names}); cosell plans none of them`),
          depends,
        );
      }
      continue;
    }
    planTask(first, identity, tasks, depends, index, managed, desired.stack, sink);
  }
  return claimed;
}

function planTask(
  d: DesiredTask,
  task: TaskIdentity,
  tasks: LiveTask[],
  depends: FingerprintKey,
  index: LiveIndex,
  managed: ManagedKeyTest,
  stack: string,
  sink: PlanSink,
): void {
  const after = desiredValues(task, sortTags(tagsOf(Object.entries(d.tags).filter(([k]) => managed(k)))));
  const latest = (status: LiveTask['status']) => tasks.filter((t) => t.status === status).at(-1);
  const satisfying = latest('COMPLETE') ?? latest('IN_PROGRESS');
  const base = {
    address: d.address,
    name: d.name,
    kind: d.kind,
    catalog: d.catalog,
    source: d.source,
    task,
  };

  if (!satisfying) {
    const failed = latest('FAILED');
    const action = REASON_ACTION[failed ? ChangeReason.TaskFailed : ChangeReason.NotLive];
    const change: TaskChange = {
      ...base,
      action,
      actions: ACTION_NAMES[action],
      before: failed ? observedValues(task, failed, emptyTags()) : null,
      after,
      tagDiff: diffTags(emptyTags(), d.tags, managed),
    };
    if (failed) change.lastTask = lastTaskOf(failed);
    sink.change(change, depends);
    return;
  }

  const lastTask = lastTaskOf(satisfying);
  const jobId = satisfying.status === 'COMPLETE' ? satisfying.resourceSnapshotJobId : undefined;
  const job = jobId ? index.jobsById.get(jobId) : undefined;
  const alsoOn = jobId ? FingerprintKey.createdJob(jobId) : undefined;
  if (!job) {
    // Nothing to reconcile yet: the tags the task was started with are what it has.
    const action = REASON_ACTION[ChangeReason.Unchanged];
    const change: TaskChange = {
      ...base,
      action,
      actions: ACTION_NAMES[action],
      before: observedValues(task, satisfying, copyTags(after.tags)),
      after,
      tagDiff: diffTags(emptyTags(), emptyTags(), managed),
      lastTask,
    };
    sink.change(change, depends, alsoOn);
    return;
  }
  // The job its task created is declared by the task's address.
  const st = standing(stack, ownerOf(job.tags), true);
  if (st.kind === 'foreign') {
    const error = taskError(
      d,
      'ownership-conflict',
      `the job ${job.id} that its task ${satisfying.taskId} created is owned by stack ${JSON.stringify(st.owner)} (tag ${OWNER_TAG_KEY}); cosell leaves it alone`,
    );
    error.liveJobs.push(liveJobRef(job));
    sink.error(error, depends, alsoOn);
    return;
  }
  const tagDiff = diffTags(job.tags, d.tags, managed);
  const reason =
    st.kind === 'adoptable' ? ChangeReason.AdoptCreatedJob : isEmptyTagDiff(tagDiff) ? ChangeReason.Unchanged : ChangeReason.Drifted;
  const action = REASON_ACTION[reason];
  const change: TaskChange = {
    ...base,
    action,
    actions: ACTION_NAMES[action],
    before: observedValues(task, satisfying, copyTags(job.tags)),
    after: { ...after, tags: resultingTags(job.tags, d.tags, managed, tagDiff) },
    tagDiff,
    lastTask,
    createdJob: { ...liveJobRef(job), adoption: reason === ChangeReason.AdoptCreatedJob },
  };
  sink.change(change, depends, alsoOn);
}

function desiredValues(identity: TaskIdentity, tags: TaskValues['tags']): TaskValues {
  return {
    catalog: identity.catalog,
    identifier: identity.identifier,
    ...(identity.involvementType !== undefined ? { involvementType: identity.involvementType } : {}),
    ...(identity.visibility !== undefined ? { visibility: identity.visibility } : {}),
    tags,
  };
}

function observedValues(identity: TaskIdentity, t: LiveTask, tags: TaskValues['tags']): TaskValues {
  const v: TaskValues = { catalog: identity.catalog, identifier: identity.identifier, tags, status: t.status };
  if (t.reasonCode !== undefined) v.reasonCode = t.reasonCode;
  if (t.message !== undefined) v.message = t.message;
  return v;
}

function lastTaskOf(t: LiveTask): LastTask {
  const last: LastTask = { taskId: t.taskId, status: t.status };
  if (t.taskArn !== undefined) last.taskArn = t.taskArn;
  if (t.startTime !== undefined) last.startTime = t.startTime;
  if (t.reasonCode !== undefined) last.reasonCode = t.reasonCode;
  if (t.message !== undefined) last.message = t.message;
  if (t.resourceSnapshotJobId !== undefined) last.resourceSnapshotJobId = t.resourceSnapshotJobId;
  return last;
}

function taskError(d: DesiredTask, code: PlanError['code'], reason: string): PlanError {
  return { address: d.address, kind: d.kind, catalog: d.catalog, code, reason, liveJobs: [], source: d.source };
}
