import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADAPTIVE, AdaptiveTokenBucket, RateLimiter, resolveRates } from '../../src/api/rate-limit.js';

/** Drives a bucket as a busy caller would: take whenever a token is there, for `seconds`. */
function run(bucket: AdaptiveTokenBucket, from: number, seconds: number, onTake?: (t: number) => void): number {
  let t = from;
  let taken = 0;
  while (t < from + seconds) {
    const wait = bucket.tryTake(t);
    if (wait === 0) {
      taken++;
      onTake?.(t);
    } else t += wait / 1000;
  }
  return taken;
}

describe('rates', () => {
  it('defaults to 10/s reads, 1/s task starts and 5/s other writes', () => {
    const r = resolveRates();
    expect(r.ListResourceSnapshotJobs).toBe(10);
    expect(r.GetResourceSnapshotJob).toBe(10);
    expect(r.StartEngagementFromOpportunityTask).toBe(1);
    expect(r.StartEngagementByAcceptingInvitationTask).toBe(1);
    expect(r.TagResource).toBe(5);
    expect(r.CreateResourceSnapshotJob).toBe(5);
  });

  it('lets an operation name win over its class, and a given class over the defaults', () => {
    const r = resolveRates({ write: 2, read: 20, TagResource: 7 });
    expect(r.TagResource).toBe(7);
    expect(r.UntagResource).toBe(2);
    expect(r.StartEngagementFromOpportunityTask).toBe(2);
    expect(r.ListTagsForResource).toBe(20);
  });

  it('refuses unknown keys and rates that are not positive numbers', () => {
    expect(() => resolveRates({ reads: 5 })).toThrow(
      'unknown rate key "reads": expected read, write or an operation name such as TagResource',
    );
    expect(() => resolveRates({ read: 0 })).toThrow('invalid rate for read: "0" is not a positive number of requests per second');
    expect(() => resolveRates({ write: Number.NaN })).toThrow(
      'invalid rate for write: "NaN" is not a positive number of requests per second',
    );
  });
});

