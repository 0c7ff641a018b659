import type { PartnerCentralClient } from '../api/index.js';
import type { Catalog, DesiredState, JobStatus } from '../desired/types.js';
import { tagsFromList } from '../util/tags.js';
import { accountOfArn, type JobFacts, type JobFactsCache } from './cache.js';
import { createPool } from './pool.js';
import { listTasks } from './tasks.js';
import type { LiveSnapshotJob, LiveState, LiveTask } from './types.js';

export interface ObserveOptions {
  /** Calls in flight at once (default 10); the client's rate limiter still paces them. */
  parallelism?: number;
  cache?: JobFactsCache;
  /** Called as jobs are read: (done, seen so far). */
  onProgress?: (done: number, seen: number) => void;
}

/** The listing pages are 100 jobs long at most (the service's page size). */
const PAGE_SIZE = 100;

/**
 * Reads what is live for a stack: every snapshot job in the catalogs it uses (their tags carry
 * ownership, so every job's tags are read), and the tasks on the invitations and opportunities
 * it declares. A job's immutable facts come from the cache when known, else from one Get.
 * Work on a page's jobs starts as soon as the page arrives, so the operations overlap.
 */
export async function observe(desired: DesiredState, client: PartnerCentralClient, options: ObserveOptions = {}): Promise<LiveState> {
  const pool = createPool(options.parallelism ?? 10);
  const cache = options.cache;
  const snapshotJobs: LiveSnapshotJob[] = [];
  const liveIds = new Set<string>();
  let seen = 0;
  let done = 0;

  const readJob = async (catalog: Catalog, summary: { Id?: string; Arn?: string; Status?: string }): Promise<void> => {
    const id = summary.Id;
    const arn = summary.Arn;
    if (!id || !arn) return;
    let facts = cache?.get(id, arn);
    let status = summary.Status as JobStatus | undefined;
    const tagsCall = pool(() => client.listTagsForResource({ ResourceArn: arn }));
    if (!facts) {
      const job = await pool(() => client.getResourceSnapshotJob({ Catalog: catalog, ResourceSnapshotJobIdentifier: id }));
      facts = {
        arn: job.Arn ?? arn,
        catalog,
        engagement: job.EngagementId ?? '',
        opportunity: job.ResourceId ?? '',
        template: job.ResourceSnapshotTemplateName ?? '',
      } satisfies JobFacts;
      status ??= job.Status as JobStatus | undefined;
      cache?.set(id, facts);
    }
    const { Tags } = await tagsCall;
    snapshotJobs.push({ id, ...facts, status: status ?? 'Stopped', tags: tagsFromList(Tags) });
    liveIds.add(id);
    options.onProgress?.(++done, seen);
  };

  const readCatalog = async (catalog: Catalog): Promise<void> => {
    const pending: Promise<void>[] = [];
    for await (const page of client.paginateListResourceSnapshotJobs({ Catalog: catalog, MaxResults: PAGE_SIZE })) {
      const summaries = page.ResourceSnapshotJobSummaries ?? [];
      const first = summaries.find((s) => s.Arn)?.Arn;
      const account = first ? accountOfArn(first) : undefined;
      if (cache && account) await cache.load(account);
      seen += summaries.length;
      for (const s of summaries) pending.push(readJob(catalog, s));
    }
    await Promise.all(pending);
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

  const catalogs = desired.catalogs;
  const [, taskLists] = await Promise.all([Promise.all(catalogs.map(readCatalog)), Promise.all(catalogs.map(readTasks))]);

  if (cache) {
    cache.retainOnly(liveIds, catalogs);
    await cache.save();
  }
  snapshotJobs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { catalogs: [...catalogs], snapshotJobs, tasks: taskLists.flat() };
}
