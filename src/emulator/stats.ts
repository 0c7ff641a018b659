/** What the emulator has seen: calls per operation (whatever the answer), throttles and injected faults. */
export interface EmulatorStats {
  calls: Record<string, number>;
  throttled: number;
  faults: number;
}

export class StatsCounter {
  private calls = new Map<string, number>();
  private throttled = 0;
  private faults = 0;

  call(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  throttle(): void {
    this.throttled += 1;
  }

  fault(): void {
    this.faults += 1;
  }

  snapshot(): EmulatorStats {
    return { calls: Object.fromEntries(this.calls), throttled: this.throttled, faults: this.faults };
  }

  reset(): void {
    this.calls.clear();
    this.throttled = 0;
    this.faults = 0;
  }
}
