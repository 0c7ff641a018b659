/**
 * `cosell status` against the emulator, whose jobs execute every few milliseconds: sync from the
 * plan, health from each job's executions and each task's status.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusCommand, type StatusFlags } from '../../src/cli/commands/status.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import type { JsonStatus } from '../../src/plan/render/status.js';
import { captured } from '../support/capture.js';
import { useExampleCredentials } from '../support/env.js';
import { emulator, stackFrom, tempDir } from '../live/support.js';
import { testClient } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

const ENG = 'eng-statustest0001';
const OWNER = { 'cosell:stack': 'ops' };
const SEED: EmulatorSeed = {
  catalogs: {
    Sandbox: {
      engagements: [ENG],
      opportunities: [
        'O1001',
        'O1002',
        'O1003',
        'O1004',
        { id: 'O3999', snapshotFailure: 'Opportunity O3999 is closed: nothing to snapshot.' },
        { id: 'O2999', failWith: 'OpportunityValidationFailed' },
      ],
      snapshotJobs: [
        { engagement: ENG, opportunity: 'O1001', status: 'Running', tags: OWNER },
        { engagement: ENG, opportunity: 'O3999', status: 'Running', tags: OWNER },
        { engagement: ENG, opportunity: 'O1002', status: 'Stopped', tags: OWNER },
        { engagement: ENG, opportunity: 'O1003', status: 'Running', tags: { ...OWNER, priority: 'low' } },
      ],
    },
  },
};

const STACK = `version: 1
stack: ops
catalog: Sandbox
snapshotJobs:
  healthy: { engagement: ${ENG}, opportunity: O1001, template: OpportunitySummaryView }
  failing: { engagement: ${ENG}, opportunity: O3999, template: OpportunitySummaryView }
  paused: { engagement: ${ENG}, opportunity: O1002, template: OpportunitySummaryView, status: Stopped }
  drifted: { engagement: ${ENG}, opportunity: O1003, template: OpportunitySummaryView, tags: { priority: high } }
  absent: { engagement: ${ENG}, opportunity: O1004, template: OpportunitySummaryView }
opportunityEngagements:
  refused: { opportunity: O2999, involvementType: Co-Sell }
`;

let emu: Emulator;
let dir: string;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = useExampleCredentials();
  emu = await emulator(SEED, { executionIntervalMs: 20 });
  // A task on O2999 that fails, as the seed asks.
  await testClient(emu).startEngagementFromOpportunityTask({
    Catalog: 'Sandbox',
    Identifier: 'O2999',
    AwsSubmission: { InvolvementType: 'Co-Sell' },
    ClientToken: 'status-test-task',
  });
  dir = (await stackFrom({ 'stack.yaml': STACK })).dir;
});

afterAll(async () => {
  await emu.close();
  restoreEnv();
});

async function status(extra: Partial<StatusFlags> = {}): Promise<{ code: number; stdout: string }> {
  const flags: StatusFlags = {
    endpoint: emu.url,
    cacheDir: join(await tempDir(), '.cosell'),
    format: 'json',
    rate: { read: 1000, write: 1000 },
    ...extra,
  };
  const { result, stdout } = await captured(() => statusCommand(dir, flags));
  return { code: result, stdout };
}

describe('cosell status', () => {
  it('reports sync and health for each declared resource', async () => {
    const { code, stdout } = await status({ detailedExitcode: true });
    const report = JSON.parse(stdout) as JsonStatus;
    const by = new Map(report.resources.map((r) => [r.address, r]));
    expect(by.get('snapshotJob.healthy')).toMatchObject({ sync: 'Synced', health: 'Healthy' });
    expect(by.get('snapshotJob.failing')).toMatchObject({
      sync: 'Synced',
      health: 'Degraded',
      message: 'Opportunity O3999 is closed: nothing to snapshot.',
    });
    expect(by.get('snapshotJob.paused')).toMatchObject({ sync: 'Synced', health: 'Suspended' });
    expect(by.get('snapshotJob.drifted')).toMatchObject({ sync: 'OutOfSync', health: 'Healthy' });
    expect(by.get('snapshotJob.absent')).toMatchObject({ sync: 'Missing', health: 'Missing' });
    expect(by.get('opportunityEngagement.refused')).toMatchObject({ sync: 'OutOfSync', health: 'Degraded' });
    expect(by.get('opportunityEngagement.refused')?.message).toMatch(/failed: OpportunityValidationFailed/);
    expect(report.summary).toEqual({ resources: 6, synced_and_healthy: 1, attention: 5 });
    expect(code).toBe(2);
  });

  it('prints a table for people, and exits 0 without --detailed-exitcode', async () => {
    const { code, stdout } = await status({ format: 'human', color: false });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^RESOURCE\s+SYNC\s+HEALTH\s+MESSAGE$/);
    expect(stdout).toMatch(/^snapshotJob\.failing\s+Synced\s+Degraded\s+Opportunity O3999 is closed: nothing to snapshot\.$/m);
    expect(stdout).toMatch(/^snapshotJob\.healthy\s+Synced\s+Healthy$/m);
    expect(stdout).toContain('6 resources: 5 not Synced and Healthy.');
  });

  it('reads each Running job once more than plan does, and nothing else', async () => {
    emu.resetStats();
    await status();
    const calls = emu.stats().calls;
    // Three Running declared jobs (healthy, failing, drifted): one Get each for their executions,
    // on top of plan's own reads (a cold job cache: one Get per listed job).
    expect(calls.GetResourceSnapshotJob).toBe(4 + 3);
    expect(Object.keys(calls).sort()).toEqual([
      'GetResourceSnapshotJob',
      'ListEngagementFromOpportunityTasks',
      'ListResourceSnapshotJobs',
      'ListTagsForResource',
    ]);
  });
});
