import { isServiceError, type PartnerCentralClient } from '../api/index.js';
import type { Catalog, DesiredState, JobStatus } from '../desired/types.js';
import { accountOfArn, type JobFactsCache } from './cache.js';
import { createPool } from './pool.js';
import { ALL_CATALOGS, PAGE_SIZE } from './paging.js';
import type { ObservationWatcher } from './finality.js';
import type { Listing } from './listing.js';
import { cachedFacts, listedJob, PendingWork, readFacts, readTags } from './read-job.js';
import { listTasks } from './tasks.js';
import type { LiveSnapshotJob, LiveState, LiveTask } from './types.js';
import { compareStrings } from '../util/compare.js';
import { DEFAULT_PARALLELISM } from '../util/defaults.js';

export interface ObserveOptions {
  /** Calls in flight at once (default 10); the client's rate limiter still paces them. */
  parallelism?: number;
  cache?: JobFactsCache;
  /** Called as jobs are read: (done, seen so far). */
  onProgress?: (done: number, seen: number) => void;
  /** Told about what could not be read but does not stop the plan. */
  onWarning?: (message: string) => void;
  /** The catalogs whose jobs are listed (default: every catalog, for plan's ownership rules). */
  catalogs?: readonly Catalog[];
  /** Whether to list the declared engagements' tasks (default true). */
  tasks?: boolean;
  /**
   * `cached`: a job's facts come from the cache only, never a Get; a job the cache does not know
   * has the listing's engagement and an empty opportunity and template (see completeFacts).
   */
  facts?: 'read' | 'cached';
  /** Told of each step as it happens, so that a caller can act on what is final (live/finality.ts). */
  watcher?: ObservationWatcher;
  /**
   * A listing already under way (listing.ts), used instead of listing again: it sets the catalogs
   * listed, its reads of each job stand for this one's, and its pool bounds the calls in flight.
   */
  listing?: Listing;
}

/**
 * What observe needs of a stack, and no more: the catalogs it declares things in (one of them
 * that cannot be listed is an error, another is passed over with a warning) and the tasks it
 * declares (they are read by opportunity and invitation). A DesiredState is one.
 */
export type ObservedStack = Pick<DesiredState, 'catalogs' | 'opportunityEngagements' | 'invitationAcceptances'>;

export { ALL_CATALOGS, PAGE_SIZE };

/**
 * Reads what is live for a stack: every snapshot job in every catalog (their tags carry
 * ownership, so every job's tags are read), and the tasks on the invitations and opportunities
 * it declares. A job's immutable facts come from the cache when known, else from one Get.
 * Work on a page's jobs starts as soon as the page arrives, so the operations overlap. A catalog
 * the stack declares nothing in, and may not read, is passed over with a warning.
 */
export async function observe(desired: ObservedStack, client: PartnerCentralClient, options: ObserveOptions = {}): Promise<LiveState> {
  const pool = options.listing?.pool ?? createPool(options.parallelism ?? DEFAULT_PARALLELISM);
  const cache = options.cache;
  const snapshotJobs: LiveSnapshotJob[] = [];
  const liveIds = new Set<string>();
  const listedIds = new Set<string>();
  let seen = 0;
  let done = 0;

  const readJob = async (
    catalog: Catalog,
    summary: { Id?: string; Arn?: string; Status?: string; EngagementId?: string },
  ): Promise<void> => {
    if (!summary.Id || !summary.Arn) return;
    const { id, arn } = listedJob(summary);
    // A listing may name a job twice (a page boundary that moved while paging): one job, read once.
    if (listedIds.has(id)) return;
    listedIds.add(id);
    seen++;
    const watcher = options.watcher;
    watcher?.listed(catalog, id, summary.EngagementId);
    const early = options.facts === 'cached' ? undefined : options.listing?.reads(id, arn);
    const factsOf =
      options.facts === 'cached'
        ? cachedFacts(catalog, id, arn, summary.EngagementId ?? '', cache)
        : (early?.facts ?? readFacts(client, pool, catalog, id, arn, cache));
    factsOf.then(
      (f) => watcher?.factsKnown(id, f),
      () => {},
    );
    // Facts and tags are read together; a job deleted since the listing is simply gone.
    const [facts, tags] = await Promise.all([factsOf, early?.tags ?? readTags(client, pool, arn)]);
    const job = facts && tags ? { id, ...facts, status: (summary.Status as JobStatus | undefined) ?? 'Stopped', tags } : undefined;
    if (job) {
      snapshotJobs.push(job);
      liveIds.add(id);
    }
    watcher?.read(id, job);
    options.onProgress?.(++done, seen);
  };

  const readCatalog = async (catalog: Catalog): Promise<boolean> => {
    const work = new PendingWork();
    try {
      const pages = options.listing?.pages(catalog) ?? client.paginateListResourceSnapshotJobs({ Catalog: catalog, MaxResults: PAGE_SIZE });
      for await (const page of pages) {
        const summaries = page.ResourceSnapshotJobSummaries ?? [];
        const first = summaries.find((s) => s.Arn)?.Arn;
        const account = first ? accountOfArn(first) : undefined;
        if (cache && account) await cache.load(account);
        for (const s of summaries) work.add(readJob(catalog, s));
      }
      options.watcher?.catalogListed(catalog);
    } catch (err) {
      await work.settle().catch(() => {});
      if (!desired.catalogs.includes(catalog) && isServiceError(err, 'AccessDeniedException')) {
        options.onWarning?.(
          `Warning: cannot list the ${catalog} catalog (${err.message}); jobs this stack owns there, if any, are not managed. ` +
            `Grant partnercentral:ListResourceSnapshotJobs on it to manage them.`,
        );
        options.watcher?.catalogListed(catalog);
        return false;
      }
      throw err;
    }
    await work.settle();
    return true;
  };

  const readTasks = async (catalog: Catalog): Promise<LiveTask[]> => {
    const opportunities = desired.opportunityEngagements.filter((r) => r.catalog === catalog).map((r) => r.opportunity);
    const invitations = desired.invitationAcceptances.filter((r) => r.catalog === catalog).map((r) => r.invitation);
    const [a, b] = await Promise.all([
      opportunities.length ? listTasks(client, pool, 'opportunityEngagement', catalog, opportunities) : [],
      invitations.length ? listTasks(client, pool, 'invitationAcceptance', catalog, invitations) : [],
    ]);
    return [...a, ...b];
  };

  const listed = options.listing?.catalogs ?? options.catalogs ?? ALL_CATALOGS;
  const [readable, taskLists] = await Promise.all([
    Promise.all(listed.map(readCatalog)),
    (options.tasks === false ? Promise.resolve([]) : Promise.all(desired.catalogs.map(readTasks))).then((lists) => {
      options.watcher?.tasksListed(lists.flat());
      return lists;
    }),
  ]);
  const catalogs = listed.filter((_, i) => readable[i]);

  if (cache) {
    cache.retainOnly(liveIds, catalogs);
    await cache.save();
  }
  snapshotJobs.sort((a, b) => compareStrings(a.id, b.id));
  return { catalogs: [...catalogs], snapshotJobs, tasks: taskLists.flat() };
}
