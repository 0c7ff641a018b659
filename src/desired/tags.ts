/**
 * Every rule about tag keys, in one place: the service's (`aws:` keys are its own, limits from
 * the model) and cosell's (`cosell:` keys are its own, the owner tag is always managed,
 * ignoreTags). The map helpers that know nothing of these rules are in util/tags.ts.
 */
import { shapeLength } from '../model/index.js';
import { emptyTags, toTags } from '../util/tags.js';
import { OWNER_TAG_KEY, type IgnoreTags, type Tags } from './types.js';

/** At most this many tags on a resource, the ownership tag included (the model's TagList). */
export const MAX_TAGS = shapeLength('TagList').max ?? 200;
/** One TagResource takes as many tags as a resource may carry. */
export const TAGS_PER_CALL = MAX_TAGS;
/** Keys one UntagResource takes (the model's TagKeyList). */
export const KEYS_PER_UNTAG = shapeLength('TagKeyList').max ?? 50;

const SERVICE_KEY = /^aws:/i;

/** `aws:` keys (in any case) belong to AWS: never declared, added, changed or removed. */
export function isServiceTag(key: string): boolean {
  return SERVICE_KEY.test(key);
}

/** Why a tag key cannot be declared, or undefined when it can. */
export function reservedTagKey(key: string): string | undefined {
  if (isServiceTag(key)) return `tag key "${key}" is reserved by AWS (keys starting with aws:)`;
  if (key.toLowerCase().startsWith('cosell:'))
    return `tag key "${key}" is reserved for cosell's own tags (cosell sets ${OWNER_TAG_KEY} itself)`;
  return undefined;
}

export function isIgnoredTag(key: string, ignore: IgnoreTags): boolean {
  return ignore.keys.includes(key) || ignore.keyPrefixes.some((p) => key.startsWith(p));
}

export type ManagedKeyTest = (key: string) => boolean;

/**
 * The keys cosell manages: all but `aws:` keys and ignoreTags. The owner tag is always managed,
 * even if an ignore rule would cover it, since ownership decides what cosell may touch.
 */
export function managedKeyTest(ignore: IgnoreTags): ManagedKeyTest {
  const keys = new Set(ignore.keys);
  const prefixes = ignore.keyPrefixes;
  return (key) => {
    if (isServiceTag(key)) return false;
    if (key === OWNER_TAG_KEY) return true;
    if (keys.has(key)) return false;
    for (const p of prefixes) if (key.startsWith(p)) return false;
    return true;
  };
}

/** Effective tags: defaults, overridden by the resource's own, plus the ownership tag. */
export function effectiveTags(defaults: Tags, own: Tags, stack: string): Tags {
  const tags = toTags(defaults);
  for (const k of Object.keys(own)) tags[k] = own[k] as string;
  tags[OWNER_TAG_KEY] = stack;
  return tags;
}

/** Live tags a stack file can declare (for import): all but the owner tag and reserved keys. */
export function declarableTags(live: Tags): Tags {
  const out = emptyTags();
  for (const [k, v] of Object.entries(live)) if (k !== OWNER_TAG_KEY && !reservedTagKey(k)) out[k] = v;
  return out;
}

/**
 * Live keys a stack may not declare (cosell's own, other than the owner tag) but that a plan
 * would manage, and so remove: an imported stack ignores them instead.
 */
export function undeclarableKeys(live: Tags): string[] {
  return Object.keys(live).filter((k) => k !== OWNER_TAG_KEY && !isServiceTag(k) && reservedTagKey(k) !== undefined);
}
