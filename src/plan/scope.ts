/**
 * What apply must see afresh before it acts on a plan it did not just make: every job the plan
 * names (by id, in the catalog the plan says), every natural key it or the stack's resources in
 * its scope rest on, and every declared task. A fresh diff over that observation is then exactly
 * the diff of those resources, so the plan can be held to it (verify.ts).
 *
 * The plan may have been edited: nothing here trusts its ownership claims, and what cannot be
 * read as an id or a key is left for verify.ts to refuse.
 */
import { isCatalog, naturalKeyId, opportunityId } from '../desired/natural-key.js';
import type { Catalog, DesiredState } from '../desired/types.js';
import type { ObservationScope } from '../live/partial.js';
import { planFilter } from './address.js';
import { decodeFingerprintKey } from './fingerprint-key.js';
import { identityOf } from './diff-tasks.js';
import type { NaturalKey, Plan } from './types.js';

function asCatalog(value: unknown): Catalog | undefined {
  return isCatalog(value) ? value : undefined;
}

function asKey(value: unknown): NaturalKey | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const k = value as Record<string, unknown>;
  const catalog = asCatalog(k.catalog);
  const { engagement, opportunity, template } = k;
  if (!catalog || typeof engagement !== 'string' || typeof opportunity !== 'string' || typeof template !== 'string') return undefined;
  return { catalog, engagement, opportunity, template };
}

export function scopeOf(plan: Plan, desired: DesiredState): ObservationScope {
  const inScope = planFilter(plan.targets, plan.excludes, plan.changedSince?.partial === true);
  const keys = new Map<string, NaturalKey>();
  const addKey = (k: NaturalKey | undefined): void => {
    if (k) keys.set(naturalKeyId(k), k);
  };
  const jobs = new Map<string, { id: string; catalog: Catalog }>();
  const addJob = (id: unknown, catalog: unknown): void => {
    const c = asCatalog(catalog);
    if (typeof id === 'string' && id !== '' && c) jobs.set(`${c}/${id}`, { id, catalog: c });
  };

  for (const d of desired.snapshotJobs) if (inScope(d.address)) addKey(d);
  for (const c of plan.resourceChanges) {
    if (c.kind === 'snapshotJob') {
      addKey(asKey(c.key));
      addKey(asKey(c.live?.key));
      addJob(c.live?.id, c.live?.key?.catalog ?? c.catalog);
    } else {
      addJob(c.createdJob?.id, c.catalog);
      addJob(c.lastTask?.resourceSnapshotJobId, c.catalog);
    }
  }
  for (const e of plan.errors) for (const j of e.liveJobs) addJob(j.id, j.key?.catalog);
  for (const fp of Object.keys(plan.fingerprints)) {
    const what = decodeFingerprintKey(fp);
    if (what?.kind === 'snapshotJob') addKey(what.key);
  }

  return scopeOfKeys(desired, [...keys.values()], [...jobs.values()]);
}

/**
 * What a diff of the declarations on some natural keys rests on: every job on those keys and
 * on the opportunities of declared jobs there, some jobs by id, and every declared task.
 */
export function scopeOfKeys(desired: DesiredState, given: readonly NaturalKey[], jobs: ObservationScope['jobs'] = []): ObservationScope {
  const keys = new Map<string, NaturalKey>(given.map((k) => [naturalKeyId(k), k]));
  // Declared jobs out of scope that share an opportunity with one in it: diff pairs
  // replacements per opportunity, so they must be seen as they are, not as missing.
  const opportunities = new Set([...keys.values()].map(opportunityId));
  for (const d of desired.snapshotJobs) if (opportunities.has(opportunityId(d))) keys.set(naturalKeyId(d), d);

  // Every declared task, in or out of scope: the jobs their tasks created are never anyone's
  // orphans, and diff can only tell that from the tasks.
  const tasks = [...desired.opportunityEngagements, ...desired.invitationAcceptances].map((d) => {
    const id = identityOf(d);
    return { kind: id.kind, catalog: id.catalog, identifier: id.identifier };
  });
  const catalogs = new Set<Catalog>(desired.catalogs);
  for (const k of keys.values()) catalogs.add(k.catalog);
  return { keys: [...keys.values()], jobs: [...jobs], tasks, catalogs: [...catalogs].sort() };
}
