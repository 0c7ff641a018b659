import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CosellError } from '../util/errors.js';
import { clockOffset, isClockSkewError } from './clock-skew.js';
import { credentialSource } from './credentials.js';
import { resolveEndpoint, resolveRegion } from './endpoint.js';
import { headerValue, parseErrorResponse, ServiceError } from './errors.js';
import { networkErrorOf, serviceErrorOf, successOutcome, type Outcome } from './answer.js';
import { HttpTransport, NetworkFailure, type HttpResponse } from './http.js';
import { operationInfo, OPERATIONS, SERVICE_TARGET_PREFIX, validateInput, type OperationName } from '../model/index.js';
import type { BackoffOptions, ClientOptions, CredentialProvider, StaticCredentials } from './options.js';
import { QuotaBreaker } from './quota-breaker.js';
import { RateLimiter } from './rate-limit.js';
import { redact } from './redact.js';
import { backoffDelay, classifyNetworkError, classifyResponse, isRetrySafe, resolveMaxAttempts, type FailureKind } from './retry.js';
import { RequestSigner } from './sign.js';
import type * as T from './types.js';
import {
  methodOf,
  type ClientStats,
  type Input,
  type OperationMethods,
  type Output,
  type PaginatedOperation,
  type PartnerCentralClient,
} from './client-api.js';

export type { ClientStats, PaginatedOperation, PartnerCentralClient } from './client-api.js';
import { sleep } from '../util/lists.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_SOCKETS = 50;

/** The error of a call not sent because its operation was given up (see quota-breaker.ts). */
function quotaStopped(operation: OperationName, why: string): ServiceError {
  return new ServiceError({
    name: 'QuotaExhausted',
    message: `${operation} not sent: ${why}, so cosell stopped sending it in this run; a later run will continue`,
    operation,
    status: 429,
    source: 'local',
  });
}

/** Builds a client; endpoint, region, attempts and rates are checked now (CosellError if bad). */
export function createClient(options: ClientOptions = {}): PartnerCentralClient {
  return new Client(options);
}

const USER_AGENT = `cosell/${packageVersion()} node/${process.version}`;

// The operation methods are made in the constructor, one per operation; this tells TypeScript.
// biome-ignore lint/correctness/noUnusedVariables: merged with the class below to type the generated methods
interface Client extends OperationMethods {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
class Client implements PartnerCentralClient {
  readonly endpoint: string;
  readonly region: string;
  readonly maxAttempts: number;
  private readonly transport: HttpTransport;
  private readonly signer: RequestSigner;
  private readonly credentials: CredentialProvider;
  private readonly limiter: RateLimiter;
  private readonly breaker: QuotaBreaker;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly debug?: (line: string) => void;
  private readonly counts: ClientStats = { calls: {}, retries: {}, throttles: {} };
  /** Secrets of the credentials last used, to scrub from anything shown. */
  private lastCredentials?: StaticCredentials;
  /** Server time minus local time, when the local clock is off by more than 5 minutes. */
  private clockOffsetMs = 0;

  constructor(options: ClientOptions) {
    const methods = this as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    for (const op of OPERATIONS) methods[methodOf(op)] = (input) => this.send(op, input as Input<typeof op>);
    this.region = resolveRegion(options.region);
    const url = resolveEndpoint(options.endpoint, this.region);
    this.endpoint = url.href;
    this.maxAttempts = resolveMaxAttempts(options.maxAttempts);
    this.limiter = new RateLimiter(options.rates);
    this.breaker = new QuotaBreaker(this.maxAttempts);
    const timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeout');
    const maxSockets = positive(options.maxSockets, DEFAULT_MAX_SOCKETS, 'maxSockets');
    this.transport = new HttpTransport(url, { timeoutMs, maxSockets });
    this.credentials = credentialSource(options);
    this.signer = new RequestSigner(this.region, this.credentials);
    this.backoff = options.backoff ?? {};
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.debug = options.debug;
  }

