/**
 * Tag changes on one resource with the fewest calls: one TagResource for everything added or
 * changed (a resource holds at most 200 tags, and a call takes 200), and one UntagResource per
 * 50 keys removed (the model's limits).
 */
import type { PartnerCentralClient } from '../api/index.js';
import { shapeLength } from '../api/model/index.js';
import type { Tags } from '../desired/types.js';
import type { TagDiff } from '../plan/types.js';
import { tagsToList } from '../util/tags.js';
import { chunk } from '../util/lists.js';

const TAGS_PER_CALL = shapeLength('TagList').max ?? 200;
const KEYS_PER_UNTAG = shapeLength('TagKeyList').max ?? 50;
/** The service's limit on tags a resource may carry: the same bound as one call's list. */
const MAX_TAGS_ON_RESOURCE = TAGS_PER_CALL;


/** The tags one TagResource sends: those added, and the new values of those changed. */
export function tagsToSet(diff: TagDiff): Tags {
  const out: Tags = { ...diff.add };
  for (const [k, v] of Object.entries(diff.change)) out[k] = v.after;
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
  const tag = chunk(keys, TAGS_PER_CALL).map((ks) => Object.fromEntries(ks.map((k) => [k, set[k] as string])));
  const untag = chunk(diff.remove, KEYS_PER_UNTAG);
  return { tag, untag, untagFirst: liveTagCount + Object.keys(diff.add).length > MAX_TAGS_ON_RESOURCE };
}

/** Sends a tag diff to one resource. TagResource and UntagResource are idempotent: a retry is safe. */
export async function applyTagDiff(client: PartnerCentralClient, arn: string, diff: TagDiff, liveTagCount: number): Promise<number> {
  const calls = tagCalls(diff, liveTagCount);
  const tag = async (): Promise<void> => {
    for (const tags of calls.tag) await client.tagResource({ ResourceArn: arn, Tags: tagsToList(tags) });
  };
  const untag = async (): Promise<void> => {
    for (const keys of calls.untag) await client.untagResource({ ResourceArn: arn, TagKeys: keys });
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
