/**
 * Observing only part of the account: the jobs on some natural keys, some jobs by id, some
 * tasks. A saved plan is checked this way (only what it and its resources rest on), and a
 * create that meets a ConflictException looks again at its one key.
 */
import { isServiceError, type PartnerCentralClient } from '../api/index.js';
import { naturalKeyId, opportunityId, type NaturalKey } from '../desired/natural-key.js';
import type { Catalog, JobStatus } from '../desired/types.js';
import { accountOfArn, type JobFactsCache } from './cache.js';
import { PAGE_SIZE } from './paging.js';
import { factsFromJob, PendingWork, readFacts, readTags } from './read-job.js';
import { createPool, type Pool } from './pool.js';
import { listTasks } from './tasks.js';
import type { LiveSnapshotJob, LiveState, LiveTask } from './types.js';
import { compareStrings } from '../util/compare.js';
import { DEFAULT_PARALLELISM } from '../util/defaults.js';

type TaskKind = LiveTask['kind'];

/** What a partial observation covers. */
export interface ObservationScope {
  /** Every job on these keys, and every job on the same opportunities (whatever the template). */
  keys: NaturalKey[];
  /** Jobs looked up by id, each in the catalog it is said to be in. */
  jobs: Array<{ id: string; catalog: Catalog }>;
  tasks: Array<{ kind: TaskKind; catalog: Catalog; identifier: string }>;
  /** The catalogs the result speaks for. */
  catalogs: Catalog[];
}

export interface PartialObserveOptions {
  cache?: JobFactsCache;
  pool?: Pool;
}

/**
 * Above this many engagements in one catalog, one listing of the whole catalog costs fewer
 * calls than one filtered listing per engagement.
 */
const PER_ENGAGEMENT_LISTINGS_MAX = 5;

/**
 * Every live job on the given natural keys, with its tags; with `sameOpportunity`, also every
 * job on the same catalog, engagement and opportunity (diff pairs replacements over those).
 */
export async function observeKeys(
  client: PartnerCentralClient,
  keys: readonly NaturalKey[],
  options: PartialObserveOptions & { sameOpportunity?: boolean } = {},
): Promise<LiveSnapshotJob[]> {
  const pool = options.pool ?? createPool(10);
  const keySet = new Set(keys.map(naturalKeyId));
  const opportunities = new Set(options.sameOpportunity ? keys.map(opportunityId) : []);
  const wanted = { has: (k: NaturalKey): boolean => keySet.has(naturalKeyId(k)) || opportunities.has(opportunityId(k)) };
  const engagementsByCatalog = new Map<Catalog, Set<string>>();
  for (const k of keys) {
    const set = engagementsByCatalog.get(k.catalog) ?? new Set<string>();
    set.add(k.engagement);
    engagementsByCatalog.set(k.catalog, set);
  }
  const found: LiveSnapshotJob[] = [];
  const listedIds = new Set<string>();
  const readSummary = async (catalog: Catalog, s: { Id?: string; Arn?: string; Status?: string }): Promise<void> => {
    if (!s.Id || !s.Arn) return;
    // A listing may name a job twice (a page boundary that moved while paging): one job, read once.
    if (listedIds.has(s.Id)) return;
    listedIds.add(s.Id);
    const facts = await readFacts(client, pool, catalog, s.Id, s.Arn, options.cache);
    if (!facts || !wanted.has(facts)) return;
    const tags = await readTags(client, pool, facts.arn);
    if (tags) found.push({ id: s.Id, ...facts, status: (s.Status as JobStatus | undefined) ?? 'Stopped', tags });
  };
  const listings: Promise<void>[] = [];
  for (const [catalog, engagements] of engagementsByCatalog) {
    const filters = engagements.size <= PER_ENGAGEMENT_LISTINGS_MAX ? [...engagements] : [undefined];
    for (const engagement of filters) {
      listings.push(
        (async () => {
          const work = new PendingWork();
          const pages = client.paginateListResourceSnapshotJobs({
            Catalog: catalog,
            MaxResults: PAGE_SIZE,
            ...(engagement ? { EngagementIdentifier: engagement } : {}),
          });
          try {
            for await (const page of pages) {
              for (const s of page.ResourceSnapshotJobSummaries ?? []) work.add(readSummary(catalog, s));
            }
          } catch (err) {
            await work.settle().catch(() => {}); // the listing's own failure is the one to report
            throw err;
          }
          await work.settle();
        })(),
      );
    }
  }
  await Promise.all(listings);
  return found.sort((a, b) => compareStrings(a.id, b.id));
}

/** One job by id, with its tags; undefined when it does not exist. */
export async function observeJob(
  client: PartnerCentralClient,
  catalog: Catalog,
  id: string,
  options: PartialObserveOptions = {},
): Promise<LiveSnapshotJob | undefined> {
  const pool = options.pool ?? createPool(10);
  let job;
  try {
    job = await pool(() => client.getResourceSnapshotJob({ Catalog: catalog, ResourceSnapshotJobIdentifier: id }));
  } catch (err) {
    if (isServiceError(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
  if (!job.Arn) return undefined;
  const facts = factsFromJob(catalog, job.Arn, job);
  const account = accountOfArn(job.Arn);
  if (options.cache && account) {
    await options.cache.load(account);
    options.cache.set(id, facts);
  }
  const tags = await readTags(client, pool, job.Arn);
  if (!tags) return undefined;
  return { id, ...facts, status: job.Status ?? 'Stopped', tags };
}

/** The tasks of some task identities, every status. */
export async function observeTasks(
  client: PartnerCentralClient,
  identities: ReadonlyArray<{ kind: TaskKind; catalog: Catalog; identifier: string }>,
  options: PartialObserveOptions = {},
): Promise<LiveTask[]> {
  const pool = options.pool ?? createPool(10);
  const groups = new Map<string, { kind: TaskKind; catalog: Catalog; ids: string[] }>();
  for (const t of identities) {
    const k = `${t.kind}/${t.catalog}`;
    const g = groups.get(k) ?? { kind: t.kind, catalog: t.catalog, ids: [] };
    g.ids.push(t.identifier);
    groups.set(k, g);
  }
  const lists = await Promise.all([...groups.values()].map((g) => listTasks(client, pool, g.kind, g.catalog, g.ids)));
  return lists.flat();
}

/**
 * Observes a scope: the jobs on its keys and opportunities, its jobs by id, its tasks. The
 * result is complete for those things and silent about the rest.
 */
export async function observeScope(
  client: PartnerCentralClient,
  scope: ObservationScope,
  options: PartialObserveOptions & { parallelism?: number } = {},
): Promise<LiveState> {
  const pool = options.pool ?? createPool(options.parallelism ?? DEFAULT_PARALLELISM);
  const [onKeys, liveTasks, byId] = await Promise.all([
    scope.keys.length ? observeKeys(client, scope.keys, { ...options, pool, sameOpportunity: true }) : Promise.resolve([]),
    scope.tasks.length ? observeTasks(client, scope.tasks, { pool }) : Promise.resolve([]),
    Promise.all(scope.jobs.map((j) => observeJob(client, j.catalog, j.id, { ...options, pool }))),
  ]);
  const jobs = new Map<string, LiveSnapshotJob>();
  for (const j of [...onKeys, ...byId]) if (j) jobs.set(j.id, j);
  return { catalogs: [...new Set(scope.catalogs)].sort(), snapshotJobs: [...jobs.values()], tasks: liveTasks };
}
