import { afterEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/api/index.js';
import { RequestSigner } from '../../src/api/sign.js';
import { clientOf, emulator, jobInput, SEED } from './emulator-helpers.js';
import { EXAMPLE_KEY, failure } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

const TEMP = {
  accessKeyId: 'ASIATEMPORARYKEY0001',
  secretAccessKey: 'tmpSecret/Key+ForTheSessionCredential000',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue//////////wEaCXVzLWVhc3QtMSJHMEUCIQ',
};

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

function seedWith(...credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }[]) {
  return { ...SEED, credentials };
}

describe('signing', () => {
  it('covers X-Amz-Target, so a signature cannot be replayed for another operation', async () => {
    const signer = new RequestSigner('us-east-1', async () => EXAMPLE_KEY);
    const signed = await signer.sign(
      {
        url: new URL('http://127.0.0.1:4599/'),
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSPartnerCentralSelling.GetResourceSnapshotJob' },
        body: '{}',
      },
      new Date(),
    );
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(signed.headers.authorization ?? '')?.[1]?.split(';');
    expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-target', 'content-type', 'x-amz-date']));
  });

  it('signs with long-term credentials (no session token)', async () => {
    emu = await emulator();
    const client = clientOf(emu, { credentials: EXAMPLE_KEY });
    const page = await client.listResourceSnapshotJobs({ Catalog: 'Sandbox' });
    expect(page.ResourceSnapshotJobSummaries).toEqual([]);
    client.close();
  });

  it('signs with temporary credentials, sending the session token', async () => {
    emu = await emulator({ seed: seedWith(TEMP) });
    const client = clientOf(emu, { credentials: TEMP });
    const created = await client.createResourceSnapshotJob(jobInput('O1001', 'signed-with-token'));
    expect(created.Id).toMatch(/^job-/);
    client.close();
  });

  it('is refused, at once, without the session token the credential needs, or with a wrong secret, region or key', async () => {
    emu = await emulator({ seed: seedWith(TEMP, EXAMPLE_KEY) });
    const cases = [
      [
        { credentials: { accessKeyId: TEMP.accessKeyId, secretAccessKey: TEMP.secretAccessKey } },
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ],
      [
        { credentials: { ...EXAMPLE_KEY, secretAccessKey: 'not-the-secret-at-all-0000000000000000000' } },
        'InvalidSignatureException',
        /^The request signature we calculated does not match/,
      ],
      [
        { credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x'.repeat(40) } },
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ],
      [
        { region: 'eu-west-1' },
        'InvalidSignatureException',
        "Credential should be scoped to a valid region, not 'eu-west-1'. Expected 'us-east-1'.",
      ],
    ] as const;
    for (const [options, name, message] of cases) {
      emu.resetStats();
      const client = clientOf(emu, options);
      const err = await failure(client.listResourceSnapshotJobs({ Catalog: 'Sandbox' }));
      expect(err).toBeInstanceOf(ServiceError);
      expect(err).toMatchObject({ name, status: 403, retryable: false, attempts: 1 });
      if (typeof message === 'string') expect(err.message).toBe(message);
      else expect(err.message).toMatch(message);
      expect(emu.stats().calls.ListResourceSnapshotJobs).toBe(1);
      client.close();
    }
  });
});

describe('secrets', () => {
  it('never appear in --debug output or in an error, whatever happens', async () => {
    emu = await emulator({ seed: seedWith(TEMP), failRate: 0.3, dropRate: 0.2, faultSeed: 9, quotas: { read: 20 } });
    const shown: string[] = [];
    const client = clientOf(emu, { credentials: TEMP, debug: (l) => shown.push(l), maxAttempts: 8, rates: { read: 200 } });
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) calls.push(client.listResourceSnapshotJobs({ Catalog: 'Sandbox' }));
    calls.push(client.getResourceSnapshotJob({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: 'job-abcdefghijklm' }));
    calls.push(client.createResourceSnapshotJob({ ...jobInput('O1001', 'x'), Tags: [{ Key: 'bad key!', Value: '' }] }));
    const settled = await Promise.allSettled(calls);
    // The same run, refused: a wrong session token and a wrong secret.
    for (const credentials of [
      { ...TEMP, sessionToken: `${TEMP.sessionToken}X` },
      { ...TEMP, secretAccessKey: `${TEMP.secretAccessKey}X` },
    ]) {
      const bad = clientOf(emu, { credentials, debug: (l) => shown.push(l), maxAttempts: 8 });
      settled.push(...(await Promise.allSettled([bad.listResourceSnapshotJobs({ Catalog: 'Sandbox' })])));
      bad.close();
    }
    const errors = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as ServiceError);
    expect(errors.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        'ResourceNotFoundException',
        'ValidationException',
        'UnrecognizedClientException',
        'InvalidSignatureException',
      ]),
    );
    expect(shown.some((l) => / 200 in /.test(l))).toBe(true);
    expect(shown.some((l) => /HTTP 429 ThrottlingException/.test(l))).toBe(true);
    expect(shown.some((l) => /HTTP 500 InternalServerException/.test(l))).toBe(true);
    expect(shown.some((l) => /no answer; retrying/.test(l))).toBe(true);

    const everything = [
      ...shown,
      ...errors.flatMap((e) => [e.message, String(e), e.stack ?? '', JSON.stringify(e), JSON.stringify(e.members)]),
    ].join('\n');
    for (const secret of [TEMP.secretAccessKey, TEMP.sessionToken, `${TEMP.sessionToken}X`, `${TEMP.secretAccessKey}X`]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/authorization/i);
    expect(everything).not.toMatch(/Signature=/);
    expect(everything).not.toMatch(/[0-9a-f]{64}/);
    client.close();
  });
});

describe('clock skew', () => {
  it('signs with the service time after an answer shows the local clock is off, and retries once', async () => {
    emu = await emulator();
    const lines: string[] = [];
    const client = clientOf(emu, { now: () => Date.now() - 20 * 60_000, debug: (l) => lines.push(l) });
    const page = await client.listResourceSnapshotJobs({ Catalog: 'Sandbox' });
    expect(page.ResourceSnapshotJobSummaries).toEqual([]);
    expect(lines[0]).toMatch(/attempt 1\/5: HTTP 403 InvalidSignatureException .*; retrying in \d+ ms$/);
    expect(lines[1]).toMatch(/attempt 2\/5: HTTP 200 /);
    // Later calls are signed right the first time.
    await client.listResourceSnapshotJobs({ Catalog: 'Sandbox' });
    expect(client.stats().retries).toEqual({ ListResourceSnapshotJobs: 1 });
    client.close();
  });
});
