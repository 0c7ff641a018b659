/**
 * Living within the service's daily quotas. Once a quota is used up, the service throttles
 * every call of that operation (or of its whole read or write class) until the rolling window
 * moves on, and retrying only spends more of the next window.
 *
 * So once a class of operations (reads, or writes, which is how the service counts its daily
 * quotas) has had a call's worth of throttled answers in a row, only one call of it may send at a
 * time: the probe. (One streak per class, never per operation as well: a call then waits on one
 * probe only, and no two calls can wait on each other.) The others wait. A success ends the streak and
 * frees them all (an ordinary rate quota clears in a moment). A probe throttled on every one of
 * its attempts means the quota is spent: the operation is given up for the rest of the run, the
 * waiting calls fail at once, and so does every later one, with a message that says why.
 */
import { operationClass, type OperationName } from '../model/index.js';

interface Streak {
  answers: number;
  /** The call allowed to send while the streak lasts. */
  probe?: symbol;
  ops: Set<OperationName>;
  waiters: Array<{ wake: () => void }>;
}

export class QuotaBreaker {
  private readonly streaks = new Map<string, Streak>();
  private readonly stopped = new Map<OperationName, string>();

  /** `threshold`: throttled answers in a row before calls are sent one at a time. */
  constructor(private readonly threshold: number) {}

  /** Why `op` is no longer sent in this run, if it is not. */
  stoppedReason(op: OperationName): string | undefined {
    return this.stopped.get(op);
  }

  /** Every operation given up, with why. */
  stoppedOperations(): Record<string, string> {
    return Object.fromEntries(this.stopped);
  }

  /** Waits until `call` may send an attempt of `op`; returns the reason when `op` was given up meanwhile. */
  async admit(op: OperationName, call: symbol): Promise<string | undefined> {
    for (;;) {
      const streaks = this.keysOf(op)
        .map((k) => this.streaks.get(k))
        .filter((s): s is Streak => s !== undefined);
      const stopped = this.stopped.get(op);
      if (stopped) {
        // Not going to send: whoever waits behind this call gets the turn.
        for (const s of streaks) this.handOn(s, call);
        return stopped;
      }
      // In a streak with no probe (it ended without a verdict), the first call to come is it.
      for (const s of streaks) if (s.probe === undefined && s.answers >= this.threshold) s.probe = call;
      const blocking = streaks.find((s) => s.probe !== undefined && s.probe !== call);
      if (!blocking) return undefined;
      await new Promise<void>((wake) => blocking.waiters.push({ wake }));
    }
  }

  onSuccess(op: OperationName): void {
    for (const k of this.keysOf(op)) {
      const s = this.streaks.get(k);
      if (!s) continue;
      this.streaks.delete(k);
      for (const w of s.waiters) w.wake();
    }
  }

  /** One throttled answer to `call`; `last`: it will not be retried. */
  onThrottle(op: OperationName, call: symbol, last: boolean): void {
    for (const k of this.keysOf(op)) {
      const s = this.streaks.get(k) ?? { answers: 0, ops: new Set<OperationName>(), waiters: [] };
      this.streaks.set(k, s);
      s.answers++;
      s.ops.add(op);
      if (s.answers < this.threshold) continue;
      if (s.probe === undefined) s.probe = call;
      if (last && s.probe === call) this.stop(s, `${k} operations`);
    }
  }

  /** `call` is done, however it ended: a probe hands its turn to the next waiting call. */
  release(call: symbol): void {
    for (const s of this.streaks.values()) this.handOn(s, call);
  }

  private handOn(s: Streak, call: symbol): void {
    if (s.probe === call) s.probe = undefined;
    if (s.probe === undefined) s.waiters.shift()?.wake();
  }

  private stop(s: Streak, what: string): void {
    for (const o of s.ops) {
      if (!this.stopped.has(o))
        this.stopped.set(
          o,
          `the service throttled ${s.answers} requests of ${what} in a row, retries included (its quota may be used up for the day)`,
        );
    }
    const waiters = s.waiters.splice(0);
    for (const w of waiters) w.wake();
  }

  private keysOf(op: OperationName): string[] {
    return [operationClass(op)];
  }
}
