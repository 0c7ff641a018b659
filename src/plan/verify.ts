/**
 * A plan is held to a fresh diff. Apply never performs a change because a plan (perhaps a
 * saved file, perhaps edited) says so: it diffs the desired state against what this run
 * observed, and each planned change must be exactly what that fresh diff plans at the same
 * address. The fresh changes are the ones performed. Any difference (another stack's job, an
 * action the diff would not take, a job that does not exist) refuses the whole plan before a
 * single call.
 */
import type { DesiredState } from '../desired/types.js';
import type { LiveState } from '../live/types.js';
import { diff } from './diff.js';
import { Action, type Plan, type ResourceChange } from './types.js';
import { compareStrings } from '../util/compare.js';

export interface Verified {
  /** The fresh changes at the plan's addresses, in the plan's order. */
  changes: ResourceChange[];
  /** One line per planned change that a fresh diff does not make; empty when the plan holds. */
  problems: string[];
}

/** The parts of a change that decide what apply calls, as canonical JSON. */
export function essence(c: ResourceChange): string {
  const common = { address: c.address, kind: c.kind, catalog: c.catalog, action: c.action, tagDiff: c.tagDiff };
  if (c.kind === 'snapshotJob') {
    const live = c.live && { id: c.live.id, arn: c.live.arn, status: c.live.status, key: c.live.key };
    return canonical({
      ...common,
      key: c.key,
      declared: c.declared,
      adoption: c.adoption,
      stopFirst: c.stopFirst,
      status: c.after?.status ?? null,
      live: live ?? null,
    });
  }
  const job = c.createdJob && { id: c.createdJob.id, arn: c.createdJob.arn, adoption: c.createdJob.adoption };
  return canonical({
    ...common,
    task: c.task,
    tags: c.after?.tags,
    createdJob: job ?? null,
    lastTask: c.lastTask ? { taskId: c.lastTask.taskId, status: c.lastTask.status } : null,
  });
}

/** JSON with object keys sorted, so that key order in a file never makes two equal things differ. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(v).sort(compareStrings)) out[k] = (v as Record<string, unknown>)[k];
    return out;
  });
}

/**
 * Whether two desired states declare the same things, wherever their files are: what the
 * stack means, not where it was checked out. Differences are named by address.
 */
export function desiredDifferences(a: DesiredState, b: DesiredState): string[] {
  const problems: string[] = [];
  const top = (d: DesiredState) => canonical({ version: d.version, stack: d.stack, catalogs: d.catalogs, ignoreTags: d.ignoreTags });
  if (top(a) !== top(b)) problems.push('the top-level settings (stack, catalog, ignoreTags) differ');
  problems.push(...desiredStateProblems(a));
  const resources = (d: DesiredState): Map<string, string> => {
    const out = new Map<string, string>();
    for (const r of [...d.snapshotJobs, ...d.opportunityEngagements, ...d.invitationAcceptances]) {
      const { source: _source, ...meaning } = r;
      out.set(r.address, canonical(meaning));
    }
    return out;
  };
  const count = (d: DesiredState): number => d.snapshotJobs.length + d.opportunityEngagements.length + d.invitationAcceptances.length;
  if (count(a) !== count(b)) problems.push(`the plan declares ${count(a)} resources, the stack ${count(b)}`);
  const [ra, rb] = [resources(a), resources(b)];
  for (const [address, text] of ra) {
    if (!rb.has(address)) problems.push(`${address} is in the plan but not in the stack`);
    else if (rb.get(address) !== text) problems.push(`${address} is declared differently`);
  }
  for (const address of rb.keys()) if (!ra.has(address)) problems.push(`${address} is in the stack but not in the plan`);
  return problems.sort(compareStrings);
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * What the loader guarantees of a desired state and an edited file may break: every address is
 * its kind and name, in the list of its kind, and names one resource only.
 */
export function desiredStateProblems(desired: DesiredState): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const lists = [
    ['snapshotJob', desired.snapshotJobs],
    ['opportunityEngagement', desired.opportunityEngagements],
    ['invitationAcceptance', desired.invitationAcceptances],
  ] as const;
  for (const [kind, list] of lists) {
    for (const r of list as ReadonlyArray<{ kind?: unknown; name?: unknown; address?: unknown }>) {
      const address = String(r.address);
      if (r.kind !== kind || typeof r.name !== 'string' || r.address !== `${kind}.${r.name}`)
        problems.push(`${address}: the desired state lists it as a ${kind}, under another address or kind`);
      if (seen.has(address)) problems.push(`${address}: the desired state declares it more than once`);
      seen.add(address);
    }
  }
  return problems;
}

export function verifyPlan(plan: Plan, desired: DesiredState, live: LiveState): Verified {
  const problems: string[] = desiredStateProblems(desired);
  if (problems.length > 0) return { changes: [], problems };
  if (plan.stack !== desired.stack)
    problems.push(`the plan is for stack ${JSON.stringify(plan.stack)}, but its desired state is stack ${JSON.stringify(desired.stack)}`);
  if (!sameList(plan.ignoreTags.keys, desired.ignoreTags.keys) || !sameList(plan.ignoreTags.keyPrefixes, desired.ignoreTags.keyPrefixes)) {
    problems.push('the plan ignores other tags than its desired state does (ignoreTags)');
  }
  const fresh = diff(desired, live, { targets: plan.targets, excludes: plan.excludes, onlyTargets: plan.changedSince?.partial === true });
  // A plan with errors is never applied, whatever its own list of errors says.
  for (const e of fresh.errors) problems.push(`${e.address}: a fresh diff finds an error: ${e.reason}`);
  const byAddress = new Map(fresh.resourceChanges.map((c) => [c.address, c]));
  const errors = new Map(fresh.errors.map((e) => [e.address, e]));
  const changes: ResourceChange[] = [];
  const seen = new Set<string>();
  for (const planned of plan.resourceChanges) {
    const address = typeof planned?.address === 'string' ? planned.address : '(a change with no address)';
    if (seen.has(address)) {
      problems.push(`${address}: the plan lists it twice`);
      continue;
    }
    seen.add(address);
    const now = byAddress.get(address);
    if (!now) {
      const error = errors.get(address);
      problems.push(
        error
          ? `${address}: a fresh diff refuses it: ${error.reason}`
          : `${address}: a fresh diff plans nothing there (no such declared resource, or no job of this stack to act on)`,
      );
      continue;
    }
    let same: boolean;
    try {
      same = essence(planned) === essence(now);
    } catch {
      same = false;
    }
    if (!same) {
      const [was, is] = [describe(planned), describe(now)];
      problems.push(`${address}: the plan says ${was}, a fresh diff says ${is}${was === is ? ' differently' : ''}`);
      continue;
    }
    changes.push(now);
  }
  return { changes, problems };
}

const ACTION_WORDS: Readonly<Record<Action, string>> = {
  [Action.NoOp]: 'no-op',
  [Action.Create]: 'create',
  [Action.Update]: 'update',
  [Action.DeleteThenCreate]: 'replace',
  [Action.Delete]: 'delete',
};

function describe(c: ResourceChange): string {
  const action =
    typeof c?.action !== 'string'
      ? 'nothing readable'
      : Object.hasOwn(ACTION_WORDS, c.action)
        ? ACTION_WORDS[c.action]
        : JSON.stringify(c.action);
  const id = c?.kind === 'snapshotJob' ? c.live?.id : c?.createdJob?.id;
  return typeof id === 'string' ? `${action} (job ${id})` : action;
}
