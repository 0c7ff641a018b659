/**
 * A bound on how many calls are in flight at once. The client's rate limiter decides *when*
 * a call may go; this decides how many wait on the network together.
 */
export type Pool = <T>(task: () => Promise<T>) => Promise<T>;

export function createPool(limit: number): Pool {
  const max = Math.max(1, Math.floor(limit));
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    active--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
