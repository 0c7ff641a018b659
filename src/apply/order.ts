/**
 * The order changes run in. Changes are independent except through natural keys: the service
 * allows one job per key, so a change that puts a job on a key waits for every change that
 * takes a job off it (a replacement does both, in that order, inside itself). Changes that free
 * keys are started first; the rest keep the plan's (address) order.
 */
import { naturalKeyId } from '../desired/natural-key.js';
import { Action, type ResourceChange } from '../plan/types.js';

export interface Unit {
  change: ResourceChange;
  /** Natural keys this change takes a job off. */
  frees: string[];
  /** Natural keys this change puts a job on. */
  takes: string[];
  /** Indexes (into the schedule) of the units that must finish first. */
  after: number[];
}

/** The keys a change takes a job off, and puts one on. */
export function keysOf(change: ResourceChange): { frees: string[]; takes: string[] } {
  if (change.kind !== 'snapshotJob') return { frees: [], takes: [] };
  const frees =
    change.live && (change.action === Action.Delete || change.action === Action.DeleteThenCreate) ? [naturalKeyId(change.live.key)] : [];
  const takes = change.action === Action.Create || change.action === Action.DeleteThenCreate ? [naturalKeyId(change.key)] : [];
  return { frees, takes };
}

/** The changes that call the service, in the order to start them, with their dependencies. */
export function schedule(changes: readonly ResourceChange[]): Unit[] {
  const units = changes.filter((c) => c.action !== Action.NoOp).map((change) => ({ change, ...keysOf(change), after: [] as number[] }));
  units.sort((a, b) => Number(b.frees.length > 0) - Number(a.frees.length > 0));
  const freers = new Map<string, number[]>();
  units.forEach((u, i) => {
    for (const k of u.frees) freers.set(k, [...(freers.get(k) ?? []), i]);
  });
  units.forEach((u, i) => {
    const deps = new Set<number>();
    for (const k of u.takes) for (const j of freers.get(k) ?? []) if (j !== i) deps.add(j);
    u.after = [...deps].sort((a, b) => a - b);
  });
  return units;
}
