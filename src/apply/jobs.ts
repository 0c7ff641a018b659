/**
 * Snapshot job changes, each with the fewest calls:
 *   create   CreateResourceSnapshotJob (tags inline), then StartResourceSnapshotJob if Running
 *   update   TagResource / UntagResource for the tag diff, then Start or Stop for the status
 *   delete   StopResourceSnapshotJob if running, then DeleteResourceSnapshotJob
 *   replace  delete the old job, then create the new one
 * A create is confirmed by one GetResourceSnapshotJob: a ClientToken the service remembers
 * answers with the job it made back then, which may since have been deleted, and "complete" is
 * said only of a job seen live on its key. An adoption claims the job first (claim.ts). Anything
 * more (a listing) happens only on an abnormal path: a conflict, a spent token.
 *
 * Every call on an existing job asks the ownership door first (door.ts).
 */
import { isServiceError, type PartnerCentralClient } from '../api/index.js';
import { OWNER_TAG_KEY, type Catalog, type JobStatus } from '../desired/types.js';
import { ownerOf, claimTagKey } from '../plan/ownership.js';
import type { LiveSnapshotJob } from '../live/types.js';
import { accountOfArn } from '../live/cache.js';
import { diffTags, isEmptyTagDiff } from '../plan/tags.js';
import { Action, type LiveJobRef, type NaturalKey, type SnapshotJobChange, type TagDiff } from '../plan/types.js';
import { tagsFromList, tagsToList } from '../util/tags.js';
import { claimJob } from './claim.js';
import type { ExecContext, PhaseResult } from './context.js';
import { OwnershipRefused, type OwnershipDoor } from './door.js';
import { observeJob, observeKeys } from '../live/partial.js';
import { applyTagDiff } from './tags.js';
import { jobCreateToken, MAX_JOB_GENERATIONS } from './tokens.js';

export async function applySnapshotJob(change: SnapshotJobChange, ctx: ExecContext): Promise<PhaseResult> {
  const address = change.address;
  const live = change.live;
  switch (change.action) {
    case Action.Create:
      return ctx.phase(address, 'create', undefined, () => createJob(change, ctx));
    case Action.Update:
      if (!live) throw new Error(`${address}: the plan has no live job to update`);
      return ctx.phase(address, 'update', live.id, () => updateJob(change, live, ctx));
    case Action.Delete:
      if (!live) throw new Error(`${address}: the plan has no live job to delete`);
      return ctx.phase(address, 'delete', live.id, () => deleteJob(live, change.stopFirst, ctx));
    case Action.DeleteThenCreate:
      if (!live) throw new Error(`${address}: the plan has no live job to replace`);
      // The old job goes first: the service allows one job per natural key.
      await ctx.phase(address, 'delete', live.id, () => deleteJob(live, change.stopFirst, ctx));
      return ctx.phase(address, 'create', undefined, () => createJob(change, ctx));
    default:
      return {};
  }
}

/**
 * Start or Stop. A ConflictException may mean the job is already so (a retry whose first answer
 * was lost, or a change made meanwhile): one Get tells, and only then.
 */
export async function setJobStatus(
  client: PartnerCentralClient,
  door: OwnershipDoor,
  catalog: Catalog,
  id: string,
  status: JobStatus,
): Promise<void> {
  door.check(id, status === 'Running' ? 'start' : 'stop');
  const input = { Catalog: catalog, ResourceSnapshotJobIdentifier: id };
  try {
    if (status === 'Running') await client.startResourceSnapshotJob(input);
    else await client.stopResourceSnapshotJob(input);
  } catch (err) {
    if (isServiceError(err, 'ConflictException')) {
      const job = await client.getResourceSnapshotJob(input);
      if (job.Status === status) return;
    }
    throw err;
  }
}

async function updateJob(change: SnapshotJobChange, live: LiveJobRef, ctx: ExecContext): Promise<PhaseResult> {
  // Tags first: an adoption claims the job (owner tag) before touching its status.
  const liveTagCount = Object.keys(change.before?.tags ?? {}).length;
  if (change.adoption) await adopt(live, change.tagDiff, liveTagCount, ctx);
  else if (!isEmptyTagDiff(change.tagDiff)) await applyTagDiff(ctx.client, ctx.door, live.id, live.arn, change.tagDiff, liveTagCount);
  const status = change.after?.status;
  if (status && status !== live.status) await setJobStatus(ctx.client, ctx.door, live.key.catalog, live.id, status);
  return { id: live.id };
}

/**
 * The job's key as the service tells it now, compared with the one observed: false when the job
 * is gone; OwnershipRefused when it is on another key than the one that decided the change.
 */
