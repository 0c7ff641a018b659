import type { Command } from 'commander';
import { printable, printableLines } from '../../util/printable.js';
import { isDebug, runAction } from '../run.js';
import { counted } from '../../util/plural.js';

export interface FmtFlags {
  check?: boolean;
  diff?: boolean;
}

/**
 * `cosell fmt [PATH]`: rewrite stack files in canonical form and list the files changed. With
 * --check nothing is written, and the exit code is 1 when a file would change.
 */
export async function fmtCommand(path: string, flags: FmtFlags): Promise<number> {
  const [{ formatStackFiles, formatDiagnostic }, { createTwoFilesPatch }] = await Promise.all([
    import('../stages/stack.js'),
    import('diff'),
  ]);
  const result = await formatStackFiles(path, { write: !flags.check });
  for (const f of result.changed) {
    process.stdout.write(`${printable(f.file)}\n`);
    if (flags.diff)
      process.stdout.write(printableLines(createTwoFilesPatch(`${f.file}`, `${f.file}`, f.before, f.after, 'on disk', 'canonical')));
  }
  for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (result.diagnostics.length > 0) {
    const n = result.diagnostics.length;
    process.stderr.write(`Error: ${counted(n, 'problem')}: the files named above were left as they are\n`);
    return 1;
  }
  if (flags.check && result.changed.length > 0) {
    const n = result.changed.length;
    process.stderr.write(`${counted(n, 'file')} not in canonical form; run cosell fmt ${printable(path)}\n`);
    return 1;
  }
  return 0;
}

export function registerFmt(program: Command): void {
  program
    .command('fmt')
    .description('rewrite stack files in canonical form (key order, quoting, indentation), keeping comments')
    .argument('[path]', 'a stack directory (its .yaml/.yml files, recursively) or one file', '.')
    .option('--check', 'write nothing; exit 1 if any file is not in canonical form')
    .option('--diff', 'also print a unified diff of each change')
    .action((path: string, flags: FmtFlags) => runAction(() => fmtCommand(path, flags), isDebug()));
}
