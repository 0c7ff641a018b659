import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../desired/types.js';
import { CAP, corruptReason, readStateFile } from '../util/bounded-read.js';
import { CosellError } from '../util/errors.js';
import { updateSharedFile } from '../util/shared-file.js';

const SHARED = { what: 'the job cache', cap: CAP.jobCache };

/** What never changes for a job id: read once with GetResourceSnapshotJob, then cached. */
export interface JobFacts {
  arn: string;
  catalog: Catalog;
  engagement: string;
  opportunity: string;
  template: string;
}

interface CacheFile {
  version: 1;
  endpoint: string;
  account: string;
  jobs: Record<string, JobFacts>;
}

/**
 * The cache of immutable job facts, one file per endpoint and account under the cache dir.
 * It only ever saves calls: an entry whose ARN disagrees with the listing is ignored, and a
 * corrupt file is discarded with a warning.
 */
export class JobFactsCache {
  private jobs = new Map<string, JobFacts>();
  /** What this run learnt and forgot: merged into the file as it is when saved (runs share it). */
  private readonly learnt = new Set<string>();
  private readonly forgotten = new Set<string>();
  private dirty = false;
  private loadedFor?: string;
  private loading?: Promise<void>;
  /** The account whose entries are loaded and ready (the read has finished). */
  private readyFor?: string;
  /**
   * The account a listing named (load, not preload): only its file is ever pruned or written, so
   * that a preload's wrong guess (other credentials, an empty account) never touches its file.
   */
  private confirmedFor?: string;
  /** A corrupt file a preload read: reported, and discarded, only once a listing names its account. */
  private corrupt?: { account: string; warning: string };

