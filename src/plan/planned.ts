/** Shared plumbing of the diff steps. */
import type { LiveSnapshotJob } from '../live/types.js';
import { naturalKey } from './address.js';
import { copyTags } from './tags.js';
import { ownerOf } from './ownership.js';
import type { AddressFilter } from './address.js';
import type { JobValues, LiveJobRef, PlanError, ResourceChange } from './types.js';

/**
 * Where the diff steps put what they plan. Entries outside --target/--exclude are dropped as
 * they come, and each kept entry records the fingerprint keys of the observations it rests on.
 */
export class PlanSink {
  readonly changes: ResourceChange[] = [];
  readonly errors: PlanError[] = [];
  readonly fingerprintKeys = new Set<string>();

  constructor(private readonly inPlan: AddressFilter) {}

  change(entry: ResourceChange, dependsOn: string, alsoOn?: string): void {
    if (!this.inPlan(entry.address)) return;
    this.changes.push(entry);
    this.depend(dependsOn, alsoOn);
  }

  error(entry: PlanError, dependsOn: string, alsoOn?: string): void {
    if (!this.inPlan(entry.address)) return;
    this.errors.push(entry);
    this.depend(dependsOn, alsoOn);
  }

  private depend(a: string, b: string | undefined): void {
    this.fingerprintKeys.add(a);
    if (b !== undefined) this.fingerprintKeys.add(b);
  }
}

export function liveJobRef(job: LiveSnapshotJob): LiveJobRef {
  const ref: LiveJobRef = { id: job.id, arn: job.arn, status: job.status, key: naturalKey(job) };
  const owner = ownerOf(job.tags);
  if (owner !== undefined) ref.owner = owner;
  return ref;
}

/** The values of a live job from the index (its tags already in sorted order). */
export function liveJobValues(job: LiveSnapshotJob): JobValues {
  return {
    catalog: job.catalog,
    engagement: job.engagement,
    opportunity: job.opportunity,
    template: job.template,
    status: job.status,
    tags: copyTags(job.tags),
  };
}
