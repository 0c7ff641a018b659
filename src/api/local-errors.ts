/**
 * The ServiceErrors the client makes itself, for a call it does not send: the input breaks the
 * model, or the operation's quota is used up for this run.
 */
import type { OperationName, ValidationIssue } from '../model/index.js';
import { ServiceError } from './errors.js';

/** A ValidationException as the service would answer it, found before sending. */
export function invalidInput(operation: OperationName, issues: readonly ValidationIssue[]): ServiceError {
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ServiceError({
    name: 'ValidationException',
    message: `invalid ${operation} input, not sent: ${issues[0]?.Message}${more}`,
    operation,
    status: 400,
    source: 'local',
    reason: 'REQUEST_VALIDATION_FAILED',
    errorList: [...issues],
  });
}

/** The error of a call not sent because its operation was given up (see quota-breaker.ts). */
export function quotaStopped(operation: OperationName, why: string): ServiceError {
  return new ServiceError({
    name: 'QuotaExhausted',
    message: `${operation} not sent: ${why}, so cosell stopped sending it in this run; a later run will continue`,
    operation,
    status: 429,
    source: 'local',
  });
}
