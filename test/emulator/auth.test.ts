import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartnerCentralSellingClient, ListResourceSnapshotJobsCommand } from '@aws-sdk/client-partnercentral-selling';
import type { Emulator } from '../../src/emulator/index.js';
import { start } from './helpers.js';
import { EXAMPLE_KEY, failure } from '../support/emulator.js';
import { send, signed, type RawAnswer } from './raw.js';

const LIST = JSON.stringify({ Catalog: 'Sandbox' });

function expectError(answer: RawAnswer, status: number, type: string, message?: RegExp): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['x-amzn-errortype']).toBe(type);
  expect(answer.json.__type).toBe(`com.amazonaws.partnercentralselling#${type}`);
  if (message) expect(answer.json.message).toMatch(message);
}

describe('SigV4 verification (raw HTTP)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await start({
      seed: {
        credentials: [
          EXAMPLE_KEY,
          { accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'temporary-secret', sessionToken: 'the-session-token' },
        ],
        catalogs: { Sandbox: { engagements: ['eng-acmemigration1'], opportunities: ['O1001'] } },
      },
    });
  });
  afterAll(() => emu.close());

  it('accepts a request signed by another SigV4 implementation', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ResourceSnapshotJobSummaries: [] });
    expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers MissingAuthenticationTokenException without an Authorization header', async () => {
    const answer = await send(
      emu,
      { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSPartnerCentralSelling.ListResourceSnapshotJobs' },
      LIST,
    );
    expectError(answer, 403, 'MissingAuthenticationTokenException', /^Missing Authentication Token$/);
  });

  it('answers UnrecognizedClientException to an unknown access key', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST, {
      credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' },
    });
    expectError(answer, 403, 'UnrecognizedClientException', /security token included in the request is invalid/);
  });

  it('answers InvalidSignatureException to a wrong secret key', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST, {
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-the-secret' },
    });
    expectError(answer, 403, 'InvalidSignatureException', /signature we calculated does not match/);
  });

  it('answers InvalidSignatureException to a body changed after signing', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', JSON.stringify({ Catalog: 'AWS' }), { signedBody: LIST });
    expectError(answer, 403, 'InvalidSignatureException', /x-amz-content-sha256 header does not match the request body/);
  });

  it('answers InvalidSignatureException to a header changed after signing', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST, {
      after: { 'x-amz-target': 'AWSPartnerCentralSelling.GetResourceSnapshotJob' },
    });
    expectError(answer, 403, 'InvalidSignatureException', /signature we calculated does not match/);
  });

  it('answers InvalidSignatureException, signature expired, to a date 16 minutes old', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST, { signingDate: new Date(Date.now() - 16 * 60_000) });
    expectError(
      answer,
      403,
      'InvalidSignatureException',
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it('answers InvalidSignatureException to a date 16 minutes ahead', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST, { signingDate: new Date(Date.now() + 16 * 60_000) });
    expectError(answer, 403, 'InvalidSignatureException', /^Signature not yet current: /);
  });

  it('accepts a date 10 minutes off', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST, { signingDate: new Date(Date.now() - 10 * 60_000) });
    expect(answer.status).toBe(200);
  });

  it('answers InvalidSignatureException to a credential scoped to another service', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST, { service: 'partnercentral' });
    expectError(answer, 403, 'InvalidSignatureException', /Credential should be scoped to correct service: 'partnercentral-selling'/);
  });

  it('answers InvalidSignatureException to a credential scoped to another region', async () => {
    const answer = await signed(emu, 'ListResourceSnapshotJobs', LIST, { region: 'eu-west-1' });
    expectError(answer, 403, 'InvalidSignatureException', /Credential should be scoped to a valid region, not 'eu-west-1'/);
  });

  it('answers IncompleteSignatureException to a malformed Authorization header', async () => {
    const answer = await send(
      emu,
      {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSPartnerCentralSelling.ListResourceSnapshotJobs',
      },
      LIST,
    );
    expectError(answer, 400, 'IncompleteSignatureException', /requires 'SignedHeaders', 'Signature'/);
  });

  it('requires X-Amz-Security-Token for a credential with a session token', async () => {
    const creds = { accessKeyId: 'ASIATEMPORARY', secretAccessKey: 'temporary-secret', sessionToken: 'the-session-token' };
    expect((await signed(emu, 'ListResourceSnapshotJobs', LIST, { credentials: creds })).status).toBe(200);
    const { sessionToken: _, ...without } = creds;
    expectError(await signed(emu, 'ListResourceSnapshotJobs', LIST, { credentials: without }), 403, 'UnrecognizedClientException');
    expectError(
      await signed(emu, 'ListResourceSnapshotJobs', LIST, { credentials: { ...creds, sessionToken: 'another-token' } }),
      403,
      'UnrecognizedClientException',
    );
  });

  it('gives the official SDK its own error for a wrong key', async () => {
    const sdk = new PartnerCentralSellingClient({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    const err = await failure(sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox' })));
    expect(err.name).toBe('InvalidSignatureException');
    expect((err.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(403);
  });
});
