import type { PartnerCentralClient } from '../api/index.js';
import type { Catalog } from '../desired/types.js';
import type { LiveTask, TaskStatus } from './types.js';
import type { Pool } from './pool.js';

/** The model allows at most 10 ids in one task-list filter. */
export const TASK_FILTER_MAX_IDS = 10;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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

export function toLiveTask(kind: LiveTask['kind'], catalog: Catalog, identifier: string, s: TaskSummary): LiveTask | undefined {
  if (!s.TaskId || !s.TaskStatus) return undefined;
  return {
    kind,
    taskId: s.TaskId,
    taskArn: s.TaskArn,
    catalog,
    identifier,
    status: s.TaskStatus as TaskStatus,
    startTime: s.StartTime instanceof Date ? s.StartTime.toISOString() : s.StartTime,
    reasonCode: s.ReasonCode,
    message: s.Message,
    resourceSnapshotJobId: s.ResourceSnapshotJobId,
    engagementId: s.EngagementId,
    opportunityId: s.OpportunityId,
  };
}

/** Every engagement-from-opportunity task on the given opportunities, filtered by id. */
export async function listOpportunityTasks(
  client: PartnerCentralClient,
  pool: Pool,
  catalog: Catalog,
  opportunities: readonly string[],
): Promise<LiveTask[]> {
  const batches = await Promise.all(
    chunk([...new Set(opportunities)].sort(), TASK_FILTER_MAX_IDS).map((ids) =>
      pool(async () => {
        const found: LiveTask[] = [];
        for await (const page of client.paginateListEngagementFromOpportunityTasks({ Catalog: catalog, OpportunityIdentifier: ids })) {
          for (const s of page.TaskSummaries ?? []) {
            const task = toLiveTask('opportunityEngagement', catalog, s.OpportunityId ?? '', s);
            if (task) found.push(task);
          }
        }
        return found;
      }),
    ),
  );
  return batches.flat();
}

/** Every accept-invitation task on the given invitations, filtered by id. */
export async function listInvitationTasks(
  client: PartnerCentralClient,
  pool: Pool,
  catalog: Catalog,
  invitations: readonly string[],
): Promise<LiveTask[]> {
  const batches = await Promise.all(
    chunk([...new Set(invitations)].sort(), TASK_FILTER_MAX_IDS).map((ids) =>
      pool(async () => {
        const found: LiveTask[] = [];
        for await (const page of client.paginateListEngagementByAcceptingInvitationTasks({
          Catalog: catalog,
          EngagementInvitationIdentifier: ids,
        })) {
          for (const s of page.TaskSummaries ?? []) {
            const task = toLiveTask('invitationAcceptance', catalog, s.EngagementInvitationId ?? '', s);
            if (task) found.push(task);
          }
        }
        return found;
      }),
    ),
  );
  return batches.flat();
}
