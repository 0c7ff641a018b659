/**
 * Tag maps. A tag key is any string the service allows, `constructor`, `toString` and
 * `__proto__` included, so a map never inherits anything: every map is built without a
 * prototype, and every lookup asks for an own property.
 */
/** Tags as the user writes them: a map. The API's [{Key, Value}] lists never reach the user. */
export type Tags = Record<string, string>;

/** The API's tag list, `[{Key, Value}]`. */
export interface TagEntry {
  Key: string;
  Value: string;
}

/** An empty tag map with no prototype: `__proto__` is an ordinary key in it. */
export function emptyTags(): Tags {
  return Object.create(null) as Tags;
}

/** A tag map from pairs, later pairs winning. */
export function tagsOf(pairs: Iterable<readonly [string, string]>): Tags {
  const tags = emptyTags();
  for (const [k, v] of pairs) tags[k] = v;
  return tags;
}

/** A prototype-free copy of any map-like object's own string entries. */
export function toTags(source: Readonly<Record<string, string>> | undefined): Tags {
  const tags = emptyTags();
  if (!source) return tags;
  for (const k of Object.keys(source)) tags[k] = source[k] as string;
  return tags;
}

export function hasTag(tags: Readonly<Tags>, key: string): boolean {
  return Object.hasOwn(tags, key);
}

/** The value of an own key; never something inherited. */
export function tagValue(tags: Readonly<Tags>, key: string): string | undefined {
  return Object.hasOwn(tags, key) ? tags[key] : undefined;
}

export function tagsFromList(list: readonly TagEntry[] | undefined): Tags {
  const tags = emptyTags();
  for (const t of list ?? []) tags[t.Key] = t.Value;
  return tags;
}

export function tagsToList(tags: Readonly<Tags>): TagEntry[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] as string }));
}
