/** Shared plumbing of the diff steps. */
import { OWNER_TAG_KEY } from '../desired/types.js';
import type { LiveSnapshotJob } from '../live/types.js';
import { naturalKey } from './address.js';
import { copyTags } from './tags.js';
import type { JobValues, LiveJobRef } from './types.js';

/** A plan entry with the fingerprint keys of the observations it rests on. */
export interface Planned<T> {
  entry: T;
  depends: string[];
}

export function liveJobRef(job: LiveSnapshotJob): LiveJobRef {
  const ref: LiveJobRef = { id: job.id, arn: job.arn, status: job.status, key: naturalKey(job) };
  const owner = job.tags[OWNER_TAG_KEY];
  if (owner !== undefined) ref.owner = owner;
  return ref;
}

/** The values of a live job from the index (its tags already in sorted order). */
export function liveJobValues(job: LiveSnapshotJob): JobValues {
  return { catalog: job.catalog, engagement: job.engagement, opportunity: job.opportunity, template: job.template, status: job.status, tags: copyTags(job.tags) };
}
