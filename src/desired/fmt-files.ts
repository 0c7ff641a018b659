/** `cosell fmt` over a stack's files: read, format, and write (or only report) what changes. */
import { chmod, lstat, rename, stat, writeFile } from 'node:fs/promises';
import type { Diagnostic } from './diagnostics.js';
import { readStack } from './files.js';
import { formatStackText } from './fmt.js';
import { decodeSource } from './utf8.js';

export interface FormattedFile {
  file: string;
  before: string;
  after: string;
}

export interface FmtResult {
  /** The files whose canonical form differs from what is on disk, in stack order. */
  changed: FormattedFile[];
  /** How many files were read and formatted. */
  fileCount: number;
  /** Files that could not be formatted (unreadable, not UTF-8, not YAML); they are left alone. */
  diagnostics: Diagnostic[];
}

/** Replaces a file's content without a moment at which it is half written; a symlink is written through. */
async function replaceFile(file: string, text: string): Promise<void> {
  if ((await lstat(file)).isSymbolicLink()) {
    await writeFile(file, text);
    return;
  }
  const { mode } = await stat(file);
  const tmp = `${file}.${process.pid}.cosell-fmt.tmp`;
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode);
  await rename(tmp, file);
}

/**
 * Formats the stack at `path` (a directory, read recursively like every command reads a stack,
 * or one file). With `write: false` nothing on disk changes: the result says what would.
 */
export async function formatStackFiles(path: string, options: { write: boolean }): Promise<FmtResult> {
  const { sources, diagnostics } = await readStack(path);
  const changed: FormattedFile[] = [];
  for (const source of sources) {
    const text = decodeSource(source, diagnostics);
    if (text === undefined) continue;
    const result = formatStackText(source.file, text);
    if (!result.ok) {
      diagnostics.push(...result.diagnostics);
      continue;
    }
    if (!result.changed) continue;
    changed.push({ file: source.file, before: text, after: result.text });
    if (options.write) {
      try {
        await replaceFile(source.file, result.text);
      } catch (err) {
        diagnostics.push({ file: source.file, line: null, column: null, path: '', message: `cannot write the file: ${(err as Error).message}` });
      }
    }
  }
  return { changed, fileCount: sources.length, diagnostics };
}
