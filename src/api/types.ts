/**
 * Inputs and outputs of the 13 operations cosell uses, member names spelled as the service's
 * model spells them (shape names are the model's too). Timestamps arrive on the wire as epoch
 * seconds and are handed out as Date, as the AWS SDKs do. test/api/types.test.ts checks these
 * against the official SDK's types, so they cannot drift from the model unnoticed.
 */

export type Catalog = string;
export type {
  ReasonCode,
  ResourceSnapshotJobStatus,
  ResourceType,
  SalesInvolvementType,
  SortOrder,
  TaskStatus,
  Visibility,
} from '../model/enums.generated.js';
import type {
  ListTasksSortName,
  ReasonCode,
  ResourceSnapshotJobStatus,
  ResourceType,
  SalesInvolvementType,
  SortBy,
  SortOrder,
  TaskStatus,
  Visibility,
} from '../model/enums.generated.js';

export interface Tag {
  Key: string;
  Value: string;
}

// ---- tags ----

export interface ListTagsForResourceRequest {
  ResourceArn: string;
}
export interface ListTagsForResourceResponse {
  Tags: Tag[];
}

export interface TagResourceRequest {
  ResourceArn: string;
  Tags: Tag[];
}
/** The answer of an operation that returns nothing. */
export type EmptyResponse = Record<never, never>;

export type TagResourceResponse = EmptyResponse;

export interface UntagResourceRequest {
  ResourceArn: string;
  TagKeys: string[];
}
export type UntagResourceResponse = EmptyResponse;

// ---- resource snapshot jobs ----

export interface CreateResourceSnapshotJobRequest {
  Catalog: Catalog;
  /** Filled with a random UUID when omitted, as the SDKs do; cosell passes a derived one. */
  ClientToken?: string;
  EngagementIdentifier: string;
  ResourceType: ResourceType;
  ResourceIdentifier: string;
  ResourceSnapshotTemplateIdentifier: string;
  Tags?: Tag[];
}
export interface CreateResourceSnapshotJobResponse {
  Id?: string;
  Arn?: string;
}

export interface GetResourceSnapshotJobRequest {
  Catalog: Catalog;
  ResourceSnapshotJobIdentifier: string;
}
export interface GetResourceSnapshotJobResponse {
  Catalog: Catalog;
  Id?: string;
  Arn?: string;
  EngagementId?: string;
  ResourceType?: ResourceType;
  ResourceId?: string;
  ResourceArn?: string;
  ResourceSnapshotTemplateName?: string;
  CreatedAt?: Date;
  Status?: ResourceSnapshotJobStatus;
  LastSuccessfulExecutionDate?: Date;
  LastFailure?: string;
}

export interface SortObject {
  SortBy?: SortBy;
  SortOrder?: SortOrder;
}

export interface ListResourceSnapshotJobsRequest {
  Catalog: Catalog;
  MaxResults?: number;
  NextToken?: string;
  EngagementIdentifier?: string;
  Status?: ResourceSnapshotJobStatus;
  Sort?: SortObject;
}
export interface ResourceSnapshotJobSummary {
  Id?: string;
  Arn?: string;
  EngagementId?: string;
  Status?: ResourceSnapshotJobStatus;
}
export interface ListResourceSnapshotJobsResponse {
  ResourceSnapshotJobSummaries: ResourceSnapshotJobSummary[];
  NextToken?: string;
}

export interface ResourceSnapshotJobRequest {
  Catalog: Catalog;
  ResourceSnapshotJobIdentifier: string;
}
export type StartResourceSnapshotJobRequest = ResourceSnapshotJobRequest;
export type StopResourceSnapshotJobRequest = ResourceSnapshotJobRequest;
export type DeleteResourceSnapshotJobRequest = ResourceSnapshotJobRequest;
export type StartResourceSnapshotJobResponse = EmptyResponse;
export type StopResourceSnapshotJobResponse = EmptyResponse;
export type DeleteResourceSnapshotJobResponse = EmptyResponse;

// ---- engagement tasks ----

