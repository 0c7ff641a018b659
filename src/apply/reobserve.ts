/**
 * Observing only part of the account: the jobs on some natural keys, some jobs by id, some
 * tasks. A saved plan is checked this way (only what it rests on), and a create that meets a
 * ConflictException looks again at its one key.
 */
import { isServiceError, type PartnerCentralClient } from '../api/index.js';
import type { Catalog, JobStatus } from '../desired/types.js';
import { accountOfArn, type JobFactsCache } from '../live/cache.js';
import { ALL_CATALOGS } from '../live/observe.js';
import { factsFromJob, PendingWork, readFacts, readTags } from '../live/read-job.js';
import { createPool, type Pool } from '../live/pool.js';
import { listTasks } from '../live/tasks.js';
import type { LiveSnapshotJob, LiveState, LiveTask } from '../live/types.js';
import { keyString } from '../plan/address.js';
import type { NaturalKey, Plan, TaskKind } from '../plan/types.js';

export interface PartialObserveOptions {
  cache?: JobFactsCache;
  pool?: Pool;
}

/**
 * Above this many engagements in one catalog, one listing of the whole catalog costs fewer
 * calls than one filtered listing per engagement.
 */
const PER_ENGAGEMENT_LISTINGS_MAX = 5;

/** Every live job on the given natural keys, with its tags. */
export async function observeKeys(client: PartnerCentralClient, keys: readonly NaturalKey[], options: PartialObserveOptions = {}): Promise<LiveSnapshotJob[]> {
  const pool = options.pool ?? createPool(10);
  const wanted = new Set(keys.map(keyString));
  const engagementsByCatalog = new Map<Catalog, Set<string>>();
  for (const k of keys) {
    const set = engagementsByCatalog.get(k.catalog) ?? new Set<string>();
    set.add(k.engagement);
    engagementsByCatalog.set(k.catalog, set);
  }
  const found: LiveSnapshotJob[] = [];
  const readSummary = async (catalog: Catalog, s: { Id?: string; Arn?: string; Status?: string }): Promise<void> => {
    if (!s.Id || !s.Arn) return;
    const facts = await readFacts(client, pool, catalog, s.Id, s.Arn, options.cache);
    if (!facts || !wanted.has(keyString(facts))) return;
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
          const pages = client.paginateListResourceSnapshotJobs({ Catalog: catalog, MaxResults: 100, ...(engagement ? { EngagementIdentifier: engagement } : {}) });
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
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** One job by id, with its tags; undefined when it does not exist. */
export async function observeJob(client: PartnerCentralClient, catalog: Catalog, id: string, options: PartialObserveOptions = {}): Promise<LiveSnapshotJob | undefined> {
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
  const lists = await Promise.all(
    [...groups.values()].map((g) =>
      listTasks(client, pool, g.kind, g.catalog, g.ids),
    ),
  );
  return lists.flat();
}

function asCatalog(text: string): Catalog | undefined {
  return ALL_CATALOGS.find((c) => c === text);
}

/**
 * Re-observes exactly what a plan's fingerprints cover: the jobs on its natural keys, the
 * tasks of its task identities, and the jobs its tasks created. The result is a LiveState that
 * `findStale` can compare with the plan (complete for those things, silent about the rest).
 */
export async function observeTouched(plan: Plan, client: PartnerCentralClient, options: PartialObserveOptions & { parallelism?: number } = {}): Promise<LiveState> {
  const pool = options.pool ?? createPool(options.parallelism ?? 10);
  const keys: NaturalKey[] = [];
  const tasks: Array<{ kind: TaskKind; catalog: Catalog; identifier: string }> = [];
  const jobIds: string[] = [];
  for (const fp of Object.keys(plan.fingerprints)) {
    const colon = fp.indexOf(':');
    const kind = fp.slice(0, colon);
    const parts = fp.slice(colon + 1).split('/');
    if (kind === 'snapshotJob') {
      const [catalog, engagement, opportunity, template] = parts;
      const c = asCatalog(catalog ?? '');
      if (c && engagement && opportunity && template) keys.push({ catalog: c, engagement, opportunity, template });
    } else if (kind === 'task') {
      const [taskKind, catalog, identifier] = parts;
      const c = asCatalog(catalog ?? '');
      if (c && identifier && (taskKind === 'opportunityEngagement' || taskKind === 'invitationAcceptance')) tasks.push({ kind: taskKind, catalog: c, identifier });
    } else if (kind === 'job') {
      jobIds.push(fp.slice(colon + 1));
    }
  }
  // A job a task created is looked for in the catalog of the task that refers to it.
  const catalogOfJob = new Map<string, Catalog>();
  for (const c of plan.resourceChanges) {
    if (c.kind === 'snapshotJob') continue;
    for (const id of [c.createdJob?.id, c.lastTask?.resourceSnapshotJobId]) if (id) catalogOfJob.set(id, c.catalog);
  }
  for (const e of plan.errors) for (const j of e.liveJobs) catalogOfJob.set(j.id, j.key.catalog);

  const [onKeys, liveTasks, byId] = await Promise.all([
    keys.length ? observeKeys(client, keys, { ...options, pool }) : Promise.resolve([]),
    tasks.length ? observeTasks(client, tasks, { pool }) : Promise.resolve([]),
    Promise.all(jobIds.map((id) => observeJob(client, catalogOfJob.get(id) ?? 'AWS', id, { ...options, pool }))),
  ]);
  const jobs = new Map<string, LiveSnapshotJob>();
  for (const j of [...onKeys, ...byId]) if (j) jobs.set(j.id, j);
  const catalogs = new Set<Catalog>([...keys.map((k) => k.catalog), ...tasks.map((t) => t.catalog)]);
  return { catalogs: [...catalogs].sort(), snapshotJobs: [...jobs.values()], tasks: liveTasks };
}
