import type { Diagnostic } from '../util/diagnostic.js';

// Shared with the emulator's seed reader: one shape and one printed form for every file problem.
export { formatDiagnostic, type Diagnostic } from '../util/diagnostic.js';

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
