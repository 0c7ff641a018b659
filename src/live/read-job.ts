import { isServiceError, type GetResourceSnapshotJobResponse, type PartnerCentralClient } from '../api/index.js';
import type { Catalog, Tags } from '../desired/types.js';
import { tagsFromList } from '../util/tags.js';
import { accountOfArn, type JobFacts, type JobFactsCache } from './cache.js';
import { createPool, type Pool } from './pool.js';
import { serviceValue } from './service-values.js';
import type { LiveSnapshotJob } from './types.js';
import { DEFAULT_PARALLELISM } from '../util/defaults.js';

const GET = 'GetResourceSnapshotJob';
const LIST = 'ListResourceSnapshotJobs';

/** The immutable facts of a job, as GetResourceSnapshotJob tells them, each checked against the model. */
export function factsFromJob(catalog: Catalog, arn: string, job: GetResourceSnapshotJobResponse): JobFacts {
  return {
    arn: serviceValue(GET, 'Arn', 'ResourceSnapshotJobArn', job.Arn ?? arn),
    catalog,
    engagement: serviceValue(GET, 'EngagementId', 'EngagementIdentifier', job.EngagementId),
    opportunity: serviceValue(GET, 'ResourceId', 'ResourceIdentifier', job.ResourceId),
    template: serviceValue(GET, 'ResourceSnapshotTemplateName', 'ResourceTemplateName', job.ResourceSnapshotTemplateName),
  };
}

/** A job's id and ARN as a listing gave them, checked before either becomes a cache key or a request. */
export function listedJob(summary: { Id?: unknown; Arn?: unknown }): { id: string; arn: string } {
  return {
    id: serviceValue(LIST, 'Id', 'ResourceSnapshotJobIdentifier', summary.Id),
    arn: serviceValue(LIST, 'Arn', 'ResourceSnapshotJobArn', summary.Arn),
  };
}

/** Whether cached facts would pass the checks a fresh answer gets (the cache file may be old or edited). */
function plausible(facts: JobFacts): boolean {
  try {
    factsFromJob(facts.catalog, facts.arn, {
      Catalog: facts.catalog,
      Arn: facts.arn,
      EngagementId: facts.engagement,
      ResourceId: facts.opportunity,
      ResourceSnapshotTemplateName: facts.template,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * A listed job's immutable facts: from the cache, else one Get (then cached). Undefined when
 * the job was deleted between the listing and the Get: another writer may be at work.
 */
export async function readFacts(
  client: PartnerCentralClient,
  pool: Pool,
  catalog: Catalog,
  id: string,
  arn: string,
  cache?: JobFactsCache,
): Promise<JobFacts | undefined> {
  listedJob({ Id: id, Arn: arn });
  const account = accountOfArn(arn);
  // Awaited only while the cache is not loaded: with it loaded, this runs straight to the Get,
  // so a caller that starts the Get and then the tags read queues them in that order. An await
  // here queued each page's Gets behind all its tags reads, and the two operations, each with
  // its own quota, ran one after the other instead of together (twice the floor).
  if (cache && account && !cache.isLoaded(account)) await cache.load(account);
  const cached = cache?.get(id, arn);
  if (cached && plausible(cached)) return cached;
  try {
    const facts = factsFromJob(
      catalog,
      arn,
      await pool(() => client.getResourceSnapshotJob({ Catalog: catalog, ResourceSnapshotJobIdentifier: id })),
    );
    cache?.set(id, facts);
    return facts;
  } catch (err) {
    if (isServiceError(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
}

/** A listed job's facts as far as the cache knows them, with no call: unknown ones are empty. */
export async function cachedFacts(catalog: Catalog, id: string, arn: string, engagement: string, cache?: JobFactsCache): Promise<JobFacts> {
  const account = accountOfArn(arn);
  if (cache && account && !cache.isLoaded(account)) await cache.load(account);
  return cache?.get(id, arn) ?? { arn, catalog, engagement, opportunity: '', template: '' };
}

/**
 * Fills in the facts of the jobs observed with `facts: 'cached'` that the cache did not know,
 * for those `needs` asks about only: one Get each (then cached). A job gone since is left as it was.
 */
export async function completeFacts(
  client: PartnerCentralClient,
  jobs: readonly LiveSnapshotJob[],
  needs: (job: LiveSnapshotJob) => boolean,
  options: { cache?: JobFactsCache; parallelism?: number } = {},
): Promise<LiveSnapshotJob[]> {
  const pool = createPool(options.parallelism ?? DEFAULT_PARALLELISM);
  const out = await Promise.all(
    jobs.map(async (job) => {
      if (job.template !== '' || !needs(job)) return job;
      const facts = await readFacts(client, pool, job.catalog, job.id, job.arn, options.cache);
      return facts ? { ...job, ...facts } : job;
    }),
  );
  await options.cache?.save();
  return out;
}

/** A job's live tags; undefined when the job is gone. */
export async function readTags(client: PartnerCentralClient, pool: Pool, arn: string): Promise<Tags | undefined> {
  try {
    const { Tags } = await pool(() => client.listTagsForResource({ ResourceArn: arn }));
    return tagsFromList(Tags);
  } catch (err) {
    if (isServiceError(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
}

/**
 * Work started while more is still being listed. Each piece gets its handler at once, so a
 * failure never goes unhandled (Node would end the process) before `settle` reports it.
 */
export class PendingWork {
  private readonly all: Promise<void>[] = [];
  private failure: { error: unknown } | undefined;

  add(work: Promise<void>): void {
    this.all.push(
      work.catch((error: unknown) => {
        this.failure ??= { error };
      }),
    );
  }

  /** Waits for everything, then throws the first failure, if any. */
  async settle(): Promise<void> {
    await Promise.all(this.all);
    if (this.failure) throw this.failure.error;
  }
}
