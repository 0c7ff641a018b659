import type { ClientStats } from '../api/index.js';
import { callsByQuotaClass } from '../model/quota.js';
import { counted } from '../util/plural.js';
import { compareStrings } from '../util/compare.js';

/**
 * `--stats`: what the run cost, one operation a line, busiest first, then by quota class (read,
 * write with the task starts, and each task start on its own), as the service's quotas count.
 */
export function formatStats(stats: ClientStats): string {
  const ops = Object.keys(stats.calls).sort((a, b) => (stats.calls[b] ?? 0) - (stats.calls[a] ?? 0) || compareStrings(a, b));
  const total = ops.reduce((n, op) => n + (stats.calls[op] ?? 0), 0);
  const lines = [`API calls: ${total}`];
  for (const op of ops) {
    const parts = [counted(stats.calls[op] ?? 0, 'call')];
    const retries = stats.retries[op] ?? 0;
    const throttles = stats.throttles[op] ?? 0;
    if (retries) parts.push(counted(retries, 'retry', 'retries'));
    if (throttles) parts.push(`${throttles} throttled`);
    lines.push(`  ${op}: ${parts.join(', ')}`);
  }
  const byClass = Object.entries(callsByQuotaClass(stats.calls)).map(([c, n]) => `${c} ${n}`);
  lines.push(`By quota class: ${byClass.join(', ')}`);
  return lines.join('\n');
}
