import type { OperationName, ValidationIssue } from '../model/index.js';

/** Where a failure came from: the service's answer, the network, or a check made before sending. */
export type ErrorSource = 'service' | 'network' | 'local';

export interface ServiceErrorInit {
  name: string;
  message: string;
  operation: OperationName;
  status: number;
  source: ErrorSource;
  requestId?: string;
  reason?: string;
  errorList?: ValidationIssue[];
  retryable?: boolean;
  attempts?: number;
  code?: string;
  members?: Record<string, unknown>;
}

/**
 * A failed call. `name` is the service's error name (ConflictException, ThrottlingException, …),
 * or NetworkError / TimeoutError when no answer came. Its text never holds a credential: the
 * client builds it from the service's answer and the endpoint only.
 */
export class ServiceError extends Error {
  override readonly name: string;
  readonly operation: OperationName;
  /** HTTP status; 0 when no answer came. */
  readonly status: number;
  readonly source: ErrorSource;
  /** x-amzn-RequestId of the last attempt, when the service answered. */
  readonly requestId?: string;
  /** A ValidationException's Reason: REQUEST_VALIDATION_FAILED or BUSINESS_VALIDATION_FAILED. */
  readonly reason?: string;
  /** A ValidationException's ErrorList. */
  readonly errorList?: ValidationIssue[];
  /** Whether this kind of failure is worth retrying (the client already did, up to maxAttempts). */
  readonly retryable: boolean;
  /** Attempts made before giving up (0 for a local check). */
  readonly attempts: number;
  /** The system error code of a network failure (ECONNRESET, …). */
  readonly code?: string;
  /** Other members of the error body, as the service sent them. */
  readonly members: Record<string, unknown>;

  constructor(init: ServiceErrorInit) {
    super(init.message);
    this.name = init.name;
    this.operation = init.operation;
    this.status = init.status;
    this.source = init.source;
    this.requestId = init.requestId;
    this.reason = init.reason;
    this.errorList = init.errorList;
    this.retryable = init.retryable ?? false;
    this.attempts = init.attempts ?? 0;
    this.code = init.code;
    this.members = init.members ?? {};
  }

  /** One line for a person: operation, error name, message, and the request id to quote to AWS. */
  describe(): string {
    if (this.source === 'local') return this.message;
    if (this.source === 'network') return `${this.operation} failed: ${this.message.replace(`${this.operation}: `, '')}`;
    const tries = this.attempts > 1 ? ` after ${this.attempts} attempts` : '';
    const id = this.requestId ? ` (request id ${this.requestId})` : '';
    return `${this.operation} failed${tries}: ${this.name}: ${this.message}${id}`;
  }
}

export function isServiceError(err: unknown, name?: string): err is ServiceError {
  return err instanceof ServiceError && (name === undefined || err.name === name);
}

export interface ParsedError {
  name: string;
  message: string;
  reason?: string;
  errorList?: ValidationIssue[];
  members: Record<string, unknown>;
}

/** Keeps what stands after `#` and before `:`, as the AWS SDKs do. */
export function sanitizeErrorCode(raw: string): string {
  let code = raw.trim();
  const colon = code.indexOf(':');
  if (colon >= 0) code = code.slice(0, colon);
  const hash = code.indexOf('#');
  if (hash >= 0) code = code.slice(hash + 1);
  return code;
}

/**
 * An error answer of the awsJson1_0 protocol: the name from the x-amzn-errortype header, else
 * the body's `code`, else `__type`; the message from `message`, else `Message`.
 */
export function parseErrorResponse(status: number, headers: Record<string, string | string[] | undefined>, bodyText: string): ParsedError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = bodyText ? JSON.parse(bodyText) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's HTML page, say): fall back on the header and the status.
  }
  const header = headerValue(headers, 'x-amzn-errortype');
  const rawCode = header ?? str(body.code) ?? str(body.__type);
  const name = rawCode ? sanitizeErrorCode(rawCode) || 'UnknownError' : 'UnknownError';
  const message = str(body.message) ?? str(body.Message) ?? `${name} (HTTP ${status})`;
  const members: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (!['__type', 'code', 'message', 'Message'].includes(k)) members[k] = v;
  }
  const reason = str(body.Reason) ?? str(body.reason);
  const list = body.ErrorList ?? body.errorList;
  return {
    name,
    message,
    reason,
    errorList: Array.isArray(list) ? list.filter(isIssue) : undefined,
    members,
  };
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

// A hostile or broken body may put anything in ErrorList; only well-formed items are kept.
function isIssue(item: unknown): item is ValidationIssue {
  if (typeof item !== 'object' || item === null) return false;
  const i = item as Record<string, unknown>;
  return typeof i.Message === 'string' && typeof i.Code === 'string' && (i.FieldName === undefined || typeof i.FieldName === 'string');
}
