import { CosellError } from '../util/errors.js';
import { operationInfo, type OperationName } from '../model/index.js';
import type { BackoffOptions } from './options.js';

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 100, throttleBaseMs: 500, capMs: 20_000 };

/** `--max-attempts`, then AWS_MAX_ATTEMPTS, then 5. */
export function resolveMaxAttempts(maxAttempts: number | undefined, env: Record<string, string | undefined> = process.env): number {
  if (maxAttempts !== undefined) return checkAttempts(maxAttempts, '--max-attempts');
  const fromEnv = env.AWS_MAX_ATTEMPTS?.trim();
  if (fromEnv) return checkAttempts(Number(fromEnv), 'AWS_MAX_ATTEMPTS', fromEnv);
  return DEFAULT_MAX_ATTEMPTS;
}

function checkAttempts(n: number, source: string, raw: string = String(n)): number {
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new CosellError(`invalid ${source} "${raw}": expected a whole number of attempts from 1 to 100`);
  }
  return n;
}

/** HTTP statuses the AWS SDKs retry as transient server faults. */
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);

/** System errors where the connection failed or broke: worth another attempt. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN']);

export function isThrottle(name: string, status: number): boolean {
  return name === 'ThrottlingException' || status === 429;
}

/** What kind of failure an attempt ended in, for the retry decision. */
export type FailureKind = 'throttle' | 'transient' | 'final';

export function classifyResponse(name: string, status: number): FailureKind {
  if (isThrottle(name, status)) return 'throttle';
  if (TRANSIENT_STATUS.has(status)) return 'transient';
  return 'final';
}

/** A broken or timed-out connection is transient; anything else (a bad host name, say) is final. */
export function classifyNetworkError(code: string | undefined): FailureKind {
  return code !== undefined && (TRANSIENT_CODES.has(code) || code === 'TIMEOUT' || code === 'SOCKET_HANG_UP') ? 'transient' : 'final';
}

/**
 * Whether a call may be sent again without risking a second effect. Reads always; a mutating
 * call only if it carries its idempotency token (the service then answers a repeat with the
 * first result) or the model marks the operation idempotent.
 */
export function isRetrySafe(operation: OperationName, input: Record<string, unknown>): boolean {
  const info = operationInfo(operation);
  if (info.readonly || info.idempotent) return true;
  const token = info.idempotencyToken;
  return token !== undefined && typeof input[token] === 'string' && input[token] !== '';
}

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base × 2^retry)), with
 * the larger base after a throttle. `retry` counts from 0 for the first retry.
 */
export function backoffDelay(retry: number, kind: 'throttle' | 'transient', random: () => number, backoff: BackoffOptions = {}): number {
  const b = { ...DEFAULT_BACKOFF, ...backoff };
  const base = kind === 'throttle' ? b.throttleBaseMs : b.baseMs;
  const ceiling = Math.min(b.capMs, base * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}
