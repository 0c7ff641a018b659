import type { PartnerCentralClient } from '../api/index.js';
import type { Catalog } from '../desired/types.js';
import type { LiveTask, TaskStatus } from './types.js';
import type { Pool } from './pool.js';
import { chunk } from '../util/lists.js';
import { optionalServiceValue, serviceValue } from './service-values.js';

/** The model allows at most 10 ids in one task-list filter. */
export const TASK_FILTER_MAX_IDS = 10;

interface TaskSummary {
  TaskId?: string;
  TaskArn?: string;
  StartTime?: Date | string;
  TaskStatus?: string;
  Message?: string;
  ReasonCode?: string;
  OpportunityId?: string;
  ResourceSnapshotJobId?: string;
  EngagementId?: string;
  EngagementInvitationId?: string;
}

/** A task summary as the plan sees it; its ids and ARN are checked against the model first. */
export function toLiveTask(kind: LiveTask['kind'], catalog: Catalog, identifier: string, s: TaskSummary): LiveTask | undefined {
  if (!s.TaskId || !s.TaskStatus) return undefined;
  const op = OPERATION[kind];
  return {
    kind,
    taskId: serviceValue(op, 'TaskId', 'TaskIdentifier', s.TaskId),
    taskArn: optionalServiceValue(op, 'TaskArn', 'TaskArn', s.TaskArn),
    catalog,
    // No origin in the summary: the task matches no declared resource, as before.
    identifier: identifier === '' ? '' : serviceValue(op, ORIGIN_FIELD[kind], ORIGIN_SHAPE[kind], identifier),
    status: s.TaskStatus as TaskStatus,
    startTime: s.StartTime instanceof Date ? s.StartTime.toISOString() : s.StartTime,
    reasonCode: s.ReasonCode,
    message: s.Message,
    resourceSnapshotJobId: optionalServiceValue(op, 'ResourceSnapshotJobId', 'ResourceSnapshotJobIdentifier', s.ResourceSnapshotJobId),
    engagementId: optionalServiceValue(op, 'EngagementId', 'EngagementIdentifier', s.EngagementId),
    opportunityId: optionalServiceValue(op, 'OpportunityId', 'OpportunityIdentifier', s.OpportunityId),
  };
}

const OPERATION: Record<LiveTask['kind'], string> = {
  opportunityEngagement: 'ListEngagementFromOpportunityTasks',
  invitationAcceptance: 'ListEngagementByAcceptingInvitationTasks',
};
const ORIGIN_FIELD: Record<LiveTask['kind'], string> = {
  opportunityEngagement: 'OpportunityId',
  invitationAcceptance: 'EngagementInvitationId',
};
const ORIGIN_SHAPE: Record<LiveTask['kind'], string> = {
  opportunityEngagement: 'OpportunityIdentifier',
  invitationAcceptance: 'EngagementInvitationIdentifier',
};

type TaskPages = AsyncIterable<{ TaskSummaries?: TaskSummary[] }>;

/** How each kind of task is listed by id, and which member of a summary names its origin. */
const LISTERS: Record<LiveTask['kind'], (client: PartnerCentralClient, catalog: Catalog, ids: string[]) => TaskPages> = {
  opportunityEngagement: (client, catalog, ids) =>
    client.paginateListEngagementFromOpportunityTasks({ Catalog: catalog, OpportunityIdentifier: ids }),
  invitationAcceptance: (client, catalog, ids) =>
    client.paginateListEngagementByAcceptingInvitationTasks({ Catalog: catalog, EngagementInvitationIdentifier: ids }),
};

const ORIGIN: Record<LiveTask['kind'], (s: TaskSummary) => string | undefined> = {
  opportunityEngagement: (s) => s.OpportunityId,
  invitationAcceptance: (s) => s.EngagementInvitationId,
};

/** Every task of one kind on the given opportunities or invitations, filtered by id, 10 ids a call. */
export async function listTasks(
  client: PartnerCentralClient,
  pool: Pool,
  kind: LiveTask['kind'],
  catalog: Catalog,
  identifiers: readonly string[],
): Promise<LiveTask[]> {
  const batches = await Promise.all(
    chunk([...new Set(identifiers)].sort(), TASK_FILTER_MAX_IDS).map((ids) =>
      pool(async () => {
        const found: LiveTask[] = [];
        for await (const page of LISTERS[kind](client, catalog, ids)) {
          for (const s of page.TaskSummaries ?? []) {
            const task = toLiveTask(kind, catalog, ORIGIN[kind](s) ?? '', s);
            if (task) found.push(task);
          }
        }
        return found;
      }),
    ),
  );
  return batches.flat();
}
