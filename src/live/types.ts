/** The live state: what the account holds, as observed. Plain data. */
import type { Catalog, JobStatus, Tags } from '../desired/types.js';

export interface LiveSnapshotJob {
  id: string;
  arn: string;
  catalog: Catalog;
  engagement: string;
  opportunity: string;
  template: string;
  status: JobStatus;
  /** Every live tag, aws: keys and ignored keys included; diff decides what counts. */
  tags: Tags;
}

export type { TaskStatus } from '../model/index.js';
import type { TaskStatus } from '../model/index.js';

export interface LiveTask {
  kind: 'opportunityEngagement' | 'invitationAcceptance';
  taskId: string;
  taskArn?: string;
  catalog: Catalog;
  /** The opportunity (`O…`) or invitation (`engi-…`) the task started from. */
  identifier: string;
  status: TaskStatus;
  startTime?: string;
  reasonCode?: string;
  message?: string;
  resourceSnapshotJobId?: string;
  engagementId?: string;
  opportunityId?: string;
}

export interface LiveState {
  /** The catalogs that were observed. */
  catalogs: Catalog[];
  snapshotJobs: LiveSnapshotJob[];
  tasks: LiveTask[];
}
