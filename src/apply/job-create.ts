/**
 * Creating a job with its tags inline, confirmed live by one Get and one ListTagsForResource,
 * with a ClientToken no earlier create has spent (tokens.ts). A job found on the key after all
 * (a listing that lagged, a conflict) is settled to the plan's tags and status instead.
 */
import { isServiceError } from '../api/index.js';
import { OWNER_TAG_KEY } from '../desired/types.js';
import { accountOfArn } from '../live/cache.js';
import { observeJob, observeKeys } from '../live/partial.js';
import type { LiveSnapshotJob } from '../live/types.js';
import { ownerOf } from '../plan/ownership.js';
import { diffTags, isEmptyTagDiff } from '../plan/tags.js';
import type { NaturalKey, SnapshotJobChange } from '../plan/types.js';
import { CosellError } from '../util/errors.js';
import { tagsToList } from '../util/tags.js';
import type { ExecContext, PhaseResult } from './context.js';
import { OwnershipRefused } from './door.js';
import { confirmCreated, sameKey } from './job-confirm.js';
import { setJobStatus } from './job-status.js';
import { applyTagDiff } from './tags.js';
import { jobCreateToken, MAX_JOB_GENERATIONS } from './tokens.js';

async function recordFacts(ctx: ExecContext, id: string, arn: string, key: NaturalKey): Promise<void> {
  const account = accountOfArn(arn);
  if (!ctx.cache || !account) return;
  await ctx.cache.load(account);
  ctx.cache.set(id, { arn, catalog: key.catalog, engagement: key.engagement, opportunity: key.opportunity, template: key.template });
}

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
 * Creates the job with a token that no earlier create has spent (tokens.ts): generation 0
 * first, the next one each time the service turns out to have answered with a deleted job.
 */
export async function createJob(change: SnapshotJobChange, ctx: ExecContext): Promise<PhaseResult> {
  const after = change.after;
  if (!after) throw new CosellError(`${change.address}: the plan has nothing to create`);
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
      throw new CosellError(`${err.describe()} The key now holds ${found}, which the plan did not see: run cosell plan again.`);
    }
    const id = created.Id;
    const arn = created.Arn;
    if (!id || !arn) throw new CosellError('CreateResourceSnapshotJob answered without the job’s Id and Arn');
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
  throw new CosellError(
    `no unspent ClientToken after ${MAX_JOB_GENERATIONS} generations for ${change.address}; the service remembers every one with a deleted job`,
  );
}
