/**
 * The service's daily quotas: at most N calls in any rolling window (24 hours by default; a
 * test shrinks it to seconds). A call over the quota is answered with ThrottlingException, as
 * the service does, and is not counted: only accepted calls use the budget.
 */
export class RollingQuota {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Takes one call at `now` if the window has room. */
  take(now: number): boolean {
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - this.windowMs) this.head++;
    // Compact now and then, so that a day of calls does not keep every timestamp.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    if (this.times.length - this.head >= this.limit) return false;
    this.times.push(now);
    return true;
  }
}
