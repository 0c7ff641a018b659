/**
 * Snapshot jobs: live jobs are matched to declared ones by natural key (there is no state file),
 * and ownership (the `cosell:stack` tag) decides what may be touched.
 *
 * Replacement. Without a state file, "the same logical job with a changed key" has to be
 * inferred. A live job owned by this stack that matches no declared key, and a declared job
 * with no live match, are paired as one replacement (`-/+`) when they share catalog,
 * engagement and opportunity (the template changed), and only when that pairing is
 * unambiguous: each has exactly one such partner. A shared template is no evidence (most jobs
 * use the same one), so a changed opportunity or engagement is a plain delete plus a create.
 * Either way the account ends the same; the pairing only makes the plan read as the edit did.
 */
import { OWNER_TAG_KEY, type DesiredSnapshotJob, type DesiredState, type JobStatus, type Tags } from '../desired/types.js';
import { emptyTags } from '../util/tags.js';
import { ownerOf, standing } from './ownership.js';
import type { LiveSnapshotJob } from '../live/types.js';
import { naturalKey, naturalKeyId, opportunityId } from '../desired/natural-key.js';
import { addressOf } from './address.js';
import { FingerprintKey } from './fingerprint-key.js';
import type { LiveIndex } from './live-index.js';
import { liveJobRef, liveJobValues, type PlanSink } from './planned.js';
import { diffTags, isEmptyTagDiff, resultingTags, type ManagedKeyTest } from './tags.js';
import { ChangeReason, REASON_ACTION, stopsFirst } from './reason.js';
import { ACTION_NAMES, type JobValues, type NaturalKey, type PlanError, type SnapshotJobChange, type TagDiff } from './types.js';
import { compareStrings } from '../util/compare.js';

export interface JobDiffInput {
  desired: DesiredState;
  index: LiveIndex;
  managed: ManagedKeyTest;
  /** Live job id → address of the declared task whose COMPLETE task created it. */
  claimed: Map<string, string>;
  /** Every declared address, so that an undeclared job's address never collides with one. */
  declaredAddresses: Set<string>;
}

export function diffJobs(input: JobDiffInput, sink: PlanSink): void {
  const { desired, index, managed, claimed } = input;
  const stack = desired.stack;

  const declaredByKey = new Map<string, DesiredSnapshotJob[]>();
  for (const d of desired.snapshotJobs) {
    const k = naturalKeyId(d);
    const list = declaredByKey.get(k);
    if (list) list.push(d);
    else declaredByKey.set(k, [d]);
  }

  const unmatched: DesiredSnapshotJob[] = [];
  for (const [k, declared] of declaredByKey) {
    const depends = FingerprintKey.jobsOn(declared[0] as DesiredSnapshotJob);
    if (declared.length > 1) {
      const names = declared.map((d) => d.address).join(', ');
      for (const d of declared) {
        sink.error(
          jobError(
            d,
            'duplicate-declaration',
            `declared more than once with the same catalog, engagement, opportunity and template (${names}); cosell plans none of them`,
            [],
          ),
          depends,
        );
      }
      continue;
    }
    const d = declared[0] as DesiredSnapshotJob;
    const live = index.jobsByKey.get(k) ?? [];
    const claimer = claimerOf(live, claimed);
    if (claimer !== undefined) {
      const ids = live.map((j) => j.id).join(', ');
      sink.error(
        jobError(
          d,
          'claimed-by-task',
          `the live job on this key (${ids}) was created by the task of ${claimer} and belongs to it; declare the job in one place only`,
          live,
        ),
        depends,
      );
      continue;
    }
    if (live.length > 1) {
      const ids = live.map((j) => j.id).join(', ');
      sink.error(
        jobError(
          d,
          'duplicate-live-jobs',
          `${live.length} live jobs share this key (${ids}); cosell touches none of them until only one is left`,
          live,
        ),
        depends,
      );
      continue;
    }
    const job = live[0];
    if (!job) {
      unmatched.push(d);
      continue;
    }
    const st = standing(stack, ownerOf(job.tags), true);
    if (st.kind === 'foreign') {
      sink.error(
        jobError(
          d,
          'ownership-conflict',
          `the live job ${job.id} on this key is owned by stack ${JSON.stringify(st.owner)} (tag ${OWNER_TAG_KEY}); cosell leaves it alone`,
          live,
        ),
        depends,
      );
      continue;
    }
    sink.change(updateJob(d, job, managed, st.kind === 'adoptable'), depends);
  }

  const orphans: LiveSnapshotJob[] = [];
  for (const [k, live] of index.jobsByKey) {
    if (declaredByKey.has(k)) continue;
    for (const job of live) {
      // An owned job no longer declared (nor created by a declared task) is pruned.
      if (!claimed.has(job.id) && standing(stack, ownerOf(job.tags), false).kind === 'owned') orphans.push(job);
    }
  }

  const pairs = pairReplacements(unmatched, orphans);
  for (const d of unmatched) {
    const old = pairs.get(d);
    if (old) sink.change(replaceJob(d, old, managed), FingerprintKey.jobsOn(d), FingerprintKey.jobsOn(old));
    else sink.change(createJob(d, managed), FingerprintKey.jobsOn(d));
  }
  const replaced = new Set(pairs.values());
  for (const job of orphans) {
    if (replaced.has(job)) continue;
    let address = addressOf('snapshotJob', job.id);
    if (input.declaredAddresses.has(address)) address = addressOf('snapshotJob', `undeclared-${job.id}`);
    sink.change(deleteJob(address, job, managed), FingerprintKey.jobsOn(job));
  }
}