  async send<O extends OperationName>(operation: O, input: Input<O>): Promise<Output<O>> {
    const info = operationInfo(operation);
    const body: Record<string, unknown> = { ...(input as object) };
    // As the SDKs do: one token per call, reused by every attempt, so a retry is a repeat.
    const token = info.idempotencyToken;
    if (token !== undefined && (body[token] === undefined || body[token] === null)) body[token] = randomUUID();
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];

    const issues = validateInput(operation, body);
    if (issues.length > 0) {
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
      throw new ServiceError({
        name: 'ValidationException',
        message: `invalid ${operation} input, not sent: ${issues[0]!.Message}${more}`,
        operation,
        status: 400,
        source: 'local',
        reason: 'REQUEST_VALIDATION_FAILED',
        errorList: issues,
      });
    }

    const stopped = this.breaker.stoppedReason(operation);
    if (stopped) throw quotaStopped(operation, stopped);
    // Credentials first: a call that cannot be signed never reaches the network, nor the counts.
    await this.credentials();
    bump(this.counts.calls, operation);
    const payload = JSON.stringify(body);
    const safe = isRetrySafe(operation, body);
    const invocationId = randomUUID();
    const call = Symbol(operation);
    try {
      return await this.attempts(operation, payload, invocationId, safe, call);
    } finally {
      this.breaker.release(call);
    }
  }

  private async attempts<O extends OperationName>(
    operation: O,
    payload: string,
    invocationId: string,
    safe: boolean,
    call: symbol,
  ): Promise<Output<O>> {
    for (let attempt = 1; ; attempt++) {
      const given = await this.breaker.admit(operation, call);
      if (given) throw quotaStopped(operation, given);
      await this.limiter.acquire(operation);
      const sentAt = this.limiter.now();
      const started = performance.now();
      let outcome: Outcome<O>;
      try {
        const res = await this.attempt(operation, payload, invocationId, attempt);
        outcome = this.answer(operation, res, attempt);
      } catch (err) {
        if (!(err instanceof NetworkFailure)) throw err;
        outcome = this.networkFailure(operation, err, attempt);
      }
      const ms = Math.round(performance.now() - started);

      if (outcome.ok) {
        this.limiter.onSuccess(operation);
        this.breaker.onSuccess(operation);
        this.log(operation, attempt, `HTTP ${outcome.status} in ${ms} ms, request id ${outcome.requestId ?? '-'}`);
        return outcome.value;
      }

      const { error, kind } = outcome;
      const retry = kind !== 'final' && safe && attempt < this.maxAttempts;
      if (kind === 'throttle') {
        bump(this.counts.throttles, operation);
        this.limiter.onThrottle(operation, sentAt);
        this.breaker.onThrottle(operation, call, !retry);
        const stoppedNow = this.breaker.stoppedReason(operation);
        // The call that ran out of attempts reports the service's own error; others stop retrying.
        if (stoppedNow && retry) {
          this.log(operation, attempt, `HTTP ${error.status} ${error.name}; not retried: ${stoppedNow}`);
          throw quotaStopped(operation, stoppedNow);
        }
      } else if (error.source === 'service') {
        this.limiter.onSuccess(operation);
        this.breaker.onSuccess(operation);
      }
      const what =
        error.source === 'network'
          ? `${error.code} after ${ms} ms, no answer`
          : `HTTP ${error.status} ${error.name} in ${ms} ms, request id ${error.requestId ?? '-'}`;
      if (!retry) {
        const why = kind === 'final' ? '' : !safe ? '; not retried: not safe to repeat' : '; attempts exhausted';
        this.log(operation, attempt, what + why);
        throw error;
      }
      const delay = backoffDelay(attempt - 1, kind === 'throttle' ? 'throttle' : 'transient', this.random, this.backoff);
      bump(this.counts.retries, operation);
      this.log(operation, attempt, `${what}; retrying in ${delay} ms`);
      await sleep(delay);
    }
  }

