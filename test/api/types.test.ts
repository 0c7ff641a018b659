import type * as Sdk from '@aws-sdk/client-partnercentral-selling';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { OPERATIONS, validateInput, type OperationName } from '../../src/model/index.js';
import type * as T from '../../src/api/types.js';

// The client's types are written by hand from the model; the official SDK's are generated from
// it. tsc (run over test/) fails here if a member is missing, extra or of another type.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Pairs = {
  ListTagsForResource: [
    T.ListTagsForResourceRequest,
    Sdk.ListTagsForResourceRequest,
    T.ListTagsForResourceResponse,
    Sdk.ListTagsForResourceResponse,
  ];
  TagResource: [T.TagResourceRequest, Sdk.TagResourceRequest, T.TagResourceResponse, Sdk.TagResourceResponse];
  UntagResource: [T.UntagResourceRequest, Sdk.UntagResourceRequest, T.UntagResourceResponse, Sdk.UntagResourceResponse];
  CreateResourceSnapshotJob: [
    T.CreateResourceSnapshotJobRequest,
    Sdk.CreateResourceSnapshotJobRequest,
    T.CreateResourceSnapshotJobResponse,
    Sdk.CreateResourceSnapshotJobResponse,
  ];
  GetResourceSnapshotJob: [
    T.GetResourceSnapshotJobRequest,
    Sdk.GetResourceSnapshotJobRequest,
    T.GetResourceSnapshotJobResponse,
    Sdk.GetResourceSnapshotJobResponse,
  ];
  ListResourceSnapshotJobs: [
    T.ListResourceSnapshotJobsRequest,
    Sdk.ListResourceSnapshotJobsRequest,
    T.ListResourceSnapshotJobsResponse,
    Sdk.ListResourceSnapshotJobsResponse,
  ];
  StartResourceSnapshotJob: [
    T.StartResourceSnapshotJobRequest,
    Sdk.StartResourceSnapshotJobRequest,
    T.StartResourceSnapshotJobResponse,
    Record<never, never>,
  ];
  StopResourceSnapshotJob: [
    T.StopResourceSnapshotJobRequest,
    Sdk.StopResourceSnapshotJobRequest,
    T.StopResourceSnapshotJobResponse,
    Record<never, never>,
  ];
  DeleteResourceSnapshotJob: [
    T.DeleteResourceSnapshotJobRequest,
    Sdk.DeleteResourceSnapshotJobRequest,
    T.DeleteResourceSnapshotJobResponse,
    Record<never, never>,
  ];
  StartEngagementByAcceptingInvitationTask: [
    T.StartEngagementByAcceptingInvitationTaskRequest,
    Sdk.StartEngagementByAcceptingInvitationTaskRequest,
    T.StartEngagementByAcceptingInvitationTaskResponse,
    Sdk.StartEngagementByAcceptingInvitationTaskResponse,
  ];
  StartEngagementFromOpportunityTask: [
    T.StartEngagementFromOpportunityTaskRequest,
    Sdk.StartEngagementFromOpportunityTaskRequest,
    T.StartEngagementFromOpportunityTaskResponse,
    Sdk.StartEngagementFromOpportunityTaskResponse,
  ];
  ListEngagementByAcceptingInvitationTasks: [
    T.ListEngagementByAcceptingInvitationTasksRequest,
    Sdk.ListEngagementByAcceptingInvitationTasksRequest,
    T.ListEngagementByAcceptingInvitationTasksResponse,
    Sdk.ListEngagementByAcceptingInvitationTasksResponse,
  ];
  ListEngagementFromOpportunityTasks: [
    T.ListEngagementFromOpportunityTasksRequest,
    Sdk.ListEngagementFromOpportunityTasksRequest,
    T.ListEngagementFromOpportunityTasksResponse,
    Sdk.ListEngagementFromOpportunityTasksResponse,
  ];
};
type AllMatch = {
  [O in OperationName]: Pairs[O] extends [infer I, infer SI, infer Out, infer SOut]
    ? SameKeys<I, SI> extends true
      ? SameKeys<Out, SOut> extends true
        ? I extends SI
          ? Out extends SOut
            ? true
            : `${O}: output not assignable to the SDK's`
          : `${O}: input not assignable to the SDK's`
        : `${O}: output members differ`
      : `${O}: input members differ`
    : never;
};

/** A valid input of every operation, typed with the client's types. */
const samples: { [O in OperationName]: T.OperationTypes[O]['input'] } = {
  ListTagsForResource: {
    ResourceArn: 'arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/resource-snapshot-job/job-abcdefghijklm',
  },
  TagResource: {
    ResourceArn: 'arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/resource-snapshot-job/job-abcdefghijklm',
    Tags: [{ Key: 'team', Value: 'alliances' }],
  },
  UntagResource: {
    ResourceArn: 'arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/resource-snapshot-job/job-abcdefghijklm',
    TagKeys: ['team'],
  },
  CreateResourceSnapshotJob: {
    Catalog: 'Sandbox',
    ClientToken: 'a-token',
    EngagementIdentifier: 'eng-acmemigration1',
    ResourceType: 'Opportunity',
    ResourceIdentifier: 'O1001',
    ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
    Tags: [{ Key: 'cosell:stack', Value: 'demo' }],
  },
  GetResourceSnapshotJob: { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: 'job-abcdefghijklm' },
  ListResourceSnapshotJobs: {
    Catalog: 'Sandbox',
    MaxResults: 100,
    Status: 'Running',
    Sort: { SortBy: 'CreatedDate', SortOrder: 'ASCENDING' },
  },
  StartResourceSnapshotJob: { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: 'job-abcdefghijklm' },
  StopResourceSnapshotJob: { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: 'job-abcdefghijklm' },
  DeleteResourceSnapshotJob: { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: 'job-abcdefghijklm' },
  StartEngagementByAcceptingInvitationTask: { Catalog: 'Sandbox', ClientToken: 'a-token', Identifier: 'engi-globexinvite1' },
  StartEngagementFromOpportunityTask: {
    Catalog: 'Sandbox',
    ClientToken: 'a-token',
    Identifier: 'O2001',
    AwsSubmission: { InvolvementType: 'Co-Sell', Visibility: 'Full' },
  },
  ListEngagementByAcceptingInvitationTasks: {
    Catalog: 'Sandbox',
    TaskStatus: ['COMPLETE'],
    Sort: { SortBy: 'StartTime', SortOrder: 'DESCENDING' },
  },
  ListEngagementFromOpportunityTasks: { Catalog: 'Sandbox', OpportunityIdentifier: ['O2001'], MaxResults: 50 },
};

describe('operation types', () => {
  it('match the official SDK member for member', () => {
    expectTypeOf<AllMatch>().toEqualTypeOf<{ [O in OperationName]: true }>();
    expectTypeOf<T.Tag>().toEqualTypeOf<{ Key: string; Value: string }>();
  });

  it('type a valid input for each of the 13 operations, as the model checks it', () => {
    expect(Object.keys(samples).sort()).toEqual([...OPERATIONS].sort());
    for (const op of OPERATIONS) expect(validateInput(op, samples[op]), op).toEqual([]);
  });
});
