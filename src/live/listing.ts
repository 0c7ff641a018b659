import type { ListResourceSnapshotJobsResponse, PartnerCentralClient } from '../api/index.js';
import type { Catalog } from '../desired/types.js';
import { accountOfArn, type JobFactsCache } from './cache.js';
import { ALL_CATALOGS, PAGE_SIZE } from './observe.js';

/**
 * The account's listing (ListResourceSnapshotJobs of each catalog), started before observe. The
 * listing does not depend on what the stack says, so `plan` starts it as soon as the stack's files
 * are read and parsed, and checks the stack while the first pages are on their way; observe then
 * reads the pages from here instead of listing again.
 */
export interface Listing {
  readonly catalogs: readonly Catalog[];
  /** The catalog's pages, those already in and those to come; the listing's error, if any, is thrown here. */
  pages(catalog: Catalog): AsyncIterable<ListResourceSnapshotJobsResponse>;
  /** Asks for no further page (the stack failed its checks): a page already asked for still arrives. */
  stop(): void;
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
 * for the account is read as soon as the first page names the account.
 */
export function startListing(
  client: PartnerCentralClient,
  options: { catalogs?: readonly Catalog[]; cache?: JobFactsCache } = {},
): Listing {
  const catalogs = options.catalogs ?? ALL_CATALOGS;
  let stopped = false;
  const queues = new Map<Catalog, PageQueue>();
  for (const catalog of catalogs) {
    const queue = new PageQueue();
    queues.set(catalog, queue);
    void (async () => {
      try {
        for await (const page of client.paginateListResourceSnapshotJobs({ Catalog: catalog, MaxResults: PAGE_SIZE })) {
          const arn = page.ResourceSnapshotJobSummaries?.find((s) => s.Arn)?.Arn;
          const account = arn ? accountOfArn(arn) : undefined;
          // Started, not awaited: observe awaits the same read when it takes the page.
          if (options.cache && account) options.cache.load(account).catch(() => {});
          queue.push(page);
          if (stopped) break;
        }
        queue.end();
      } catch (error) {
        // Kept for observe, which decides what a catalog that cannot be listed means.
        queue.end({ error });
      }
    })();
  }
  return {
    catalogs,
    pages(catalog) {
      const queue = queues.get(catalog);
      if (!queue) throw new Error(`the listing does not cover the ${catalog} catalog`);
      return queue.drain();
    },
    stop() {
      stopped = true;
    },
  };
}
