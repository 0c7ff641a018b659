/**
 * What the service says of a job before and after a change: its key, confirmed before a delete
 * or an adoption (the key decided the change and may have come from the job cache), and the
 * job a create's answer names, seen live with this stack's owner tag on the declared key.
 */
import { isServiceError, type GetResourceSnapshotJobResponse } from '../api/index.js';
import { OWNER_TAG_KEY, type JobStatus } from '../desired/types.js';
import { ownerOf } from '../plan/ownership.js';
import type { NaturalKey } from '../plan/types.js';
import { CosellError } from '../util/errors.js';
import { tagsFromList } from '../util/tags.js';
import type { ExecContext } from './context.js';
import { OwnershipRefused } from './door.js';

/** The key a GetResourceSnapshotJob answer puts the job on, in the catalog it was asked in. */
function keyInAnswer(catalog: NaturalKey['catalog'], job: GetResourceSnapshotJobResponse): NaturalKey {
  return {
    catalog,
    engagement: job.EngagementId ?? '',
    opportunity: job.ResourceId ?? '',
    template: job.ResourceSnapshotTemplateName ?? '',
  };
}

/** A key within its catalog, as these messages have always named it. */
const onKey = (k: NaturalKey): string => `${k.engagement}/${k.opportunity}/${k.template}`;

export const sameKey = (a: NaturalKey, b: NaturalKey): boolean =>
  a.catalog === b.catalog && a.engagement === b.engagement && a.opportunity === b.opportunity && a.template === b.template;

/**
 * The job's key as the service tells it now, compared with the one observed: false when the job
 * is gone; OwnershipRefused when it is on another key than the one that decided the change.
 */
export async function confirmKey(ctx: ExecContext, id: string, key: NaturalKey): Promise<boolean> {
  let job;
  try {
    job = await ctx.client.getResourceSnapshotJob({ Catalog: key.catalog, ResourceSnapshotJobIdentifier: id });
  } catch (err) {
    if (isServiceError(err, 'ResourceNotFoundException')) return false;
    throw err;
  }
  const seen = keyInAnswer(key.catalog, job);
  if (!sameKey(seen, key)) {
    throw new OwnershipRefused(
      `the job ${id} is on ${onKey(seen)}, not on ${onKey(key)} as observed ` +
        '(the job cache may be stale or edited: remove .cosell/jobs-*.json); cosell leaves it alone',
    );
  }
  return true;
}

/**
 * What a create's answer names, seen live: the job, when it exists on the key that was asked
 * for; undefined when it no longer exists (the token answered with a job deleted since).
 */
export async function confirmCreated(
  ctx: ExecContext,
  id: string,
  arn: string,
  key: NaturalKey,
): Promise<{ status: JobStatus } | undefined> {
  let job;
  let tags;
  try {
    // Both reads at once: what the job is, and whose it is.
    [job, tags] = await Promise.all([
      ctx.client.getResourceSnapshotJob({ Catalog: key.catalog, ResourceSnapshotJobIdentifier: id }),
      ctx.client.listTagsForResource({ ResourceArn: arn }),
    ]);
  } catch (err) {
    if (isServiceError(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
  const owner = ownerOf(tagsFromList(tags.Tags));
  if (owner !== ctx.stack) {
    throw new OwnershipRefused(
      `CreateResourceSnapshotJob answered with job ${id}, which ${owner === undefined ? `carries no ${OWNER_TAG_KEY} tag` : `is owned by stack ${JSON.stringify(owner)}`}; cosell leaves it alone`,
    );
  }
  const seen = keyInAnswer(key.catalog, job);
  if (!sameKey(seen, key)) {
    throw new CosellError(
      `CreateResourceSnapshotJob answered with job ${id}, which is on ${onKey(seen)}, not on the declared ${onKey(key)}; cosell leaves it alone`,
    );
  }
  return { status: job.Status ?? 'Stopped' };
}
