import { RUN_TAG_KEY } from './options.js';
import { fails, items, SHAPES, startTags, succeeds, tagList, tagsAre, text, valueIs } from './expectations.js';
import type { Observation } from './sdk.js';
import type { CallStep, Step, StepContext } from './types.js';
import { AUTH_STEPS, ERROR_STEPS, TASK_STEPS, UNCHECKED_STEPS } from './steps-errors.js';
import { counted } from '../util/plural.js';

/** The job's own calls name it by catalog and id. */
const jobInput = (ctx: StepContext): Record<string, unknown> => ({
  Catalog: ctx.options.catalog,
  ResourceSnapshotJobIdentifier: ctx.job?.id,
});
const arnInput = (ctx: StepContext): Record<string, unknown> => ({ ResourceArn: ctx.job?.arn });

function createInput(ctx: StepContext, tags = startTags(ctx), token = ctx.token): Record<string, unknown> {
  const o = ctx.options;
  return {
    Catalog: o.catalog,
    ClientToken: token,
    EngagementIdentifier: o.engagement,
    ResourceType: 'Opportunity',
    ResourceIdentifier: o.opportunity,
    ResourceSnapshotTemplateIdentifier: o.template,
    Tags: tagList(tags),
  };
}

/** Every create's answer goes to the cleanup; an unanswered one may have made a job all the same. */
function noteCreate(obs: Observation, ctx: StepContext): void {
  const id = text(obs.body, 'Id');
  if (id !== undefined) ctx.created.set(id, text(obs.body, 'Arn') ?? '');
  if ((obs.status === undefined && !obs.unsent) || (obs.status ?? 0) >= 500) ctx.uncertainCreate = true;
}

const sameJob = (obs: { body?: unknown }, ctx: StepContext): string[] =>
  ctx.job && text(obs.body, 'Id') !== ctx.job.id ? ['Id: expected the id of the job the first create made, got another one'] : [];

/** The first create again, token and all: expected to answer with the first job and make none. */
const replayCreate = (name: string, title: string): CallStep => ({
  name,
  title,
  operation: 'CreateResourceSnapshotJob',
  needsJob: true,
  input: (ctx) => createInput(ctx),
  expect: succeeds('CreateResourceSnapshotJob', SHAPES.created),
  check: sameJob,
  after: noteCreate,
});

