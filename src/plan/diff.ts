/**
 * diff(desired, live) → Plan: a pure function over plain data. The rules live in diff-jobs.ts
 * (snapshot jobs) and diff-tasks.ts (engagement tasks); this file joins them, applies
 * --target/--exclude, orders the result, and fingerprints what it rests on.
 */
import type { DesiredState } from '../desired/types.js';
import type { LiveState } from '../live/types.js';
import { CosellError } from '../util/errors.js';
import { planFilter } from './address.js';
import { diffJobs } from './diff-jobs.js';
import { diffTasks } from './diff-tasks.js';
import { observedFingerprint } from './fingerprint.js';
import { indexLive, type LiveIndex } from './live-index.js';
import { PlanSink } from './planned.js';
import { managedKeyTest, type ManagedKeyTest } from './tags.js';
import { Action, type DiffOptions, type Plan, type PlanError, type PlanSummary, type ResourceChange } from './types.js';
import { compareStrings } from '../util/compare.js';

export function diff(desired: DesiredState, live: LiveState, options: DiffOptions = {}): Plan {
  const observed = new Set(live.catalogs);
  const unobserved = desired.catalogs.filter((c) => !observed.has(c));
  if (unobserved.length > 0) {
    throw new CosellError(`cannot plan: the live state was not observed for catalog ${unobserved.join(', ')}, which the stack uses`);
  }
  const inPlan = planFilter(options.targets, options.excludes, options.onlyTargets);
  const managed = managedKeyTest(desired.ignoreTags);
  const index = indexLive(live);

  const sink = new PlanSink(inPlan);
  const claimed = diffTasks(desired, index, managed, sink);
  const declaredAddresses = new Set<string>();
  for (const list of [desired.snapshotJobs, desired.opportunityEngagements, desired.invitationAcceptances]) {
    for (const r of list) declaredAddresses.add(r.address);
  }
  diffJobs({ desired, index, managed, claimed, declaredAddresses }, sink);

  const byAddress = (a: { address: string }, b: { address: string }) => compareStrings(a.address, b.address);
  const resourceChanges = sink.changes.sort(byAddress);
  const errors = sink.errors.sort(byAddress);
  const plan: Plan = {
    format_version: '1.0',
    stack: desired.stack,
    ignoreTags: { keys: [...desired.ignoreTags.keys], keyPrefixes: [...desired.ignoreTags.keyPrefixes] },
    targets: [...(options.targets ?? [])],
    excludes: [...(options.excludes ?? [])],
    resourceChanges,
    errors,
    summary: summarize(resourceChanges, errors),
    fingerprints: {},
  };
  // Hashing every observation a plan rests on is most of a large diff's time, and only a saved
  // plan, the JSON view and apply's checks read the hashes: they are made on first read, once,
  // from the index, which holds copies no caller can change. To every reader (JSON.stringify,
  // spread, structuredClone) the property is an ordinary one.
  let fingerprints: Record<string, string> | undefined;
  Object.defineProperty(plan, 'fingerprints', {
    enumerable: true,
    configurable: true,
    get: () => (fingerprints ??= fingerprintsOf(sink, index, managed)),
    set: (value: Record<string, string>) => {
      fingerprints = value;
    },
  });
  return plan;
}

function fingerprintsOf(sink: PlanSink, index: LiveIndex, managed: ManagedKeyTest): Record<string, string> {
  const out: Record<string, string> = {};
  const keys = [...sink.fingerprintKeys].sort(([a], [b]) => compareStrings(a, b));
  for (const [text, key] of keys) out[text] = observedFingerprint(key, index, managed);
  return out;
}

/** Terraform's counting: a replacement is one to add and one to destroy. */
export function summarize(changes: readonly ResourceChange[], errors: readonly PlanError[]): PlanSummary {
  const s: PlanSummary = { add: 0, change: 0, destroy: 0, error: errors.length };
  for (const c of changes) {
    if (c.action === Action.Create) s.add++;
    else if (c.action === Action.Update) s.change++;
    else if (c.action === Action.Delete) s.destroy++;
    else if (c.action === Action.DeleteThenCreate) {
      s.add++;
      s.destroy++;
    }
  }
  return s;
}

/** True when applying the plan would call the service. */
export function hasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.add + s.change + s.destroy > 0;
}
