import { errorInfo, operationInfo } from '../model/index.js';
import { RUN_TAG_KEY } from './options.js';
import type { Observation, SuiteOperation } from './sdk.js';
import { S, type Shape } from './shape.js';
import type { CheckResult, Expectation, StepContext } from './types.js';

/** The answers' shapes, as the emulator gives them. */
export const SHAPES = {
  created: S.struct({ Id: S.string, Arn: S.string }),
  job: S.struct(
    {
      Catalog: S.string,
      Id: S.string,
      Arn: S.string,
      EngagementId: S.string,
      ResourceType: S.string,
      ResourceId: S.string,
      ResourceArn: S.string,
      ResourceSnapshotTemplateName: S.string,
      CreatedAt: S.string,
      Status: S.string,
    },
    { LastSuccessfulExecutionDate: S.string, LastFailure: S.string },
  ),
  page: S.struct(
    { ResourceSnapshotJobSummaries: S.list(S.struct({ Id: S.string, Arn: S.string, EngagementId: S.string, Status: S.string })) },
    { NextToken: S.string },
  ),
  tags: S.struct({ Tags: S.list(S.struct({ Key: S.string, Value: S.string })) }),
  tasks: S.struct(
    {
      TaskSummaries: S.list(
        S.struct(
          { TaskId: S.string, TaskArn: S.string, StartTime: S.string, TaskStatus: S.string },
          {
            Message: S.string,
            ReasonCode: S.string,
            OpportunityId: S.string,
            ResourceSnapshotJobId: S.string,
            EngagementId: S.string,
            EngagementInvitationId: S.string,
          },
        ),
      ),
    },
    { NextToken: S.string },
  ),
  /** TagResource and UntagResource answer 200 with an empty object. */
  empty: S.struct({}),
  validation: S.struct({
    Reason: S.string,
    ErrorList: S.list(S.struct({ FieldName: S.string, Message: S.string, Code: S.string })),
  }),
};

/** A success: the model's status for the operation (200, or 204 with no body). */
export function succeeds(operation: SuiteOperation, shape: Shape): Expectation {
  const status = operationInfo(operation).successCode;
  return { status, shape: status === 204 ? S.none : shape };
}

/** A modelled error, with the HTTP status the model gives it. */
export function fails(error: string, reason?: string): Expectation {
  const info = errorInfo(error);
  if (!info) throw new Error(`model: ${error} is not a modelled error`);
  return { status: info.status, error, reason, shape: error === 'ValidationException' ? SHAPES.validation : undefined };
}

/** An error of AWS's front end, before any operation runs: not in the model, so its status is given. */
export function refused(error: string, status: number): Expectation {
  return { status, error };
}

export type TagMap = Record<string, string>;

export function tagList(tags: TagMap): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The tags the run's job starts with: the run tag (found by any cleanup) and two of the suite's. */
export function startTags(ctx: StepContext): TagMap {
  return { [RUN_TAG_KEY]: ctx.options.runId, 'conformance-a': '1', 'conformance-b': '2' };
}

function member(body: unknown, name: string): unknown {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

export function text(body: unknown, name: string): string | undefined {
  const v = member(body, name);
  return typeof v === 'string' ? v : undefined;
}

export function items(body: unknown, name: string): unknown[] {
  const v = member(body, name);
  return Array.isArray(v) ? v : [];
}

/** Compares the answer's Tags with `want`, key by key (order does not matter). */
export function tagsAre(obs: Observation, want: TagMap): CheckResult {
  const got = new Map<string, string>();
  for (const t of items(obs.body, 'Tags')) {
    const key = text(t, 'Key');
    if (key !== undefined) got.set(key, text(t, 'Value') ?? '');
  }
  const out: string[] = [];
  for (const [k, v] of Object.entries(want)) {
    if (!got.has(k)) out.push(`Tags: ${k} is missing`);
    else if (got.get(k) !== v) out.push(`Tags: ${k} has another value than the one set`);
  }
  for (const k of got.keys()) if (!(k in want)) out.push(`Tags: ${k} was not expected`);
  return out;
}

/** A member's value, against the one expected (values are named only by what they should be). */
export function valueIs(obs: Observation, name: string, want: string | undefined, what: string): string[] {
  const got = text(obs.body, name);
  if (got === want) return [];
  return [`${name}: expected ${what}${got === undefined ? ', got none' : `, got ${JSON.stringify(got)}`}`];
}
