import { CosellError } from '../util/errors.js';
import { isOperationName, OPERATIONS, operationClass, type OperationName } from '../model/index.js';

/**
 * Default requests per second. The documented quotas are 10/s for reads and 1/s for the two task
 * starts; the tag and snapshot-job writes have no published quota, so they start at 5/s.
 */
export const DEFAULT_RATES: Readonly<Record<string, number>> = {
  read: 10,
  write: 5,
  StartEngagementByAcceptingInvitationTask: 1,
  StartEngagementFromOpportunityTask: 1,
};

/**
 * The configured rate of each operation. An operation's own key wins over its class ('read' or
 * 'write'); a key the user gives wins over every default, so `write=2` slows the task starts too.
 */
export function resolveRates(rates: Record<string, number> = {}): Record<OperationName, number> {
  for (const [key, tps] of Object.entries(rates)) {
    if (key !== 'read' && key !== 'write' && !isOperationName(key)) {
      throw new CosellError(`unknown rate key "${key}": expected read, write or an operation name such as ${OPERATIONS[1]}`);
    }
    if (typeof tps !== 'number' || !Number.isFinite(tps) || tps <= 0) {
      throw new CosellError(`invalid rate for ${key}: "${String(tps)}" is not a positive number of requests per second`);
    }
  }
  const out = {} as Record<OperationName, number>;
  for (const op of OPERATIONS) {
    const cls = operationClass(op);
    out[op] = rates[op] ?? rates[cls] ?? DEFAULT_RATES[op] ?? DEFAULT_RATES[cls]!;
  }
  return out;
}

/** Tuning of the adaptive rate, after the AWS SDKs' adaptive retry mode (CUBIC). */
export const ADAPTIVE = {
  /** The rate right after a throttle, as a share of the rate that was throttled. */
  beta: 0.7,
  /** How fast the rate grows back (CUBIC's C, in requests/s per s³). */
  scale: 0.4,
  /** The rate never falls below this many requests per second. */
  minRate: 0.5,
  /** Width of the windows over which the sending rate is measured, in seconds. */
  measureWindow: 0.5,
  /** Weight of the newest window in the measured rate. */
  smoothing: 0.8,
};

/** How much of its rate a bucket banks, in seconds: a stall this long costs the run no time. */
export const CATCH_UP_S = 0.5;

/**
 * A token bucket whose fill rate adapts to throttling. Pure: time is passed in (seconds), so it
 * is tested with a made-up clock.
 *
 * Requests are paced at the rate, and the bucket banks up to CATCH_UP_S of it: when the event loop
 * was held (a file parsed, a module compiled, a collection of garbage), the calls that fell due
 * meanwhile leave at once instead of being lost, so CPU work between the calls costs the run no
 * quota time. A window of the last sends keeps the promise the quota makes: no one-second window
 * ever sees more requests than the configured rate (rounded up to a whole request). A fresh bucket holds one token, so a run is
 * never ahead of the even schedule that starts with its first request.
 *
 * Before any throttle the rate is the configured one. A throttle cuts it to beta × the rate in
 * use, and the bucket banks nothing until it has grown back; it grows along a cubic curve,
 * reaching the throttled rate after K = ∛(lastMax × (1 − beta) / scale) seconds and probing above
 * it slowly, never past the configured rate. A run thus settles just under the service's real quota.
 */
export class AdaptiveTokenBucket {
  readonly configuredRate: number;
  private fillRate: number;
  private tokens = 1;
  private lastRefill: number;
  private throttled = false;
  private lastMax = 0;
  private lastCut = -Infinity;
  private window = 0;
  private windowStart: number;
  private windowCount = 0;
  private measured = 0;
  /**
   * The most requests any one-second window may see: the rate, rounded up (a rate of 1.5/s paced
   * evenly has two requests in some seconds; rounded down it would be held to 1/s).
   */
  private readonly perSecond: number;
  /** When the last perSecond requests were sent, oldest first. */
  private readonly sent: number[] = [];

  constructor(configuredRate: number, now: number) {
    this.configuredRate = configuredRate;
    this.fillRate = configuredRate;
    this.lastRefill = now;
    this.windowStart = now;
    this.perSecond = Math.max(1, Math.ceil(configuredRate));
  }

  get rate(): number {
    return this.fillRate;
  }

  /** The sending rate measured over recent windows, in requests per second. */
  get measuredRate(): number {
    return this.measured;
  }

  /**
   * Takes a token and returns 0, or returns how many ms to wait before one is there. `sentAt` is
   * when the request really leaves, when the take is counted as of an earlier time (a late timer):
   * the window of sends holds real times, or a held loop would let a second see more than the rate.
   */
  tryTake(now: number, sentAt: number = now): number {
    const at = this.nextTokenAt(now);
    // A hair of tolerance: a take at the exact time nextTokenAt() gave must not miss by rounding.
    if (at - now <= 1e-9) {
      this.tokens = Math.max(0, this.tokens - 1);
      this.sent.push(Math.max(now, sentAt));
      if (this.sent.length > this.perSecond) this.sent.shift();
      this.count(now);
      return 0;
    }
    return Math.max(1, Math.ceil((at - now) * 1000));
  }

  /** When the next request may leave at the current rate, in seconds on the caller's clock. */
  nextTokenAt(now: number): number {
    this.refill(now);
    const token = this.tokens >= 1 - 1e-9 ? now : now + (1 - this.tokens) / this.fillRate;
    // The window is full: the next request waits until its oldest send is a second old.
    const oldest = this.sent.length >= this.perSecond ? this.sent[0]! + 1 : now;
    return Math.max(token, oldest);
  }

