import { fails, refused, SHAPES, succeeds, tagList } from './expectations.js';
import type { CallStep, StepContext, UncheckedStep } from './types.js';

/** The job's ARN with another account in it (a 12-digit one that is surely not the caller's). */
function otherAccountArn(ctx: StepContext): string {
  const arn = ctx.job?.arn ?? '';
  return arn.replace(
    /:(\d{12}):catalog\//,
    (_, account: string) => `:${account === '000000000000' ? '111111111111' : '000000000000'}:catalog/`,
  );
}

function otherCatalogArn(ctx: StepContext): string {
  const other = ctx.options.catalog === 'AWS' ? 'Sandbox' : 'AWS';
  return (ctx.job?.arn ?? '').replace(`:catalog/${ctx.options.catalog}/`, `:catalog/${other}/`);
}

const invalid = fails('ValidationException', 'REQUEST_VALIDATION_FAILED');

/** The expected errors. */
export const ERROR_STEPS: { whileJobExists: CallStep[]; anyTime: CallStep[] } = {
  whileJobExists: [
    {
      name: 'tags-other-account',
      title: "ListTagsForResource with the job's ARN in another account: ResourceNotFoundException",
      operation: 'ListTagsForResource',
      needsJob: true,
      input: (ctx) => ({ ResourceArn: otherAccountArn(ctx) }),
      expect: fails('ResourceNotFoundException'),
    },
    {
      name: 'tags-other-catalog',
      title: "ListTagsForResource with the job's ARN in the other catalog: ResourceNotFoundException",
      operation: 'ListTagsForResource',
      needsJob: true,
      input: (ctx) => ({ ResourceArn: otherCatalogArn(ctx) }),
      expect: fails('ResourceNotFoundException'),
    },
    {
      name: 'tag-invalid-key',
      title: 'TagResource with a key outside the model’s pattern: ValidationException',
      operation: 'TagResource',
      needsJob: true,
      input: (ctx) => ({ ResourceArn: ctx.job?.arn, Tags: tagList({ 'conformance#key': 'x' }) }),
      expect: invalid,
    },
    {
      name: 'tag-reserved-key',
      title: 'TagResource with an aws: key: ValidationException (business rule)',
      operation: 'TagResource',
      needsJob: true,
      input: (ctx) => ({ ResourceArn: ctx.job?.arn, Tags: tagList({ 'aws:conformance': 'x' }) }),
      expect: fails('ValidationException', 'BUSINESS_VALIDATION_FAILED'),
    },
  ],
  anyTime: [
    {
      name: 'get-unknown-id',
      title: 'get a job id that does not exist: ResourceNotFoundException',
      operation: 'GetResourceSnapshotJob',
      input: (ctx) => ({ Catalog: ctx.options.catalog, ResourceSnapshotJobIdentifier: 'job-0000000000000' }),
      expect: fails('ResourceNotFoundException'),
    },
    {
      name: 'tags-malformed-arn',
      title: 'ListTagsForResource with a malformed ARN: ValidationException',
      operation: 'ListTagsForResource',
      input: (ctx) => ({
        ResourceArn: `arn:aws:partnercentral:us-east-1:not-an-account:catalog/${ctx.options.catalog}/resource-snapshot-job/job-0000000000000`,
      }),
      expect: invalid,
    },
    {
      name: 'list-max-results-zero',
      title: 'list with MaxResults 0: ValidationException',
      operation: 'ListResourceSnapshotJobs',
      input: (ctx) => ({ Catalog: ctx.options.catalog, MaxResults: 0 }),
      expect: invalid,
    },
    {
      name: 'list-max-results-over',
      title: 'list with MaxResults 1001: ValidationException',
      operation: 'ListResourceSnapshotJobs',
      input: (ctx) => ({ Catalog: ctx.options.catalog, MaxResults: 1001 }),
      expect: invalid,
    },
  ],
};

const unknownJob = (ctx: StepContext): Record<string, unknown> => ({
  Catalog: ctx.options.catalog,
  ResourceSnapshotJobIdentifier: 'job-0000000000000',
});

/** How the front end refuses a badly signed call (a harmless read, never retried). */
export const AUTH_STEPS: CallStep[] = [
  {
    name: 'auth-unknown-key',
    title: 'a call signed with an access key the service does not know: UnrecognizedClientException',
    operation: 'GetResourceSnapshotJob',
    signing: 'unknown-key',
    input: unknownJob,
    expect: refused('UnrecognizedClientException', 403),
  },
  {
    name: 'auth-wrong-secret',
    title: 'a call signed with the wrong secret key: InvalidSignatureException',
    operation: 'GetResourceSnapshotJob',
    signing: 'wrong-secret',
    input: unknownJob,
    expect: refused('InvalidSignatureException', 403),
  },
  {
    name: 'auth-clock-skew',
    title: 'a call signed 20 minutes in the past: InvalidSignatureException',
    operation: 'GetResourceSnapshotJob',
    signing: 'skewed-clock',
    input: unknownJob,
    expect: refused('InvalidSignatureException', 403),
  },
];

/** The task lists cosell reads (read-only: starting a task would change the Sandbox for good). */
export const TASK_STEPS: CallStep[] = [
  {
    name: 'list-opportunity-tasks',
    title: "ListEngagementFromOpportunityTasks for the run's opportunity",
    operation: 'ListEngagementFromOpportunityTasks',
    input: (ctx) => ({ Catalog: ctx.options.catalog, OpportunityIdentifier: [ctx.options.opportunity], MaxResults: 10 }),
    expect: succeeds('ListEngagementFromOpportunityTasks', SHAPES.tasks),
  },
  {
    name: 'list-invitation-tasks',
    title: 'ListEngagementByAcceptingInvitationTasks, MaxResults 1',
    operation: 'ListEngagementByAcceptingInvitationTasks',
    input: (ctx) => ({ Catalog: ctx.options.catalog, MaxResults: 1 }),
    expect: succeeds('ListEngagementByAcceptingInvitationTasks', SHAPES.tasks),
  },
];

/** Guesses the suite names but cannot settle in one short run, so that the report is complete. */
export const UNCHECKED_STEPS: UncheckedStep[] = [
  {
    name: 'quotas-shared',
    title: 'the snapshot job and tag operations share the documented read and write quotas',
    notChecked: 'telling takes more calls than the quota allows, which would throttle every other tool of the account',
  },
  {
    name: 'task-lifecycle',
    title: 'engagement tasks: IN_PROGRESS, then COMPLETE with a Running job, or FAILED; a second task is a ConflictException',
    notChecked: 'starting an engagement task engages an opportunity or accepts an invitation for good, even in Sandbox',
  },
  {
    name: 'client-token-lifetime',
    title: 'how long a ClientToken is remembered',
    notChecked: 'telling takes hours or days; the emulator remembers every token for as long as its state lives',
  },
];
