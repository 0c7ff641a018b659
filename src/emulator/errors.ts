import { errorInfo, NAMESPACE, type ValidationExceptionReason, type ValidationIssue } from '../model/index.js';

/**
 * An answer the emulator gives instead of a result: a modelled error of the service
 * (ConflictException, ValidationException, …) or one of the protocol-level errors AWS sends
 * before an operation runs (InvalidSignatureException, SerializationException, …).
 */
export class ApiError extends Error {
  /** Close the connection after answering: the request's body was not (fully) read. */
  closeConnection = false;

  constructor(
    /** The error's shape name, e.g. `ConflictException`. */
    readonly type: string,
    message: string,
    readonly status: number,
    /** Modelled members other than Message, e.g. ValidationException's Reason and ErrorList. */
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = type;
  }
}

/** The status the model gives a modelled error (ThrottlingException → 429, …). */
function modelled(type: string, message: string, members: Record<string, unknown> = {}): ApiError {
  const info = errorInfo(type);
  if (!info) throw new Error(`model: ${type} is not a modelled error`);
  return new ApiError(type, message, info.status, members);
}

export type ValidationReason = ValidationExceptionReason;

export function validationError(reason: ValidationReason, issues: ValidationIssue[]): ApiError {
  const first = issues[0]?.Message ?? 'The request is invalid.';
  const message = issues.length > 1 ? `${first} (and ${issues.length - 1} more; see ErrorList)` : first;
  return modelled('ValidationException', message, { Reason: reason, ErrorList: issues });
}

export const conflict = (message: string): ApiError => modelled('ConflictException', message);
export const notFound = (message: string): ApiError => modelled('ResourceNotFoundException', message);
export const throttled = (message: string): ApiError => modelled('ThrottlingException', message);
export const internal = (message: string): ApiError => modelled('InternalServerException', message);
export const accessDenied = (message: string): ApiError => modelled('AccessDeniedException', message);

/** Errors AWS's front end answers with before any operation runs; not in the service model. */
export const protocolError = {
  missingToken: () => new ApiError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403),
  unrecognizedClient: () => new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403),
  invalidSignature: (message: string) => new ApiError('InvalidSignatureException', message, 403),
  incompleteSignature: (message: string) => new ApiError('IncompleteSignatureException', message, 400),
  unknownOperation: (message: string) => new ApiError('UnknownOperationException', message, 400),
  serialization: (message: string) => new ApiError('SerializationException', message, 400),
  tooLarge: (limit: number) => new ApiError('RequestEntityTooLargeException', `The request body is larger than ${limit} bytes.`, 413),
  timeout: () => new ApiError('RequestTimeoutException', 'The request was not received in time.', 408),
  notFound: (message: string) => new ApiError('UnknownOperationException', message, 404),
  /** A request the emulator will not serve: a foreign Host, or a foreign page's Origin. */
  forbidden: (message: string) => new ApiError('ForbiddenException', message, 403),
};

/** The wire form of an error: the `X-Amzn-ErrorType` header and the JSON body. */
export function errorBody(err: ApiError): { status: number; headers: Record<string, string>; body: string } {
  const body = { __type: NAMESPACE + err.type, message: err.message, Message: err.message, ...err.members };
  return {
    status: err.status,
    headers: { 'X-Amzn-ErrorType': err.type },
    body: JSON.stringify(body),
  };
}
