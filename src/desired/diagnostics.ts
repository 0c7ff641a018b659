import { printableLines } from '../util/printable.js';
/**
 * A problem found in a stack, placed where the user can fix it. `line` and `column` are 1-based
 * and null only for problems with the stack's path itself (it does not exist, it holds no YAML).
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

/** In file order (the order the stack was read), then by position; stable otherwise. */
export function sortDiagnostics(diagnostics: Diagnostic[], fileOrder: readonly string[]): Diagnostic[] {
  const rank = new Map(fileOrder.map((f, i) => [f, i]));
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        (rank.get(a.d.file) ?? -1) - (rank.get(b.d.file) ?? -1) ||
        (a.d.line ?? 0) - (b.d.line ?? 0) ||
        (a.d.column ?? 0) - (b.d.column ?? 0) ||
        a.i - b.i,
    )
    .map(({ d }) => d);
}

/** The `--format json` document of `cosell validate`. */
export interface ValidationReport {
  valid: boolean;
  errorCount: number;
  diagnostics: Diagnostic[];
}

export function validationReport(diagnostics: Diagnostic[]): ValidationReport {
  return { valid: diagnostics.length === 0, errorCount: diagnostics.length, diagnostics };
}
