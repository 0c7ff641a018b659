/**
 * Tags are data (invariant 4): over thousands of random live and desired maps, drawing keys from
 * a pool of prototype names, `aws:` keys and ignored keys, applying the diff to the live map
 * yields exactly the desired managed tags, and leaves `aws:` and ignored tags as they were.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffTags, managedKeyTest, resultingTags } from '../../src/plan/tags.js';
import type { Tags } from '../../src/desired/types.js';
import { emptyTags, hasTag, tagsOf } from '../../src/util/tags.js';

const POOL = [
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__proto__',
  'isPrototypeOf',
  'aws:x',
  'aws:cloudformation:stack',
  'crm-sync-id',
  'crm:owner',
  'team',
  'cosell:stack',
  'a',
  '',
];
const IGNORE = { keys: ['crm-sync-id'], keyPrefixes: ['crm:'] };

const tagMap = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...POOL), fc.string({ maxLength: 6 })),
      fc.oneof(fc.constantFrom('x', 'y', ''), fc.string({ maxLength: 4 })),
    ),
    { maxLength: 12 },
  )
  .map((pairs) => tagsOf(pairs));

/** The live map after the calls the diff stands for: remove, then set what is added or changed. */
function applied(live: Tags, desired: Tags): Tags {
  const managed = managedKeyTest(IGNORE);
  const d = diffTags(live, desired, managed);
  const out = emptyTags();
  for (const k of Object.keys(live)) out[k] = live[k] as string;
  for (const k of d.remove) delete out[k];
  for (const k of Object.keys(d.add)) out[k] = d.add[k] as string;
  for (const k of Object.keys(d.change)) out[k] = d.change[k]!.after;
  return out;
}

const entries = (t: Tags, keep: (k: string) => boolean): Array<[string, string]> =>
  Object.keys(t)
    .filter(keep)
    .sort()
    .map((k) => [k, t[k] as string]);

describe('tag diff, as a property', () => {
  it('applying the diff gives exactly the desired managed tags, aws: and ignored tags untouched', () => {
    const managed = managedKeyTest(IGNORE);
    fc.assert(
      fc.property(tagMap, tagMap, (live, desired) => {
        const result = applied(live, desired);
        expect(entries(result, managed)).toEqual(entries(desired, managed));
        expect(entries(result, (k) => !managed(k))).toEqual(entries(live, (k) => !managed(k)));
        expect(Object.getPrototypeOf(result)).toBeNull();
        // What the plan shows as the result is the same map.
        expect(entries(resultingTags(live, desired, managed), () => true)).toEqual(entries(result, () => true));
      }),
      { numRuns: 3000 },
    );
  });

  it('a diff of a map against itself is empty, whatever its keys', () => {
    const managed = managedKeyTest(IGNORE);
    fc.assert(
      fc.property(tagMap, (tags) => {
        const d = diffTags(tags, tags, managed);
        expect([Object.keys(d.add), Object.keys(d.change), d.remove]).toEqual([[], [], []]);
      }),
      { numRuns: 2000 },
    );
  });

  it('never reads what a prototype holds: plain objects from JSON behave like prototype-free maps', () => {
    const managed = managedKeyTest(IGNORE);
    const live = JSON.parse('{"constructor":"c","team":"t"}') as Tags;
    const desired = JSON.parse('{"toString":"s","team":"t"}') as Tags;
    const d = diffTags(live, desired, managed);
    expect({ add: { ...d.add }, change: { ...d.change }, remove: d.remove }).toEqual({
      add: { toString: 's' },
      change: {},
      remove: ['constructor'],
    });
    expect(hasTag(emptyTags(), 'toString')).toBe(false);
  });
});
