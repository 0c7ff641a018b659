/**
 * What the client sends for a call: the body, completed and checked against the model before
 * anything goes out, and the headers of each attempt.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { operationInfo, SERVICE_TARGET_PREFIX, validateInput, type OperationName } from '../model/index.js';
import { invalidInput } from './local-errors.js';

const USER_AGENT = `cosell/${packageVersion()} node/${process.version}`;

/**
 * The body of a call: the input without undefined members, with an idempotency token where the
 * model has one. Throws a local ValidationException when the model refuses it.
 */
export function requestBody(operation: OperationName, input: object): Record<string, unknown> {
  const body: Record<string, unknown> = { ...input };
  // As the SDKs do: one token per call, reused by every attempt, so a retry is a repeat.
  const token = operationInfo(operation).idempotencyToken;
  if (token !== undefined && (body[token] === undefined || body[token] === null)) body[token] = randomUUID();
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  const issues = validateInput(operation, body);
  if (issues.length > 0) throw invalidInput(operation, issues);
  return body;
}

/** The headers of one attempt, before signing; `invocationId` is the same for every attempt of a call. */
export function requestHeaders(
  operation: OperationName,
  payload: string,
  invocationId: string,
  attempt: number,
  maxAttempts: number,
): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': SERVICE_TARGET_PREFIX + operation,
    'content-length': String(Buffer.byteLength(payload)),
    'user-agent': USER_AGENT,
    'amz-sdk-invocation-id': invocationId,
    'amz-sdk-request': `attempt=${attempt}; max=${maxAttempts}`,
  };
}

function packageVersion(): string {
  try {
    // Same relative depth from src/api and dist/api.
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version?: string };
    return pkg.version ?? '0';
  } catch {
    return '0';
  }
}
