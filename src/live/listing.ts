import { setImmediate as nextTurn } from 'node:timers/promises';
import { CosellError } from '../util/errors.js';
import type { ListResourceSnapshotJobsResponse, PartnerCentralClient } from '../api/index.js';
import type { Catalog, Tags } from '../desired/types.js';
import { accountOfArn, type JobFacts, type JobFactsCache } from './cache.js';
import { ALL_CATALOGS, PAGE_SIZE } from './paging.js';
import { createPool, type Pool } from './pool.js';
import { listedJob, readFacts, readTags } from './read-job.js';
import { DEFAULT_PARALLELISM } from '../util/defaults.js';

/** A listed job's reads, started as its page arrived: what observe's own reads would be. */
export interface JobReads {
  facts: Promise<JobFacts | undefined>;
  tags: Promise<Tags | undefined>;
}

/**
 * The account's listing (ListResourceSnapshotJobs of each catalog), started before observe. The
 * listing does not depend on what the stack says, so `plan` starts it as soon as the stack's files
 * are read, and parses and checks them while the first pages are on their way; observe then
 * reads the pages from here instead of listing again. Each listed job's facts and tags are read
 * as its page arrives, as observe reads them (the cache, else a Get; the tags), through the
 * listing's pool, which observe then shares.
 */
export interface Listing {
  readonly catalogs: readonly Catalog[];
  /** The catalog's pages, those already in and those to come; the listing's error, if any, is thrown here. */
  pages(catalog: Catalog): AsyncIterable<ListResourceSnapshotJobsResponse>;
  /** The reads of the job `id` at `arn`, when the listing started them. */
  reads(id: string, arn: string): JobReads | undefined;
  /**
   * Settles once every catalog's first page is in and its reads are queued (or the catalog's
   * listing ended or failed): from then on the reads go at the quota's pace, and a command can
   * load and parse what it needs while they do.
   */
  readonly firstPages: Promise<void>;
  /** The bound on calls in flight that the listing's reads use: observe uses it too. */
  readonly pool: Pool;
  /**
   * Asks for nothing more (the stack failed its checks): no further page, and no read that has
   * not yet left; a request already sent still gets its answer.
   */
  stop(): void;
}

/** A read the listing had queued, not sent because the listing was stopped. */
class ListingStopped extends Error {
  constructor() {
    super('the listing was stopped');
  }
}

/** A catalog's pages as they arrive, kept until read. */
class PageQueue {
  private readonly pages: ListResourceSnapshotJobsResponse[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  push(page: ListResourceSnapshotJobsResponse): void {
    this.pages.push(page);
    this.notify();
  }

  end(failure?: { error: unknown }): void {
    this.ended = true;
    this.failure = failure;
    this.notify();
  }

  async *drain(): AsyncGenerator<ListResourceSnapshotJobsResponse> {
    for (;;) {
      const page = this.pages.shift();
      if (page) yield page;
      else if (this.failure) throw this.failure.error;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/**
 * Starts listing every catalog (by default all of them, as observe does). With a cache, its file
 * for the account is read as soon as the first page names the account, before that page's reads.
 */
export function startListing(
  client: PartnerCentralClient,
  options: { catalogs?: readonly Catalog[]; cache?: JobFactsCache; parallelism?: number; first?: Catalog } = {},
): Listing {
  const catalogs = options.catalogs ?? ALL_CATALOGS;
  // The catalog the stack most likely names is asked for first (each catalog's first request
  // waits its turn at the operation's rate); `catalogs` keeps its order for observe.
  const order = [...catalogs].sort((a, b) => Number(b === options.first) - Number(a === options.first));
  let stopped = false;
  const shared = createPool(options.parallelism ?? DEFAULT_PARALLELISM);
  // Once stopped, a queued read fails instead of leaving: a stack that failed its checks makes
  // no more calls than were already on their way.
  const pool: Pool = (task) => shared(() => (stopped ? Promise.reject(new ListingStopped()) : task()));
  const reads = new Map<string, JobReads & { arn: string }>();
  const startReads = (catalog: Catalog, summary: { Id?: string; Arn?: string }): void => {
    if (stopped || !summary.Id || !summary.Arn) return;
    let job: { id: string; arn: string };
    try {
      job = listedJob(summary);
    } catch {
      return; // observe reads this one itself, and reports what is wrong with it
    }
    const facts = readFacts(client, pool, catalog, job.id, job.arn, options.cache);
    const tags = readTags(client, pool, job.arn);
    // Handled here too: when the stack fails its checks nobody else awaits them.
    facts.catch(() => {});
    tags.catch(() => {});
    reads.set(job.id, { arn: job.arn, facts, tags });
  };
  const queues = new Map<Catalog, PageQueue>();
  const firsts: Promise<void>[] = [];
  for (const catalog of order) {
    const queue = new PageQueue();
    queues.set(catalog, queue);
    let firstIn = (): void => {};
    firsts.push(new Promise<void>((resolve) => (firstIn = resolve)));
    void (async () => {
      try {
        for await (const page of client.paginateListResourceSnapshotJobs({ Catalog: catalog, MaxResults: PAGE_SIZE })) {
          const arn = page.ResourceSnapshotJobSummaries?.find((s) => s.Arn)?.Arn;
          const account = arn ? accountOfArn(arn) : undefined;
          // Loaded before the page's reads start, as observe does: a read that had to wait for the
          // cache would queue its Get behind the page's tag reads, and the two operations, each with
          // its own quota, would run one after the other (see readFacts).
          if (options.cache && account) {
            const loading = options.cache.load(account);
            // Most often ready by now (JobFactsCache.preload): then not even a turn of the loop is lost.
            if (!options.cache.isLoaded(account)) await loading;
          }
          const summaries = page.ResourceSnapshotJobSummaries ?? [];
          for (const [i, summary] of summaries.entries()) {
            startReads(catalog, summary);
            // The page's first reads leave before its other jobs are queued (queueing a hundred
            // takes ~10 ms of a cold start): a turn of the event loop lets their requests out.
            if (i === 0 && summaries.length > 1) await nextTurn();
          }
          queue.push(page);
          firstIn();
          if (stopped) break;
        }
        queue.end();
      } catch (error) {
        // Kept for observe, which decides what a catalog that cannot be listed means.
        queue.end({ error });
      } finally {
        firstIn();
      }
    })();
  }
  // The cache file is read while the first pages are on their way, not after.
  options.cache?.preload();
  return {
    catalogs,
    firstPages: Promise.all(firsts).then(() => undefined),
    pages(catalog) {
      const queue = queues.get(catalog);
      if (!queue) throw new CosellError(`internal error: the listing does not cover the ${catalog} catalog`);
      return queue.drain();
    },
    reads(id, arn) {
      const found = reads.get(id);
      return found && found.arn === arn ? found : undefined;
    },
    pool,
    stop() {
      stopped = true;
    },
  };
}
