import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateResourceSnapshotJobCommand,
  ListEngagementFromOpportunityTasksCommand,
  ListTagsForResourceCommand,
  StartEngagementFromOpportunityTaskCommand,
} from '@aws-sdk/client-partnercentral-selling';
import { startEmulator } from '../../src/emulator/index.js';
import { CATALOGS, enumValues } from '../../src/model/index.js';
import { CosellError } from '../../src/util/errors.js';
import { client, start } from './helpers.js';

const create = new CreateResourceSnapshotJobCommand({
  Catalog: 'Sandbox',
  ClientToken: 'persisted-token',
  EngagementIdentifier: 'eng-acmemigration1',
  ResourceType: 'Opportunity',
  ResourceIdentifier: 'O1001',
  ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
  Tags: [{ Key: 'cosell:stack', Value: 'demo' }],
});

describe('the state file', () => {
  let dir: string;
  let statePath: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cosell-emu-'));
    statePath = join(dir, 'state.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is written before each change is answered, and restores the world on the next start', async () => {
    const first = await start({ statePath, taskDelayMs: 60_000 });
    const sdk = client(first);
    const job = await sdk.send(create);
    expect(await readFile(statePath, 'utf8')).toContain(job.Id);
    const task = await sdk.send(
      new StartEngagementFromOpportunityTaskCommand({
        Catalog: 'Sandbox',
        Identifier: 'O2001',
        AwsSubmission: { InvolvementType: 'Co-Sell' },
      }),
    );
    await first.close();
    expect((await readdir(dir)).sort()).toEqual(['state.json']);

    // The task was saved with its due time (a minute away): it is still in progress.
    const second = await startEmulator({ port: 0, statePath, seed: 'examples/emulator-seed.yaml' });
    const again = client(second);
    expect((await again.send(new ListTagsForResourceCommand({ ResourceArn: job.Arn }))).Tags).toEqual([
      { Key: 'cosell:stack', Value: 'demo' },
    ]);
    expect((await again.send(create)).Id).toBe(job.Id);
    const tasks = await again.send(new ListEngagementFromOpportunityTasksCommand({ Catalog: 'Sandbox' }));
    expect(tasks.TaskSummaries?.map((t) => [t.TaskId, t.TaskStatus])).toEqual([[task.TaskId, 'IN_PROGRESS']]);
    await second.close();
  });

  it('keeps task completions made by the clock', async () => {
    const first = await start({ statePath, taskDelayMs: 0 });
    const sdk = client(first);
    await sdk.send(
      new StartEngagementFromOpportunityTaskCommand({
        Catalog: 'Sandbox',
        Identifier: 'O2001',
        AwsSubmission: { InvolvementType: 'Co-Sell' },
      }),
    );
    const done = await sdk.send(new ListEngagementFromOpportunityTasksCommand({ Catalog: 'Sandbox' }));
    await first.close();
    const second = await start({ statePath });
    const after = await client(second).send(new ListEngagementFromOpportunityTasksCommand({ Catalog: 'Sandbox' }));
    expect(after.TaskSummaries).toEqual(done.TaskSummaries);
    expect(after.TaskSummaries?.[0]?.TaskStatus).toBe('COMPLETE');
    await second.close();
  });

  it('refuses a corrupt state file with a clear error, and leaves it as it was', async () => {
    await writeFile(statePath, '{"format": "cosell-emulator-state", "version": 1, ');
    const err = await startEmulator({ port: 0, statePath }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CosellError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^emulator state ${statePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is corrupt \\(.*JSON.*\\); it was left untouched: repair it, or move it away to start again from the seed$`,
      ),
    );
    expect(await readFile(statePath, 'utf8')).toBe('{"format": "cosell-emulator-state", "version": 1, ');
  });

  it('refuses a state file whose content is not a state', async () => {
    const emu = await start({ statePath });
    await client(emu).send(create);
    await emu.close();
    const state = JSON.parse(await readFile(statePath, 'utf8')) as { catalogs: { Sandbox: { jobs: { status: string }[] } } };
    state.catalogs.Sandbox.jobs[0]!.status = 'Paused';
    await writeFile(statePath, JSON.stringify(state));
    await expect(startEmulator({ port: 0, statePath })).rejects.toThrow(
      /is corrupt \(\/catalogs\/Sandbox\/jobs\/0\/status must be equal to one of the allowed values\)/,
    );
  });

  it('is held by one emulator at a time: a second one is refused, naming the holder, until the first stops', async () => {
    const first = await start({ statePath });
    await expect(startEmulator({ port: 0, statePath })).rejects.toThrow(
      new RegExp(
        `^.*state\\.json is in use by another cosell process \\(pid ${process.pid} on .*\\); two processes cannot share it\\. If no such process is running, delete .*state\\.json\\.lock$`,
      ),
    );
    await first.close();
    const second = await startEmulator({ port: 0, statePath });
    await second.close();
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('says so when the state file cannot be written', async () => {
    await expect(startEmulator({ port: 0, statePath: join(dir, 'missing', 'state.json') })).rejects.toThrow(
      /^cannot write emulator state .*missing\/state\.json: ENOENT/,
    );
  });

  it('its schema takes the statuses and catalogs from the service model', async () => {
    const schema = JSON.parse(await readFile('schemas/emulator-state.schema.json', 'utf8'));
    expect(schema.$defs.job.properties.status.enum).toEqual(enumValues('ResourceSnapshotJobStatus'));
    expect(schema.$defs.task.properties.status.enum).toEqual(enumValues('TaskStatus'));
    expect(schema.properties.catalogs.propertyNames.enum).toEqual([...CATALOGS]);
  });
});
