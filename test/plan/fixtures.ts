/** Plain-data builders for diff tests: a desired state and a live state, by hand. */
import {
  OWNER_TAG_KEY,
  type DesiredInvitationAcceptance,
  type DesiredOpportunityEngagement,
  type DesiredSnapshotJob,
  type DesiredState,
  type Tags,
} from '../../src/desired/types.js';
import type { LiveSnapshotJob, LiveState, LiveTask } from '../../src/live/types.js';

export const STACK = 'emea-alliances';
export const TEMPLATE = 'OpportunitySummaryView';
export const DEFAULT_TAGS: Tags = { team: 'alliances', 'cost-center': '4411' };

/** defaults.tags, overridden by the resource's own, plus the owner tag: what the loader resolves. */
export function effective(own: Tags = {}, defaults: Tags = DEFAULT_TAGS): Tags {
  return { ...defaults, ...own, [OWNER_TAG_KEY]: STACK };
}

/** Each resource as if declared alone in a file named after it. */
const source = (name: string) => ({ file: `stack/${name}.yaml`, line: 2, column: 3 });

export function declaredJob(
  name: string,
  fields: { engagement: string; opportunity: string; template?: string; status?: 'Running' | 'Stopped'; tags?: Tags },
): DesiredSnapshotJob {
  return {
    kind: 'snapshotJob',
    name,
    address: `snapshotJob.${name}`,
    catalog: 'Sandbox',
    engagement: fields.engagement,
    opportunity: fields.opportunity,
    template: fields.template ?? TEMPLATE,
    status: fields.status ?? 'Running',
    tags: effective(fields.tags),
    source: source(name),
  };
}

export function declaredOpportunityEngagement(name: string, opportunity: string, tags: Tags = {}): DesiredOpportunityEngagement {
  return {
    kind: 'opportunityEngagement',
    name,
    address: `opportunityEngagement.${name}`,
    catalog: 'Sandbox',
    opportunity,
    involvementType: 'Co-Sell',
    visibility: 'Full',
    tags: effective(tags),
    source: source(name),
  };
}

export function declaredInvitationAcceptance(name: string, invitation: string, tags: Tags = {}): DesiredInvitationAcceptance {
  return {
    kind: 'invitationAcceptance',
    name,
    address: `invitationAcceptance.${name}`,
    catalog: 'Sandbox',
    invitation,
    tags: effective(tags),
    source: source(name),
  };
}

export function desiredState(parts: Partial<Omit<DesiredState, 'version' | 'stack' | 'catalogs' | 'files'>> = {}): DesiredState {
  return {
    version: 1,
    stack: STACK,
    catalogs: ['Sandbox'],
    ignoreTags: parts.ignoreTags ?? { keys: [], keyPrefixes: [] },
    snapshotJobs: parts.snapshotJobs ?? [],
    opportunityEngagements: parts.opportunityEngagements ?? [],
    invitationAcceptances: parts.invitationAcceptances ?? [],
    files: ['stack/main.yaml'],
  };
}

export function liveJob(
  id: string,
  fields: { engagement: string; opportunity: string; template?: string; status?: 'Running' | 'Stopped'; tags?: Tags },
): LiveSnapshotJob {
  return {
    id,
    arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/resource-snapshot-job/${id}`,
    catalog: 'Sandbox',
    engagement: fields.engagement,
    opportunity: fields.opportunity,
    template: fields.template ?? TEMPLATE,
    status: fields.status ?? 'Running',
    tags: fields.tags ?? {},
  };
}

/** A live job exactly as cosell would have left a declared one. */
export function liveOf(id: string, d: DesiredSnapshotJob, extraTags: Tags = {}): LiveSnapshotJob {
  return liveJob(id, { ...d, tags: { ...d.tags, ...extraTags } });
}

export function liveTask(
  kind: LiveTask['kind'],
  taskId: string,
  identifier: string,
  status: LiveTask['status'],
  more: Partial<LiveTask> = {},
): LiveTask {
  return { kind, taskId, catalog: 'Sandbox', identifier, status, startTime: '2026-01-01T00:00:00.000Z', ...more };
}

export function liveState(snapshotJobs: LiveSnapshotJob[] = [], tasks: LiveTask[] = []): LiveState {
  return { catalogs: ['Sandbox'], snapshotJobs, tasks };
}

/** Job ids in the model's shape (`job-` and 13 of [0-9a-z]). */
export function jobId(n: number): string {
  return `job-${n.toString(36).padStart(13, '0')}`;
}

/** Engagement ids in the model's shape (`eng-` and 14 of [0-9a-z]). */
export function engagementId(n: number): string {
  return `eng-${n.toString(36).padStart(14, '0')}`;
}
