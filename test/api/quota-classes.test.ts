import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callsByQuotaClass, OPERATIONS, operationClass, TASK_OPERATIONS } from '../../src/model/index.js';

describe('callsByQuotaClass', () => {
  it('counts reads, writes with the task starts, and each task start on its own', () => {
    expect(callsByQuotaClass({})).toEqual({ read: 0, write: 0 });
    expect(
      callsByQuotaClass({ ListResourceSnapshotJobs: 2, ListTagsForResource: 5, TagResource: 3, StartEngagementFromOpportunityTask: 1 }),
    ).toEqual({ read: 7, write: 4, StartEngagementFromOpportunityTask: 1 });
    expect(TASK_OPERATIONS.every((op) => operationClass(op) === 'write')).toBe(true);
  });

  it('leaves out what is not an operation, whatever its name', () => {
    expect(callsByQuotaClass({ NotAnOperation: 4, __proto__: 1, constructor: 2, read: 3 } as Record<string, number>)).toEqual({
      read: 0,
      write: 0,
    });
  });

  it('adds up to the calls of every operation (property)', () => {
    const counts = fc.dictionary(fc.constantFrom(...OPERATIONS), fc.nat({ max: 10_000 }));
    fc.assert(
      fc.property(counts, (calls) => {
        const byClass = callsByQuotaClass(calls);
        const total = Object.values(calls).reduce((a, b) => a + b, 0);
        expect((byClass.read ?? 0) + (byClass.write ?? 0)).toBe(total);
        for (const op of TASK_OPERATIONS) expect(byClass[op] ?? 0).toBe(calls[op] ?? 0);
      }),
    );
  });
});

describe('--stats', () => {
  it('ends with the calls by quota class', async () => {
    const { formatStats } = await import('../../src/cli/stats.js');
    const text = formatStats({
      calls: { ListTagsForResource: 3, TagResource: 2, StartEngagementByAcceptingInvitationTask: 1 },
      retries: {},
      throttles: { TagResource: 1 },
    });
    expect(text.split('\n')).toEqual([
      'API calls: 6',
      '  ListTagsForResource: 3 calls',
      '  TagResource: 2 calls, 1 throttled',
      '  StartEngagementByAcceptingInvitationTask: 1 call',
      'By quota class: read 3, write 3, StartEngagementByAcceptingInvitationTask 1',
    ]);
  });
});
