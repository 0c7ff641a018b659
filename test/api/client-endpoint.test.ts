import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/index.js';
import { CosellError } from '../../src/util/errors.js';
import { emulator } from './emulator-helpers.js';
import { EXAMPLE_KEY, failure } from '../support/emulator.js';
import { withEnv } from '../support/env.js';
import type { Emulator } from '../../src/emulator/index.js';

// Two emulators: whichever answers shows where the request went.
let a: Emulator;
let b: Emulator;
beforeAll(async () => {
  [a, b] = await Promise.all([emulator(), emulator()]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

const list = { Catalog: 'Sandbox' };
const clear = { AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: undefined, AWS_ENDPOINT_URL: undefined, AWS_REGION: undefined };

async function whoAnswers(options: { endpoint?: string }): Promise<string> {
  a.resetStats();
  b.resetStats();
  const client = createClient({ credentials: EXAMPLE_KEY, ...options });
  await client.listResourceSnapshotJobs(list);
  client.close();
  const hitA = a.stats().calls.ListResourceSnapshotJobs ?? 0;
  const hitB = b.stats().calls.ListResourceSnapshotJobs ?? 0;
  return hitA === 1 && hitB === 0 ? 'a' : hitB === 1 && hitA === 0 ? 'b' : 'neither';
}

describe('endpoint precedence over HTTP', () => {
  it('uses --endpoint over AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING over AWS_ENDPOINT_URL', async () => {
    await withEnv({ ...clear, AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: b.url, AWS_ENDPOINT_URL: b.url }, async () => {
      expect(await whoAnswers({ endpoint: a.url })).toBe('a');
    });
    await withEnv({ ...clear, AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING: a.url, AWS_ENDPOINT_URL: b.url }, async () => {
      expect(await whoAnswers({})).toBe('a');
    });
    await withEnv({ ...clear, AWS_ENDPOINT_URL: b.url }, async () => {
      expect(await whoAnswers({})).toBe('b');
    });
  });

  it('falls back on the regional AWS endpoint, from --region, AWS_REGION or us-east-1', async () => {
    await withEnv(clear, () => {
      expect(createClient({ credentials: EXAMPLE_KEY }).endpoint).toBe('https://partnercentral-selling.us-east-1.api.aws/');
      expect(createClient({ credentials: EXAMPLE_KEY, region: 'eu-west-1' }).endpoint).toBe(
        'https://partnercentral-selling.eu-west-1.api.aws/',
      );
    });
    await withEnv({ ...clear, AWS_REGION: 'ap-southeast-2' }, () => {
      const client = createClient({ credentials: EXAMPLE_KEY });
      expect(client.region).toBe('ap-southeast-2');
      expect(client.endpoint).toBe('https://partnercentral-selling.ap-southeast-2.api.aws/');
    });
  });

  it('refuses plain http to a host that is not loopback, before any request', async () => {
    const err = await failure(
      Promise.resolve().then(() => createClient({ credentials: EXAMPLE_KEY, endpoint: 'http://partnercentral.example.com:4599' })),
    );
    expect(err).toBeInstanceOf(CosellError);
    expect(err.message).toBe(
      'refusing plain http endpoint "http://partnercentral.example.com:4599" (from --endpoint): signed requests would cross the network unencrypted. ' +
        'Use https://, or http:// only with a loopback host (127.0.0.0/8, ::1, localhost).',
    );
    await withEnv({ ...clear, AWS_ENDPOINT_URL: 'http://192.168.1.10:4599' }, () => {
      expect(() => createClient({ credentials: EXAMPLE_KEY })).toThrow(
        /refusing plain http endpoint "http:\/\/192.168.1.10:4599" \(from AWS_ENDPOINT_URL\)/,
      );
    });
  });

  it('talks to the emulator as localhost too', async () => {
    const client = createClient({ credentials: EXAMPLE_KEY, endpoint: `http://localhost:${a.port}` });
    expect((await client.listResourceSnapshotJobs(list)).ResourceSnapshotJobSummaries).toEqual([]);
    client.close();
  });
});