const LIFECYCLE: CallStep[] = [
  {
    name: 'create',
    title: 'create a job with tags',
    operation: 'CreateResourceSnapshotJob',
    input: (ctx) => createInput(ctx),
    expect: succeeds('CreateResourceSnapshotJob', SHAPES.created),
    after: (obs, ctx) => {
      noteCreate(obs, ctx);
      const id = text(obs.body, 'Id');
      if (obs.error === undefined && id !== undefined) ctx.job = { id, arn: text(obs.body, 'Arn') ?? '' };
    },
  },
  replayCreate('create-same-token', 'repeat the create with its ClientToken: the same job, nothing new'),
  {
    name: 'create-token-other-params',
    title: 'reuse the ClientToken with other parameters',
    operation: 'CreateResourceSnapshotJob',
    needsJob: true,
    input: (ctx) => createInput(ctx, { ...startTags(ctx), 'conformance-other': 'parameters' }),
    expect: fails('ConflictException'),
    after: noteCreate,
  },
  {
    name: 'create-same-key',
    title: 'create a second job on the same engagement, opportunity and template (a new ClientToken): ConflictException',
    operation: 'CreateResourceSnapshotJob',
    needsJob: true,
    input: (ctx) => createInput(ctx, startTags(ctx), `${ctx.token}-same-key`),
    expect: fails('ConflictException'),
    after: noteCreate,
  },
  {
    name: 'get',
    title: 'get the job: a new job is Stopped',
    operation: 'GetResourceSnapshotJob',
    needsJob: true,
    input: jobInput,
    expect: succeeds('GetResourceSnapshotJob', SHAPES.job),
    check: (obs, ctx) => [
      ...valueIs(obs, 'Id', ctx.job?.id, 'the job id'),
      ...valueIs(obs, 'Catalog', ctx.options.catalog, 'the catalog'),
      ...valueIs(obs, 'EngagementId', ctx.options.engagement, 'the engagement'),
      ...valueIs(obs, 'ResourceId', ctx.options.opportunity, 'the opportunity'),
      ...valueIs(obs, 'ResourceSnapshotTemplateName', ctx.options.template, 'the template'),
      ...valueIs(obs, 'Status', 'Stopped', '"Stopped"'),
    ],
  },
  {
    name: 'list-first-page',
    title: "list the engagement's jobs, MaxResults 1: the newest (this job) first",
    operation: 'ListResourceSnapshotJobs',
    needsJob: true,
    input: (ctx) => ({ Catalog: ctx.options.catalog, EngagementIdentifier: ctx.options.engagement, MaxResults: 1 }),
    expect: succeeds('ListResourceSnapshotJobs', SHAPES.page),
    check: (obs, ctx) => {
      const page = items(obs.body, 'ResourceSnapshotJobSummaries');
      if (page.length !== 1) return [`ResourceSnapshotJobSummaries: expected 1 job (MaxResults 1), got ${page.length}`];
      const id = text(page[0], 'Id');
      return id !== undefined && ctx.created.has(id)
        ? []
        : ['ResourceSnapshotJobSummaries: the first job is not the newest one (this run’s)'];
    },
    after: (obs, ctx) => {
      ctx.nextToken = text(obs.body, 'NextToken');
      ctx.firstListed = text(items(obs.body, 'ResourceSnapshotJobSummaries')[0], 'Id');
    },
  },
  {
    name: 'list-next-page',
    title: 'follow the NextToken to the second page',
    operation: 'ListResourceSnapshotJobs',
    needsJob: true,
    skip: (ctx) => (ctx.nextToken ? undefined : 'the engagement holds no other job: there is no second page to follow'),
    input: (ctx) => ({
      Catalog: ctx.options.catalog,
      EngagementIdentifier: ctx.options.engagement,
      MaxResults: 1,
      NextToken: ctx.nextToken,
    }),
    expect: succeeds('ListResourceSnapshotJobs', SHAPES.page),
    check: (obs, ctx) => {
      const page = items(obs.body, 'ResourceSnapshotJobSummaries');
      if (page.length !== 1) return [`ResourceSnapshotJobSummaries: expected 1 job, got ${page.length}`];
      return text(page[0], 'Id') === ctx.firstListed ? ['ResourceSnapshotJobSummaries: the second page repeats the first page’s job'] : [];
    },
  },
  {
    name: 'list-default-page-size',
    title: 'list the catalog without MaxResults: 100 a page (the model’s default; its documentation says 50)',
    operation: 'ListResourceSnapshotJobs',
    input: (ctx) => ({ Catalog: ctx.options.catalog }),
    expect: succeeds('ListResourceSnapshotJobs', SHAPES.page),
    check: (obs) => {
      const n = items(obs.body, 'ResourceSnapshotJobSummaries').length;
      const more = text(obs.body, 'NextToken') !== undefined;
      if (more && n !== 100) return [`a page without MaxResults held ${n} jobs and a NextToken: the default page size is ${n}, not 100`];
      if (!more && n <= 50)
        return { notChecked: `the catalog holds ${counted(n, 'job')}: the default page size shows only with more than 50` };
      return [];
    },
  },
  {
    name: 'tags-list',
    title: 'ListTagsForResource: the tags given at create',
    operation: 'ListTagsForResource',
    needsJob: true,
    input: arnInput,
    expect: succeeds('ListTagsForResource', SHAPES.tags),
    check: (obs, ctx) => tagsAre(obs, startTags(ctx)),
  },
];

