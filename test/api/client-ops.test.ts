import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/api/index.js';
import { clientOf, emulator, ENGAGEMENT, jobInput } from './emulator-helpers.js';
import { failure } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

describe('operations over HTTP', () => {
  it('create, get, list, tag, untag, start, stop and delete a snapshot job', async () => {
    const client = clientOf(emu);
    const created = await client.createResourceSnapshotJob({
      ...jobInput('O1001', 'ops-create-1'),
      Tags: [{ Key: 'cosell:stack', Value: 'demo' }],
    });
    expect(created.Id).toMatch(/^job-[0-9a-z]{13}$/);
    expect(created.Arn).toBe(`arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/resource-snapshot-job/${created.Id}`);

    const job = await client.getResourceSnapshotJob({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: created.Id! });
    expect(job).toMatchObject({ Catalog: 'Sandbox', Id: created.Id, EngagementId: ENGAGEMENT, ResourceId: 'O1001', Status: 'Stopped' });
    expect(job.CreatedAt).toBeInstanceOf(Date);

    const arn = created.Arn!;
    expect(
      await client.tagResource({
        ResourceArn: arn,
        Tags: [
          { Key: 'team', Value: 'alliances' },
          { Key: 'tmp', Value: 'x' },
        ],
      }),
    ).toEqual({});
    expect(await client.untagResource({ ResourceArn: arn, TagKeys: ['tmp'] })).toEqual({});
    const tags = await client.listTagsForResource({ ResourceArn: arn });
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'cosell:stack', Value: 'demo' },
        { Key: 'team', Value: 'alliances' },
      ]),
    );
    expect(tags.Tags).toHaveLength(2);

    const ref = { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: created.Id! };
    expect(await client.startResourceSnapshotJob(ref)).toEqual({});
    expect((await client.getResourceSnapshotJob(ref)).Status).toBe('Running');
    expect(await client.stopResourceSnapshotJob(ref)).toEqual({});
    expect(await client.deleteResourceSnapshotJob(ref)).toEqual({});
    const gone = await failure(client.getResourceSnapshotJob(ref));
    expect(gone).toBeInstanceOf(ServiceError);
    expect(gone.name).toBe('ResourceNotFoundException');

    expect(client.stats().calls).toEqual({
      CreateResourceSnapshotJob: 1,
      GetResourceSnapshotJob: 3,
      TagResource: 1,
      UntagResource: 1,
      ListTagsForResource: 1,
      StartResourceSnapshotJob: 1,
      StopResourceSnapshotJob: 1,
      DeleteResourceSnapshotJob: 1,
    });
    client.close();
  });

  it('pages through the list operations with async iterators', async () => {
    const client = clientOf(emu);
    for (const o of ['O1002', 'O1003', 'O1004']) await client.createResourceSnapshotJob(jobInput(o, `page-${o}`));
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of client.paginateListResourceSnapshotJobs({
      Catalog: 'Sandbox',
      MaxResults: 1,
      EngagementIdentifier: ENGAGEMENT,
    })) {
      pages.push(page.ResourceSnapshotJobSummaries.length);
      ids.push(...page.ResourceSnapshotJobSummaries.map((s) => s.Id!));
    }
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages.every((n) => n <= 1)).toBe(true);
    const single = await client.listResourceSnapshotJobs({ Catalog: 'Sandbox', MaxResults: 100 });
    expect(single.ResourceSnapshotJobSummaries.map((s) => s.Id).sort()).toEqual([...ids].sort());
    client.close();
  });

  it('starts engagement tasks and lists them page by page', async () => {
    const client = clientOf(emu);
    const fromOpp = await client.startEngagementFromOpportunityTask({
      Catalog: 'Sandbox',
      ClientToken: 'ops-task-1',
      Identifier: 'O2001',
      AwsSubmission: { InvolvementType: 'Co-Sell', Visibility: 'Full' },
      Tags: [{ Key: 'source', Value: 'gitops' }],
    });
    expect(fromOpp.TaskId).toMatch(/^task-[0-9a-z]{13}$/);
    expect(fromOpp.StartTime).toBeInstanceOf(Date);
    const accept = await client.startEngagementByAcceptingInvitationTask({
      Catalog: 'Sandbox',
      ClientToken: 'ops-task-2',
      Identifier: 'engi-globexinvite1',
    });
    expect(accept.TaskId).toMatch(/^task-/);

    const fromOppTasks = [];
    for await (const page of client.paginateListEngagementFromOpportunityTasks({ Catalog: 'Sandbox', MaxResults: 1 })) {
      fromOppTasks.push(...(page.TaskSummaries ?? []));
    }
    expect(fromOppTasks.map((t) => t.TaskId)).toContain(fromOpp.TaskId);
    const acceptTasks = [];
    for await (const page of client.paginateListEngagementByAcceptingInvitationTasks({ Catalog: 'Sandbox' })) {
      acceptTasks.push(...(page.TaskSummaries ?? []));
    }
    expect(acceptTasks.map((t) => t.TaskId)).toContain(accept.TaskId);
    const one = await client.listEngagementByAcceptingInvitationTasks({ Catalog: 'Sandbox', TaskIdentifier: [accept.TaskId!] });
    expect(one.TaskSummaries?.map((t) => t.TaskId)).toEqual([accept.TaskId]);
    const opp = await client.listEngagementFromOpportunityTasks({ Catalog: 'Sandbox', OpportunityIdentifier: ['O2001'] });
    expect(opp.TaskSummaries?.[0]?.StartTime).toBeInstanceOf(Date);
    client.close();
  });

  it('fills an omitted ClientToken with a fresh one per call, as the SDKs do', async () => {
    const client = clientOf(emu);
    const first = await client.startEngagementFromOpportunityTask({
      Catalog: 'Sandbox',
      Identifier: 'O2002',
      AwsSubmission: { InvolvementType: 'For Visibility Only' },
    });
    expect(first.TaskId).toMatch(/^task-/);
    // A second call is a new request (a new token), not a replay: the service refuses a second start.
    const again = await failure(
      client.startEngagementFromOpportunityTask({
        Catalog: 'Sandbox',
        Identifier: 'O2002',
        AwsSubmission: { InvolvementType: 'For Visibility Only' },
      }),
    );
    expect(again.name).toBe('ConflictException');
    expect(again.message).toBe(`An engagement was already started from opportunity O2002 by task ${first.TaskId}.`);
    // A given token makes a repeat return the first result.
    const given = {
      Catalog: 'Sandbox',
      ClientToken: 'same-token',
      Identifier: 'O2003',
      AwsSubmission: { InvolvementType: 'Co-Sell' as const },
    };
    const a = await client.startEngagementFromOpportunityTask(given);
    const b = await client.startEngagementFromOpportunityTask(given);
    expect(b.TaskId).toBe(a.TaskId);
    client.close();
  });

  it('refuses an invalid input before sending, with the service error shape', async () => {
    const client = clientOf(emu);
    emu.resetStats();
    const err = await failure(
      client.createResourceSnapshotJob({
        ...jobInput('not-an-opportunity', 'tok'),
        Tags: [{ Key: 'bad key!', Value: 'v' }],
      }),
    );
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({
      name: 'ValidationException',
      status: 400,
      source: 'local',
      reason: 'REQUEST_VALIDATION_FAILED',
      retryable: false,
      attempts: 0,
    });
    expect(err.message).toBe(
      'invalid CreateResourceSnapshotJob input, not sent: ResourceIdentifier must match the pattern ^O[0-9]{1,19}$. (and 1 more)',
    );
    expect((err as unknown as ServiceError).errorList).toEqual([
      {
        FieldName: 'ResourceIdentifier',
        Message: 'ResourceIdentifier must match the pattern ^O[0-9]{1,19}$.',
        Code: 'INVALID_STRING_FORMAT',
      },
      expect.objectContaining({ FieldName: 'Tags[0].Key', Code: 'INVALID_STRING_FORMAT' }),
    ]);
    expect(emu.stats().calls).toEqual({});
    expect(client.stats().calls).toEqual({});
    client.close();
  });
});
