/**
 * The client: one call at a time through the rate limiter and the quota breaker, signed and sent,
 * retried where that is safe. What goes out is built in request.ts, what comes back is read in
 * answer.ts, and the per-operation methods and paginators are generated from the model's lists.
 */
import { randomUUID } from 'node:crypto';
import { OPERATIONS, type OperationName } from '../model/index.js';
import { CosellError } from '../util/errors.js';
import { sleep } from '../util/lists.js';
import { answerOf, networkOutcome, type Outcome } from './answer.js';
import {
  methodOf,
  PAGINATED_OPERATIONS,
  paginatorOf,
  type ClientStats,
  type Input,
  type OperationMethods,
  type Output,
  type PaginatorMethods,
  type PartnerCentralClient,
} from './client-api.js';
import { credentialSource } from './credentials.js';
import { resolveEndpoint, resolveRegion } from './endpoint.js';
import { HttpTransport, NetworkFailure, type HttpResponse } from './http.js';
import { quotaStopped } from './local-errors.js';
import type { BackoffOptions, ClientOptions, CredentialProvider, StaticCredentials } from './options.js';
import { paginate } from './paginate.js';
import { QuotaBreaker } from './quota-breaker.js';
import { RateLimiter } from './rate-limit.js';
import { redact } from './redact.js';
import { requestBody, requestHeaders } from './request.js';
import { backoffDelay, isRetrySafe, resolveMaxAttempts } from './retry.js';
import { RequestSigner } from './sign.js';

export type { ClientStats, PaginatedOperation, PartnerCentralClient } from './client-api.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_SOCKETS = 50;

/** Builds a client; endpoint, region, attempts and rates are checked now (CosellError if bad). */
export function createClient(options: ClientOptions = {}): PartnerCentralClient {
  return new Client(options);
}

// The operation methods and paginators are made in the constructor; this tells TypeScript.
// biome-ignore lint/correctness/noUnusedVariables: merged with the class below to type the generated methods
interface Client extends OperationMethods, PaginatorMethods {}

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
    const methods = this as unknown as Record<string, (input: unknown) => unknown>;
    for (const op of OPERATIONS) methods[methodOf(op)] = (input) => this.send(op, input as Input<typeof op>);
    const send = this.send.bind(this);
    for (const op of PAGINATED_OPERATIONS) methods[paginatorOf(op)] = (input) => paginate(send, op, input as Input<typeof op>);
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
    const body = requestBody(operation, input as object);
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
      let outcome: Outcome<O>;
      try {
        const res = await this.attempt(operation, payload, invocationId, attempt);
        const clock = { now: this.now(), offsetMs: this.clockOffsetMs };
        ({ outcome, offsetMs: this.clockOffsetMs } = answerOf(operation, res, attempt, clock, this.secrets()));
      } catch (err) {
        if (!(err instanceof NetworkFailure)) throw err;
        outcome = networkOutcome(operation, err, attempt, this.secrets());
      }
      const ms = Math.round((this.limiter.now() - sentAt) * 1000);

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
      { url, headers: requestHeaders(operation, payload, invocationId, attempt, this.maxAttempts), body: payload },
      new Date(this.now() + this.clockOffsetMs),
    );
    return this.transport.post(signed.headers, signed.body);
  }

  private secrets(): (string | undefined)[] {
    return [this.lastCredentials?.secretAccessKey, this.lastCredentials?.sessionToken];
  }

  private log(operation: OperationName, attempt: number, text: string): void {
    if (!this.debug) return;
    this.debug(redact(`[cosell] ${operation} attempt ${attempt}/${this.maxAttempts}: ${text}`, this.secrets()));
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