const TAGGING: CallStep[] = [
  {
    name: 'tag',
    title: 'TagResource: change one tag, add one',
    operation: 'TagResource',
    needsJob: true,
    input: (ctx) => ({ ...arnInput(ctx), Tags: tagList({ 'conformance-a': 'changed', 'conformance-c': '3' }) }),
    expect: succeeds('TagResource', SHAPES.empty),
  },
  {
    name: 'tags-after-tag',
    title: 'ListTagsForResource after TagResource',
    operation: 'ListTagsForResource',
    needsJob: true,
    input: arnInput,
    expect: succeeds('ListTagsForResource', SHAPES.tags),
    check: (obs, ctx) => tagsAre(obs, { ...startTags(ctx), 'conformance-a': 'changed', 'conformance-c': '3' }),
  },
  {
    name: 'untag',
    title: 'UntagResource: remove one tag',
    operation: 'UntagResource',
    needsJob: true,
    input: (ctx) => ({ ...arnInput(ctx), TagKeys: ['conformance-b'] }),
    expect: succeeds('UntagResource', SHAPES.empty),
  },
  {
    name: 'untag-absent',
    title: 'UntagResource: a key the job does not carry succeeds',
    operation: 'UntagResource',
    needsJob: true,
    input: (ctx) => ({ ...arnInput(ctx), TagKeys: ['conformance-absent'] }),
    expect: succeeds('UntagResource', SHAPES.empty),
  },
  {
    name: 'untag-all',
    title: 'UntagResource: remove every tag left',
    operation: 'UntagResource',
    needsJob: true,
    input: (ctx) => ({ ...arnInput(ctx), TagKeys: [RUN_TAG_KEY, 'conformance-a', 'conformance-c'] }),
    expect: succeeds('UntagResource', SHAPES.empty),
  },
  {
    name: 'tags-none',
    title: 'ListTagsForResource on a job with no tags: an empty Tags list (the model says at least one)',
    operation: 'ListTagsForResource',
    needsJob: true,
    input: arnInput,
    expect: succeeds('ListTagsForResource', SHAPES.tags),
    check: (obs) => (items(obs.body, 'Tags').length === 0 ? [] : ['Tags: expected an empty list']),
  },
  {
    name: 'retag',
    title: 'TagResource: put the run tag back',
    operation: 'TagResource',
    needsJob: true,
    input: (ctx) => ({ ...arnInput(ctx), Tags: tagList({ [RUN_TAG_KEY]: ctx.options.runId }) }),
    expect: succeeds('TagResource', SHAPES.empty),
  },
];

const RUNNING: CallStep[] = [
  ['start', 'start the job', 'StartResourceSnapshotJob', undefined],
  ['start-again', 'start it again: ConflictException', 'StartResourceSnapshotJob', 'ConflictException'],
  ['delete-running', 'delete it while it runs: ConflictException', 'DeleteResourceSnapshotJob', 'ConflictException'],
  ['stop', 'stop it', 'StopResourceSnapshotJob', undefined],
  ['stop-again', 'stop it again: ConflictException', 'StopResourceSnapshotJob', 'ConflictException'],
  ['delete', 'delete it', 'DeleteResourceSnapshotJob', undefined],
  ['get-deleted', 'get the deleted job: ResourceNotFoundException', 'GetResourceSnapshotJob', 'ResourceNotFoundException'],
].map(([name, title, operation, error]) => ({
  name: name!,
  title: title!,
  operation: operation as CallStep['operation'],
  needsJob: true,
  input: jobInput,
  expect: error ? fails(error) : succeeds(operation as CallStep['operation'], SHAPES.empty),
}));

const AFTER_DELETE: CallStep[] = [
  replayCreate('create-token-after-delete', "reuse the create's ClientToken after the delete: the deleted job's answer, no new job"),
  {
    name: 'get-after-token-reuse',
    title: 'the job stays deleted: ResourceNotFoundException',
    operation: 'GetResourceSnapshotJob',
    needsJob: true,
    input: jobInput,
    expect: fails('ResourceNotFoundException'),
  },
];

/**
 * The scripted sequence, in order. The error steps that need the job run while it exists, so that
 * a ResourceNotFoundException says something about the ARN and not about a deleted job.
 */
export const STEPS: readonly Step[] = [
  ...LIFECYCLE,
  ...ERROR_STEPS.whileJobExists,
  ...TAGGING,
  ...RUNNING,
  ...AFTER_DELETE,
  ...ERROR_STEPS.anyTime,
  ...AUTH_STEPS,
  ...TASK_STEPS,
  ...UNCHECKED_STEPS,
];
