/**
 * Natural keys, task keys and fingerprint keys are typed values; their strings are made and read
 * in one place each. Over random keys whose fields hold the separators (`/`, `%`, `:`),
 * prototype names and any unicode, a fingerprint key reads back as the key it was made from,
 * and two different keys never share a string.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naturalKeyId, showNaturalKey, type NaturalKey } from '../../src/desired/natural-key.js';
import { CATALOGS } from '../../src/model/index.js';
import { decodeFingerprintKey, encodeFingerprintKey, FingerprintKey } from '../../src/plan/fingerprint-key.js';
import { TASK_KINDS, taskKeyId, type TaskKey } from '../../src/plan/task-key.js';

const field = fc.oneof(
  fc.constantFrom('', '/', '%', '%2F', '%25', ':', 'a/b', '__proto__', 'constructor', 'O1001', 'eng-acme', 'snapshotJob:x', '∅/é'),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('/', '%', '2', 'F', '5', ':', 'a') }),
);

const naturalKeys: fc.Arbitrary<NaturalKey> = fc.record({
  catalog: fc.constantFrom(...CATALOGS),
  engagement: field,
  opportunity: field,
  template: field,
});
const taskKeys: fc.Arbitrary<TaskKey> = fc.record({
  kind: fc.constantFrom(...TASK_KINDS),
  catalog: fc.constantFrom(...CATALOGS),
  identifier: field,
});
const fingerprintKeys: fc.Arbitrary<FingerprintKey> = fc.oneof(
  naturalKeys.map(FingerprintKey.jobsOn),
  taskKeys.map(FingerprintKey.tasksOf),
  field.map(FingerprintKey.createdJob),
);

describe('keys', () => {
  it('a fingerprint key reads back as the key it was made from', () => {
    fc.assert(
      fc.property(fingerprintKeys, (k) => {
        expect(decodeFingerprintKey(encodeFingerprintKey(k))).toEqual(k);
      }),
      { numRuns: 2000 },
    );
  });

  it('two different fingerprint keys, natural keys or task keys never share a string', () => {
    const injective = <T>(arb: fc.Arbitrary<T>, encode: (k: T) => string) =>
      fc.assert(
        fc.property(arb, arb, (a, b) => {
          if (encode(a) === encode(b)) expect(a).toEqual(b);
        }),
        { numRuns: 2000 },
      );
    injective(fingerprintKeys, encodeFingerprintKey);
    injective(naturalKeys, naturalKeyId);
    injective(taskKeys, taskKeyId);
    // Random pairs rarely collide by chance; these differ only in where a separator falls.
    const a = { catalog: 'AWS', engagement: 'e/1', opportunity: 'O', template: 'T' } as const;
    const b = { catalog: 'AWS', engagement: 'e', opportunity: '1/O', template: 'T' } as const;
    expect(naturalKeyId(a)).not.toBe(naturalKeyId(b));
    expect(encodeFingerprintKey(FingerprintKey.jobsOn(a))).not.toBe(encodeFingerprintKey(FingerprintKey.jobsOn(b)));
  });

  it('real keys keep the strings saved plans already hold', () => {
    const key = { catalog: 'Sandbox', engagement: 'eng-acmemigration1', opportunity: 'O1001', template: 'OpportunitySummaryView' } as const;
    expect(encodeFingerprintKey(FingerprintKey.jobsOn(key))).toBe('snapshotJob:Sandbox/eng-acmemigration1/O1001/OpportunitySummaryView');
    expect(showNaturalKey(key)).toBe('Sandbox/eng-acmemigration1/O1001/OpportunitySummaryView');
    const task = { kind: 'opportunityEngagement', catalog: 'Sandbox', identifier: 'O2001' } as const;
    expect(encodeFingerprintKey(FingerprintKey.tasksOf(task))).toBe('task:opportunityEngagement/Sandbox/O2001');
    expect(encodeFingerprintKey(FingerprintKey.createdJob('job-fromtask00001'))).toBe('job:job-fromtask00001');
  });

  it('a string no cosell made reads as no key', () => {
    for (const text of [
      '',
      'snapshotJob',
      'unknown:x',
      'snapshotJob:Sandbox/e/O',
      'snapshotJob:Nowhere/e/O/T',
      'snapshotJob:Sandbox/e/O/T/extra',
      'snapshotJob:Sandbox/e%/O/T',
      'task:snapshotJob/Sandbox/O1',
      'task:opportunityEngagement/Sandbox',
    ])
      expect(decodeFingerprintKey(text), text).toBeUndefined();
  });
});
