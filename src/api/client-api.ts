/**
 * What the client offers: one method per operation and one paginator per paginated operation
 * (generated from the operation lists, so an operation is named once), and its counters.
 */
import type { OperationName } from '../model/index.js';
import type * as T from './types.js';

export type Input<O extends OperationName> = T.OperationTypes[O]['input'];
export type Output<O extends OperationName> = T.OperationTypes[O]['output'];

/** `listTagsForResource(input)` for ListTagsForResource, and so on for every operation. */
export type OperationMethods = { [O in OperationName as Uncapitalize<O>]: (input: Input<O>) => Promise<Output<O>> };

/** The method name of an operation. */
export function methodOf<O extends OperationName>(operation: O): Uncapitalize<O> {
  return (operation.charAt(0).toLowerCase() + operation.slice(1)) as Uncapitalize<O>;
}

/** Per operation: calls made (validation failures excluded), extra attempts, throttled answers. */
export interface ClientStats {
  calls: Record<string, number>;
  retries: Record<string, number>;
  throttles: Record<string, number>;
}

/** The paginated operations: each has a `paginate…` method that follows NextToken. */
export const PAGINATED_OPERATIONS = [
  'ListResourceSnapshotJobs',
  'ListEngagementByAcceptingInvitationTasks',
  'ListEngagementFromOpportunityTasks',
] as const satisfies readonly OperationName[];
export type PaginatedOperation = (typeof PAGINATED_OPERATIONS)[number];

/** `paginateListResourceSnapshotJobs(input)`: every page, following NextToken from the given one (or the first). */
export type PaginatorMethods = { [O in PaginatedOperation as `paginate${O}`]: (input: Input<O>) => AsyncGenerator<Output<O>> };

/** The paginator method name of an operation. */
export function paginatorOf<O extends PaginatedOperation>(operation: O): `paginate${O}` {
  return `paginate${operation}`;
}

export interface PartnerCentralClient extends OperationMethods, PaginatorMethods {
  /** The endpoint every request goes to. */
  readonly endpoint: string;
  /** The signing region. */
  readonly region: string;
  /** Attempts per call, first one included. */
  readonly maxAttempts: number;

  /** Sends one operation: validate, rate-limit, sign, send, retry where safe. */
  send<O extends OperationName>(operation: O, input: Input<O>): Promise<Output<O>>;

  /** Counts so far (copies). */
  stats(): ClientStats;
  /** The operations this client stopped sending (a quota used up), with why. */
  stoppedOperations(): Record<string, string>;
  /** Configured and current (adaptive) rate of each operation used so far. */
  rates(): Record<string, { configured: number; current: number }>;
  /** Closes idle keep-alive connections. */
  close(): void;
}
