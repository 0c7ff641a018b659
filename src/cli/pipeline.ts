import type { DesiredState } from '../desired/types.js';
import { printableLines } from '../util/printable.js';
import { observe } from '../live/observe.js';
import type { LiveState } from '../live/types.js';
import { diff } from '../plan/index.js';
import type { DiffOptions, Plan } from '../plan/types.js';
import type { Target } from './context.js';

/** A counter on stderr while observing a large account; only on a TTY. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress?: (done: number, seen: number) => void;
  finish(): void;
} {
  if (!stream.isTTY) return { finish() {} };
  let last = 0;
  let shown = false;
  return {
    onProgress(done, seen) {
      const now = Date.now();
      if (now - last < 100 && done !== seen) return;
      last = now;
      shown = true;
      stream.write(`\rObserving live state… ${done}/${seen} jobs`);
    },
    finish() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/** observe → diff: what `plan` and `apply` share. */
export async function planAgainst(
  desired: DesiredState,
  target: Target,
  options: DiffOptions & { parallelism?: number },
): Promise<{ live: LiveState; plan: Plan }> {
  const progress = progressReporter();
  try {
    const live = await observe(desired, target.client, {
      parallelism: options.parallelism,
      cache: target.cache,
      onProgress: progress.onProgress,
      onWarning: (message) => process.stderr.write(`${printableLines(message)}\n`),
    });
    return { live, plan: diff(desired, live, { targets: options.targets, excludes: options.excludes }) };
  } finally {
    progress.finish();
  }
}
