/**
 * What one attempt's answer means: a value, or a ServiceError (with whether it may be retried),
 * every secret redacted from what the service or the network said.
 */
import type { OperationName } from '../model/index.js';
import { clockOffset, isClockSkewError } from './clock-skew.js';
import { deserializeOutput } from './deserialize.js';
import { headerValue, parseErrorResponse, ServiceError, type ParsedError } from './errors.js';
import type { HttpResponse, NetworkFailure } from './http.js';
import { operationInfo } from '../model/index.js';
import type { Output } from './client-api.js';
import { redact } from './redact.js';
import { classifyNetworkError, classifyResponse, type FailureKind } from './retry.js';

export type Outcome<O extends OperationName> =
  | { ok: true; status: number; requestId?: string; value: Output<O> }
  | { ok: false; kind: FailureKind; error: ServiceError };

/**
 * What an HTTP answer means, and the clock offset it shows (server time minus local time, when
 * the local clock is off by more than 5 minutes): signed with a wrong clock, a call is worth one
 * more attempt with the server's time.
 */
export function answerOf<O extends OperationName>(
  operation: O,
  res: HttpResponse,
  attempt: number,
  clock: { now: number; offsetMs: number },
  secrets: ReadonlyArray<string | undefined>,
): { outcome: Outcome<O>; offsetMs: number } {
  const requestId = headerValue(res.headers, 'x-amzn-requestid');
  if (res.status >= 200 && res.status < 300)
    return { outcome: successOutcome(operation, res, attempt, requestId), offsetMs: clock.offsetMs };
  const parsed = parseErrorResponse(res.status, res.headers, res.body);
  let kind: FailureKind = classifyResponse(parsed.name, res.status);
  const offsetMs = clockOffset(headerValue(res.headers, 'date'), clock.now, clock.offsetMs);
  if (offsetMs !== clock.offsetMs && isClockSkewError(parsed.name)) kind = 'transient';
  return {
    outcome: { ok: false, kind, error: serviceErrorOf(operation, res.status, parsed, kind, attempt, requestId, secrets) },
    offsetMs,
  };
}

/** A request that got no answer: a network error, retried when the failure allows it. */
export function networkOutcome<O extends OperationName>(
  operation: O,
  err: NetworkFailure,
  attempt: number,
  secrets: ReadonlyArray<string | undefined>,
): Outcome<O> {
  const kind = classifyNetworkError(err.code);
  return { ok: false, kind, error: networkErrorOf(operation, err, kind, attempt, secrets) };
}

/** A 2xx answer: its value, or a transient SerializationException when it is not JSON. */
function successOutcome<O extends OperationName>(
  operation: O,
  res: HttpResponse,
  attempt: number,
  requestId: string | undefined,
): Outcome<O> {
  let parsed: unknown = {};
  try {
    parsed = res.body.trim() ? JSON.parse(res.body) : {};
  } catch {
    return {
      ok: false,
      kind: 'transient',
      error: new ServiceError({
        name: 'SerializationException',
        message: `${operation}: the answer (HTTP ${res.status}) is not JSON`,
        operation,
        status: res.status,
        source: 'service',
        requestId,
        retryable: true,
        attempts: attempt,
      }),
    };
  }
  return { ok: true, status: res.status, requestId, value: deserializeOutput(operationInfo(operation).outputShape, parsed) as Output<O> };
}

function serviceErrorOf(
  operation: OperationName,
  status: number,
  parsed: ParsedError,
  kind: FailureKind,
  attempt: number,
  requestId: string | undefined,
  secrets: ReadonlyArray<string | undefined>,
): ServiceError {
  return new ServiceError({
    name: parsed.name,
    message: redact(parsed.message, secrets),
    operation,
    status,
    source: 'service',
    requestId,
    reason: parsed.reason,
    errorList: parsed.errorList?.map((e) => ({ ...e, Message: redact(e.Message, secrets) })),
    retryable: kind !== 'final',
    attempts: attempt,
    members: JSON.parse(redact(JSON.stringify(parsed.members), secrets)) as Record<string, unknown>,
  });
}

function networkErrorOf(
  operation: OperationName,
  err: NetworkFailure,
  kind: FailureKind,
  attempt: number,
  secrets: ReadonlyArray<string | undefined>,
): ServiceError {
  return new ServiceError({
    name: err.code === 'TIMEOUT' ? 'TimeoutError' : 'NetworkError',
    message: `${operation}: ${redact(err.message, secrets)}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`,
    operation,
    status: 0,
    source: 'network',
    retryable: kind !== 'final',
    attempts: attempt,
    code: err.code,
  });
}