async function confirmKey(ctx: ExecContext, id: string, key: NaturalKey): Promise<boolean> {
  let job;
  try {
    job = await ctx.client.getResourceSnapshotJob({ Catalog: key.catalog, ResourceSnapshotJobIdentifier: id });
  } catch (err) {
    if (isServiceError(err, 'ResourceNotFoundException')) return false;
    throw err;
  }
  const seen = {
    catalog: key.catalog,
    engagement: job.EngagementId ?? '',
    opportunity: job.ResourceId ?? '',
    template: job.ResourceSnapshotTemplateName ?? '',
  };
  if (!sameKey(seen, key)) {
    throw new OwnershipRefused(
      `the job ${id} is on ${seen.engagement}/${seen.opportunity}/${seen.template}, not on ${key.engagement}/${key.opportunity}/${key.template} as observed ` +
        '(the job cache may be stale or edited: remove .cosell/jobs-*.json); cosell leaves it alone',
    );
  }
  return true;
}

/** Claims the job, then writes the tags: the claim key goes with the keys removed. */
export async function adopt(
  job: { id: string; arn: string; key: NaturalKey },
  diff: TagDiff,
  liveTagCount: number,
  ctx: ExecContext,
): Promise<void> {
  // Whether its key is declared decided the adoption: the service confirms the key first.
  if (!(await confirmKey(ctx, job.id, job.key))) throw new Error(`the job ${job.id} no longer exists: run cosell plan again`);
  await claimJob(job, ctx);
  const claim = claimTagKey(ctx.stack);
  const remove = diff.remove.includes(claim) ? diff.remove : [...diff.remove, claim].sort();
  await applyTagDiff(ctx.client, ctx.door, job.id, job.arn, { ...diff, remove }, liveTagCount + 1);
}

async function deleteJob(live: LiveJobRef, stopFirst: boolean, ctx: ExecContext): Promise<PhaseResult> {
  const input = { Catalog: live.key.catalog, ResourceSnapshotJobIdentifier: live.id };
  // Asked before the stop too: a stop that leads to a refused delete is not this stack's to make.
  ctx.door.check(live.id, 'delete');
  // Whether its key is declared decided the delete; the key may have come from the job cache,
  // so the service confirms it first (a read, before the only call that cannot be undone).
  if (!(await confirmKey(ctx, live.id, live.key))) return {};
  try {
    if (stopFirst) await setJobStatus(ctx.client, ctx.door, live.key.catalog, live.id, 'Stopped');
    ctx.door.check(live.id, 'delete');
    await ctx.client.deleteResourceSnapshotJob(input);
  } catch (err) {
    // Gone already: a delete retried after its answer was lost, or one made meanwhile.
    if (!isServiceError(err, 'ResourceNotFoundException')) throw err;
  }
  return {};
}

async function recordFacts(ctx: ExecContext, id: string, arn: string, key: NaturalKey): Promise<void> {
  const account = accountOfArn(arn);
  if (!ctx.cache || !account) return;
  await ctx.cache.load(account);
  ctx.cache.set(id, { arn, catalog: key.catalog, engagement: key.engagement, opportunity: key.opportunity, template: key.template });
}

const sameKey = (a: NaturalKey, b: NaturalKey): boolean =>
  a.catalog === b.catalog && a.engagement === b.engagement && a.opportunity === b.opportunity && a.template === b.template;

/** A job of this stack found on the key after all: bring its tags and status to the plan's. */
async function settleExisting(job: LiveSnapshotJob, change: SnapshotJobChange, ctx: ExecContext): Promise<PhaseResult> {
  ctx.door.see(job);
  const after = change.after;
  if (!after) return { id: job.id };
  const diff = diffTags(job.tags, after.tags, ctx.managed);
  if (!isEmptyTagDiff(diff)) await applyTagDiff(ctx.client, ctx.door, job.id, job.arn, diff, Object.keys(job.tags).length);
  if (job.status !== after.status) await setJobStatus(ctx.client, ctx.door, job.catalog, job.id, after.status);
  return { id: job.id };
}

/**
 * What a create's answer names, seen live: the job, when it exists on the key that was asked
 * for; undefined when it no longer exists (the token answered with a job deleted since).
 */
async function confirmCreated(ctx: ExecContext, id: string, arn: string, key: NaturalKey): Promise<{ status: JobStatus } | undefined> {
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
  const seen = {
    catalog: key.catalog,
    engagement: job.EngagementId ?? '',
    opportunity: job.ResourceId ?? '',
    template: job.ResourceSnapshotTemplateName ?? '',
  };
  if (!sameKey(seen, key)) {
    throw new Error(
      `CreateResourceSnapshotJob answered with job ${id}, which is on ${seen.engagement}/${seen.opportunity}/${seen.template}, not on the declared ` +
        `${key.engagement}/${key.opportunity}/${key.template}; cosell leaves it alone`,
    );
  }
  return { status: job.Status ?? 'Stopped' };
}

