/**
 * Engagement tasks: start one (ClientToken per tokens.ts), follow it by id with backoff until it
 * is COMPLETE or FAILED or the task timeout passes, then, in the same run, bring the tags of
 * the job it created to the task's effective tags. The task's Tags land on that job, so the
 * reconciliation is usually one Get (for the job's ARN) and one ListTagsForResource.
 */
import { isServiceError } from '../api/index.js';
import type { ListEngagementByAcceptingInvitationTaskSummary } from '../api/types.js';
import { OWNER_TAG_KEY } from '../desired/types.js';
import { diffTags, isEmptyTagDiff } from '../plan/tags.js';
import { Action, type TaskChange } from '../plan/types.js';
import { tagsToList } from '../util/tags.js';
import type { ExecContext, PhaseResult } from './context.js';
import { formatDuration } from './progress.js';
import { observeJob, observeTasks } from '../live/partial.js';
import { applyTagDiff } from './tags.js';
import { OwnershipRefused } from './door.js';
import { adopt } from './adopt.js';
import { ownerOf } from '../plan/ownership.js';
import { CosellError } from '../util/errors.js';
import { taskGeneration, taskStartToken } from './tokens.js';

type TaskSummary = ListEngagementByAcceptingInvitationTaskSummary;

export async function applyTask(change: TaskChange, ctx: ExecContext): Promise<PhaseResult> {
  if (change.action === Action.Create) return ctx.phase(change.address, 'create', undefined, () => startAndFollow(change, ctx));
  if (change.action === Action.Update) {
    const job = change.createdJob;
    if (!job) throw new CosellError(`${change.address}: the plan has no job to update`);
    return ctx.phase(change.address, 'update', job.id, async () => {
      const count = Object.keys(change.before?.tags ?? {}).length;
      if (job.adoption) await adopt(job, change.tagDiff, count, ctx);
      else await applyTagDiff(ctx.client, ctx.door, job.id, job.arn, change.tagDiff, count);
      return { id: job.id };
    });
  }
  return {};
}

async function startTask(change: TaskChange, token: string, ctx: ExecContext): Promise<TaskSummary> {
  const { task } = change;
  const Tags = tagsToList(change.after.tags);
  if (task.kind === 'invitationAcceptance') {
    return ctx.client.startEngagementByAcceptingInvitationTask({
      Catalog: task.catalog,
      ClientToken: token,
      Identifier: task.identifier,
      Tags,
    });
  }
  return ctx.client.startEngagementFromOpportunityTask({
    Catalog: task.catalog,
    ClientToken: token,
    Identifier: task.identifier,
    AwsSubmission: { InvolvementType: task.involvementType ?? 'Co-Sell', ...(task.visibility ? { Visibility: task.visibility } : {}) },
    Tags,
  });
}

async function readTask(change: TaskChange, taskId: string, ctx: ExecContext): Promise<TaskSummary | undefined> {
  const input = { Catalog: change.task.catalog, TaskIdentifier: [taskId] };
  const page =
    change.task.kind === 'invitationAcceptance'
      ? await ctx.client.listEngagementByAcceptingInvitationTasks(input)
      : await ctx.client.listEngagementFromOpportunityTasks(input);
  return page.TaskSummaries?.find((t) => t.TaskId === taskId);
}

async function startAndFollow(change: TaskChange, ctx: ExecContext): Promise<PhaseResult> {
  const failed = change.lastTask?.status === 'FAILED' ? change.lastTask.taskId : undefined;
  const token = taskStartToken(ctx.stack, change.task, taskGeneration(failed));
  let task: TaskSummary;
  try {
    task = await startTask(change, token, ctx);
  } catch (err) {
    if (!isServiceError(err, 'ConflictException')) throw err;
    // A task is already running or done for this identity (started by a run whose answer was
    // lost, or by someone else since the plan): follow that one rather than fail.
    const tasks = await observeTasks(ctx.client, [change.task]);
    const current = tasks.filter((t) => t.status === 'IN_PROGRESS' || t.status === 'COMPLETE').at(-1);
    if (!current) throw err;
    ctx.note(change.address, `a task for ${change.task.identifier} was already started (${current.taskId}); following it`);
    task = { TaskId: current.taskId, TaskStatus: current.status, ResourceSnapshotJobId: current.resourceSnapshotJobId };
  }
  const taskId = task.TaskId;
  if (!taskId) throw new CosellError('the service started the task but answered without its TaskId');
  const done = await follow(change, task, taskId, ctx);
  if (done.TaskStatus === 'FAILED') {
    const reason = [done.ReasonCode, done.Message].filter(Boolean).join(': ');
    throw new CosellError(`task ${taskId} FAILED${reason ? `: ${reason}` : ''}`);
  }
  const jobId = done.ResourceSnapshotJobId;
  if (!jobId) return { id: taskId };
  // "complete" names only what was seen: a job the service names but cannot find is not shown.
  if (!(await reconcileCreatedJob(change, jobId, ctx))) {
    ctx.note(change.address, `task ${taskId} is COMPLETE, but the job ${jobId} it names was not found; the next plan looks again`);
    return { id: taskId };
  }
  return { id: taskId, jobId };
}

/** Polls the task by id, waiting longer each time, until it leaves IN_PROGRESS. */
async function follow(change: TaskChange, first: TaskSummary, taskId: string, ctx: ExecContext): Promise<TaskSummary> {
  const deadline = performance.now() + ctx.taskTimeoutMs;
  let wait = ctx.pollMs.initial;
  let task = first;
  while (task.TaskStatus !== 'COMPLETE' && task.TaskStatus !== 'FAILED') {
    if (performance.now() + wait > deadline) {
      throw new CosellError(
        `task ${taskId} is still ${task.TaskStatus ?? 'IN_PROGRESS'} after ${formatDuration(ctx.taskTimeoutMs)} (--task-timeout); ` +
          'it goes on in the service: run cosell apply again later to reconcile the job it creates',
      );
    }
    await ctx.sleep(wait);
    wait = Math.min(wait * 2, ctx.pollMs.max);
    task = (await readTask(change, taskId, ctx)) ?? task;
  }
  return task;
}

/** The job a task created belongs to the task's address: its tags follow the task's. */
async function reconcileCreatedJob(change: TaskChange, jobId: string, ctx: ExecContext): Promise<boolean> {
  const job = await observeJob(ctx.client, change.task.catalog, jobId, { cache: ctx.cache });
  if (!job) return false;
  ctx.door.see(job, { ofTask: true });
  // As in the plan: a task's job with no owner tag is adopted, one owned by another stack (its
  // task was followed after a ConflictException) is never retagged.
  const owner = ownerOf(job.tags);
  if (owner !== undefined && owner !== ctx.stack)
    throw new OwnershipRefused(
      `the task on ${change.task.identifier} was started by stack ${owner}, not this one: its job ${jobId} ` +
        `is owned by ${owner} (tag ${OWNER_TAG_KEY}); cosell leaves it alone: run cosell plan again`,
    );
  const diff = diffTags(job.tags, change.after.tags, ctx.managed);
  const key = { catalog: job.catalog, engagement: job.engagement, opportunity: job.opportunity, template: job.template };
  if (owner === undefined) await adopt({ id: job.id, arn: job.arn, key }, diff, Object.keys(job.tags).length, ctx);
  else if (!isEmptyTagDiff(diff)) await applyTagDiff(ctx.client, ctx.door, job.id, job.arn, diff, Object.keys(job.tags).length);
  return true;
}
