/** Shared plumbing of the diff steps. */
import type { LiveSnapshotJob } from '../live/types.js';
import { naturalKey } from '../desired/natural-key.js';
import { encodeFingerprintKey, type FingerprintKey } from './fingerprint-key.js';
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
  /** The observations the kept entries rest on, by their encoded key. */
  readonly fingerprintKeys = new Map<string, FingerprintKey>();

  constructor(private readonly inPlan: AddressFilter) {}

  change(entry: ResourceChange, dependsOn: FingerprintKey, alsoOn?: FingerprintKey): void {
    if (!this.inPlan(entry.address)) return;
    this.changes.push(entry);
    this.depend(dependsOn, alsoOn);
  }

  error(entry: PlanError, dependsOn: FingerprintKey, alsoOn?: FingerprintKey): void {
    if (!this.inPlan(entry.address)) return;
    this.errors.push(entry);
    this.depend(dependsOn, alsoOn);
  }

  private depend(a: FingerprintKey, b: FingerprintKey | undefined): void {
    this.fingerprintKeys.set(encodeFingerprintKey(a), a);
    if (b !== undefined) this.fingerprintKeys.set(encodeFingerprintKey(b), b);
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
