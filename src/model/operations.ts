import { NAMESPACE, modelRules, shape, shortName } from './model.js';

/** The operations cosell uses and the emulator serves. */
export const OPERATIONS = [
  'ListTagsForResource',
  'TagResource',
  'UntagResource',
  'CreateResourceSnapshotJob',
  'GetResourceSnapshotJob',
  'ListResourceSnapshotJobs',
  'StartResourceSnapshotJob',
  'StopResourceSnapshotJob',
  'DeleteResourceSnapshotJob',
  'StartEngagementByAcceptingInvitationTask',
  'StartEngagementFromOpportunityTask',
  'ListEngagementByAcceptingInvitationTasks',
  'ListEngagementFromOpportunityTasks',
] as const;

export type OperationName = (typeof OPERATIONS)[number];

export const SERVICE_TARGET_PREFIX = 'AWSPartnerCentralSelling.';
export const SIGNING_NAME = 'partnercentral-selling';

export interface OperationInfo {
  name: OperationName;
  inputShape: string;
  outputShape: string;
  /** No side effects: counted against the read quota. */
  readonly: boolean;
  /** The model's `idempotent` trait: safe to retry as is. */
  idempotent: boolean;
  /** The member the model marks `idempotencyToken`, if any. */
  idempotencyToken?: string;
  /** HTTP status of a success (200, or 204 for the Start/Stop/Delete calls). */
  successCode: number;
  errors: string[];
  /** For paginated operations: the member names that carry the pages. */
  paginated?: { inputToken: string; outputToken: string; pageSize: string; items: string };
}

const cache = new Map<OperationName, OperationInfo>();

export function isOperationName(name: string): name is OperationName {
  return (OPERATIONS as readonly string[]).includes(name);
}

export function operationInfo(name: OperationName): OperationInfo {
  const hit = cache.get(name);
  if (hit) return hit;
  const op = modelRules().shapes[NAMESPACE + name];
  if (!op?.input || !op.output) throw new Error(`model: operation ${name} not found`);
  const traits = op.traits ?? {};
  const input = shape(op.input.target);
  const token = Object.entries(input?.members ?? {}).find(([, m]) => m.traits?.['smithy.api#idempotencyToken'] !== undefined)?.[0];
  const http = traits['smithy.api#http'] as { code?: number } | undefined;
  const info: OperationInfo = {
    name,
    inputShape: op.input.target,
    outputShape: op.output.target,
    readonly: 'smithy.api#readonly' in traits,
    idempotent: 'smithy.api#idempotent' in traits,
    idempotencyToken: token,
    successCode: http?.code ?? 200,
    errors: (op.errors ?? []).map((e) => shortName(e.target)),
    paginated: traits['smithy.api#paginated'] as OperationInfo['paginated'],
  };
  cache.set(name, info);
  return info;
}

/** `read` for readonly operations, `write` for everything else: the quota classes. */
export function operationClass(name: OperationName): 'read' | 'write' {
  return operationInfo(name).readonly ? 'read' : 'write';
}

/** HTTP status and fault kind of a modelled error, e.g. ThrottlingException → 429. */
export function errorInfo(name: string): { status: number; fault: 'client' | 'server'; members: string[] } | undefined {
  const s = shape(name);
  if (!s?.traits || !('smithy.api#error' in s.traits)) return undefined;
  return {
    status: Number(s.traits['smithy.api#httpError'] ?? (s.traits['smithy.api#error'] === 'server' ? 500 : 400)),
    fault: s.traits['smithy.api#error'] === 'server' ? 'server' : 'client',
    members: Object.keys(s.members ?? {}),
  };
}
