import { isOperationName, operationClass, OPERATIONS, type OperationName } from '../api/model/index.js';
import { CosellError } from '../util/errors.js';
import { seededRandom } from '../util/random.js';

/** Fault injection settings; rates are probabilities in [0, 1]. */
export interface FaultSettings {
  latencyMs: number;
  /** TPS by `read`, `write` or an operation name; an operation's own entry beats its class's. */
  quotas: Record<string, number>;
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

  constructor(readonly settings: FaultSettings) {
    this.random = seededRandom(settings.faultSeed);
    const now = performance.now();
    for (const op of OPERATIONS) {
      const tps = settings.quotas[op] ?? settings.quotas[operationClass(op)];
      if (tps !== undefined) this.buckets.set(op, new TokenBucket(tps, now));
    }
  }

  private roll(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  /** Whether to destroy the connection before any processing. */
  drop(): boolean {
    return this.roll(this.settings.dropRate);
  }

  /** Whether this call is over its operation's quota. */
  throttle(op: OperationName): boolean {
    const bucket = this.buckets.get(op);
    return bucket ? !bucket.take(performance.now()) : false;
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

/** Parses `OP=TPS` (OP: read, write or an operation name) as given to --quota. */
export function parseQuota(spec: string): [string, number] {
  const eq = spec.indexOf('=');
  const op = eq < 0 ? spec : spec.slice(0, eq);
  const tps = Number(spec.slice(eq + 1));
  if (eq < 0 || spec.slice(eq + 1).trim() === '')
    throw new CosellError(`--quota ${spec}: expected OP=TPS, e.g. write=1 or GetResourceSnapshotJob=10`);
  checkQuota(op, tps);
  return [op, tps];
}

export function checkQuota(op: string, tps: number): void {
  if (op !== 'read' && op !== 'write' && !isOperationName(op))
    throw new CosellError(`quota ${op}: not read, write or an operation name (${OPERATIONS.join(', ')})`);
  if (!Number.isFinite(tps) || tps <= 0) throw new CosellError(`quota ${op}: TPS must be a number above 0`);
}

export function checkRate(name: string, rate: number): void {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new CosellError(`${name} must be a probability between 0 and 1, not ${rate}`);
}
