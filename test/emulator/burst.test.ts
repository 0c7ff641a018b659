import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetResourceSnapshotJobCommand,
  ListResourceSnapshotJobsCommand,
  PartnerCentralSellingClient,
  TagResourceCommand,
} from '@aws-sdk/client-partnercentral-selling';
import type { Emulator } from '../../src/emulator/index.js';
import { createExampleJob, start } from './helpers.js';
import { EXAMPLE_KEY } from '../support/emulator.js';

describe('a burst', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  it('answers 1,000 requests over 16 keep-alive connections with no error', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    let connections = 0;
    const createConnection = agent.createConnection.bind(agent) as (...args: unknown[]) => unknown;
    (agent as unknown as { createConnection: (...args: unknown[]) => unknown }).createConnection = (...args) => {
      connections += 1;
      return createConnection(...args);
    };
    const sdk = new PartnerCentralSellingClient({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: EXAMPLE_KEY,
      maxAttempts: 1,
      requestHandler: { httpAgent: agent },
    });
    const job = await sdk.send(createExampleJob());
    emu.resetStats();
    const calls = Array.from({ length: 1000 }, (_, i) => {
      switch (i % 3) {
        case 0:
          return sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox' }));
        case 1:
          return sdk.send(new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: job.Id }));
        default:
          return sdk.send(new TagResourceCommand({ ResourceArn: job.Arn, Tags: [{ Key: `k${i % 150}`, Value: String(i) }] }));
      }
    });
    const results = await Promise.allSettled(calls);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toEqual([]);
    expect(results.every((r) => r.status === 'fulfilled' && r.value.$metadata.httpStatusCode === 200)).toBe(true);
    expect(connections).toBeLessThanOrEqual(16);
    expect(emu.stats()).toEqual({
      calls: { ListResourceSnapshotJobs: 334, GetResourceSnapshotJob: 333, TagResource: 333 },
      throttled: 0,
      faults: 0,
    });
    agent.destroy();
  });
});