  /**
   * A request sent at `sentAt` was throttled. Requests sent before the last cut were paced at
   * the old rate; their throttles say nothing new, so they do not cut again.
   */
  onThrottle(now: number, sentAt: number = now): void {
    if (sentAt < this.lastCut) return;
    this.refill(now);
    const inUse = this.measured > 0 ? Math.min(this.fillRate, this.measured) : this.fillRate;
    this.throttled = true;
    this.tokens = Math.min(this.tokens, 1);
    this.lastMax = inUse;
    this.lastCut = now;
    this.fillRate = this.bounded(inUse * ADAPTIVE.beta);
  }

  /** An answer that was not a throttle: grow back toward (and past) the last throttled rate. */
  onSuccess(now: number): void {
    if (!this.throttled) return;
    this.refill(now);
    const k = Math.cbrt((this.lastMax * (1 - ADAPTIVE.beta)) / ADAPTIVE.scale);
    const t = now - this.lastCut - k;
    const cubic = ADAPTIVE.scale * t ** 3 + this.lastMax;
    this.fillRate = this.bounded(Math.max(this.fillRate, cubic));
    if (this.fillRate >= this.configuredRate) this.throttled = false;
  }

  /** A rate held to the floor and the configured rate; a configured rate under the floor is kept. */
  private bounded(rate: number): number {
    return Math.min(this.configuredRate, Math.max(ADAPTIVE.minRate, rate));
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.lastRefill);
    this.tokens = Math.min(this.capacity(), this.tokens + elapsed * this.fillRate);
    this.lastRefill = now;
  }

  /** Tokens the bucket may bank: CATCH_UP_S of the rate, and only one while it grows back from a throttle. */
  private capacity(): number {
    return this.throttled ? 1 : Math.max(1, this.fillRate * CATCH_UP_S);
  }

  private count(now: number): void {
    if (now - this.windowStart >= ADAPTIVE.measureWindow) {
      const rate = this.windowCount / (now - this.windowStart);
      this.measured = this.window === 0 ? rate : ADAPTIVE.smoothing * rate + (1 - ADAPTIVE.smoothing) * this.measured;
      this.window++;
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount++;
  }
}

/** Seconds on a monotonic clock. */
export type Clock = () => number;
// process.hrtime rather than performance.now: the first use of the global `performance` loads
// node:perf_hooks, ~2 ms on the way to the first call.
export const monotonicSeconds: Clock = () => Number(process.hrtime.bigint()) / 1e9;

/**
 * One adaptive bucket per operation, with a FIFO of waiting callers per bucket, so concurrent
 * callers are served in order at the bucket's rate.
 */
export class RateLimiter {
  private readonly buckets = new Map<OperationName, AdaptiveTokenBucket>();
  private readonly queues = new Map<OperationName, (() => void)[]>();
  private readonly timers = new Map<OperationName, NodeJS.Timeout>();
  private readonly configured: Record<OperationName, number>;

  constructor(
    rates: Record<string, number> = {},
    private readonly clock: Clock = monotonicSeconds,
  ) {
    this.configured = resolveRates(rates);
  }

  /** Resolves when the operation may send one request. */
  acquire(op: OperationName): Promise<void> {
    return new Promise((resolve) => {
      const queue = this.queueOf(op);
      queue.push(resolve);
      if (queue.length === 1 && !this.timers.has(op)) this.pump(op);
    });
  }

  onThrottle(op: OperationName, sentAt: number): void {
    this.bucket(op).onThrottle(this.clock(), sentAt);
  }

  onSuccess(op: OperationName): void {
    this.bucket(op).onSuccess(this.clock());
  }

  /** The configured and current rate of each operation that has been used. */
  rates(): Record<string, { configured: number; current: number }> {
    const out: Record<string, { configured: number; current: number }> = {};
    for (const [op, b] of this.buckets) out[op] = { configured: b.configuredRate, current: b.rate };
    return out;
  }

  configuredRate(op: OperationName): number {
    return this.configured[op];
  }

  now(): number {
    return this.clock();
  }

  /**
   * Serves the queue. Woken by its timer, the first take is as of when the token was due: a
   * timer fires a little late, and counting from the late take would add that lateness to every
   * interval (at 50/s a millisecond of it is 5% of the rate; the timer's whole-millisecond
   * rounding costs as much again). A longer hold of the event loop is made up for by what the
   * bucket banks (CATCH_UP_S).
   */
  private pump(op: OperationName, due?: number): void {
    this.timers.delete(op);
    const queue = this.queueOf(op);
    const bucket = this.bucket(op);
    while (queue.length > 0) {
      const now = this.clock();
      const wait = bucket.tryTake(due !== undefined ? Math.min(now, due) : now, now);
      due = undefined;
      if (wait > 0) {
        const at = bucket.nextTokenAt(now);
        this.timers.set(
          op,
          setTimeout(() => this.pump(op, at), wait),
        );
        return;
      }
      queue.shift()!();
    }
  }

  private bucket(op: OperationName): AdaptiveTokenBucket {
    let b = this.buckets.get(op);
    if (!b) {
      b = new AdaptiveTokenBucket(this.configured[op], this.clock());
      this.buckets.set(op, b);
    }
    return b;
  }

  private queueOf(op: OperationName): (() => void)[] {
    let q = this.queues.get(op);
    if (!q) {
      q = [];
      this.queues.set(op, q);
    }
    return q;
  }
}
