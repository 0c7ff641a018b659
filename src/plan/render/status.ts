/** The views of `cosell status`: a table for people, JSON for programs. Pure. */
import { printable } from '../../util/printable.js';
import { isSyncedAndHealthy, type HealthStatus, type ResourceStatus, type SyncStatus } from '../status.js';
import { palette, type Palette } from './color.js';
import { counted } from '../../util/plural.js';

export const STATUS_FORMATS = ['human', 'json'] as const;
export type StatusFormat = (typeof STATUS_FORMATS)[number];

export interface JsonStatus {
  format_version: '1.0';
  stack: string;
  resources: Array<{
    address: string;
    kind: ResourceStatus['kind'];
    catalog: string;
    sync: SyncStatus;
    health: HealthStatus;
    message?: string;
    job_id?: string;
  }>;
  summary: { resources: number; synced_and_healthy: number; attention: number };
}

export function toJsonStatus(stack: string, statuses: readonly ResourceStatus[]): JsonStatus {
  const ok = statuses.filter(isSyncedAndHealthy).length;
  return {
    format_version: '1.0',
    stack,
    resources: statuses.map((s) => ({
      address: s.address,
      kind: s.kind,
      catalog: s.catalog,
      sync: s.sync,
      health: s.health,
      ...(s.message !== undefined ? { message: s.message } : {}),
      ...(s.jobId !== undefined ? { job_id: s.jobId } : {}),
    })),
    summary: { resources: statuses.length, synced_and_healthy: ok, attention: statuses.length - ok },
  };
}

function paint(p: Palette, value: string, padded: string): string {
  if (value === 'Synced' || value === 'Healthy') return p.green(padded);
  if (value === 'Degraded' || value === 'Missing' || value === 'Unknown') return p.red(padded);
  return p.yellow(padded);
}

export function renderStatusHuman(statuses: readonly ResourceStatus[], options: { color?: boolean } = {}): string {
  const p = palette(options.color ?? false);
  if (statuses.length === 0) return 'The stack declares no resources.\n';
  const rows = statuses.map((s) => [printable(s.address), s.sync, s.health, printable(s.message ?? '')] as const);
  const width = (i: number, title: string): number => Math.max(title.length, ...rows.map((r) => r[i]!.length));
  const w = [width(0, 'RESOURCE'), width(1, 'SYNC'), width(2, 'HEALTH')];
  const line = (cells: readonly string[], colour: boolean): string => {
    const [a, sync, health, message] = cells as [string, string, string, string];
    const pad = (s: string, n: number) => s.padEnd(n);
    const syncCell = colour ? paint(p, sync, pad(sync, w[1]!)) : pad(sync, w[1]!);
    const healthCell = colour ? paint(p, health, pad(health, w[2]!)) : pad(health, w[2]!);
    return `${pad(a, w[0]!)}  ${syncCell}  ${healthCell}  ${message}`.trimEnd();
  };
  const ok = statuses.filter(isSyncedAndHealthy).length;
  const attention = statuses.length - ok;
  const total = counted(statuses.length, 'resource');
  const summary = attention === 0 ? `${total}: all Synced and Healthy.` : `${total}: ${attention} not Synced and Healthy.`;
  return [line(['RESOURCE', 'SYNC', 'HEALTH', 'MESSAGE'], false), ...rows.map((r) => line(r, true)), '', p.bold(summary), ''].join('\n');
}
