import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictException,
  GetResourceSnapshotJobCommand,
  ListEngagementByAcceptingInvitationTasksCommand,
  ListEngagementFromOpportunityTasksCommand,
  ListTagsForResourceCommand,
  paginateListEngagementByAcceptingInvitationTasks,
  paginateListEngagementFromOpportunityTasks,
  ResourceNotFoundException,
  StartEngagementByAcceptingInvitationTaskCommand,
  StartEngagementFromOpportunityTaskCommand,
  type ValidationException,
  type PartnerCentralSellingClient,
} from '@aws-sdk/client-partnercentral-selling';
import type { Emulator } from '../../src/emulator/index.js';
import { ACCOUNT, client, sleep, start } from './helpers.js';
import { failure } from '../support/emulator.js';

type Summary = { TaskId?: string; TaskStatus?: string };

describe('engagement tasks, through the official SDK', () => {
  let emu: Emulator;
  let sdk: PartnerCentralSellingClient;
  beforeAll(async () => {
    emu = await start({
      seed: {
        catalogs: {
          Sandbox: {
            engagements: ['eng-acmemigration1'],
            opportunities: [
              'O2001',
              'O2002',
              { id: 'O2999', failWith: 'OpportunityValidationFailed' },
              ...Array.from({ length: 12 }, (_, i) => `O30${10 + i}`),
            ],
            invitations: [
              'engi-globexinvite1',
              { id: 'engi-joinexisting1', engagement: 'eng-acmemigration1' },
              { id: 'engi-failinginvit1', failWith: 'InvitationValidationFailed', failTimes: 1 },
            ],
          },
        },
      },
    });
    sdk = client(emu);
  });
  afterAll(() => emu.close());

  /** Lists a task until it leaves IN_PROGRESS (tasks finish after taskDelayMs, 20 ms here). */
  async function settled<T extends Summary>(list: () => Promise<T[] | undefined>, taskId: string): Promise<T> {
    for (;;) {
      const task = (await list())?.find((t) => t.TaskId === taskId);
      if (!task) throw new Error(`task ${taskId} not listed`);
      if (task.TaskStatus !== 'IN_PROGRESS') return task;
      await sleep(10);
    }
  }
  const fromOpportunity = (taskId: string) =>
    settled(
      async () =>
        (await sdk.send(new ListEngagementFromOpportunityTasksCommand({ Catalog: 'Sandbox', TaskIdentifier: [taskId] }))).TaskSummaries,
      taskId,
    );
  const byInvitation = (taskId: string) =>
    settled(
      async () =>
        (await sdk.send(new ListEngagementByAcceptingInvitationTasksCommand({ Catalog: 'Sandbox', TaskIdentifier: [taskId] })))
          .TaskSummaries,
      taskId,
    );

  it('engages from an opportunity: IN_PROGRESS, then COMPLETE with an engagement and a Running tagged job', async () => {
    const started = await sdk.send(
      new StartEngagementFromOpportunityTaskCommand({
        Catalog: 'Sandbox',
        Identifier: 'O2001',
        AwsSubmission: { InvolvementType: 'Co-Sell', Visibility: 'Full' },
        Tags: [{ Key: 'cosell:stack', Value: 'demo' }],
      }),
    );
    expect(started).toMatchObject({ TaskStatus: 'IN_PROGRESS', OpportunityId: 'O2001' });
    expect(started.TaskId).toMatch(/^task-[0-9a-z]{13}$/);
    expect(started.TaskArn).toBe(`arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-from-opportunity-task/${started.TaskId}`);
    expect(started.StartTime).toBeInstanceOf(Date);
    expect(started.EngagementId).toBeUndefined();
    expect(started.ResourceSnapshotJobId).toBeUndefined();

    const done = await fromOpportunity(started.TaskId!);
    expect(done).toMatchObject({ TaskStatus: 'COMPLETE', OpportunityId: 'O2001' });
    expect(done.EngagementId).toMatch(/^eng-[0-9a-z]{14}$/);
    const job = await sdk.send(
      new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: done.ResourceSnapshotJobId }),
    );
    expect(job).toMatchObject({
      Status: 'Running',
      EngagementId: done.EngagementId,
      ResourceId: 'O2001',
      ResourceSnapshotTemplateName: 'OpportunitySummaryView',
    });
    const tags = await sdk.send(new ListTagsForResourceCommand({ ResourceArn: job.Arn }));
    expect(tags.Tags).toEqual([{ Key: 'cosell:stack', Value: 'demo' }]);

    const again = await failure(
      sdk.send(
        new StartEngagementFromOpportunityTaskCommand({
          Catalog: 'Sandbox',
          Identifier: 'O2001',
          AwsSubmission: { InvolvementType: 'Co-Sell' },
        }),
      ),
    );
    expect(again).toBeInstanceOf(ConflictException);
    expect(again.message).toBe(`An engagement was already started from opportunity O2001 by task ${started.TaskId}.`);
  });

  it('refuses a second task while one is in progress', async () => {
    // Its own emulator whose tasks take a minute: with the suite's 20 ms tasks, a loaded machine
    // could finish the first task before the second request arrives, and the answer would differ.
    const slow = await start({ seed: { catalogs: { Sandbox: { opportunities: ['O2002'] } } }, taskDelayMs: 60_000 });
    try {
      const slowSdk = client(slow);
      const input = { Catalog: 'Sandbox', Identifier: 'O2002', AwsSubmission: { InvolvementType: 'For Visibility Only' as const } };
      const first = await slowSdk.send(new StartEngagementFromOpportunityTaskCommand(input));
      const second = await failure(slowSdk.send(new StartEngagementFromOpportunityTaskCommand(input)));
      expect(second).toBeInstanceOf(ConflictException);
      expect(second.message).toBe(`A task for opportunity O2002 is already in progress: ${first.TaskId}.`);
    } finally {
      await slow.close();
    }
  });

  it('fails a task on a seeded opportunity with its ReasonCode, and lets it be started again', async () => {
    const input = { Catalog: 'Sandbox', Identifier: 'O2999', AwsSubmission: { InvolvementType: 'Co-Sell' as const } };
    const first = await sdk.send(new StartEngagementFromOpportunityTaskCommand(input));
    const failed = await fromOpportunity(first.TaskId!);
    expect(failed).toMatchObject({ TaskStatus: 'FAILED', ReasonCode: 'OpportunityValidationFailed' });
    expect(failed.Message).toMatch(/OpportunityValidationFailed/);
    expect(failed.ResourceSnapshotJobId).toBeUndefined();
    const retry = await sdk.send(new StartEngagementFromOpportunityTaskCommand(input));
    expect((await fromOpportunity(retry.TaskId!)).TaskStatus).toBe('FAILED');
  });

  it('accepts an invitation: a new opportunity and engagement, and a Running job with the tags', async () => {
    const started = await sdk.send(
      new StartEngagementByAcceptingInvitationTaskCommand({
        Catalog: 'Sandbox',
        Identifier: 'engi-globexinvite1',
        Tags: [{ Key: 'source', Value: 'referral' }],
      }),
    );
    expect(started).toMatchObject({ TaskStatus: 'IN_PROGRESS', EngagementInvitationId: 'engi-globexinvite1' });
    expect(started.TaskArn).toBe(
      `arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-by-accepting-invitation-task/${started.TaskId}`,
    );
    const done = await byInvitation(started.TaskId!);
    expect(done.TaskStatus).toBe('COMPLETE');
    expect(done.OpportunityId).toMatch(/^O[0-9]+$/);
    const job = await sdk.send(
      new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: done.ResourceSnapshotJobId }),
    );
    expect(job).toMatchObject({ Status: 'Running', ResourceId: done.OpportunityId });
    expect(job.EngagementId).toMatch(/^eng-[0-9a-z]{14}$/);
    expect((await sdk.send(new ListTagsForResourceCommand({ ResourceArn: job.Arn }))).Tags).toEqual([{ Key: 'source', Value: 'referral' }]);
    const again = await failure(
      sdk.send(new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: 'Sandbox', Identifier: 'engi-globexinvite1' })),
    );
    expect(again).toBeInstanceOf(ConflictException);
  });

  it('joins the engagement an invitation names, and takes an invitation ARN', async () => {
    const arn = `arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/Sandbox/engagement-invitation/engi-joinexisting1`;
    const started = await sdk.send(new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: 'Sandbox', Identifier: arn }));
    const done = await byInvitation(started.TaskId!);
    const job = await sdk.send(
      new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: done.ResourceSnapshotJobId }),
    );
    expect(job.EngagementId).toBe('eng-acmemigration1');
  });

  it('fails an invitation seeded to fail once, then accepts it', async () => {
    const input = { Catalog: 'Sandbox', Identifier: 'engi-failinginvit1' };
    const first = await byInvitation((await sdk.send(new StartEngagementByAcceptingInvitationTaskCommand(input))).TaskId!);
    expect(first).toMatchObject({ TaskStatus: 'FAILED', ReasonCode: 'InvitationValidationFailed' });
    const second = await byInvitation((await sdk.send(new StartEngagementByAcceptingInvitationTaskCommand(input))).TaskId!);
    expect(second.TaskStatus).toBe('COMPLETE');
  });

  it('refuses unknown invitations and opportunities, and other catalogs', async () => {
    const inv = await failure(
      sdk.send(new StartEngagementByAcceptingInvitationTaskCommand({ Catalog: 'Sandbox', Identifier: 'engi-nosuchinvite1' })),
    );
    expect(inv).toBeInstanceOf(ResourceNotFoundException);
    expect(inv.message).toBe('The engagement invitation engi-nosuchinvite1 was not found in catalog Sandbox.');
    const opp = await failure(
      sdk.send(
        new StartEngagementFromOpportunityTaskCommand({
          Catalog: 'AWS',
          Identifier: 'O2002',
          AwsSubmission: { InvolvementType: 'Co-Sell' },
        }),
      ),
    );
    expect(opp).toBeInstanceOf(ResourceNotFoundException);
    expect(opp.message).toBe('The opportunity O2002 was not found in catalog AWS.');
    const bad = (await failure(
      sdk.send(
        new StartEngagementFromOpportunityTaskCommand({
          Catalog: 'Sandbox',
          Identifier: 'O3010',
          AwsSubmission: { InvolvementType: 'Solo' as 'Co-Sell' },
        }),
      ),
    )) as unknown as ValidationException;
    expect(bad.ErrorList).toEqual([
      {
        FieldName: 'AwsSubmission.InvolvementType',
        Code: 'INVALID_ENUM_VALUE',
        Message: 'AwsSubmission.InvolvementType must be one of: For Visibility Only, Co-Sell.',
      },
    ]);
  });

  it('replays a ClientToken, and refuses it with other parameters', async () => {
    const input = {
      Catalog: 'Sandbox',
      Identifier: 'O3011',
      ClientToken: 'task-token',
      AwsSubmission: { InvolvementType: 'Co-Sell' as const },
    };
    const first = await sdk.send(new StartEngagementFromOpportunityTaskCommand(input));
    const replay = await sdk.send(new StartEngagementFromOpportunityTaskCommand(input));
    expect(replay.TaskId).toBe(first.TaskId);
    const other = await failure(sdk.send(new StartEngagementFromOpportunityTaskCommand({ ...input, Identifier: 'O3012' })));
    expect(other).toBeInstanceOf(ConflictException);
  });

  it('pages, filters and sorts task lists with the paginators', async () => {
    const ids: string[] = [];
    for (let i = 13; i < 21; i++) {
      const t = await sdk.send(
        new StartEngagementFromOpportunityTaskCommand({
          Catalog: 'Sandbox',
          Identifier: `O30${i}`,
          AwsSubmission: { InvolvementType: 'Co-Sell' },
        }),
      );
      ids.push(t.TaskId!);
    }
    const opportunities = Array.from({ length: 8 }, (_, i) => `O30${13 + i}`);
    const pages: string[][] = [];
    for await (const page of paginateListEngagementFromOpportunityTasks(
      { client: sdk, pageSize: 3 },
      { Catalog: 'Sandbox', OpportunityIdentifier: opportunities, Sort: { SortBy: 'StartTime', SortOrder: 'DESCENDING' } },
    ))
      pages.push(page.TaskSummaries!.map((t) => t.TaskId!));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
    expect(pages.flat()).toEqual(ids.slice().reverse());

    const accepted: string[] = [];
    for await (const page of paginateListEngagementByAcceptingInvitationTasks(
      { client: sdk, pageSize: 1 },
      { Catalog: 'Sandbox', TaskStatus: ['COMPLETE'], EngagementInvitationIdentifier: ['engi-globexinvite1', 'engi-failinginvit1'] },
    ))
      accepted.push(...page.TaskSummaries!.map((t) => `${t.EngagementInvitationId} ${t.TaskStatus}`));
    expect(accepted).toEqual(['engi-globexinvite1 COMPLETE', 'engi-failinginvit1 COMPLETE']);
  });
});
