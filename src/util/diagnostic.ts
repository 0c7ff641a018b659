import { printableLines } from './printable.js';

/**
 * A problem found in a file, placed where the user can fix it (a stack file, the emulator's
 * seed). `line` and `column` are 1-based and null only for problems with a path itself (it does
 * not exist, it holds no YAML).
 */
export interface Diagnostic {
  file: string;
  line: number | null;
  column: number | null;
  /** The YAML path, e.g. `snapshotJobs.acme.tags.owner`; empty for the file as a whole. */
  path: string;
  /** What is wrong and what was expected, without the path. */
  message: string;
}

/** `FILE:LINE:COL: path: message`, the form editors and CI annotations understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === null ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`;
  // A file name or a quoted value may hold control characters: shown, never obeyed.
  return printableLines(d.path ? `${where}: ${d.path}: ${d.message}` : `${where}: ${d.message}`);
}
