/**
 * What differs between two versions of a stack (at a git revision, and now), for
 * `plan --changed-since`: the addresses whose effective declaration differs, and the keys the
 * earlier declarations stood on (a job that moved or went away is found on its old key).
 * A pure function over two loaded stacks.
 */
import type { DesiredResource, DesiredState } from '../desired/types.js';
import { identityOf } from './diff-tasks.js';
import { naturalKey, naturalKeyId } from '../desired/natural-key.js';
import { taskKey, taskKeyId } from './task-key.js';
import { Action, type NaturalKey, type Plan, type TaskIdentity } from './types.js';
import { canonical } from './verify.js';
import { plural } from '../util/plural.js';
import { compareStrings } from '../util/compare.js';

/** A loaded stack: its desired state and its top-level settings as written. */
export interface StackVersion {
  state: DesiredState;
  settings: Record<string, unknown>;
}

export type Differences =
  | { full: string }
  | {
      full?: undefined;
      /** Declared now, and new or declared differently: sorted. */
      changed: string[];
      /** Declared at the revision and no longer: sorted. */
      removed: string[];
      /** The keys the changed and removed snapshot jobs had at the revision. */
      earlierKeys: NaturalKey[];
      /** What the changed and removed engagement tasks started from, now and at the revision: their jobs are found through these. */
      tasks: TaskIdentity[];
    };

/** Any of these written differently changes how every resource is planned. */
const TOP_LEVEL = ['version', 'stack', 'catalog', 'defaults', 'ignoreTags', 'tagPolicy'] as const;

function meanings(state: DesiredState): Map<string, { resource: DesiredResource; text: string }> {
  const out = new Map<string, { resource: DesiredResource; text: string }>();
  for (const r of [...state.snapshotJobs, ...state.opportunityEngagements, ...state.invitationAcceptances]) {
    const { source: _source, ...meaning } = r;
    out.set(r.address, { resource: r, text: canonical(meaning) });
  }
  return out;
}

export function differences(before: StackVersion, after: StackVersion): Differences {
  const settings = TOP_LEVEL.filter((k) => canonical(before.settings[k] ?? null) !== canonical(after.settings[k] ?? null));
  if (settings.length > 0) return { full: `the top-level ${plural(settings.length, 'setting')} ${settings.join(', ')} changed` };
  const [was, now] = [meanings(before.state), meanings(after.state)];
  const changed: string[] = [];
  const removed: string[] = [];
  const earlier: DesiredResource[] = [];
  for (const [address, { text }] of now) {
    const old = was.get(address);
    if (old?.text === text) continue;
    changed.push(address);
    if (old) earlier.push(old.resource);
  }
  for (const [address, { resource }] of was) {
    if (now.has(address)) continue;
    removed.push(address);
    earlier.push(resource);
  }
  const keys = new Map<string, NaturalKey>();
  const tasks = new Map<string, TaskIdentity>();
  const addTask = (r: DesiredResource): void => {
    if (r.kind === 'snapshotJob') return;
    const id = identityOf(r);
    tasks.set(taskKeyId(id), taskKey(id));
  };
  for (const r of earlier) {
    if (r.kind === 'snapshotJob') keys.set(naturalKeyId(r), naturalKey(r));
    else addTask(r);
  }
  for (const a of changed) addTask((now.get(a) as { resource: DesiredResource }).resource);
  return {
    changed: changed.sort(compareStrings),
    removed: removed.sort(compareStrings),
    earlierKeys: [...keys.values()],
    tasks: [...tasks.values()],
  };
}

/**
 * The addresses at which a plan acts on a live job standing on one of `keys`: the old job of a
 * declaration that moved or went away is deleted (or replaced) under an address of its own.
 */
export function addressesOnKeys(plan: Plan, keys: readonly NaturalKey[]): string[] {
  const wanted = new Set(keys.map(naturalKeyId));
  const out = new Set<string>();
  for (const c of plan.resourceChanges) {
    if (
      c.kind === 'snapshotJob' &&
      c.live &&
      (c.action === Action.Delete || c.action === Action.DeleteThenCreate) &&
      wanted.has(naturalKeyId(c.live.key))
    )
      out.add(c.address);
  }
  return [...out].sort(compareStrings);
}
