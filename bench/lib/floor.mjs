// The floor a rate quota sets: each operation has its own quota, so the fastest possible run
// takes as long as its busiest operation needs: max over operations of calls ÷ quota.

/** Seconds; `quota(op)` is the operation's quota in calls per second. */
export function floorSeconds(calls, quota) {
  let floor = 0;
  for (const [op, n] of Object.entries(calls)) floor = Math.max(floor, n / quota(op));
  return floor;
}

/** The calls of `calls` whose operation is in `ops`. */
export function only(calls, ops) {
  return Object.fromEntries(Object.entries(calls).filter(([op]) => ops.includes(op)));
}

/** Whether two call counts are the same, operation by operation. */
export function sameCalls(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}