export interface StartEngagementByAcceptingInvitationTaskRequest {
  Catalog: Catalog;
  /** Filled with a random UUID when omitted, as the SDKs do; cosell passes a derived one. */
  ClientToken?: string;
  Identifier: string;
  Tags?: Tag[];
}
/** What the service says of an invitation task, both when it starts one and when it lists them. */
export interface InvitationTaskSummary {
  TaskId?: string;
  TaskArn?: string;
  StartTime?: Date;
  TaskStatus?: TaskStatus;
  Message?: string;
  ReasonCode?: ReasonCode;
  OpportunityId?: string;
  ResourceSnapshotJobId?: string;
  EngagementInvitationId?: string;
}
export type StartEngagementByAcceptingInvitationTaskResponse = InvitationTaskSummary;

export interface AwsSubmission {
  InvolvementType: SalesInvolvementType;
  Visibility?: Visibility;
}

export interface StartEngagementFromOpportunityTaskRequest {
  Catalog: Catalog;
  /** Filled with a random UUID when omitted, as the SDKs do; cosell passes a derived one. */
  ClientToken?: string;
  Identifier: string;
  AwsSubmission: AwsSubmission;
  Tags?: Tag[];
}
export interface StartEngagementFromOpportunityTaskResponse extends StartEngagementByAcceptingInvitationTaskResponse {
  EngagementId?: string;
}

export interface ListTasksSortBase {
  SortOrder: SortOrder;
  SortBy: ListTasksSortName;
}

export interface ListEngagementByAcceptingInvitationTasksRequest {
  Catalog: Catalog;
  MaxResults?: number;
  NextToken?: string;
  Sort?: ListTasksSortBase;
  TaskStatus?: TaskStatus[];
  OpportunityIdentifier?: string[];
  EngagementInvitationIdentifier?: string[];
  TaskIdentifier?: string[];
}
export type ListEngagementByAcceptingInvitationTaskSummary = InvitationTaskSummary;
export interface ListEngagementByAcceptingInvitationTasksResponse {
  TaskSummaries?: ListEngagementByAcceptingInvitationTaskSummary[];
  NextToken?: string;
}

export interface ListEngagementFromOpportunityTasksRequest {
  Catalog: Catalog;
  MaxResults?: number;
  NextToken?: string;
  Sort?: ListTasksSortBase;
  TaskStatus?: TaskStatus[];
  TaskIdentifier?: string[];
  OpportunityIdentifier?: string[];
  EngagementIdentifier?: string[];
}
export interface ListEngagementFromOpportunityTaskSummary extends ListEngagementByAcceptingInvitationTaskSummary {
  EngagementId?: string;
}
export interface ListEngagementFromOpportunityTasksResponse {
  TaskSummaries?: ListEngagementFromOpportunityTaskSummary[];
  NextToken?: string;
}

/** Input and output of each operation, keyed by the operation's name. */
export interface OperationTypes {
  ListTagsForResource: { input: ListTagsForResourceRequest; output: ListTagsForResourceResponse };
  TagResource: { input: TagResourceRequest; output: TagResourceResponse };
  UntagResource: { input: UntagResourceRequest; output: UntagResourceResponse };
  CreateResourceSnapshotJob: { input: CreateResourceSnapshotJobRequest; output: CreateResourceSnapshotJobResponse };
  GetResourceSnapshotJob: { input: GetResourceSnapshotJobRequest; output: GetResourceSnapshotJobResponse };
  ListResourceSnapshotJobs: { input: ListResourceSnapshotJobsRequest; output: ListResourceSnapshotJobsResponse };
  StartResourceSnapshotJob: { input: StartResourceSnapshotJobRequest; output: StartResourceSnapshotJobResponse };
  StopResourceSnapshotJob: { input: StopResourceSnapshotJobRequest; output: StopResourceSnapshotJobResponse };
  DeleteResourceSnapshotJob: { input: DeleteResourceSnapshotJobRequest; output: DeleteResourceSnapshotJobResponse };
  StartEngagementByAcceptingInvitationTask: {
    input: StartEngagementByAcceptingInvitationTaskRequest;
    output: StartEngagementByAcceptingInvitationTaskResponse;
  };
  StartEngagementFromOpportunityTask: {
    input: StartEngagementFromOpportunityTaskRequest;
    output: StartEngagementFromOpportunityTaskResponse;
  };
  ListEngagementByAcceptingInvitationTasks: {
    input: ListEngagementByAcceptingInvitationTasksRequest;
    output: ListEngagementByAcceptingInvitationTasksResponse;
  };
  ListEngagementFromOpportunityTasks: {
    input: ListEngagementFromOpportunityTasksRequest;
    output: ListEngagementFromOpportunityTasksResponse;
  };
}
