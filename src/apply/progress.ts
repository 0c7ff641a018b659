/**
 * The views of an apply's events: one human line each, after Terraform's wording, or one JSON
 * object each (newline-delimited), after Terraform's machine-readable UI.
 */
import { printable, safeJson } from '../util/printable.js';
import type { ApplyEvent, ApplyPhase, ApplySummary } from './types.js';

const GERUND: Record<ApplyPhase, string> = { create: 'Creating', update: 'Modifying', delete: 'Destroying' };
const STILL: Record<ApplyPhase, string> = { create: 'creating', update: 'modifying', delete: 'destroying' };
const DONE: Record<ApplyPhase, string> = { create: 'Creation complete', update: 'Modifications complete', delete: 'Destruction complete' };
const FAILED: Record<ApplyPhase, string> = { create: 'Creation failed', update: 'Modifications failed', delete: 'Destruction failed' };

/** `1s`, `2m5s`, as Terraform prints durations (whole seconds). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}

const idSuffix = (id: string | undefined): string => (id ? ` [id=${id}]` : '');

export function summaryLine(s: ApplySummary): string {
  const counts = `Resources: ${s.add} added, ${s.change} changed, ${s.destroy} destroyed`;
  if (s.failed === 0) return `Apply complete! ${counts}.`;
  return `Apply incomplete! ${counts}; ${s.failed} failed. Run cosell apply again to finish.`;
}

/** The human line of an event. */
/** One line of progress; the service's words in it (errors, notes) cannot drive the terminal. */
export function humanLine(e: ApplyEvent): string {
  return printable(lineOf(e));
}

function lineOf(e: ApplyEvent): string {
  switch (e.type) {
    case 'apply_start':
      return `${e.address}: ${GERUND[e.phase]}…${idSuffix(e.id)}`;
    case 'apply_progress':
      return `${e.address}: Still ${STILL[e.phase]}… [${formatDuration(e.elapsedMs)} elapsed]`;
    case 'apply_complete':
      return `${e.address}: ${DONE[e.phase]} after ${formatDuration(e.elapsedMs)}${idSuffix(e.id)}`;
    case 'apply_errored':
      return `${e.address}: ${FAILED[e.phase]} after ${formatDuration(e.elapsedMs)}: ${e.error}`;
    case 'apply_note':
      return `${e.address}: ${e.message}`;
    case 'change_summary':
      return summaryLine(e.summary);
  }
}

/** The JSON event: Terraform's `@level`, `@message`, `@timestamp` and `type`, then the fields. */
export function jsonEvent(e: ApplyEvent, now: Date = new Date()): Record<string, unknown> {
  const level = e.type === 'apply_errored' ? 'error' : e.type === 'apply_note' ? 'warn' : 'info';
  const { type, ...fields } = e;
  const out: Record<string, unknown> = { '@level': level, '@message': humanLine(e), '@timestamp': now.toISOString(), type };
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'elapsedMs') out.elapsed_seconds = Math.floor((v as number) / 1000);
    else if (k === 'summary') out.changes = { ...(v as ApplySummary), operation: 'apply' };
    else out[k] = v;
  }
  return out;
}

export function jsonLine(e: ApplyEvent, now: Date = new Date()): string {
  return safeJson(JSON.stringify(jsonEvent(e, now)));
}
