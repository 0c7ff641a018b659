import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateResourceSnapshotJobCommand,
  GetResourceSnapshotJobCommand,
  StartResourceSnapshotJobCommand,
  StopResourceSnapshotJobCommand,
} from '@aws-sdk/client-partnercentral-selling';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorSeed } from '../../src/emulator/index.js';
import { executeJob, runExecutions, setExecutionInterval } from '../../src/emulator/executions.js';
import { emptyWorld, type Job } from '../../src/emulator/state.js';
import { client, sleep } from './helpers.js';

const ENG = 'eng-acmemigration1';
const SEED: EmulatorSeed = {
  catalogs: {
    Sandbox: {
      engagements: [ENG],
      opportunities: ['O1001', { id: 'O3999', snapshotFailure: 'Opportunity O3999 is closed.' }],
      snapshotJobs: [{ id: 'job-0000000000009', engagement: ENG, opportunity: 'O3999', status: 'Running' }],
    },
  },
};

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function jobOn(e: Emulator, opportunity: string): Promise<{ Catalog: 'Sandbox'; ResourceSnapshotJobIdentifier: string }> {
  const sdk = client(e);
  const { Id } = await sdk.send(
    new CreateResourceSnapshotJobCommand({
      Catalog: 'Sandbox',
      EngagementIdentifier: ENG,
      ResourceType: 'Opportunity',
      ResourceIdentifier: opportunity,
      ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
      ClientToken: `t-${opportunity}`,
    }),
  );
  return { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: Id! };
}

describe('the emulator runs jobs', () => {
  it('a Running job executes when it starts and then every interval; a Stopped one does not', async () => {
    emu = await startEmulator({ port: 0, seed: SEED, executionIntervalMs: 40 });
    const sdk = client(emu);
    const id = await jobOn(emu, 'O1001');
    expect((await sdk.send(new GetResourceSnapshotJobCommand(id))).LastSuccessfulExecutionDate).toBeUndefined();
    await sdk.send(new StartResourceSnapshotJobCommand(id));
    const first = await sdk.send(new GetResourceSnapshotJobCommand(id));
    expect(first.LastSuccessfulExecutionDate).toBeInstanceOf(Date);
    expect(first.LastFailure).toBeUndefined();
    await sleep(100);
    const later = await sdk.send(new GetResourceSnapshotJobCommand(id));
    expect(later.LastSuccessfulExecutionDate!.getTime()).toBeGreaterThan(first.LastSuccessfulExecutionDate!.getTime());

    await sdk.send(new StopResourceSnapshotJobCommand(id));
    const stopped = (await sdk.send(new GetResourceSnapshotJobCommand(id))).LastSuccessfulExecutionDate!;
    await sleep(100);
    expect((await sdk.send(new GetResourceSnapshotJobCommand(id))).LastSuccessfulExecutionDate).toEqual(stopped);
  });

  it('executions of a job on an opportunity with snapshotFailure fail, setting LastFailure', async () => {
    emu = await startEmulator({ port: 0, seed: SEED, executionIntervalMs: 40 });
    const sdk = client(emu);
    const seeded = await sdk.send(
      new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: 'job-0000000000009' }),
    );
    expect(seeded).toMatchObject({ Status: 'Running', LastFailure: 'Opportunity O3999 is closed.' });
    expect(seeded.LastSuccessfulExecutionDate).toBeUndefined();
  });

  it('keeps executions in the state file', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'cosell-exec-')), 'state.json');
    emu = await startEmulator({ port: 0, seed: SEED, statePath, executionIntervalMs: 60_000 });
    const id = await jobOn(emu, 'O1001');
    await client(emu).send(new StartResourceSnapshotJobCommand(id));
    const before = await client(emu).send(new GetResourceSnapshotJobCommand(id));
    await emu.close();
    emu = await startEmulator({ port: 0, seed: SEED, statePath, executionIntervalMs: 60_000 });
    const after = await client(emu).send(new GetResourceSnapshotJobCommand(id));
    expect(after.LastSuccessfulExecutionDate).toEqual(before.LastSuccessfulExecutionDate);
    const failing = await client(emu).send(
      new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: 'job-0000000000009' }),
    );
    expect(failing.LastFailure).toBe('Opportunity O3999 is closed.');
  });

  it('a bad snapshotFailure or interval is refused', async () => {
    const bad = { catalogs: { Sandbox: { opportunities: [{ id: 'O1', snapshotFailure: 7 }] } } } as unknown as EmulatorSeed;
    await expect(startEmulator({ port: 0, seed: bad })).rejects.toThrow(/snapshotFailure: must be the failure message/);
    await expect(startEmulator({ port: 0, executionIntervalMs: 0 })).rejects.toThrow(/executionIntervalMs must be a number of at least 1/);
  });
});

describe('executions by the clock (plain data)', () => {
  const job = (id: string, opportunity: string, status: 'Running' | 'Stopped', createdAt: number): Job => ({
    id,
    seq: 1,
    engagement: ENG,
    opportunity,
    template: 'OpportunitySummaryView',
    status,
    createdAt,
    tags: [],
  });

  it('catches up to the last execution that came due, fails on a failing opportunity, skips Stopped jobs', () => {
    const world = emptyWorld('123456789012', ['OpportunitySummaryView']);
    setExecutionInterval(world, 100);
    const sandbox = world.catalogs.get('Sandbox')!;
    sandbox.opportunities.set('O1', { id: 'O1', failures: 0 });
    sandbox.opportunities.set('O2', { id: 'O2', failures: 0, snapshotFailure: 'closed' });
    const ok = job('a', 'O1', 'Running', 1000);
    const bad = job('b', 'O2', 'Running', 1000);
    const off = job('c', 'O1', 'Stopped', 1000);
    for (const j of [ok, bad, off]) sandbox.jobs.set(j.id, j);

    expect(runExecutions(world, 1099)).toBe(false);
    expect(runExecutions(world, 1350)).toBe(true);
    expect(ok).toMatchObject({ lastSuccessAt: 1300, lastRunAt: 1300 });
    expect(bad).toMatchObject({ lastFailure: 'closed', lastFailureAt: 1300 });
    expect(bad.lastSuccessAt).toBeUndefined();
    expect(off.lastRunAt).toBeUndefined();
    // Nothing is due before 1400, so nothing runs.
    expect(runExecutions(world, 1399)).toBe(false);
    // A job started now is due an interval later, even between scans.
    off.status = 'Running';
    executeJob(world, sandbox, off, 1360);
    expect(runExecutions(world, 1460)).toBe(true);
    expect(off.lastRunAt).toBe(1460);
  });
});