describe('adaptive token bucket', () => {
  it('paces requests evenly at the configured rate', () => {
    const b = new AdaptiveTokenBucket(10, 0);
    expect(b.tryTake(0)).toBe(0);
    expect(b.tryTake(0)).toBe(100);
    expect(b.tryTake(0.05)).toBe(50);
    expect(b.tryTake(0.1)).toBe(0);
    // Over any stretch a busy caller gets the rate, never a burst above it.
    expect(run(new AdaptiveTokenBucket(10, 0), 0, 10)).toBe(100);
    const idle = new AdaptiveTokenBucket(10, 0);
    expect(run(idle, 60, 1)).toBe(10);
  });

  it('makes up for a stall: the calls that fell due while the caller was held leave at once', () => {
    const b = new AdaptiveTokenBucket(50, 0);
    const sent: number[] = [];
    let t = 0;
    // A busy caller, held from 1.0 s to 1.3 s (a file parsed, a module compiled).
    while (sent.length < 300) {
      if (t >= 1 && t < 1.3) t = 1.3;
      const wait = b.tryTake(t);
      if (wait === 0) sent.push(t);
      else t += wait / 1000;
    }
    // Paced evenly from the first call, the 300th leaves at 299 / 50 s, stall or not (to the timer's millisecond).
    expect(sent.at(-1)).toBeLessThan(299 / 50 + 0.01);
    expect(sent.filter((x) => x === 1.3).length).toBeGreaterThan(10);
  });

  it('banks nothing while it grows back from a throttle', () => {
    const b = new AdaptiveTokenBucket(50, 0);
    b.onThrottle(0, 0);
    expect(b.tryTake(10)).toBe(0);
    expect(b.tryTake(10)).toBeGreaterThan(0);
  });

  it('never lets a one-second window see more than the rate, nor runs ahead of the even schedule (fast-check)', () => {
    const step = fc.record({
      // Seconds the caller is held or idle before it asks again, then how many calls it wants.
      pause: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true })),
      calls: fc.integer({ min: 1, max: 40 }),
      throttle: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.array(step, { minLength: 1, maxLength: 30 }), (rate, steps) => {
        // Made at the first request, as the limiter makes it.
        let t = steps[0]!.pause;
        const b = new AdaptiveTokenBucket(rate, t);
        const sent: number[] = [];
        for (const [n, { pause, calls, throttle }] of steps.entries()) {
          if (n > 0) t += pause;
          for (let i = 0; i < calls; i++) {
            for (;;) {
              const wait = b.tryTake(t);
              if (wait === 0) break;
              t += wait / 1000;
            }
            sent.push(t);
          }
          if (throttle) b.onThrottle(t, t);
        }
        for (let i = 0; i < sent.length; i++) {
          const inWindow = sent.filter((x) => x > sent[i]! - 1 + 1e-6 && x <= sent[i]!).length;
          expect(inWindow).toBeLessThanOrEqual(rate);
          // By the i-th send, at most one token plus the rate's share of the time since the first.
          expect(i + 1).toBeLessThanOrEqual(1 + rate * (sent[i]! - sent[0]!) + 1e-6);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('cuts the rate on a throttle and grows back along a cubic to the throttled rate, then the configured one', () => {
    const b = new AdaptiveTokenBucket(30, 0);
    // A caller sending 28 a second, under the configured rate: the cut is from what it really sent.
    for (let i = 0; i < 56; i++) expect(b.tryTake(i / 28)).toBe(0);
    // The rate in use is what the caller really sent, measured over half-second windows.
    const inUse = b.measuredRate;
    expect(inUse).toBeGreaterThan(27);
    expect(inUse).toBeLessThan(29);
    b.onThrottle(2, 2);
    expect(b.rate).toBeCloseTo(inUse * ADAPTIVE.beta, 5);
    const k = Math.cbrt((inUse * (1 - ADAPTIVE.beta)) / ADAPTIVE.scale);
    b.onSuccess(2 + k / 2);
    expect(b.rate).toBeGreaterThan(inUse * ADAPTIVE.beta);
    expect(b.rate).toBeLessThan(inUse);
    b.onSuccess(2 + k);
    expect(b.rate).toBeCloseTo(inUse, 5);
    b.onSuccess(2 + k + 1);
    expect(b.rate).toBeCloseTo(inUse + ADAPTIVE.scale, 5);
    b.onSuccess(2 + k + 100);
    expect(b.rate).toBe(30);
  });

  it('does not cut again for requests sent before the last cut', () => {
    const b = new AdaptiveTokenBucket(20, 0);
    b.onThrottle(1, 0.9);
    const cut = b.rate;
    b.onThrottle(1.01, 0.95);
    b.onThrottle(1.02, 0.99);
    expect(b.rate).toBe(cut);
    b.onThrottle(1.5, 1.2);
    expect(b.rate).toBeCloseTo(cut * ADAPTIVE.beta, 5);
  });

  it('never falls below the floor', () => {
    const b = new AdaptiveTokenBucket(1, 0);
    for (let i = 1; i < 20; i++) b.onThrottle(i, i);
    expect(b.rate).toBe(ADAPTIVE.minRate);
  });

  it('never rises above a configured rate that is under the floor: a throttle does not speed up 0.2/s', () => {
    const b = new AdaptiveTokenBucket(0.2, 0);
    b.onThrottle(1, 1);
    expect(b.rate).toBe(0.2);
    b.onSuccess(2);
    expect(b.rate).toBe(0.2);
    expect(run(b, 10, 100)).toBeLessThanOrEqual(21);
  });

  it('settles near a quota it does not know: a simulated service allowing 20/s, a client set to 30/s', () => {
    const b = new AdaptiveTokenBucket(30, 0);
    // The service: a bucket of 20/s holding one second of burst.
    let tokens = 20;
    let last = 0;
    let ok = 0;
    let throttled = 0;
    const settleFrom = 10;
    run(b, 0, 60, (t) => {
      tokens = Math.min(20, tokens + (t - last) * 20);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        if (t >= settleFrom) ok++;
        b.onSuccess(t);
      } else {
        if (t >= settleFrom) throttled++;
        b.onThrottle(t, t);
      }
    });
    const okRate = ok / (60 - settleFrom);
    expect(okRate).toBeGreaterThan(18);
    expect(okRate).toBeLessThanOrEqual(20);
    expect(throttled / (60 - settleFrom)).toBeLessThan(1);
  });
  it('keeps a rate that is not a whole number: 1.5/s sends 1.5 a second, not the 1 under it', () => {
    expect(run(new AdaptiveTokenBucket(1.5, 0), 0, 20)).toBe(30);
    expect(run(new AdaptiveTokenBucket(2.5, 0), 0, 20)).toBe(50);
    expect(run(new AdaptiveTokenBucket(0.5, 0), 0, 20)).toBe(10);
  });
});

describe('rate limiter', () => {
  afterEach(() => vi.useRealTimers());

  it('never lets a one-second window of real sends see more than the rate when the event loop was held', async () => {
    vi.useFakeTimers();
    // The limiter's clock runs ahead of the timers by however long the loop was held.
    let held = 0;
    const clock = () => Date.now() / 1000 + held;
    const limiter = new RateLimiter({ read: 10 }, clock);
    const sent: number[] = [];
    for (let i = 0; i < 40; i++) void limiter.acquire('GetResourceSnapshotJob').then(() => sent.push(clock()));
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersToNextTimerAsync();
    // After the second send the loop is held 0.4 s (a file parsed): the timer of the third fires that late.
    held = 0.4;
    while (sent.length < 40) await vi.advanceTimersToNextTimerAsync();
    // What was due meanwhile leaves at once, but no window of one second sees more than 10.
    expect(sent.filter((t) => t === sent[2]).length).toBeGreaterThan(1);
    for (const start of sent) expect(sent.filter((t) => t >= start && t < start + 1 - 1e-9).length).toBeLessThanOrEqual(10);
  });

  it('serves waiting callers in order, one token each, per operation', async () => {
    const limiter = new RateLimiter({ read: 1000, TagResource: 1000 });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.acquire('GetResourceSnapshotJob').then(() => order.push(i))));
    await limiter.acquire('TagResource');
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.rates()).toEqual({
      GetResourceSnapshotJob: { configured: 1000, current: 1000 },
      TagResource: { configured: 1000, current: 1000 },
    });
  });

  it('lowers the current rate of the throttled operation only', () => {
    let now = 0;
    const limiter = new RateLimiter({}, () => now);
    void limiter.acquire('TagResource');
    void limiter.acquire('ListTagsForResource');
    now = 1;
    limiter.onThrottle('TagResource', 1);
    expect(limiter.rates().TagResource!.current).toBeCloseTo(5 * ADAPTIVE.beta, 5);
    expect(limiter.rates().ListTagsForResource!.current).toBe(10);
  });
});
