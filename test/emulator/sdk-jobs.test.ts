import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictException,
  CreateResourceSnapshotJobCommand,
  DeleteResourceSnapshotJobCommand,
  GetResourceSnapshotJobCommand,
  ListResourceSnapshotJobsCommand,
  ListTagsForResourceCommand,
  paginateListResourceSnapshotJobs,
  ResourceNotFoundException,
  StartResourceSnapshotJobCommand,
  StopResourceSnapshotJobCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
  type PartnerCentralSellingClient,
  type CreateResourceSnapshotJobCommandInput,
} from '@aws-sdk/client-partnercentral-selling';
import type { Emulator, EmulatorSeed } from '../../src/emulator/index.js';
import { ACCOUNT, client, start } from './helpers.js';
import { failure } from '../support/emulator.js';

const ENG = 'eng-acmemigration1';
const create = (over: Partial<CreateResourceSnapshotJobCommandInput> = {}): CreateResourceSnapshotJobCommand =>
  new CreateResourceSnapshotJobCommand({
    Catalog: 'Sandbox',
    EngagementIdentifier: ENG,
    ResourceType: 'Opportunity',
    ResourceIdentifier: 'O1001',
    ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
    ...over,
  });

describe('resource snapshot jobs and tags, through the official SDK', () => {
  let emu: Emulator;
  let sdk: PartnerCentralSellingClient;
  beforeAll(async () => {
    emu = await start();
    sdk = client(emu);
  });
  afterAll(() => emu.close());

  it('creates a Stopped job, gets it, starts, stops and deletes it', async () => {
    const created = await sdk.send(create({ ResourceIdentifier: 'O1002', Tags: [{ Key: 'équipe', Value: 'Zürich alliances' }] }));
    expect(created.Id).toMatch(/^job-[0-9a-z]{13}$/);
    expect(created.Arn).toBe(`arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/Sandbox/resource-snapshot-job/${created.Id}`);
    const got = await sdk.send(new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: created.Id }));
    expect(got).toMatchObject({
      Catalog: 'Sandbox',
      Id: created.Id,
      Arn: created.Arn,
      EngagementId: ENG,
      ResourceType: 'Opportunity',
      ResourceId: 'O1002',
      ResourceArn: `arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/Sandbox/opportunity/O1002`,
      ResourceSnapshotTemplateName: 'OpportunitySummaryView',
      Status: 'Stopped',
    });
    expect(got.CreatedAt).toBeInstanceOf(Date);
    expect(got.LastSuccessfulExecutionDate).toBeUndefined();

    const id = { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: created.Id };
    expect((await sdk.send(new StartResourceSnapshotJobCommand(id))).$metadata.httpStatusCode).toBe(204);
    const running = await sdk.send(new GetResourceSnapshotJobCommand(id));
    expect(running.Status).toBe('Running');
    expect(running.LastSuccessfulExecutionDate).toBeInstanceOf(Date);

    const again = await failure(sdk.send(new StartResourceSnapshotJobCommand(id)));
    expect(again).toBeInstanceOf(ConflictException);
    expect(again.message).toBe(`Resource snapshot job ${created.Id} is already running.`);
    const del = await failure(sdk.send(new DeleteResourceSnapshotJobCommand(id)));
    expect(del).toBeInstanceOf(ConflictException);
    expect(del.message).toMatch(/is running: stop it before deleting it/);

    await sdk.send(new StopResourceSnapshotJobCommand(id));
    const stopAgain = await failure(sdk.send(new StopResourceSnapshotJobCommand(id)));
    expect(stopAgain).toBeInstanceOf(ConflictException);
    expect(stopAgain.message).toMatch(/is already stopped/);
    await sdk.send(new DeleteResourceSnapshotJobCommand(id));
    const gone = await failure(sdk.send(new GetResourceSnapshotJobCommand(id)));
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(gone.message).toBe(`Resource snapshot job ${created.Id} was not found in catalog Sandbox.`);
  });

  it('allows one job per engagement, opportunity and template', async () => {
    const first = await sdk.send(create({ ResourceIdentifier: 'O1003' }));
    const second = await failure(sdk.send(create({ ResourceIdentifier: 'O1003' })));
    expect(second).toBeInstanceOf(ConflictException);
    expect(second.message).toContain(`already exists: ${first.Id}`);
    expect((second.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(409);
  });

  it('refuses unknown engagements, opportunities and templates with ResourceNotFoundException', async () => {
    for (const [over, message] of [
      [{ EngagementIdentifier: 'eng-zzzzzzzzzzzzzz' }, 'Engagement eng-zzzzzzzzzzzzzz was not found in catalog Sandbox.'],
      [{ ResourceIdentifier: 'O999' }, 'Opportunity O999 was not found in catalog Sandbox.'],
      [{ ResourceSnapshotTemplateIdentifier: 'NoSuchTemplate' }, 'Resource snapshot template NoSuchTemplate was not found.'],
    ] as const) {
      const err = await failure(sdk.send(create(over)));
      expect(err).toBeInstanceOf(ResourceNotFoundException);
      expect(err.message).toBe(message);
    }
  });

  it('keeps the AWS and Sandbox catalogs apart', async () => {
    const err = await failure(sdk.send(create({ Catalog: 'AWS', ResourceIdentifier: 'O1004' })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toContain('catalog AWS');
    const sandboxJob = await sdk.send(create({ ResourceIdentifier: 'O1004' }));
    const inAws = await failure(
      sdk.send(new GetResourceSnapshotJobCommand({ Catalog: 'AWS', ResourceSnapshotJobIdentifier: sandboxJob.Id })),
    );
    expect(inAws).toBeInstanceOf(ResourceNotFoundException);
    const other = await failure(sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Marketplace' })));
    expect(other).toBeInstanceOf(ValidationException);
    expect((other as unknown as ValidationException).ErrorList).toEqual([
      { FieldName: 'Catalog', Code: 'INVALID_VALUE', Message: 'Catalog must be AWS or Sandbox, not "Marketplace".' },
    ]);
  });

  it('replays a ClientToken used with the same parameters, and refuses it with others', async () => {
    const input = { ResourceIdentifier: 'O2001', ClientToken: 'token-1', Tags: [{ Key: 'a', Value: '1' }] };
    const first = await sdk.send(create(input));
    const replay = await sdk.send(create(input));
    expect(replay.Id).toBe(first.Id);
    const before = emu.stats();
    const changed = await failure(sdk.send(create({ ...input, Tags: [{ Key: 'a', Value: '2' }] })));
    expect(changed).toBeInstanceOf(ConflictException);
    expect(changed.message).toBe('ClientToken token-1 was already used with different parameters for CreateResourceSnapshotJob.');
    expect(emu.stats().calls.CreateResourceSnapshotJob).toBe((before.calls.CreateResourceSnapshotJob ?? 0) + 1);
  });

  it('validates every input against the model, naming each bad field', async () => {
    const err = (await failure(
      sdk.send(create({ EngagementIdentifier: 'eng-short', ResourceIdentifier: 'X1', Tags: [{ Key: 'bad!key', Value: 'ok' }] })),
    )) as unknown as ValidationException;
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.Reason).toBe('REQUEST_VALIDATION_FAILED');
    expect(err.ErrorList).toEqual([
      {
        FieldName: 'EngagementIdentifier',
        Code: 'INVALID_STRING_FORMAT',
        Message: 'EngagementIdentifier must match the pattern ^eng-[0-9a-z]{14}$.',
      },
      {
        FieldName: 'ResourceIdentifier',
        Code: 'INVALID_STRING_FORMAT',
        Message: 'ResourceIdentifier must match the pattern ^O[0-9]{1,19}$.',
      },
      { FieldName: 'Tags[0].Key', Code: 'INVALID_STRING_FORMAT', Message: expect.stringContaining('Tags[0].Key must match the pattern') },
    ]);
    const enumErr = (await failure(
      sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox', Status: 'Paused' as 'Running', MaxResults: 1001 })),
    )) as unknown as ValidationException;
    expect(enumErr.ErrorList).toEqual([
      { FieldName: 'MaxResults', Code: 'VALUE_OUT_OF_RANGE', Message: 'MaxResults must be between 1 and 1000.' },
      { FieldName: 'Status', Code: 'INVALID_ENUM_VALUE', Message: 'Status must be one of: Running, Stopped.' },
    ]);
    const missing = (await failure(
      sdk.send(new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox' } as never)),
    )) as unknown as ValidationException;
    expect(missing.ErrorList).toEqual([
      { FieldName: 'ResourceSnapshotJobIdentifier', Code: 'REQUIRED_FIELD_MISSING', Message: 'ResourceSnapshotJobIdentifier is required.' },
    ]);
  });

  it('tags, lists and untags a job; untagging an absent key succeeds', async () => {
    const { Arn } = await sdk.send(
      create({ EngagementIdentifier: 'eng-globexretail02', ResourceIdentifier: 'O1001', Tags: [{ Key: 'team', Value: 'alliances' }] }),
    );
    await sdk.send(
      new TagResourceCommand({
        ResourceArn: Arn,
        Tags: [
          { Key: 'team', Value: 'emea' },
          { Key: 'cosell:stack', Value: 'demo' },
        ],
      }),
    );
    expect((await sdk.send(new ListTagsForResourceCommand({ ResourceArn: Arn }))).Tags).toEqual([
      { Key: 'team', Value: 'emea' },
      { Key: 'cosell:stack', Value: 'demo' },
    ]);
    await sdk.send(new UntagResourceCommand({ ResourceArn: Arn, TagKeys: ['team', 'never-there'] }));
    expect((await sdk.send(new ListTagsForResourceCommand({ ResourceArn: Arn }))).Tags).toEqual([{ Key: 'cosell:stack', Value: 'demo' }]);
    await sdk.send(new UntagResourceCommand({ ResourceArn: Arn, TagKeys: ['cosell:stack'] }));
    expect((await sdk.send(new ListTagsForResourceCommand({ ResourceArn: Arn }))).Tags).toEqual([]);
  });

  it('refuses aws: keys and more than 200 tags with BUSINESS_VALIDATION_FAILED', async () => {
    const { Arn } = await sdk.send(create({ EngagementIdentifier: 'eng-globexretail02', ResourceIdentifier: 'O1002' }));
    const reserved = (await failure(
      sdk.send(
        new TagResourceCommand({
          ResourceArn: Arn,
          Tags: [
            { Key: 'ok', Value: '1' },
            { Key: 'aws:owner', Value: 'x' },
          ],
        }),
      ),
    )) as unknown as ValidationException;
    expect(reserved).toBeInstanceOf(ValidationException);
    expect(reserved.Reason).toBe('BUSINESS_VALIDATION_FAILED');
    expect(reserved.ErrorList).toEqual([
      { FieldName: 'Tags[1].Key', Code: 'INVALID_VALUE', Message: 'Tag key aws:owner is reserved: keys starting with aws: belong to AWS.' },
    ]);
    const untagReserved = (await failure(
      sdk.send(new UntagResourceCommand({ ResourceArn: Arn, TagKeys: ['aws:owner'] })),
    )) as unknown as ValidationException;
    expect(untagReserved.Reason).toBe('BUSINESS_VALIDATION_FAILED');
    const onCreate = (await failure(
      sdk.send(create({ EngagementIdentifier: 'eng-globexretail02', ResourceIdentifier: 'O1003', Tags: [{ Key: 'AWS:x', Value: '' }] })),
    )) as unknown as ValidationException;
    expect(onCreate.Reason).toBe('BUSINESS_VALIDATION_FAILED');

    const tags = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
    await sdk.send(new TagResourceCommand({ ResourceArn: Arn, Tags: tags(0, 150) }));
    await sdk.send(new TagResourceCommand({ ResourceArn: Arn, Tags: tags(100, 100) }));
    const over = (await failure(
      sdk.send(new TagResourceCommand({ ResourceArn: Arn, Tags: tags(200, 1) })),
    )) as unknown as ValidationException;
    expect(over.Reason).toBe('BUSINESS_VALIDATION_FAILED');
    expect(over.ErrorList).toEqual([
      { FieldName: 'Tags', Code: 'TOO_MANY_VALUES', Message: 'A resource can carry at most 200 tags; this request would leave 201 on it.' },
    ]);
    const tooLong = (await failure(
      sdk.send(new TagResourceCommand({ ResourceArn: Arn, Tags: tags(0, 201) })),
    )) as unknown as ValidationException;
    expect(tooLong.Reason).toBe('REQUEST_VALIDATION_FAILED');
    expect((await sdk.send(new ListTagsForResourceCommand({ ResourceArn: Arn }))).Tags).toHaveLength(200);
  });

  it('answers ResourceNotFoundException for tags of an unknown resource', async () => {
    const arn = `arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/Sandbox/resource-snapshot-job/job-0000000000000`;
    const err = await failure(sdk.send(new ListTagsForResourceCommand({ ResourceArn: arn })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.message).toBe(`Resource ${arn} was not found.`);
    const otherAccount = arn.replace(ACCOUNT, '210987654321');
    expect(await failure(sdk.send(new TagResourceCommand({ ResourceArn: otherAccount, Tags: [{ Key: 'a', Value: 'b' }] })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});

describe('ListResourceSnapshotJobs pages, filters and sorts', () => {
  const opportunities = Array.from({ length: 130 }, (_, i) => `O${5000 + i}`);
  const seed: EmulatorSeed = {
    catalogs: { Sandbox: { engagements: ['eng-aaaaaaaaaaaaaa', 'eng-bbbbbbbbbbbbbb'], opportunities } },
  };
  let emu: Emulator;
  let sdk: PartnerCentralSellingClient;
  const ids: string[] = [];
  beforeAll(async () => {
    emu = await start({ seed });
    sdk = client(emu);
    for (const [i, o] of opportunities.entries()) {
      const { Id } = await sdk.send(
        create({ EngagementIdentifier: i % 2 ? 'eng-bbbbbbbbbbbbbb' : 'eng-aaaaaaaaaaaaaa', ResourceIdentifier: o }),
      );
      ids.push(Id!);
    }
    for (const id of ids.slice(0, 30))
      await sdk.send(new StartResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: id }));
  });
  afterAll(() => emu.close());

  it('pages through every job with the paginator, newest first by default, 100 at most a page', async () => {
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateListResourceSnapshotJobs({ client: sdk }, { Catalog: 'Sandbox', MaxResults: 1000 })) {
      pages.push(page.ResourceSnapshotJobSummaries!.length);
      seen.push(...page.ResourceSnapshotJobSummaries!.map((s) => s.Id!));
    }
    expect(pages).toEqual([100, 30]);
    expect(seen).toEqual(ids.slice().reverse());
    const ascending: string[] = [];
    for await (const page of paginateListResourceSnapshotJobs(
      { client: sdk },
      { Catalog: 'Sandbox', Sort: { SortBy: 'CreatedDate', SortOrder: 'ASCENDING' } },
    ))
      ascending.push(...page.ResourceSnapshotJobSummaries!.map((s) => s.Id!));
    expect(ascending).toEqual(ids);
  });

  it('filters by engagement and status, and sorts descending', async () => {
    const seen: { Id?: string; EngagementId?: string; Status?: string; Arn?: string }[] = [];
    for await (const page of paginateListResourceSnapshotJobs(
      { client: sdk, pageSize: 7 },
      {
        Catalog: 'Sandbox',
        EngagementIdentifier: 'eng-bbbbbbbbbbbbbb',
        Status: 'Running',
        Sort: { SortBy: 'CreatedDate', SortOrder: 'DESCENDING' },
      },
    ))
      seen.push(...page.ResourceSnapshotJobSummaries!);
    const expected = ids
      .slice(0, 30)
      .filter((_, i) => i % 2 === 1)
      .reverse();
    expect(seen.map((s) => s.Id)).toEqual(expected);
    expect(seen[0]).toEqual({
      Id: expected[0],
      Arn: `arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/Sandbox/resource-snapshot-job/${expected[0]}`,
      EngagementId: 'eng-bbbbbbbbbbbbbb',
      Status: 'Running',
    });
  });

  it('keeps its place when jobs are deleted between pages', async () => {
    const ascending = {
      Catalog: 'Sandbox',
      MaxResults: 10,
      Status: 'Stopped',
      Sort: { SortBy: 'CreatedDate', SortOrder: 'ASCENDING' },
    } as const;
    const first = await sdk.send(new ListResourceSnapshotJobsCommand(ascending));
    await sdk.send(
      new DeleteResourceSnapshotJobCommand({
        Catalog: 'Sandbox',
        ResourceSnapshotJobIdentifier: first.ResourceSnapshotJobSummaries![9]!.Id,
      }),
    );
    const second = await sdk.send(new ListResourceSnapshotJobsCommand({ ...ascending, NextToken: first.NextToken }));
    expect(second.ResourceSnapshotJobSummaries!.map((s) => s.Id)).toEqual(ids.slice(40, 50));
  });

  it('refuses a forged NextToken, or one issued for other filters', async () => {
    const first = await sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox', MaxResults: 5 }));
    const [payload, mac] = first.NextToken!.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), seq: 0 })).toString(
      'base64url',
    );
    for (const token of ['garbage', `${forgedPayload}.${mac}`, first.NextToken!.slice(0, -2)]) {
      const err = (await failure(
        sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox', NextToken: token })),
      )) as unknown as ValidationException;
      expect(err).toBeInstanceOf(ValidationException);
      expect(err.Reason).toBe('REQUEST_VALIDATION_FAILED');
      expect(err.ErrorList?.[0]).toMatchObject({ FieldName: 'NextToken', Code: 'INVALID_VALUE' });
    }
    const foreign = await failure(
      sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox', Status: 'Running', NextToken: first.NextToken })),
    );
    expect(foreign.message).toMatch(/^NextToken is invalid/);
  });
});

describe('jobs from the seed', () => {
  it('serves seeded jobs with their status and tags, duplicates included when unique jobs are off', async () => {
    const job = { engagement: 'eng-aaaaaaaaaaaaaa', opportunity: 'O1' };
    const emu = await start({
      uniqueJobs: false,
      seed: {
        catalogs: {
          Sandbox: {
            engagements: ['eng-aaaaaaaaaaaaaa'],
            opportunities: ['O1'],
            snapshotJobs: [
              { ...job, id: 'job-0000000000001', status: 'Running', tags: { 'crm-sync-id': '42' } },
              { ...job, id: 'job-0000000000002' },
            ],
          },
        },
      },
    });
    const sdk = client(emu);
    const list = await sdk.send(
      new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox', Sort: { SortBy: 'CreatedDate', SortOrder: 'ASCENDING' } }),
    );
    expect(list.ResourceSnapshotJobSummaries?.map((j) => [j.Id, j.Status])).toEqual([
      ['job-0000000000001', 'Running'],
      ['job-0000000000002', 'Stopped'],
    ]);
    const arn = list.ResourceSnapshotJobSummaries![0]!.Arn;
    expect((await sdk.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: 'crm-sync-id', Value: '42' }]);
    await emu.close();
  });
});
