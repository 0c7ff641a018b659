import { describe, expect, it } from 'vitest';
import { Action, ACTION_NAMES, type Plan, type ResourceChange } from '../../src/plan/types.js';
import { failureIsNewer, jobsToRead, resourceStatuses, runningJobHealth } from '../../src/plan/status.js';
import { renderStatusHuman } from '../../src/plan/render/status.js';

const key = { catalog: 'Sandbox' as const, engagement: 'eng-aaaaaaaaaaaaaa', opportunity: 'O1', template: 'T' };
const noTags = { add: {}, change: {}, remove: [] };

const common = (kind: ResourceChange['kind'], name: string, action: Action) => ({
  kind,
  address: `${kind}.${name}`,
  name,
  catalog: 'Sandbox' as const,
  action,
  actions: ACTION_NAMES[action],
  tagDiff: noTags,
  before: null,
});

function job(name: string, action: Action, live?: { id: string; status: 'Running' | 'Stopped' }): ResourceChange {
  return {
    ...common('snapshotJob', name, action),
    kind: 'snapshotJob',
    after: null,
    key,
    declared: true,
    adoption: false,
    stopFirst: false,
    ...(live ? { live: { ...live, arn: `arn:${live.id}`, key } } : {}),
  };
}

function task(name: string, action: Action, status?: 'IN_PROGRESS' | 'COMPLETE' | 'FAILED'): ResourceChange {
  return {
    ...common('opportunityEngagement', name, action),
    kind: 'opportunityEngagement',
    after: { catalog: 'Sandbox', identifier: 'O1', tags: {} },
    task: { kind: 'opportunityEngagement', catalog: 'Sandbox', identifier: 'O1' },
    ...(status ? { lastTask: { taskId: 'task-1', status, reasonCode: 'OpportunityValidationFailed', message: 'no \u001b[31m' } } : {}),
  };
}

const plan = (changes: ResourceChange[]): Plan => ({
  format_version: '1.0',
  stack: 's',
  ignoreTags: { keys: [], keyPrefixes: [] },
  targets: [],
  excludes: [],
  resourceChanges: changes,
  errors: [
    { address: 'snapshotJob.zz', kind: 'snapshotJob', catalog: 'Sandbox', code: 'ownership-conflict', reason: 'owned by b', liveJobs: [] },
  ],
  summary: { add: 0, change: 0, destroy: 0, error: 1 },
  fingerprints: {},
});

describe('health from executions (pure)', () => {
  it('a failure is newer when the job never succeeded, or when its message dates it after the success', () => {
    expect(failureIsNewer({ lastFailure: 'x' })).toBe(true);
    expect(failureIsNewer({ lastFailure: 'x', lastSuccessfulExecutionDate: '2026-01-01T00:00:00Z' })).toBe(false);
    expect(failureIsNewer({ lastFailure: 'at 2026-01-02T00:00:00Z: x', lastSuccessfulExecutionDate: '2026-01-01T00:00:00Z' })).toBe(true);
    expect(failureIsNewer({ lastFailure: 'at 2025-12-31T00:00:00Z: x', lastSuccessfulExecutionDate: '2026-01-01T00:00:00Z' })).toBe(false);
    expect(failureIsNewer({ lastSuccessfulExecutionDate: '2026-01-01T00:00:00Z' })).toBe(false);
  });

  it('Healthy, Degraded, Progressing, Unknown', () => {
    expect(runningJobHealth({ lastSuccessfulExecutionDate: '2026-01-01T00:00:00Z' })).toEqual({ health: 'Healthy' });
    expect(runningJobHealth({ lastFailure: 'boom' })).toEqual({ health: 'Degraded', message: 'boom' });
    expect(runningJobHealth({})).toEqual({ health: 'Progressing', message: 'no execution yet' });
    expect(runningJobHealth(undefined).health).toBe('Unknown');
  });
});

describe('resource statuses (pure)', () => {
  const p = plan([
    job('ok', Action.NoOp, { id: 'job-1', status: 'Running' }),
    job('paused', Action.NoOp, { id: 'job-2', status: 'Stopped' }),
    job('drift', Action.Update, { id: 'job-3', status: 'Running' }),
    job('new', Action.Create),
    task('running', Action.NoOp, 'IN_PROGRESS'),
    task('failed', Action.Create, 'FAILED'),
    task('never', Action.Create),
  ]);
  const executions = new Map([
    ['job-1', { lastSuccessfulExecutionDate: '2026-01-01T00:00:00Z' }],
    ['job-3', { lastFailure: 'closed' }],
  ]);

  it('derives sync from the plan and health from what runs', () => {
    const rows = resourceStatuses(p, executions).map((s) => [s.address, s.sync, s.health, s.message]);
    expect(rows).toEqual([
      ['opportunityEngagement.failed', 'OutOfSync', 'Degraded', 'task task-1 failed: OpportunityValidationFailed: no \u001b[31m'],
      ['opportunityEngagement.never', 'Missing', 'Missing', undefined],
      ['opportunityEngagement.running', 'Synced', 'Progressing', 'task task-1 is in progress'],
      ['snapshotJob.drift', 'OutOfSync', 'Degraded', 'closed'],
      ['snapshotJob.new', 'Missing', 'Missing', undefined],
      ['snapshotJob.ok', 'Synced', 'Healthy', undefined],
      ['snapshotJob.paused', 'Synced', 'Suspended', undefined],
      ['snapshotJob.zz', 'OutOfSync', 'Unknown', 'owned by b'],
    ]);
  });

  it('reads only the Running jobs', () => {
    expect(jobsToRead(p).map((j) => j.id)).toEqual(['job-1', 'job-3']);
  });

  it('the table escapes control characters from the service', () => {
    const text = renderStatusHuman(resourceStatuses(p, executions));
    expect(text).toContain('no \\x1b[31m');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('8 resources: 7 not Synced and Healthy.');
  });
});
