import { describe, expect, it } from 'vitest';
import { clockOffset, isClockSkewError } from '../../src/api/clock-skew.js';
import { parseErrorResponse, sanitizeErrorCode, ServiceError } from '../../src/api/errors.js';
import { redact } from '../../src/api/redact.js';

describe('error answers', () => {
  it('keeps what stands after # and before :', () => {
    expect(sanitizeErrorCode('com.amazonaws.partnercentralselling#ConflictException')).toBe('ConflictException');
    expect(sanitizeErrorCode('ValidationException:http://internal.amazon.com/coral/')).toBe('ValidationException');
    expect(sanitizeErrorCode('aws.protocoltests#FooError:http://x')).toBe('FooError');
    expect(sanitizeErrorCode('ThrottlingException')).toBe('ThrottlingException');
  });

  it('takes the name from x-amzn-errortype, else the body code, else __type', () => {
    const body = JSON.stringify({ __type: 'com.amazonaws.partnercentralselling#FromType', code: 'FromCode', message: 'm' });
    expect(parseErrorResponse(400, { 'x-amzn-errortype': 'FromHeader:http://x' }, body).name).toBe('FromHeader');
    expect(parseErrorResponse(400, {}, body).name).toBe('FromCode');
    expect(parseErrorResponse(400, {}, JSON.stringify({ __type: 'ns#FromType' })).name).toBe('FromType');
    expect(parseErrorResponse(400, { 'x-amzn-errortype': '' }, JSON.stringify({ __type: 'FromType' })).name).toBe('FromType');
  });

  it('keeps only well-formed ErrorList items from a hostile body', () => {
    const body = JSON.stringify({
      __type: 'ValidationException',
      message: 'm',
      ErrorList: [null, 7, { Code: 'X' }, { FieldName: 'Tags', Message: 'bad', Code: 'INVALID_VALUE' }],
    });
    expect(parseErrorResponse(400, {}, body).errorList).toEqual([{ FieldName: 'Tags', Message: 'bad', Code: 'INVALID_VALUE' }]);
  });

  it('takes the message from message, else Message, else names the status', () => {
    expect(parseErrorResponse(409, {}, JSON.stringify({ __type: 'X', message: 'lower', Message: 'upper' })).message).toBe('lower');
    expect(parseErrorResponse(409, {}, JSON.stringify({ __type: 'X', Message: 'upper' })).message).toBe('upper');
    expect(parseErrorResponse(503, {}, '<html>Service Unavailable</html>')).toEqual({
      name: 'UnknownError',
      message: 'UnknownError (HTTP 503)',
      reason: undefined,
      errorList: undefined,
      members: {},
    });
  });

  it('keeps a ValidationException Reason, ErrorList and other members', () => {
    const parsed = parseErrorResponse(
      400,
      { 'x-amzn-errortype': 'ValidationException' },
      JSON.stringify({
        __type: 'com.amazonaws.partnercentralselling#ValidationException',
        message: 'bad',
        Reason: 'REQUEST_VALIDATION_FAILED',
        ErrorList: [{ FieldName: 'Catalog', Message: 'Catalog is required.', Code: 'REQUIRED_FIELD_MISSING' }],
      }),
    );
    expect(parsed.reason).toBe('REQUEST_VALIDATION_FAILED');
    expect(parsed.errorList).toEqual([{ FieldName: 'Catalog', Message: 'Catalog is required.', Code: 'REQUIRED_FIELD_MISSING' }]);
    expect(parsed.members).toEqual({ Reason: 'REQUEST_VALIDATION_FAILED', ErrorList: parsed.errorList });
  });
});

describe('redaction', () => {
  it('removes secret values and SigV4 signatures from text', () => {
    const sig = 'a'.repeat(64);
    const text = `token FQoGZXIvYXdzEJr key wJalrXUtnFEMI/K7MDENG Signature=${sig} done`;
    expect(redact(text, ['FQoGZXIvYXdzEJr', 'wJalrXUtnFEMI/K7MDENG', undefined])).toBe(
      'token [redacted] key [redacted] Signature=[redacted] done',
    );
  });
});

describe('clock skew', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it('follows the server clock only when it is more than 5 minutes away', () => {
    expect(clockOffset('Sun, 01 Mar 2026 12:04:00 GMT', now, 0)).toBe(0);
    expect(clockOffset('Sun, 01 Mar 2026 12:20:00 GMT', now, 0)).toBe(20 * 60_000);
    expect(clockOffset('Sun, 01 Mar 2026 12:20:00 GMT', now, 20 * 60_000)).toBe(20 * 60_000);
    expect(clockOffset('not a date', now, 7)).toBe(7);
    expect(clockOffset(undefined, now, 7)).toBe(7);
  });
  it('knows the errors a skewed clock causes', () => {
    expect(isClockSkewError('InvalidSignatureException')).toBe(true);
    expect(isClockSkewError('AccessDeniedException')).toBe(false);
  });
});

describe('describing a failure', () => {
  it('names the operation, the error, the attempts and the request id', () => {
    const service = new ServiceError({
      name: 'InternalServerException',
      message: 'Try again.',
      operation: 'TagResource',
      status: 500,
      source: 'service',
      requestId: 'req-1',
      attempts: 5,
    });
    expect(service.describe()).toBe('TagResource failed after 5 attempts: InternalServerException: Try again. (request id req-1)');
    const network = new ServiceError({
      name: 'NetworkError',
      message: 'GetResourceSnapshotJob: connection to 127.0.0.1:4599 closed before an answer (socket hang up) (after 2 attempts)',
      operation: 'GetResourceSnapshotJob',
      status: 0,
      source: 'network',
      attempts: 2,
    });
    expect(network.describe()).toBe(
      'GetResourceSnapshotJob failed: connection to 127.0.0.1:4599 closed before an answer (socket hang up) (after 2 attempts)',
    );
    const local = new ServiceError({
      name: 'ValidationException',
      message: 'invalid TagResource input, not sent: Tags is required.',
      operation: 'TagResource',
      status: 400,
      source: 'local',
    });
    expect(local.describe()).toBe('invalid TagResource input, not sent: Tags is required.');
  });
});
