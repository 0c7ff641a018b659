/** How a resource's tags must change (which keys cosell manages: desired/tags.ts). */
import { managedKeyTest, type ManagedKeyTest } from '../desired/tags.js';
import type { Tags } from '../desired/types.js';

export { managedKeyTest, type ManagedKeyTest };
import { emptyTags, hasTag, tagValue } from '../util/tags.js';
import type { TagDiff } from './types.js';
import { compareStrings } from '../util/compare.js';

function sortedKeys(tags: Tags): string[] {
  return Object.keys(tags).sort(compareStrings);
}

/** A copy with keys in sorted order, so that plans serialise the same way every time. */
export function sortTags(tags: Tags): Tags {
  const out = emptyTags();
  for (const k of sortedKeys(tags)) out[k] = tags[k] as string;
  return out;
}

/** A copy in the same key order. */
export function copyTags(tags: Tags): Tags {
  const out = emptyTags();
  for (const k of Object.keys(tags)) out[k] = tags[k] as string;
  return out;
}

/** Tags are authoritative: what `live` must gain, change and lose to match `desired`. */
export function diffTags(live: Tags, desired: Tags, managed: ManagedKeyTest): TagDiff {
  // Keys are sorted only when something differs: most resources are in step, and this runs
  // once per resource in plans of thousands.
  let added: string[] | undefined;
  let changed: string[] | undefined;
  let removed: string[] | undefined;
  // Own keys only: a key such as `constructor` must never meet what a prototype holds.
  for (const k of Object.keys(desired)) {
    if (!managed(k)) continue;
    const before = tagValue(live, k);
    if (before === undefined) {
      added ??= [];
      added.push(k);
    } else if (before !== desired[k]) {
      changed ??= [];
      changed.push(k);
    }
  }
  for (const k of Object.keys(live)) {
    if (!hasTag(desired, k) && managed(k)) {
      removed ??= [];
      removed.push(k);
    }
  }
  const diff: TagDiff = {
    add: emptyTags(),
    change: Object.create(null) as TagDiff['change'],
    remove: removed ? removed.sort(compareStrings) : [],
  };
  if (added) for (const k of added.sort(compareStrings)) diff.add[k] = desired[k] as string;
  if (changed) for (const k of changed.sort(compareStrings)) diff.change[k] = { before: live[k] as string, after: desired[k] as string };
  return diff;
}

/**
 * The tags a resource ends with, in sorted key order: the desired managed ones plus the live
 * ones cosell keeps. Given the tag diff and live tags already sorted (as the live index holds
 * them), an unchanged resource costs one copy.
 */
export function resultingTags(live: Tags, desired: Tags, managed: ManagedKeyTest, diff?: TagDiff): Tags {
  if (diff && isEmptyTagDiff(diff)) return copyTags(live);
  const out = emptyTags();
  for (const k of Object.keys(live)) if (!managed(k)) out[k] = live[k] as string;
  for (const k of Object.keys(desired)) if (managed(k)) out[k] = desired[k] as string;
  return sortTags(out);
}

export function isEmptyTagDiff(d: TagDiff): boolean {
  return d.remove.length === 0 && isEmptyObject(d.add) && isEmptyObject(d.change);
}

function isEmptyObject(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

export function emptyTagDiff(): TagDiff {
  return { add: emptyTags(), change: Object.create(null) as TagDiff['change'], remove: [] };
}
