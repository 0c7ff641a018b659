import { afterEach, describe, expect, it } from 'vitest';
import {
  CreateResourceSnapshotJobCommand,
  GetResourceSnapshotJobCommand,
  InternalServerException,
  ListResourceSnapshotJobsCommand,
  ThrottlingException,
} from '@aws-sdk/client-partnercentral-selling';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { client, start } from './helpers.js';
import { failure } from '../support/emulator.js';

const LIST = new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox' });
const createJob = (opportunity: string, token?: string) =>
  new CreateResourceSnapshotJobCommand({
    Catalog: 'Sandbox',
    EngagementIdentifier: 'eng-acmemigration1',
    ResourceType: 'Opportunity',
    ResourceIdentifier: opportunity,
    ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
    ClientToken: token,
  });

describe('fault injection', () => {
  const running: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
  });
  async function emulator(options: EmulatorOptions): Promise<Emulator> {
    const emu = await start(options);
    running.push(emu);
    return emu;
  }

  it('throttles an operation over its quota with ThrottlingException 429, and counts it', async () => {
    // An operation's own quota beats its class's; each operation has its own bucket.
    const emu = await emulator({ quotas: { read: 100, ListResourceSnapshotJobs: 0.5, write: 0.5 } });
    const sdk = client(emu);
    const lists = await Promise.allSettled(Array.from({ length: 4 }, () => sdk.send(LIST)));
    const throttled = lists.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as Error);
    expect(throttled).toHaveLength(3);
    expect(throttled[0]).toBeInstanceOf(ThrottlingException);
    expect(throttled[0]!.message).toBe('Rate exceeded for ListResourceSnapshotJobs.');
    expect((throttled[0] as ThrottlingException).$metadata.httpStatusCode).toBe(429);
    const gets = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        sdk.send(new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: 'job-0000000000000' })),
      ),
    );
    expect(gets.filter((r) => r.status === 'rejected' && r.reason instanceof ThrottlingException)).toEqual([]);
    const creates = await Promise.allSettled([sdk.send(createJob('O1001')), sdk.send(createJob('O1002'))]);
    expect(creates.filter((r) => r.status === 'rejected' && r.reason instanceof ThrottlingException)).toHaveLength(1);
    expect(emu.stats()).toEqual({
      calls: { ListResourceSnapshotJobs: 4, GetResourceSnapshotJob: 4, CreateResourceSnapshotJob: 2 },
      throttled: 4,
      faults: 0,
    });
  });

  it('answers InternalServerException 500 at the fail rate', async () => {
    const emu = await emulator({ failRate: 1, faultSeed: 7 });
    const err = await failure(client(emu).send(LIST));
    expect(err).toBeInstanceOf(InternalServerException);
    expect(err.message).toBe('An internal error occurred (injected by the emulator).');
    expect(emu.stats()).toEqual({ calls: { ListResourceSnapshotJobs: 1 }, throttled: 0, faults: 1 });
  });

  it('gives the same faults for the same fault seed', async () => {
    async function pattern(seed: number): Promise<string> {
      const emu = await emulator({ failRate: 0.5, faultSeed: seed });
      const sdk = client(emu);
      let out = '';
      for (let i = 0; i < 24; i++)
        out += await sdk.send(LIST).then(
          () => '.',
          () => 'F',
        );
      return out;
    }
    const a = await pattern(42);
    expect(a).toMatch(/F/);
    expect(a).toMatch(/\./);
    expect(await pattern(42)).toBe(a);
    expect(await pattern(43)).not.toBe(a);
  });

  it('drops the connection before any processing at the drop rate', async () => {
    const emu = await emulator({ dropRate: 1, faultSeed: 1 });
    const err = await failure(client(emu).send(createJob('O1001')));
    expect(err.name).not.toMatch(/Exception$/);
    expect(err.message).toMatch(/socket hang up|ECONNRESET/);
    expect(emu.stats()).toEqual({ calls: { CreateResourceSnapshotJob: 1 }, throttled: 0, faults: 1 });
  });

  it('applies a mutating call, then drops the connection, at the commit-drop rate', async () => {
    const emu = await emulator({ commitDropRate: 1, faultSeed: 1 });
    const sdk = client(emu);
    const lost = await failure(sdk.send(createJob('O1001', 'retry-me')));
    expect(lost.message).toMatch(/socket hang up|ECONNRESET/);
    const list = await sdk.send(LIST);
    expect(list.ResourceSnapshotJobSummaries).toHaveLength(1);
    // Reads are never commit-dropped; a retry with the same ClientToken changes nothing, so it is not dropped either.
    const retried = await sdk.send(createJob('O1001', 'retry-me'));
    expect(retried.Id).toBe(list.ResourceSnapshotJobSummaries![0]!.Id);
    expect(emu.stats().faults).toBe(1);
  });

  it('with unique jobs off, only the ClientToken stands between a retry and a duplicate', async () => {
    const emu = await emulator({ uniqueJobs: false });
    const sdk = client(emu);
    const a = await sdk.send(createJob('O1001', 'same'));
    const b = await sdk.send(createJob('O1001', 'same'));
    const c = await sdk.send(createJob('O1001', 'other'));
    expect(b.Id).toBe(a.Id);
    expect(c.Id).not.toBe(a.Id);
    expect((await sdk.send(LIST)).ResourceSnapshotJobSummaries).toHaveLength(2);
  });

  it('adds latency to every answer, and closes promptly while an answer waits', async () => {
    const emu = await emulator({ latencyMs: 30 });
    const sdk = client(emu);
    expect((await sdk.send(LIST)).ResourceSnapshotJobSummaries).toEqual([]);
    const slow = await startEmulator({ port: 0, latencyMs: 60_000 });
    const pending = client(slow)
      .send(LIST)
      .catch((err: Error) => err);
    for (;;) {
      if (slow.stats().calls.ListResourceSnapshotJobs === 1) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await slow.close();
    expect(((await pending) as Error).message).toMatch(/socket hang up|ECONNRESET/);
  });

  it('refuses bad fault settings', async () => {
    await expect(startEmulator({ failRate: 1.5 })).rejects.toThrow('failRate must be a probability between 0 and 1, not 1.5');
    await expect(startEmulator({ quotas: { Everything: 1 } })).rejects.toThrow(/quota Everything: not read, write or an operation name/);
    await expect(startEmulator({ quotas: { write: 0 } })).rejects.toThrow('quota write: TPS must be a number above 0');
    await expect(startEmulator({ latencyMs: -1 })).rejects.toThrow('latencyMs must be a number of at least 0, not -1');
    await expect(startEmulator({ faultSeed: 1.5 })).rejects.toThrow('faultSeed must be a whole number, not 1.5');
  });
});
