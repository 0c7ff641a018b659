/** The desired state: what the stack's files declare, checked and resolved. Plain data. */
import type { TagPolicy } from './policy/types.js';

import type { CatalogName, ResourceSnapshotJobStatus, SalesInvolvementType, Visibility } from '../model/index.js';

export type Catalog = CatalogName;
export type JobStatus = ResourceSnapshotJobStatus;
export type InvolvementType = SalesInvolvementType;
export type { Visibility };

export type { Tags } from '../util/tags.js';
import type { Tags } from '../util/tags.js';

/** The live tag that says which stack owns a resource. */
export const OWNER_TAG_KEY = 'cosell:stack';

/** Where a declaration stands in the stack's files (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

interface DesiredResourceBase {
  /** The logical name, the key under its section. */
  name: string;
  /** e.g. `snapshotJob.acme-migration`. */
  address: string;
  catalog: Catalog;
  /** Effective tags: defaults.tags, overridden by the resource's own, plus the owner tag. */
  tags: Tags;
  source: SourceLocation;
}

export interface DesiredSnapshotJob extends DesiredResourceBase {
  kind: 'snapshotJob';
  engagement: string;
  opportunity: string;
  template: string;
  status: JobStatus;
}

export interface DesiredOpportunityEngagement extends DesiredResourceBase {
  kind: 'opportunityEngagement';
  opportunity: string;
  involvementType: InvolvementType;
  visibility?: Visibility;
}

export interface DesiredInvitationAcceptance extends DesiredResourceBase {
  kind: 'invitationAcceptance';
  invitation: string;
}

export type DesiredResource = DesiredSnapshotJob | DesiredOpportunityEngagement | DesiredInvitationAcceptance;

export interface IgnoreTags {
  keys: string[];
  keyPrefixes: string[];
}

export interface DesiredState {
  version: 1;
  stack: string;
  /** Every catalog some resource is in, and the stack's top-level catalog (so that owned jobs are found even when none is declared), sorted. */
  catalogs: Catalog[];
  ignoreTags: IgnoreTags;
  snapshotJobs: DesiredSnapshotJob[];
  opportunityEngagements: DesiredOpportunityEngagement[];
  invitationAcceptances: DesiredInvitationAcceptance[];
  /** The files read, in the order read. */
  files: string[];
  /** The tag policy the stack's `tagPolicy` setting names, read. */
  tagPolicy?: TagPolicy;
}
