/** Errors the service answers when a request's signing time is too far from its own clock. */
const SKEW_ERRORS = new Set([
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
]);

export function isClockSkewError(name: string): boolean {
  return SKEW_ERRORS.has(name);
}

/** Beyond this, the local clock is taken to be wrong and requests are signed with the server's time. */
const SKEW_TOLERANCE_MS = 5 * 60_000;

/**
 * The offset to add to the local clock so that signing times match the server's, from an
 * answer's Date header, as the AWS SDKs keep it. Unchanged while within tolerance.
 */
export function clockOffset(dateHeader: string | undefined, localNow: number, current: number): number {
  if (!dateHeader) return current;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return current;
  return Math.abs(server - (localNow + current)) > SKEW_TOLERANCE_MS ? server - localNow : current;
}
