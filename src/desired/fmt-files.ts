/** `cosell fmt` over a stack's files: read, format, and write (or only report) what changes. */
import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Diagnostic } from './diagnostics.js';
import { readStack } from './files.js';
import { formatStackText } from './fmt.js';
import { overNodeCap } from './node-cap.js';
import { decodeSources } from './utf8.js';

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

/**
 * Why `file` may not be rewritten, or undefined: fmt writes only a regular file (never through a
 * link, which could lead anywhere) whose real path is inside the stack directory `root`.
 */
async function refusal(file: string, root: string): Promise<string | undefined> {
  const info = await lstat(file);
  if (info.isSymbolicLink())
    return `a symbolic link (to ${await readlink(file)}): cosell fmt rewrites no links; format the file it points to`;
  if (!info.isFile()) return 'not a regular file';
  const real = await realpath(file);
  if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep))
    return `its real path ${real} is outside the stack directory ${root}: cosell fmt rewrites only files inside it`;
  return undefined;
}

/** Replaces a file's content through a temp file and a rename, keeping its mode. */
async function replaceFile(file: string, text: string): Promise<void> {
  const { mode } = await stat(file);
  await writeFileAtomic(file, text, { mode: mode & 0o7777 });
}

/**
 * Formats the stack at `path` (a directory, read recursively like every command reads a stack,
 * or one file). With `write: false` nothing on disk changes: the result says what would.
 */
export async function formatStackFiles(path: string, options: { write: boolean }): Promise<FmtResult> {
  const { sources, diagnostics } = await readStack(path);
  // One file named on the command line: its own directory is the stack's.
  const root = await realpath(path)
    .then(async (real) => ((await stat(real)).isDirectory() ? real : dirname(real)))
    .catch(() => path);
  const changed: FormattedFile[] = [];
  const texts = decodeSources(sources, diagnostics);
  const over = overNodeCap(texts);
  if (over) return { changed, fileCount: sources.length, diagnostics: [...diagnostics, over] };
  for (const { file, text } of texts) {
    const result = formatStackText(file, text);
    if (!result.ok) {
      diagnostics.push(...result.diagnostics);
      continue;
    }
    if (!result.changed) continue;
    const formatted = { file, before: text, after: result.text };
    if (!options.write) {
      changed.push(formatted);
      continue;
    }
    try {
      const refused = await refusal(file, root);
      if (refused) {
        diagnostics.push({ file, line: null, column: null, path: '', message: `not rewritten: ${refused}` });
        continue;
      }
      await replaceFile(file, result.text);
      changed.push(formatted);
    } catch (err) {
      diagnostics.push({ file, line: null, column: null, path: '', message: `cannot write the file: ${(err as Error).message}` });
    }
  }
  return { changed, fileCount: sources.length, diagnostics };
}
