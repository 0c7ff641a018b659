import { formatDiagnostic, validationReport } from './diagnostics.js';
import type { StackLoad } from './load.js';
import { counted } from '../util/plural.js';

export type ValidateFormat = 'text' | 'json';

/** What `cosell validate` prints and how it exits, computed from a load; no I/O here. */
export interface ValidateOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1;
}

export function renderValidation(load: StackLoad, format: ValidateFormat): ValidateOutput {
  const ok = load.diagnostics.length === 0;
  const notes = load.notes ?? [];
  if (format === 'json') {
    const report = { ...validationReport(load.diagnostics), ...(notes.length > 0 ? { notes } : {}) };
    return { stdout: `${JSON.stringify(report, null, 2)}\n`, stderr: '', exitCode: ok ? 0 : 1 };
  }
  const noteLines = notes.map((d) => `note: ${formatDiagnostic(d)}\n`).join('');
  if (ok)
    return {
      stdout: `Success! ${counted(load.resourceCount, 'resource')} in ${counted(load.files.length, 'file')}.\n`,
      stderr: noteLines,
      exitCode: 0,
    };
  return { stdout: '', stderr: noteLines + load.diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join(''), exitCode: 1 };
}
