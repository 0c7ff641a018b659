import { operationInfo, OPERATIONS, type OperationName } from '../../model/index.js';
import { runExecutions } from '../executions.js';
import { withClientToken } from '../idempotency.js';
import type { Handler, HandlerContext } from './context.js';
import {
  createResourceSnapshotJob,
  deleteResourceSnapshotJob,
  getResourceSnapshotJob,
  listResourceSnapshotJobs,
  startResourceSnapshotJob,
  stopResourceSnapshotJob,
} from './jobs.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
import {
  listEngagementByAcceptingInvitationTasks,
  listEngagementFromOpportunityTasks,
  startEngagementByAcceptingInvitationTask,
  settleTasks as finishDueTasks,
  startEngagementFromOpportunityTask,
} from './tasks.js';

export type { Handler, HandlerContext, HandlerResult } from './context.js';

/**
 * Brings the world up to the request's clock before it is answered: due tasks finish (their
 * jobs start running), then running jobs execute. True when the world changed.
 */
export function settleTasks(ctx: HandlerContext): boolean {
  const finished = finishDueTasks(ctx);
  return runExecutions(ctx.world, ctx.now) || finished;
}

const HANDLERS: Record<OperationName, Handler> = {
  ListTagsForResource: listTagsForResource,
  TagResource: tagResource,
  UntagResource: untagResource,
  CreateResourceSnapshotJob: createResourceSnapshotJob,
  GetResourceSnapshotJob: getResourceSnapshotJob,
  ListResourceSnapshotJobs: listResourceSnapshotJobs,
  StartResourceSnapshotJob: startResourceSnapshotJob,
  StopResourceSnapshotJob: stopResourceSnapshotJob,
  DeleteResourceSnapshotJob: deleteResourceSnapshotJob,
  StartEngagementByAcceptingInvitationTask: startEngagementByAcceptingInvitationTask,
  StartEngagementFromOpportunityTask: startEngagementFromOpportunityTask,
  ListEngagementByAcceptingInvitationTasks: listEngagementByAcceptingInvitationTasks,
  ListEngagementFromOpportunityTasks: listEngagementFromOpportunityTasks,
};

/** Each operation's handler; those whose input has an idempotency token get ClientToken semantics. */
export const OPERATION_HANDLERS: ReadonlyMap<OperationName, Handler> = new Map(
  OPERATIONS.map((op) => {
    const token = operationInfo(op).idempotencyToken;
    return [op, token ? withClientToken(op, token, HANDLERS[op]) : HANDLERS[op]];
  }),
);
