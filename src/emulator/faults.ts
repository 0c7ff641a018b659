import { isOperationName, operationClass, OPERATIONS, type OperationName } from '../model/index.js';
import { CosellError } from '../util/errors.js';
import { parseOpValue } from '../util/op-value.js';
import { seededRandom } from '../util/random.js';
import { RollingQuota } from './daily-quota.js';

/** Fault injection settings; rates are probabilities in [0, 1]. */
export interface FaultSettings {
  latencyMs: number;
  /** TPS by `read`, `write` or an operation name; an operation's own entry beats its class's. */
  quotas: Record<string, number>;
  /** Calls allowed in a rolling window, by `read`, `write` or an operation name. */
  dailyQuotas: Record<string, number>;
  /** The rolling window of the daily quotas (the service's is 24 hours). */
  quotaWindowMs: number;
  failRate: number;
  dropRate: number;
  commitDropRate: number;
  faultSeed: number;
}

/** A token bucket: `rate` tokens a second, holding up to one second's worth (at least one). */
class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  constructor(
    private readonly rate: number,
    now: number,
  ) {
    this.capacity = Math.max(1, rate);
    this.tokens = this.capacity;
    this.last = now;
  }
  take(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class Faults {
  private readonly random: () => number;
  private readonly buckets = new Map<OperationName, TokenBucket>();
  /** An operation's own daily quota, or its class's, shared by every operation of the class. */
  private readonly daily = new Map<OperationName, { quota: RollingQuota; name: string }>();

  constructor(readonly settings: FaultSettings) {
    this.random = seededRandom(settings.faultSeed);
    const now = performance.now();
    for (const op of OPERATIONS) {
      const tps = settings.quotas[op] ?? settings.quotas[operationClass(op)];
      if (tps !== undefined) this.buckets.set(op, new TokenBucket(tps, now));
    }
    const shared = new Map<string, RollingQuota>();
    for (const op of OPERATIONS) {
      const name =
        settings.dailyQuotas[op] !== undefined
          ? op
          : settings.dailyQuotas[operationClass(op)] !== undefined
            ? operationClass(op)
            : undefined;
      if (name === undefined) continue;
      const quota = shared.get(name) ?? new RollingQuota(settings.dailyQuotas[name] as number, settings.quotaWindowMs);
      shared.set(name, quota);
      this.daily.set(op, { quota, name });
    }
  }

  private roll(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  /** Whether to destroy the connection before any processing. */
  drop(): boolean {
    return this.roll(this.settings.dropRate);
  }

  /** Why this call is over a quota (its rate, or its daily budget), or undefined when it is not. */
  throttle(op: OperationName): string | undefined {
    const now = performance.now();
    const bucket = this.buckets.get(op);
    if (bucket && !bucket.take(now)) return `Rate exceeded for ${op}.`;
    const daily = this.daily.get(op);
    if (daily && !daily.quota.take(now)) {
      const what = daily.name === op ? op : `${daily.name} operations`;
      return `Daily quota exceeded for ${what}: ${daily.quota.limit} calls in ${daily.quota.windowMs / 1000} s.`;
    }
    return undefined;
  }

  /** Whether to answer InternalServerException. */
  fail(): boolean {
    return this.roll(this.settings.failRate);
  }

  /** Whether to destroy the connection after a mutating call was applied. */
  commitDrop(): boolean {
    return this.roll(this.settings.commitDropRate);
  }
}

/** Splits `OP=VALUE` as given to --quota and --daily-quota; `usage` says what was expected. */
function opValue(flag: string, spec: string, usage: string): [string, number] {
  const parsed = parseOpValue(spec);
  if (!parsed) throw new CosellError(`${flag} ${spec}: expected ${usage}`);
  return [parsed.op, parsed.value];
}

/** Parses `OP=TPS` (OP: read, write or an operation name) as given to --quota. */
export function parseQuota(spec: string): [string, number] {
  const [op, tps] = opValue('--quota', spec, 'OP=TPS, e.g. write=1 or GetResourceSnapshotJob=10');
  checkQuota(op, tps);
  return [op, tps];
}

/** Parses `OP=N` (OP: read, write or an operation name) as given to --daily-quota. */
export function parseDailyQuota(spec: string): [string, number] {
  const [op, calls] = opValue('--daily-quota', spec, 'OP=N, e.g. write=10000 or read=100000');
  checkDailyQuota(op, calls);
  return [op, calls];
}

export function checkQuota(op: string, tps: number): void {
  if (op !== 'read' && op !== 'write' && !isOperationName(op))
    throw new CosellError(`quota ${op}: not read, write or an operation name (${OPERATIONS.join(', ')})`);
  if (!Number.isFinite(tps) || tps <= 0) throw new CosellError(`quota ${op}: TPS must be a number above 0`);
}

export function checkDailyQuota(op: string, calls: number): void {
  if (op !== 'read' && op !== 'write' && !isOperationName(op))
    throw new CosellError(`daily quota ${op}: not read, write or an operation name (${OPERATIONS.join(', ')})`);
  if (!Number.isInteger(calls) || calls < 0)
    throw new CosellError(`daily quota ${op}: expected OP=N with N a whole number of calls, e.g. write=10000`);
}

export function checkRate(name: string, rate: number): void {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new CosellError(`${name} must be a probability between 0 and 1, not ${rate}`);
}
