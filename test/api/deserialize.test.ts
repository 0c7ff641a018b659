import { describe, expect, it } from 'vitest';
import { deserializeOutput } from '../../src/api/deserialize.js';
import { operationInfo } from '../../src/model/index.js';

describe('answers', () => {
  it('turns the model timestamps into Dates, at any depth, and leaves the rest alone', () => {
    const job = deserializeOutput(operationInfo('GetResourceSnapshotJob').outputShape, {
      Catalog: 'Sandbox',
      CreatedAt: 1767225600,
      LastSuccessfulExecutionDate: '2026-01-01T00:00:01.5Z',
      Status: 'Running',
    });
    expect(job).toEqual({
      Catalog: 'Sandbox',
      CreatedAt: new Date('2026-01-01T00:00:00Z'),
      LastSuccessfulExecutionDate: new Date('2026-01-01T00:00:01.500Z'),
      Status: 'Running',
    });
    const tasks = deserializeOutput(operationInfo('ListEngagementFromOpportunityTasks').outputShape, {
      TaskSummaries: [{ TaskId: 'task-1', StartTime: 1767225600.25 }],
      Unknown: 1,
    });
    expect(tasks).toEqual({ TaskSummaries: [{ TaskId: 'task-1', StartTime: new Date('2026-01-01T00:00:00.250Z') }], Unknown: 1 });
  });

  it('passes through a timestamp it cannot read', () => {
    const out = deserializeOutput(operationInfo('GetResourceSnapshotJob').outputShape, { CreatedAt: 'yesterday' });
    expect(out).toEqual({ CreatedAt: 'yesterday' });
  });
});