  constructor(
    private readonly dir: string,
    private readonly endpoint: string,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  private fileFor(account: string): string {
    const key = createHash('sha256').update(`${this.endpoint}\n${account}`).digest('hex').slice(0, 16);
    return join(this.dir, `jobs-${account}-${key}.json`);
  }

  /** Loads the entries for an account, once; the account is learnt from the first ARN seen. */
  load(account: string): Promise<void> {
    this.confirmedFor = account;
    this.reportCorrupt();
    return this.startLoad(account);
  }

  /** Says a confirmed account's file was corrupt, once, and marks it to be written afresh. */
  private reportCorrupt(): void {
    if (!this.corrupt || this.corrupt.account !== this.confirmedFor) return;
    this.warn(this.corrupt.warning);
    this.dirty = true;
    this.corrupt = undefined;
  }

  private startLoad(account: string): Promise<void> {
    // Catalogs are read concurrently: they share one read of the file.
    if (this.loadedFor !== account || !this.loading) {
      this.loadedFor = account;
      this.readyFor = undefined;
      this.jobs.clear();
      this.learnt.clear();
      this.forgotten.clear();
      this.corrupt = undefined;
      const loading: Promise<void> = this.read(account).then(({ jobs, corrupt }) => {
        // A load of another account since (preload guessed wrong) owns the entries now.
        if (this.loading !== loading) return;
        this.jobs = jobs;
        this.readyFor = account;
        if (corrupt) this.corrupt = { account, warning: corrupt };
        this.reportCorrupt();
      });
      this.loading = loading;
    }
    return this.loading;
  }

  /**
   * Loads, before any listing names the account, the entries of the one account this cache holds
   * a file for at this endpoint (a warm run's usual case: one set of credentials). The first page
   * of the listing then finds them ready instead of waiting for the file, on the way to the first
   * tag read. Two accounts or none: nothing is loaded, and the listing loads as it always did. A
   * guess is only ever a file read: entries count only where their ARN matches the listing's.
   */
  preload(): void {
    void (async () => {
      const names = await readdir(this.dir).catch(() => [] as string[]);
      const accounts = names.flatMap((name) => {
        const account = /^jobs-(\d{12})-[0-9a-f]{16}\.json$/.exec(name)?.[1];
        return account && this.fileFor(account) === join(this.dir, name) ? [account] : [];
      });
      // A failure here is the listing's to report, when it loads the same account.
      if (accounts.length === 1 && this.loadedFor === undefined) await this.startLoad(accounts[0]!).catch(() => {});
    })();
  }

  /** Whether the account's entries are loaded, so that get() may be asked without awaiting load(). */
  isLoaded(account: string): boolean {
    return this.readyFor === account && this.loadedFor === account;
  }

  /** The account's entries; a corrupt file gives none and its warning, said by reportCorrupt once a listing names the account. */
  private async read(account: string): Promise<{ jobs: Map<string, JobFacts>; corrupt?: string }> {
    const file = this.fileFor(account);
    // Anything but a regular file there (a link, a FIFO, a directory) stops the run: see readStateFile.
    const text = await readStateFile(file, SHARED.cap, SHARED.what);
    if (text === undefined) return { jobs: new Map() }; // no cache yet
    try {
      return { jobs: parseCache(text) };
    } catch (err) {
      return { jobs: new Map(), corrupt: `Warning: the job cache ${file} is corrupt (${corruptReason(err)}); discarding it.` };
    }
  }

  get(id: string, arn: string): JobFacts | undefined {
    const facts = this.jobs.get(id);
    return facts && facts.arn === arn ? facts : undefined;
  }

  set(id: string, facts: JobFacts): void {
    this.jobs.set(id, facts);
    this.learnt.add(id);
    this.forgotten.delete(id);
    this.dirty = true;
  }

  /**
   * Forgets jobs of the observed catalogs that are no longer live, so the file does not grow
   * forever. What this run learnt stays: an apply that runs while observing may have created a
   * job after its catalog was listed.
   */
  retainOnly(liveIds: Set<string>, observedCatalogs: readonly Catalog[]): void {
    if (this.confirmedFor !== this.loadedFor) return;
    for (const [id, facts] of this.jobs) {
      if (observedCatalogs.includes(facts.catalog) && !liveIds.has(id) && !this.learnt.has(id)) {
        this.jobs.delete(id);
        this.learnt.delete(id);
        this.forgotten.add(id);
        this.dirty = true;
      }
    }
  }

  async save(): Promise<void> {
    if (!this.dirty || this.loadedFor === undefined || this.confirmedFor !== this.loadedFor) return;
    const account = this.loadedFor;
    const file = this.fileFor(account);
    const merge = (current: string | undefined): string => {
      let jobs = new Map<string, JobFacts>();
      try {
        if (current !== undefined) jobs = parseCache(current);
      } catch {
        // a corrupt cache was reported when it was read; this run's entries replace it
      }
      for (const id of this.forgotten) jobs.delete(id);
      for (const id of this.learnt) jobs.set(id, this.jobs.get(id)!);
      const body: CacheFile = { version: 1, endpoint: this.endpoint, account, jobs: Object.fromEntries(jobs) };
      return JSON.stringify(body);
    };
    try {
      await updateSharedFile(file, merge, SHARED);
      this.dirty = false;
    } catch (err) {
      // A cache that cannot be written costs calls next time, nothing more.
      this.warn(`Warning: could not write the job cache ${file}: ${(err as Error).message}`);
    }
  }
}

/** The entries of a cache file's text; throws on text that is not a cache. */
function parseCache(text: string): Map<string, JobFacts> {
  const parsed = JSON.parse(text) as Partial<CacheFile>;
  if (parsed.version !== 1 || typeof parsed.jobs !== 'object' || parsed.jobs === null) throw new CosellError('unknown layout');
  const jobs = new Map<string, JobFacts>();
  for (const [id, facts] of Object.entries(parsed.jobs)) if (isJobFacts(facts)) jobs.set(id, facts);
  return jobs;
}

function isJobFacts(v: unknown): v is JobFacts {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return ['arn', 'catalog', 'engagement', 'opportunity', 'template'].every((k) => typeof f[k] === 'string');
}

/** The 12-digit account in a job ARN, or undefined. */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:partnercentral:[^:]*:(\d{12}):/.exec(arn)?.[1];
}
