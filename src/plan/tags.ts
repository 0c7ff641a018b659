/** Which tags cosell manages, and how a resource's tags must change. */
import { OWNER_TAG_KEY, type IgnoreTags, type Tags } from '../desired/types.js';
import type { TagDiff } from './types.js';

/** The service reserves `aws:` keys; they are never added, changed or removed. */
const RESERVED_PREFIX = 'aws:';

export type ManagedKeyTest = (key: string) => boolean;

/**
 * The keys cosell manages: all but `aws:` keys and ignoreTags. The owner tag is always managed,
 * even if an ignore rule would cover it, since ownership decides what cosell may touch.
 */
export function managedKeyTest(ignore: IgnoreTags): ManagedKeyTest {
  const keys = new Set(ignore.keys);
  const prefixes = ignore.keyPrefixes;
  return (key) => {
    if (key.startsWith(RESERVED_PREFIX)) return false;
    if (key === OWNER_TAG_KEY) return true;
    if (keys.has(key)) return false;
    for (const p of prefixes) if (key.startsWith(p)) return false;
    return true;
  };
}

function sortedKeys(tags: Tags): string[] {
  return Object.keys(tags).sort(compareStrings);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy with keys in sorted order, so that plans serialise the same way every time. */
export function sortTags(tags: Tags): Tags {
  const out: Tags = {};
  for (const k of sortedKeys(tags)) out[k] = tags[k] as string;
  return out;
}

/** Tags are authoritative: what `live` must gain, change and lose to match `desired`. */
export function diffTags(live: Tags, desired: Tags, managed: ManagedKeyTest): TagDiff {
  const diff: TagDiff = { add: {}, change: {}, remove: [] };
  for (const k of sortedKeys(desired)) {
    if (!managed(k)) continue;
    const after = desired[k] as string;
    const before = live[k];
    if (before === undefined) diff.add[k] = after;
    else if (before !== after) diff.change[k] = { before, after };
  }
  for (const k of sortedKeys(live)) {
    if (managed(k) && desired[k] === undefined) diff.remove.push(k);
  }
  return diff;
}

/** The tags a resource ends with: the desired managed ones plus the live ones cosell keeps. */
export function resultingTags(live: Tags, desired: Tags, managed: ManagedKeyTest): Tags {
  const out: Tags = {};
  for (const [k, v] of Object.entries(live)) if (!managed(k)) out[k] = v;
  for (const [k, v] of Object.entries(desired)) if (managed(k)) out[k] = v;
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
  return { add: {}, change: {}, remove: [] };
}
