/**
 * The emulator's world: what the service would hold for one account. Keyed collections are Maps,
 * never plain objects, because keys such as a ClientToken are caller-chosen strings.
 */

import { CATALOGS, type CatalogName, type ResourceSnapshotJobStatus, type TaskStatus } from '../model/index.js';

export { CATALOGS, isCatalogName, type CatalogName, type TaskStatus } from '../model/index.js';
export type JobStatus = ResourceSnapshotJobStatus;
export type TaskKind = 'invitation' | 'opportunity';

export interface Tag {
  Key: string;
  Value: string;
}

/** A seeded opportunity or invitation that a task can start from. */
export interface TaskTarget {
  id: string;
  /** A ReasonCode every task on this target fails with (seeded). */
  failWith?: string;
  /** Fail only the first N tasks, then succeed; absent: fail every time. */
  failTimes?: number;
  /** Tasks that have failed on this target so far. */
  failures: number;
  /** For an invitation: the engagement it joins; absent: accepting it creates one. */
  engagement?: string;
  /** For an opportunity: every execution of a snapshot job on it fails with this message (seeded). */
  snapshotFailure?: string;
}

export interface Job {
  id: string;
  /** Creation order, the tie-break of every sort. */
  seq: number;
  engagement: string;
  opportunity: string;
  template: string;
  status: JobStatus;
  /** Epoch milliseconds. */
  createdAt: number;
  lastSuccessAt?: number;
  /** The last execution, successful or not (epoch ms); the next one is due an interval later. */
  lastRunAt?: number;
  /** The message of the most recent failed execution, and when it failed. */
  lastFailure?: string;
  lastFailureAt?: number;
  tags: Tag[];
}

export interface Task {
  id: string;
  seq: number;
  kind: TaskKind;
  /** The invitation (`engi-…`) or opportunity (`O…`) it started from. */
  target: string;
  status: TaskStatus;
  startTime: number;
  /** When an IN_PROGRESS task finishes (epoch ms); tasks settle lazily, by clock. */
  completesAt: number;
  tags: Tag[];
  involvementType?: string;
  visibility?: string;
  reasonCode?: string;
  message?: string;
  opportunityId?: string;
  engagementId?: string;
  jobId?: string;
}

export interface CatalogWorld {
  engagements: Set<string>;
  opportunities: Map<string, TaskTarget>;
  invitations: Map<string, TaskTarget>;
  jobs: Map<string, Job>;
  tasks: Map<string, Task>;
}

/** The first answer to a call that carried a ClientToken, replayed to a retry. */
export interface ClientTokenRecord {
  fingerprint: string;
  output: Record<string, unknown>;
}

export interface World {
  account: string;
  templates: Set<string>;
  catalogs: Map<CatalogName, CatalogWorld>;
  /** Keyed by `operation catalog token`. */
  clientTokens: Map<string, ClientTokenRecord>;
  /** The last creation sequence number handed out. */
  seq: number;
}

export function emptyCatalog(): CatalogWorld {
  return { engagements: new Set(), opportunities: new Map(), invitations: new Map(), jobs: new Map(), tasks: new Map() };
}

export function emptyWorld(account: string, templates: Iterable<string>): World {
  return {
    account,
    templates: new Set(templates),
    catalogs: new Map(CATALOGS.map((c) => [c, emptyCatalog()])),
    clientTokens: new Map(),
    seq: 0,
  };
}

export function nextSeq(world: World): number {
  world.seq += 1;
  return world.seq;
}

const REGION = 'us-east-1';

export function jobArn(world: World, catalog: string, jobId: string): string {
  return `arn:aws:partnercentral:${REGION}:${world.account}:catalog/${catalog}/resource-snapshot-job/${jobId}`;
}

export function opportunityArn(world: World, catalog: string, opportunityId: string): string {
  return `arn:aws:partnercentral:${REGION}:${world.account}:catalog/${catalog}/opportunity/${opportunityId}`;
}

// The model marks task ARNs noAccount: no account id between the region and the resource.
export function taskArn(catalog: string, kind: TaskKind, taskId: string): string {
  const type = kind === 'invitation' ? 'engagement-by-accepting-invitation-task' : 'engagement-from-opportunity-task';
  return `arn:aws:partnercentral:${REGION}::catalog/${catalog}/${type}/${taskId}`;
}

/** A job ARN taken apart, or undefined when it names no resource snapshot job of this region. */
export function parseJobArn(arn: string): { account: string; catalog: string; jobId: string } | undefined {
  const m = /^arn:aws:partnercentral:([^:]*):(\d{12}):catalog\/([A-Za-z]+)\/resource-snapshot-job\/([^/]+)$/.exec(arn);
  if (!m || m[1] !== REGION) return undefined;
  return { account: m[2]!, catalog: m[3]!, jobId: m[4]! };
}

/** The id at the end of an id-or-ARN member (`engi-…`, `task-…`, `eng-…`). */
export function idOf(idOrArn: string): string {
  return idOrArn.startsWith('arn:') ? idOrArn.slice(idOrArn.lastIndexOf('/') + 1) : idOrArn;
}