  private async attempt(operation: OperationName, payload: string, invocationId: string, attempt: number): Promise<HttpResponse> {
    const url = new URL(this.endpoint);
    const credentials = await this.credentials();
    this.lastCredentials = credentials;
    const signed = await this.signer.sign(
      {
        url,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': SERVICE_TARGET_PREFIX + operation,
          'content-length': String(Buffer.byteLength(payload)),
          'user-agent': USER_AGENT,
          'amz-sdk-invocation-id': invocationId,
          'amz-sdk-request': `attempt=${attempt}; max=${this.maxAttempts}`,
        },
        body: payload,
      },
      new Date(this.now() + this.clockOffsetMs),
    );
    return this.transport.post(signed.headers, signed.body);
  }

  private answer<O extends OperationName>(operation: O, res: HttpResponse, attempt: number): Outcome<O> {
    const requestId = headerValue(res.headers, 'x-amzn-requestid');
    if (res.status >= 200 && res.status < 300) return successOutcome(operation, res, attempt, requestId);
    const parsed = parseErrorResponse(res.status, res.headers, res.body);
    let kind: FailureKind = classifyResponse(parsed.name, res.status);
    const offset = clockOffset(headerValue(res.headers, 'date'), this.now(), this.clockOffsetMs);
    if (offset !== this.clockOffsetMs) {
      this.clockOffsetMs = offset;
      // Signed with a wrong clock: worth one more attempt with the server's time.
      if (isClockSkewError(parsed.name)) kind = 'transient';
    }
    return { ok: false, kind, error: serviceErrorOf(operation, res.status, parsed, kind, attempt, requestId, this.secrets()) };
  }

  private networkFailure<O extends OperationName>(operation: O, err: NetworkFailure, attempt: number): Outcome<O> {
    const kind = classifyNetworkError(err.code);
    return { ok: false, kind, error: networkErrorOf(operation, err, kind, attempt, this.secrets()) };
  }

  private secrets(): (string | undefined)[] {
    return [this.lastCredentials?.secretAccessKey, this.lastCredentials?.sessionToken];
  }

  private log(operation: OperationName, attempt: number, text: string): void {
    if (!this.debug) return;
    this.debug(redact(`[cosell] ${operation} attempt ${attempt}/${this.maxAttempts}: ${text}`, this.secrets()));
  }

  private async *paginate<O extends PaginatedOperation>(operation: O, input: Input<O>): AsyncGenerator<Output<O>> {
    const seen = new Set<string>();
    let token = input.NextToken;
    for (;;) {
      const page: Output<O> = await this.send(operation, { ...input, NextToken: token });
      yield page;
      token = page.NextToken || undefined;
      if (token === undefined) return;
      if (seen.has(token)) {
        throw new CosellError(`${operation}: the service returned the same NextToken twice; stopped paging to avoid a loop`);
      }
      seen.add(token);
    }
  }

  paginateListResourceSnapshotJobs(input: T.ListResourceSnapshotJobsRequest) {
    return this.paginate('ListResourceSnapshotJobs', input);
  }
  paginateListEngagementByAcceptingInvitationTasks(input: T.ListEngagementByAcceptingInvitationTasksRequest) {
    return this.paginate('ListEngagementByAcceptingInvitationTasks', input);
  }
  paginateListEngagementFromOpportunityTasks(input: T.ListEngagementFromOpportunityTasksRequest) {
    return this.paginate('ListEngagementFromOpportunityTasks', input);
  }

  stoppedOperations(): Record<string, string> {
    return this.breaker.stoppedOperations();
  }

  stats(): ClientStats {
    return { calls: { ...this.counts.calls }, retries: { ...this.counts.retries }, throttles: { ...this.counts.throttles } };
  }

  rates(): Record<string, { configured: number; current: number }> {
    return this.limiter.rates();
  }

  close(): void {
    this.transport.close();
  }
}

function bump(counts: Record<string, number>, op: string): void {
  counts[op] = (counts[op] ?? 0) + 1;
}

function positive(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new CosellError(`invalid ${what} "${value}": expected a positive number`);
  return value;
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
