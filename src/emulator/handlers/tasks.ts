import type { SortOrder } from '../../model/index.js';
import { conflict, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { Paginator, page } from '../paging.js';
import { DEFAULT_TEMPLATE } from '../../model/index.js';
import { executeJob } from '../executions.js';
import { idOf, nextSeq, taskArn, type CatalogName, type CatalogWorld, type Job, type Tag, type Task, type TaskKind } from '../state.js';
import { catalogOf, checkTagRules, copyTags, iso, pageSize, type Handler, type HandlerContext, type Input } from './context.js';
import { jobOnKey } from './jobs.js';

/** Task lists honour MaxResults up to the model's bound (1000); 100 when it is absent. */
const TASKS_DEFAULT_PAGE = 100;
const TASKS_PAGE_CAP = 1000;

const NOUN: Record<TaskKind, string> = { invitation: 'engagement invitation', opportunity: 'opportunity' };

function taskOutput(name: CatalogName, task: Task): Record<string, unknown> {
  const out: Record<string, unknown> = {
    TaskId: task.id,
    TaskArn: taskArn(name, task.kind, task.id),
    StartTime: iso(task.startTime),
    TaskStatus: task.status,
    Message: task.message,
    ReasonCode: task.reasonCode,
    OpportunityId: task.opportunityId,
    ResourceSnapshotJobId: task.jobId,
  };
  if (task.kind === 'invitation') out.EngagementInvitationId = task.target;
  else out.EngagementId = task.engagementId;
  return out;
}

function startTask(ctx: HandlerContext, input: Input, kind: TaskKind): Record<string, unknown> {
  const { name, catalog } = catalogOf(ctx, input.Catalog);
  const tags = input.Tags as Tag[] | undefined;
  checkTagRules(tags, 'Tags');
  const target = idOf(input.Identifier as string);
  const targets = kind === 'invitation' ? catalog.invitations : catalog.opportunities;
  if (!targets.has(target)) throw notFound(`The ${NOUN[kind]} ${target} was not found in catalog ${name}.`);
  for (const other of catalog.tasks.values()) {
    if (other.kind !== kind || other.target !== target || other.status === 'FAILED') continue;
    throw conflict(
      other.status === 'IN_PROGRESS'
        ? `A task for ${NOUN[kind]} ${target} is already in progress: ${other.id}.`
        : `An engagement was already started from ${NOUN[kind]} ${target} by task ${other.id}.`,
    );
  }
  const submission = input.AwsSubmission as { InvolvementType?: string; Visibility?: string } | undefined;
  const task: Task = {
    id: newId('task', (x) => catalog.tasks.has(x)),
    seq: nextSeq(ctx.world),
    kind,
    target,
    status: 'IN_PROGRESS',
    startTime: ctx.now,
    completesAt: ctx.now + ctx.taskDelayMs,
    tags: copyTags(tags),
    involvementType: submission?.InvolvementType,
    visibility: submission?.Visibility,
    opportunityId: kind === 'opportunity' ? target : undefined,
  };
  catalog.tasks.set(task.id, task);
  return taskOutput(name, task);
}

export const startEngagementByAcceptingInvitationTask: Handler = (ctx, input) => ({
  output: startTask(ctx, input, 'invitation'),
  changed: true,
});

export const startEngagementFromOpportunityTask: Handler = (ctx, input) => ({
  output: startTask(ctx, input, 'opportunity'),
  changed: true,
});

/** What finishing a task does to the world: an engagement, maybe an opportunity, and a Running job. */
function finish(ctx: HandlerContext, catalog: CatalogWorld, task: Task): void {
  const target = (task.kind === 'invitation' ? catalog.invitations : catalog.opportunities).get(task.target);
  if (target?.failWith && (target.failTimes === undefined || target.failures < target.failTimes)) {
    target.failures += 1;
    task.status = 'FAILED';
    task.reasonCode = target.failWith;
    task.message = `The task failed with ${target.failWith} (a failure the emulator's seed asks for).`;
    return;
  }
  let opportunity = task.target;
  let engagement = target?.engagement;
  if (task.kind === 'invitation') {
    opportunity = newId('opportunity', (x) => catalog.opportunities.has(x));
    catalog.opportunities.set(opportunity, { id: opportunity, failures: 0 });
  }
  if (!engagement) {
    engagement = newId('engagement', (x) => catalog.engagements.has(x));
    catalog.engagements.add(engagement);
  }
  if (target && task.kind === 'invitation') target.engagement = engagement;
  task.opportunityId = opportunity;
  if (task.kind === 'opportunity') task.engagementId = engagement;
  const existing = ctx.uniqueJobs ? jobOnKey(catalog, engagement, opportunity, DEFAULT_TEMPLATE) : undefined;
  if (existing) {
    task.status = 'FAILED';
    task.reasonCode = 'ResourceSnapshotJobConflict';
    task.message = `A resource snapshot job already exists for engagement ${engagement} and opportunity ${opportunity}: ${existing.id}.`;
    return;
  }
  const jobId = newId('job', (x) => catalog.jobs.has(x));
  const job: Job = {
    id: jobId,
    seq: nextSeq(ctx.world),
    engagement,
    opportunity,
    template: DEFAULT_TEMPLATE,
    status: 'Running',
    createdAt: task.completesAt,
    tags: copyTags(task.tags),
  };
  catalog.jobs.set(jobId, job);
  executeJob(ctx.world, catalog, job, task.completesAt);
  task.jobId = jobId;
  task.status = 'COMPLETE';
}

/**
 * Finishes every task whose time has come, in the order they come due. Tasks are settled lazily,
 * on each request, so no timer outlives the emulator and the state file is always consistent.
 */
export function settleTasks(ctx: HandlerContext): boolean {
  const due: { catalog: CatalogWorld; task: Task }[] = [];
  for (const catalog of ctx.world.catalogs.values())
    for (const task of catalog.tasks.values())
      if (task.status === 'IN_PROGRESS' && task.completesAt <= ctx.now) due.push({ catalog, task });
  due.sort((a, b) => a.task.completesAt - b.task.completesAt || a.task.seq - b.task.seq);
  for (const { catalog, task } of due) finish(ctx, catalog, task);
  return due.length > 0;
}

function listTasks(ctx: HandlerContext, input: Input, kind: TaskKind): Record<string, unknown> {
  const { name, catalog } = catalogOf(ctx, input.Catalog);
  const ids = (member: string): Set<string> | undefined => {
    const list = input[member] as string[] | undefined;
    return list && new Set(list.map(idOf));
  };
  const statuses = ids('TaskStatus');
  const taskIds = ids('TaskIdentifier');
  const opportunities = ids('OpportunityIdentifier');
  const invitations = ids('EngagementInvitationIdentifier');
  const engagements = ids('EngagementIdentifier');
  const sort = input.Sort as { SortOrder: SortOrder } | undefined;
  const order = sort?.SortOrder ?? 'ASCENDING';
  const filters = [statuses, taskIds, opportunities, invitations, engagements].map((s) => s && [...s].sort());
  const operation = kind === 'invitation' ? 'ListEngagementByAcceptingInvitationTasks' : 'ListEngagementFromOpportunityTasks';
  const query = Paginator.query(operation, [name, order, filters]);
  const token = input.NextToken as string | undefined;
  const after = token === undefined ? undefined : ctx.paginator.read(token, query);
  const matching = [...catalog.tasks.values()].filter(
    (t) =>
      t.kind === kind &&
      (!statuses || statuses.has(t.status)) &&
      (!taskIds || taskIds.has(t.id)) &&
      (!opportunities || (t.opportunityId !== undefined && opportunities.has(t.opportunityId))) &&
      (!invitations || invitations.has(t.target)) &&
      (!engagements || (t.engagementId !== undefined && engagements.has(t.engagementId))),
  );
  const size = input.MaxResults === undefined ? TASKS_DEFAULT_PAGE : pageSize(input.MaxResults, TASKS_PAGE_CAP);
  const result = page(matching, (t) => t.startTime, order, size, after);
  return {
    TaskSummaries: result.items.map((t) => taskOutput(name, t)),
    NextToken: result.last && ctx.paginator.issue(query, result.last),
  };
}

export const listEngagementByAcceptingInvitationTasks: Handler = (ctx, input) => ({
  output: listTasks(ctx, input, 'invitation'),
  changed: false,
});

export const listEngagementFromOpportunityTasks: Handler = (ctx, input) => ({
  output: listTasks(ctx, input, 'opportunity'),
  changed: false,
});
