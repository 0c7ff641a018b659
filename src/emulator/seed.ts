import { DEFAULT_TEMPLATE, type CatalogName } from '../model/index.js';
import { newId } from './ids.js';
import { executeJob } from './executions.js';
import { emptyWorld, nextSeq, type Job, type JobStatus, type World } from './state.js';

/**
 * The emulator's seed: what its account holds before any call. Its format is
 * schemas/seed.schema.json; a file is read by seed-file.ts and checked by seed-check.ts.
 */
export { checkSeedObject } from './seed-check.js';
export { loadSeedFile } from './seed-file.js';
export { DEFAULT_TEMPLATE };

/** A credential the emulator accepts. */
export interface SeedCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests must carry it in X-Amz-Security-Token. */
  sessionToken?: string;
  /**
   * When set, the only catalogs this credential may use: an IAM policy conditioned on
   * partnercentral:Catalog. Any other gets AccessDeniedException.
   */
  catalogs?: CatalogName[];
}

/** An opportunity or invitation a task can start from. */
export interface SeedTaskTarget {
  id: string;
  /** A ReasonCode (e.g. OpportunityValidationFailed) that tasks on it fail with. */
  failWith?: string;
  /** With failWith: fail only the first N tasks, then succeed. */
  failTimes?: number;
}

export interface SeedOpportunity extends SeedTaskTarget {
  /** Every execution of a snapshot job on this opportunity fails with this message (its LastFailure). */
  snapshotFailure?: string;
}

export interface SeedInvitation extends SeedTaskTarget {
  /** The engagement the invitation is for; absent: accepting it creates a new engagement. */
  engagement?: string;
}

/** A resource snapshot job that exists before any call. */
export interface SeedSnapshotJob {
  id?: string;
  engagement: string;
  opportunity: string;
  /** Default OpportunitySummaryView. */
  template?: string;
  /** Default Stopped, as the service creates a job. */
  status?: JobStatus;
  tags?: Record<string, string>;
}

export interface SeedCatalog {
  engagements?: string[];
  opportunities?: (string | SeedOpportunity)[];
  invitations?: (string | SeedInvitation)[];
  snapshotJobs?: SeedSnapshotJob[];
}

/** The emulator's seed: the YAML file's content, or the same object given in-process. */
export interface EmulatorSeed {
  /** 12 digits; default 123456789012. */
  account?: string;
  /** Default: AWS's documented example pair, AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY. */
  credentials?: SeedCredential[];
  /** Snapshot templates that exist; default [OpportunitySummaryView]. */
  templates?: string[];
  catalogs?: { [name in CatalogName]?: SeedCatalog | null };
}

export const DEFAULT_ACCOUNT = '123456789012';
export const DEFAULT_CREDENTIALS: readonly SeedCredential[] = [
  { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
];

export function seedCredentials(seed: EmulatorSeed): SeedCredential[] {
  return [...(seed.credentials ?? DEFAULT_CREDENTIALS)];
}

/** The world a checked seed describes, before any call. */
export function worldFromSeed(seed: EmulatorSeed, now: number): World {
  const world = emptyWorld(seed.account ?? DEFAULT_ACCOUNT, seed.templates ?? [DEFAULT_TEMPLATE]);
  for (const [name, catalog] of world.catalogs) {
    const s = seed.catalogs?.[name];
    if (!s) continue;
    for (const e of s.engagements ?? []) catalog.engagements.add(e);
    const targetOf = (t: SeedTaskTarget) => ({ id: t.id, failWith: t.failWith, failTimes: t.failTimes, failures: 0 });
    for (const o of s.opportunities ?? []) {
      const t: SeedOpportunity = typeof o === 'string' ? { id: o } : o;
      catalog.opportunities.set(t.id, {
        ...targetOf(t),
        ...(t.snapshotFailure !== undefined ? { snapshotFailure: t.snapshotFailure } : {}),
      });
    }
    for (const v of s.invitations ?? []) {
      const t: SeedInvitation = typeof v === 'string' ? { id: v } : v;
      catalog.invitations.set(t.id, { ...targetOf(t), engagement: t.engagement });
    }
    for (const j of s.snapshotJobs ?? []) {
      const id = j.id ?? newId('job', (x) => catalog.jobs.has(x));
      const job: Job = {
        id,
        seq: nextSeq(world),
        engagement: j.engagement,
        opportunity: j.opportunity,
        template: j.template ?? DEFAULT_TEMPLATE,
        status: j.status ?? 'Stopped',
        createdAt: now,
        tags: Object.entries(j.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      };
      catalog.jobs.set(id, job);
      // A seeded running job has executed once, as if it had just started.
      if (job.status === 'Running') executeJob(world, catalog, job, now);
    }
  }
  return world;
}
