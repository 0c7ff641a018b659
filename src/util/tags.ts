import type { Tags } from '../desired/types.js';

/** The API's tag list, `[{Key, Value}]`. */
export interface TagEntry {
  Key: string;
  Value: string;
}

export function tagsFromList(list: readonly TagEntry[] | undefined): Tags {
  const tags: Tags = {};
  // "__proto__" would set the prototype instead of a key; cosell refuses to manage it.
  for (const t of list ?? []) if (t.Key !== '__proto__') tags[t.Key] = t.Value;
  return tags;
}

export function tagsToList(tags: Tags): TagEntry[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] as string }));
}