/**
 * Creates the job with a token that no earlier create has spent (tokens.ts): generation 0
 * first, the next one each time the service turns out to have answered with a deleted job.
 */
async function createJob(change: SnapshotJobChange, ctx: ExecContext): Promise<PhaseResult> {
  const after = change.after;
  if (!after) throw new Error(`${change.address}: the plan has nothing to create`);
  const key = change.key;
  const { client, journal } = ctx;
  for (let generation = 0; generation < MAX_JOB_GENERATIONS; generation++) {
    const token = jobCreateToken(ctx.stack, key, generation);
    const known = journal.get(token);
    if (known?.gone) continue;
    if (known) {
      const job = await observeJob(client, key.catalog, known.id, { cache: ctx.cache });
      if (job && sameKey(job, key)) {
        const owner = ownerOf(job.tags);
        if (owner !== undefined && owner !== ctx.stack) {
          throw new OwnershipRefused(
            `the job ${job.id} this stack's ClientToken created is now owned by ${owner} (tag ${OWNER_TAG_KEY}); cosell leaves it alone: run cosell plan again`,
          );
        }
        // The job this token made is there although the plan saw none: a listing that lagged.
        return settleExisting(job, change, ctx);
      }
      journal.set(token, { ...known, gone: true });
      ctx.note(
        change.address,
        `ClientToken generation ${generation} is spent (its job ${known.id} no longer exists); using generation ${generation + 1}`,
      );
      continue;
    }

    let created;
    try {
      created = await client.createResourceSnapshotJob({
        Catalog: key.catalog,
        ClientToken: token,
        EngagementIdentifier: key.engagement,
        ResourceType: 'Opportunity',
        ResourceIdentifier: key.opportunity,
        ResourceSnapshotTemplateIdentifier: key.template,
        Tags: tagsToList(after.tags),
      });
    } catch (err) {
      if (!isServiceError(err, 'ConflictException')) throw err;
      // Either a job is on the key (one the plan did not see), or the service remembers this
      // token with other parameters: look at the key to tell which.
      // Read afresh, not from the job cache: the cache said nothing is on this key, and the
      // service just said otherwise.
      const onKey = await observeKeys(client, [key]);
      if (onKey.length === 0) {
        journal.set(token, { id: '', arn: '', gone: true });
        ctx.note(
          change.address,
          `ClientToken generation ${generation} was used before with other parameters; using generation ${generation + 1}`,
        );
        continue;
      }
      const only = onKey[0] as LiveSnapshotJob;
      if (onKey.length === 1 && ownerOf(only.tags) === ctx.stack) return settleExisting(only, change, ctx);
      const found = onKey
        .map((j) => `${j.id} (${ownerOf(j.tags) !== undefined ? `owned by ${ownerOf(j.tags)}` : 'no owner tag'})`)
        .join(', ');
      throw new Error(`${err.describe()} The key now holds ${found}, which the plan did not see: run cosell plan again.`);
    }
    const id = created.Id;
    const arn = created.Arn;
    if (!id || !arn) throw new Error('CreateResourceSnapshotJob answered without the job’s Id and Arn');
    journal.set(token, { id, arn });
    const confirmed = await confirmCreated(ctx, id, arn, key);
    if (!confirmed) {
      // The service answered the token with a job deleted since: the token is spent.
      journal.set(token, { id, arn, gone: true });
      ctx.note(
        change.address,
        `ClientToken generation ${generation} is spent (its job ${id} no longer exists); using generation ${generation + 1}`,
      );
      continue;
    }
    // Made by this stack's token, with this stack's owner tag, on the declared key.
    ctx.door.owns(id, key);
    await recordFacts(ctx, id, arn, key);
    if (after.status === 'Running' && confirmed.status !== 'Running') {
      try {
        await setJobStatus(client, ctx.door, key.catalog, id, 'Running');
      } catch (err) {
        if (!isServiceError(err, 'ResourceNotFoundException')) throw err;
        journal.set(token, { id, arn, gone: true });
        ctx.note(
          change.address,
          `ClientToken generation ${generation} is spent (its job ${id} no longer exists); using generation ${generation + 1}`,
        );
        continue;
      }
    }
    return { id };
  }
  throw new Error(
    `no unspent ClientToken after ${MAX_JOB_GENERATIONS} generations for ${change.address}; the service remembers every one with a deleted job`,
  );
}
