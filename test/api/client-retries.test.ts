import { afterEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/api/index.js';
import { ACCOUNT, clientOf, emulator, ENGAGEMENT, jobInput, SEED } from './emulator-helpers.js';
import { failure } from '../support/emulator.js';
import { withEnv } from '../support/env.js';
import type { Emulator } from '../../src/emulator/index.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const jobRef = { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: 'job-abcdefghijklm' };

describe('retries', () => {
  it('retries InternalServerException (HTTP 500) up to the attempt limit, then fails with it', async () => {
    emu = await emulator({ failRate: 1 });
    const lines: string[] = [];
    const client = clientOf(emu, { maxAttempts: 3, debug: (l) => lines.push(l) });
    const err = await failure(client.listResourceSnapshotJobs({ Catalog: 'Sandbox' }));
    expect(err).toMatchObject({ name: 'InternalServerException', status: 500, source: 'service', retryable: true, attempts: 3 });
    expect(emu.stats().calls.ListResourceSnapshotJobs).toBe(3);
    expect(client.stats()).toEqual({ calls: { ListResourceSnapshotJobs: 1 }, retries: { ListResourceSnapshotJobs: 2 }, throttles: {} });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\[cosell\] ListResourceSnapshotJobs attempt 1\/3: HTTP 500 InternalServerException in \d+ ms, request id \S+; retrying in \d+ ms$/,
    );
    expect(lines[2]).toMatch(/attempt 3\/3: HTTP 500 InternalServerException in \d+ ms, request id \S+; attempts exhausted$/);
    client.close();
  });

  it('rides through intermittent 500s', async () => {
    emu = await emulator({ failRate: 0.5, faultSeed: 7 });
    const client = clientOf(emu, { maxAttempts: 10 });
    for (let i = 0; i < 10; i++) await client.listResourceSnapshotJobs({ Catalog: 'Sandbox' });
    const stats = client.stats();
    expect(stats.calls.ListResourceSnapshotJobs).toBe(10);
    expect(stats.retries.ListResourceSnapshotJobs).toBeGreaterThan(0);
    expect(emu.stats().calls.ListResourceSnapshotJobs).toBe(10 + stats.retries.ListResourceSnapshotJobs!);
    client.close();
  });

  it('retries dropped connections, then fails with a NetworkError naming the endpoint', async () => {
    emu = await emulator({ dropRate: 1 });
    const client = clientOf(emu, { maxAttempts: 2 });
    const err = await failure(client.getResourceSnapshotJob(jobRef));
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({ name: 'NetworkError', status: 0, source: 'network', retryable: true, attempts: 2 });
    expect(['ECONNRESET', 'SOCKET_HANG_UP']).toContain(err.code);
    expect(err.message).toMatch(new RegExp(`^GetResourceSnapshotJob: .*${new URL(emu.url).host}.* \\(after 2 attempts\\)$`));
    expect(client.stats().retries.GetResourceSnapshotJob).toBe(1);
    client.close();
  });

  it('rides through intermittent dropped connections', async () => {
    emu = await emulator({ dropRate: 0.4, faultSeed: 3 });
    const client = clientOf(emu, { maxAttempts: 10 });
    for (let i = 0; i < 8; i++) await client.listResourceSnapshotJobs({ Catalog: 'Sandbox' });
    expect(client.stats().retries.ListResourceSnapshotJobs).toBeGreaterThan(0);
    client.close();
  });

  it('retries a timeout', async () => {
    emu = await emulator({ latencyMs: 300 });
    const client = clientOf(emu, { maxAttempts: 2, timeoutMs: 50 });
    const err = await failure(client.listResourceSnapshotJobs({ Catalog: 'Sandbox' }));
    expect(err).toMatchObject({ name: 'TimeoutError', code: 'TIMEOUT', retryable: true, attempts: 2 });
    expect(err.message).toBe(`ListResourceSnapshotJobs: no complete answer from ${new URL(emu.url).host} within 50 ms (after 2 attempts)`);
    client.close();
  });

  it('retries throttles, counts them, and slows the throttled operation down', async () => {
    emu = await emulator({ quotas: { ListResourceSnapshotJobs: 10 } });
    const client = clientOf(emu, { rates: { read: 100 }, maxAttempts: 10 });
    await Promise.all(Array.from({ length: 16 }, () => client.listResourceSnapshotJobs({ Catalog: 'Sandbox' })));
    const stats = client.stats();
    expect(stats.calls.ListResourceSnapshotJobs).toBe(16);
    expect(stats.throttles.ListResourceSnapshotJobs).toBeGreaterThan(0);
    expect(stats.retries.ListResourceSnapshotJobs).toBeGreaterThanOrEqual(stats.throttles.ListResourceSnapshotJobs!);
    expect(emu.stats().throttled).toBe(stats.throttles.ListResourceSnapshotJobs);
    expect(client.rates().ListResourceSnapshotJobs!.current).toBeLessThan(100);
    client.close();
  });

  it('fails a throttled call once the attempts are spent, with the service error', async () => {
    emu = await emulator({ quotas: { read: 1 } });
    const client = clientOf(emu, { maxAttempts: 1 });
    await client.listResourceSnapshotJobs({ Catalog: 'Sandbox' });
    const err = await failure(client.listResourceSnapshotJobs({ Catalog: 'Sandbox' }));
    expect(err).toMatchObject({ name: 'ThrottlingException', status: 429, retryable: true, attempts: 1 });
    client.close();
  });

  it('takes the attempt count from AWS_MAX_ATTEMPTS when no option is given', async () => {
    emu = await emulator({ failRate: 1 });
    const e = emu;
    await withEnv({ AWS_MAX_ATTEMPTS: '2' }, async () => {
      const client = clientOf(e);
      expect(client.maxAttempts).toBe(2);
      await failure(client.listResourceSnapshotJobs({ Catalog: 'Sandbox' }));
      expect(e.stats().calls.ListResourceSnapshotJobs).toBe(2);
      client.close();
    });
  });
});

