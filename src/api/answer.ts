/**
 * What one attempt's answer means: a value, or a ServiceError (with whether it may be retried),
 * every secret redacted from what the service or the network said.
 */
import type { OperationName } from '../model/index.js';
import { deserializeOutput } from './deserialize.js';
import { ServiceError, type ParsedError } from './errors.js';
import type { HttpResponse, NetworkFailure } from './http.js';
import { operationInfo } from '../model/index.js';
import type { Output } from './client-api.js';
import { redact } from './redact.js';
import type { FailureKind } from './retry.js';

export type Outcome<O extends OperationName> =
  | { ok: true; status: number; requestId?: string; value: Output<O> }
  | { ok: false; kind: FailureKind; error: ServiceError };

/** A 2xx answer: its value, or a transient SerializationException when it is not JSON. */
export function successOutcome<O extends OperationName>(
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

export function serviceErrorOf(
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

export function networkErrorOf(
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
