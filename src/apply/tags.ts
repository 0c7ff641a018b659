/**
 * Tag changes on one resource with the fewest calls: one TagResource for everything added or
 * changed (a resource holds at most 200 tags, and a call takes 200), and one UntagResource per
 * 50 keys removed (the model's limits).
 */
import type { PartnerCentralClient } from '../api/index.js';
import { KEYS_PER_UNTAG, MAX_TAGS, TAGS_PER_CALL } from '../desired/tags.js';
import type { Tags } from '../desired/types.js';
import type { TagDiff } from '../plan/types.js';
import { emptyTags, tagsOf, tagsToList } from '../util/tags.js';
import type { OwnershipDoor } from './door.js';
import { chunk } from '../util/lists.js';

/** The service's limit on tags a resource may carry: the same bound as one call's list. */
const MAX_TAGS_ON_RESOURCE = MAX_TAGS;

/** The tags one TagResource sends: those added, and the new values of those changed. */
export function tagsToSet(diff: TagDiff): Tags {
  const out = emptyTags();
  for (const k of Object.keys(diff.add)) out[k] = diff.add[k] as string;
  for (const k of Object.keys(diff.change)) out[k] = (diff.change[k] as { after: string }).after;
  return out;
}

export interface TagCalls {
  tag: Tags[];
  untag: string[][];
  /** Untag first when adding first would take the resource over the limit. */
  untagFirst: boolean;
}

/** The calls a tag diff needs, given how many tags the resource carries now. */
export function tagCalls(diff: TagDiff, liveTagCount: number): TagCalls {
  const set = tagsToSet(diff);
  const keys = Object.keys(set);
  const tag = chunk(keys, TAGS_PER_CALL).map((ks) => tagsOf(ks.map((k) => [k, set[k] as string] as const)));
  const untag = chunk(diff.remove, KEYS_PER_UNTAG);
  return { tag, untag, untagFirst: liveTagCount + Object.keys(diff.add).length > MAX_TAGS_ON_RESOURCE };
}

/**
 * Sends a tag diff to one job, each call allowed by the ownership door just before it is made.
 * TagResource and UntagResource are idempotent: a retry is safe.
 */
export async function applyTagDiff(
  client: PartnerCentralClient,
  door: OwnershipDoor,
  id: string,
  arn: string,
  diff: TagDiff,
  liveTagCount: number,
): Promise<number> {
  const calls = tagCalls(diff, liveTagCount);
  const tag = async (): Promise<void> => {
    for (const tags of calls.tag) {
      door.check(id, 'tag');
      await client.tagResource({ ResourceArn: arn, Tags: tagsToList(tags) });
    }
  };
  const untag = async (): Promise<void> => {
    for (const keys of calls.untag) {
      door.check(id, 'untag');
      await client.untagResource({ ResourceArn: arn, TagKeys: keys });
    }
  };
  if (calls.untagFirst) {
    await untag();
    await tag();
  } else {
    await tag();
    await untag();
  }
  return calls.tag.length + calls.untag.length;
}
