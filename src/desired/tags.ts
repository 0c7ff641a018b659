import { shapeLength } from '../model/index.js';
import { toTags } from '../util/tags.js';
import { OWNER_TAG_KEY, type IgnoreTags, type Tags } from './types.js';

/** At most this many tags on a resource, the ownership tag included (the model's TagList). */
export const MAX_TAGS = shapeLength('TagList').max ?? 200;

/** Why a tag key cannot be declared, or undefined when it can. */
export function reservedTagKey(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower.startsWith('aws:')) return `tag key "${key}" is reserved by AWS (keys starting with aws:)`;
  if (lower.startsWith('cosell:'))
    return `tag key "${key}" is reserved for cosell's own tags (cosell sets ${OWNER_TAG_KEY} itself)`;
  return undefined;
}

export function isIgnoredTag(key: string, ignore: IgnoreTags): boolean {
  return ignore.keys.includes(key) || ignore.keyPrefixes.some((p) => key.startsWith(p));
}

/** Effective tags: defaults, overridden by the resource's own, plus the ownership tag. */
export function effectiveTags(defaults: Tags, own: Tags, stack: string): Tags {
  const tags = toTags(defaults);
  for (const k of Object.keys(own)) tags[k] = own[k] as string;
  tags[OWNER_TAG_KEY] = stack;
  return tags;
}