function claimerOf(live: readonly LiveSnapshotJob[], claimed: ReadonlyMap<string, string>): string | undefined {
  for (const j of live) {
    const address = claimed.get(j.id);
    if (address !== undefined) return address;
  }
  return undefined;
}

/** The unambiguous pairs of (declared job without a live match, owned job no longer declared). */
function pairReplacements(unmatched: DesiredSnapshotJob[], orphans: LiveSnapshotJob[]): Map<DesiredSnapshotJob, LiveSnapshotJob> {
  const pairs = new Map<DesiredSnapshotJob, LiveSnapshotJob>();
  if (unmatched.length === 0 || orphans.length === 0) return pairs;
  const orphansBy = groupBy(orphans, opportunityId);
  const unmatchedBy = groupBy(unmatched, opportunityId);
  for (const d of unmatched) {
    const k = opportunityId(d);
    const olds = orphansBy.get(k);
    if (olds?.length === 1 && unmatchedBy.get(k)?.length === 1) pairs.set(d, olds[0] as LiveSnapshotJob);
  }
  return pairs;
}

function groupBy<T extends NaturalKey>(items: T[], keyOf: (k: NaturalKey) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

// The constructors below spell every object out: object spread in a loop of 10,000 made V8
// build slow dictionary objects and tripled the time diff takes.

function jobValues(k: NaturalKey, status: JobStatus, tags: Tags): JobValues {
  return { catalog: k.catalog, engagement: k.engagement, opportunity: k.opportunity, template: k.template, status, tags };
}

function desiredTags(d: DesiredSnapshotJob, managed: ManagedKeyTest): Tags {
  const out = emptyTags();
  for (const k of Object.keys(d.tags).sort(compareStrings)) if (managed(k)) out[k] = d.tags[k] as string;
  return out;
}

function declaredChange(
  d: DesiredSnapshotJob,
  reason: ChangeReason,
  before: JobValues | null,
  afterTags: Tags,
  tagDiff: TagDiff,
  live: LiveSnapshotJob | undefined,
): SnapshotJobChange {
  const action = REASON_ACTION[reason];
  const change: SnapshotJobChange = {
    address: d.address,
    name: d.name,
    kind: 'snapshotJob',
    catalog: d.catalog,
    action,
    actions: ACTION_NAMES[action],
    before,
    after: jobValues(d, d.status, afterTags),
    tagDiff,
    key: naturalKey(d),
    declared: true,
    adoption: reason === ChangeReason.Adopt,
    stopFirst: stopsFirst(reason),
    source: d.source,
  };
  if (live) change.live = liveJobRef(live);
  return change;
}

function createJob(d: DesiredSnapshotJob, managed: ManagedKeyTest): SnapshotJobChange {
  return declaredChange(d, ChangeReason.NotLive, null, desiredTags(d, managed), diffTags(emptyTags(), d.tags, managed), undefined);
}

function updateJob(d: DesiredSnapshotJob, job: LiveSnapshotJob, managed: ManagedKeyTest, adoption: boolean): SnapshotJobChange {
  const tagDiff = diffTags(job.tags, d.tags, managed);
  const reason = adoption
    ? ChangeReason.Adopt
    : job.status !== d.status || !isEmptyTagDiff(tagDiff)
      ? ChangeReason.Drifted
      : ChangeReason.Unchanged;
  return declaredChange(d, reason, liveJobValues(job), resultingTags(job.tags, d.tags, managed, tagDiff), tagDiff, job);
}

function replaceJob(d: DesiredSnapshotJob, old: LiveSnapshotJob, managed: ManagedKeyTest): SnapshotJobChange {
  const reason = old.status === 'Running' ? ChangeReason.KeyChangedRunning : ChangeReason.KeyChanged;
  const change = declaredChange(d, reason, liveJobValues(old), desiredTags(d, managed), diffTags(old.tags, d.tags, managed), old);
  change.replaceFields = (['catalog', 'engagement', 'opportunity', 'template'] as const).filter((f) => old[f] !== d[f]);
  return change;
}

function deleteJob(address: string, job: LiveSnapshotJob, managed: ManagedKeyTest): SnapshotJobChange {
  const reason = job.status === 'Running' ? ChangeReason.NoLongerDeclaredRunning : ChangeReason.NoLongerDeclared;
  const action = REASON_ACTION[reason];
  return {
    address,
    name: job.id,
    kind: 'snapshotJob',
    catalog: job.catalog,
    action,
    actions: ACTION_NAMES[action],
    before: liveJobValues(job),
    after: null,
    tagDiff: diffTags(job.tags, emptyTags(), managed),
    key: naturalKey(job),
    declared: false,
    adoption: false,
    stopFirst: stopsFirst(reason),
    live: liveJobRef(job),
  };
}

function jobError(d: DesiredSnapshotJob, code: PlanError['code'], reason: string, live: LiveSnapshotJob[]): PlanError {
  return { address: d.address, kind: 'snapshotJob', catalog: d.catalog, code, reason, liveJobs: live.map(liveJobRef), source: d.source };
}