describe('errors that are never retried', () => {
  it('fails ConflictException, ResourceNotFoundException and a service ValidationException at once', async () => {
    emu = await emulator();
    const client = clientOf(emu);
    await client.createResourceSnapshotJob(jobInput('O1001', 'first'));
    emu.resetStats();

    const conflict = await failure(client.createResourceSnapshotJob(jobInput('O1001', 'second')));
    expect(conflict).toMatchObject({ name: 'ConflictException', status: 409, retryable: false, attempts: 1 });
    expect(conflict.message).toMatch(/already exists/);
    expect(conflict.requestId).toEqual(expect.any(String));

    const missing = await failure(client.getResourceSnapshotJob(jobRef));
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', status: 404, retryable: false, attempts: 1 });
    expect(missing.message).toBe('Resource snapshot job job-abcdefghijklm was not found in catalog Sandbox.');

    const reserved = await failure(
      client.createResourceSnapshotJob({ ...jobInput('O1002', 'third'), Tags: [{ Key: 'aws:owner', Value: 'x' }] }),
    );
    expect(reserved).toMatchObject({
      name: 'ValidationException',
      status: 400,
      source: 'service',
      reason: 'BUSINESS_VALIDATION_FAILED',
      retryable: false,
    });
    expect((reserved as unknown as ServiceError).errorList?.[0]).toMatchObject({ FieldName: 'Tags[0].Key', Code: 'INVALID_VALUE' });

    expect(emu.stats().calls).toEqual({ CreateResourceSnapshotJob: 2, GetResourceSnapshotJob: 1 });
    expect(client.stats().retries).toEqual({});
    client.close();
  });
});

describe('retries of mutating calls', () => {
  it('repeats a create whose answer was lost, with the same ClientToken, and gets the one job back', async () => {
    // Every mutating answer is lost after commit; the repeat carries the same token, so the
    // service replays the first result instead of creating again (or answering Conflict).
    emu = await emulator({ commitDropRate: 1 });
    const client = clientOf(emu, { maxAttempts: 3 });
    const created = await client.createResourceSnapshotJob(jobInput('O1001', 'lost-answer'));
    expect(client.stats().retries.CreateResourceSnapshotJob).toBe(1);
    expect(emu.stats().calls.CreateResourceSnapshotJob).toBe(2);
    const listed = await client.listResourceSnapshotJobs({ Catalog: 'Sandbox' });
    expect(listed.ResourceSnapshotJobSummaries.map((s) => s.Id)).toEqual([created.Id]);
    client.close();
    await emu.close();

    emu = await emulator({ commitDropRate: 0.5, faultSeed: 1 });
    const flaky = clientOf(emu, { maxAttempts: 10 });
    const ids = [];
    for (const o of ['O1001', 'O1002', 'O1003', 'O1004']) ids.push((await flaky.createResourceSnapshotJob(jobInput(o, `tok-${o}`))).Id);
    expect(flaky.stats().retries.CreateResourceSnapshotJob).toBeGreaterThan(0);
    const all = await flaky.listResourceSnapshotJobs({ Catalog: 'Sandbox', MaxResults: 100 });
    expect(all.ResourceSnapshotJobSummaries.map((s) => s.Id).sort()).toEqual([...ids].sort());
    flaky.close();
  });

  it('repeats a task start with the token it filled itself, so a lost answer never starts a second task', async () => {
    emu = await emulator({ commitDropRate: 0.5, faultSeed: 5 });
    const client = clientOf(emu, { maxAttempts: 10 });
    for (const o of ['O2001', 'O2002', 'O2003']) {
      await client.startEngagementFromOpportunityTask({ Catalog: 'Sandbox', Identifier: o, AwsSubmission: { InvolvementType: 'Co-Sell' } });
    }
    expect(client.stats().retries.StartEngagementFromOpportunityTask).toBeGreaterThan(0);
    const tasks = await client.listEngagementFromOpportunityTasks({ Catalog: 'Sandbox' });
    expect(tasks.TaskSummaries?.map((t) => t.OpportunityId).sort()).toEqual(['O2001', 'O2002', 'O2003']);
    client.close();
  });

  it('repeats idempotent writes (tag, untag, start, stop) after a lost answer', async () => {
    const jobId = 'job-seededjob0001';
    emu = await emulator({
      commitDropRate: 0.5,
      faultSeed: 2,
      seed: {
        ...SEED,
        catalogs: { Sandbox: { ...SEED.catalogs.Sandbox, snapshotJobs: [{ id: jobId, engagement: ENGAGEMENT, opportunity: 'O1005' }] } },
      },
    });
    const client = clientOf(emu, { maxAttempts: 10 });
    const arn = `arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/Sandbox/resource-snapshot-job/${jobId}`;
    for (let i = 0; i < 4; i++) await client.tagResource({ ResourceArn: arn, Tags: [{ Key: `k${i}`, Value: 'v' }] });
    await client.untagResource({ ResourceArn: arn, TagKeys: ['k0'] });
    await client.startResourceSnapshotJob({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: jobId });
    const retries = client.stats().retries;
    expect((retries.TagResource ?? 0) + (retries.UntagResource ?? 0) + (retries.StartResourceSnapshotJob ?? 0)).toBeGreaterThan(0);
    const tags = (await client.listTagsForResource({ ResourceArn: arn })).Tags.map((t) => t.Key).sort();
    expect(tags).toEqual(['k1', 'k2', 'k3']);
    expect((await client.getResourceSnapshotJob({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: jobId })).Status).toBe('Running');
    client.close();
  });
});
