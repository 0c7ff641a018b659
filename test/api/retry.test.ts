import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyNetworkError, classifyResponse, isRetrySafe, resolveMaxAttempts } from '../../src/api/retry.js';

describe('backoff', () => {
  const top = () => 0.999999;
  it('is full jitter under base × 2^retry: 100 ms base, 500 ms after a throttle, capped at 20 s', () => {
    expect(backoffDelay(0, 'transient', top)).toBe(99);
    expect(backoffDelay(1, 'transient', top)).toBe(199);
    expect(backoffDelay(0, 'throttle', top)).toBe(499);
    expect(backoffDelay(3, 'throttle', top)).toBe(3999);
    expect(backoffDelay(12, 'transient', top)).toBe(19999);
    expect(backoffDelay(200, 'throttle', top)).toBe(19999);
    expect(backoffDelay(5, 'throttle', () => 0)).toBe(0);
    expect(backoffDelay(2, 'transient', () => 0.5)).toBe(200);
  });

  it('takes other bases and caps', () => {
    expect(backoffDelay(4, 'transient', top, { baseMs: 1, capMs: 10 })).toBe(9);
    expect(backoffDelay(0, 'throttle', top, { throttleBaseMs: 2 })).toBe(1);
  });
});

describe('what is retried', () => {
  it('retries throttles and 500/502/503/504, nothing else', () => {
    expect(classifyResponse('ThrottlingException', 429)).toBe('throttle');
    expect(classifyResponse('UnknownError', 429)).toBe('throttle');
    for (const s of [500, 502, 503, 504]) expect(classifyResponse('InternalServerException', s)).toBe('transient');
    for (const [name, s] of [
      ['ValidationException', 400],
      ['ConflictException', 409],
      ['ResourceNotFoundException', 404],
      ['AccessDeniedException', 403],
      ['ServiceQuotaExceededException', 402],
      ['UnknownError', 501],
    ] as const) {
      expect(classifyResponse(name, s)).toBe('final');
    }
  });

  it('retries broken connections and timeouts, not a host that does not exist', () => {
    for (const c of ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'TIMEOUT', 'SOCKET_HANG_UP']) {
      expect(classifyNetworkError(c)).toBe('transient');
    }
    expect(classifyNetworkError('ENOTFOUND')).toBe('final');
    expect(classifyNetworkError(undefined)).toBe('final');
  });

  it('repeats a mutating call only with its ClientToken or when the model marks it idempotent', () => {
    expect(isRetrySafe('ListResourceSnapshotJobs', {})).toBe(true);
    for (const op of [
      'TagResource',
      'UntagResource',
      'StartResourceSnapshotJob',
      'StopResourceSnapshotJob',
      'DeleteResourceSnapshotJob',
    ] as const) {
      expect(isRetrySafe(op, {})).toBe(true);
    }
    expect(isRetrySafe('StartEngagementFromOpportunityTask', { ClientToken: 'tok-1' })).toBe(true);
    expect(isRetrySafe('StartEngagementFromOpportunityTask', {})).toBe(false);
    expect(isRetrySafe('StartEngagementByAcceptingInvitationTask', { ClientToken: '' })).toBe(false);
  });
});

describe('attempts', () => {
  it('takes --max-attempts, then AWS_MAX_ATTEMPTS, then 5', () => {
    expect(resolveMaxAttempts(2, { AWS_MAX_ATTEMPTS: '7' })).toBe(2);
    expect(resolveMaxAttempts(undefined, { AWS_MAX_ATTEMPTS: '7' })).toBe(7);
    expect(resolveMaxAttempts(undefined, {})).toBe(5);
  });

  it('refuses a count that is not a whole number from 1 to 100', () => {
    expect(() => resolveMaxAttempts(undefined, { AWS_MAX_ATTEMPTS: 'many' })).toThrow(
      'invalid AWS_MAX_ATTEMPTS "many": expected a whole number of attempts from 1 to 100',
    );
    expect(() => resolveMaxAttempts(0, {})).toThrow('invalid --max-attempts "0": expected a whole number of attempts from 1 to 100');
    expect(() => resolveMaxAttempts(2.5, {})).toThrow(/--max-attempts "2.5"/);
  });
});
