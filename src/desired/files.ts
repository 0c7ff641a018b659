import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from './diagnostics.js';

/** One file of a stack, as read: its bytes, or why it was refused. */
export interface StackSource {
  /** The path as the user would name it: the stack path joined with the file's relative path. */
  file: string;
  bytes: Uint8Array;
}

export interface ReadStackResult {
  sources: StackSource[];
  diagnostics: Diagnostic[];
}

/**
 * A stack file is at most this big. A real stack of 10,000 jobs is about 2 MB; a file far past
 * this is a mistake (a log, a dump) and is refused before it is read, not parsed for minutes.
 */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

const YAML_FILE = /\.ya?ml$/i;

function pathProblem(file: string, message: string): Diagnostic {
  return { file, line: null, column: null, path: '', message };
}

function fileProblem(file: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, path: '', message };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Every .yaml/.yml file under `dir`, relative, sorted; hidden entries (.git, .cosell) skipped. */
async function listYaml(dir: string, seen: Set<string>): Promise<string[]> {
  const real = await realpath(dir);
  if (seen.has(real)) return []; // a symlink loop
  seen.add(real);
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) for (const rel of await listYaml(full, seen)) out.push(`${entry.name}/${rel}`);
    else if (isFile && YAML_FILE.test(entry.name)) out.push(entry.name);
  }
  return out;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file or directory';
  return err instanceof Error ? err.message : String(err);
}

async function readOne(file: string, size?: number): Promise<StackSource | Diagnostic> {
  try {
    size ??= (await stat(file)).size;
    if (size > MAX_FILE_BYTES)
      return fileProblem(
        file,
        `the file is ${megabytes(size)}; a stack file may be at most ${megabytes(MAX_FILE_BYTES)} (split the stack over several files)`,
      );
    return { file, bytes: await readFile(file) };
  } catch (err) {
    return fileProblem(file, `cannot read the file: ${reason(err)}`);
  }
}

/** Like Promise.all over `items`, with at most `limit` in flight (a stack may hold thousands of files). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Reads a stack: one file, or a directory's YAML files recursively in sorted order. */
export async function readStack(path: string): Promise<ReadStackResult> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    return { sources: [], diagnostics: [pathProblem(path, reason(err))] };
  }
  const diagnostics: Diagnostic[] = [];
  const sources: StackSource[] = [];
  if (info.isFile()) {
    const one = await readOne(path, info.size);
    if ('bytes' in one) sources.push(one);
    else diagnostics.push(one);
    return { sources, diagnostics };
  }
  if (!info.isDirectory()) return { sources, diagnostics: [pathProblem(path, 'not a file or a directory')] };
  let relative: string[];
  try {
    relative = await listYaml(path, new Set());
  } catch (err) {
    return { sources, diagnostics: [pathProblem(path, `cannot list the directory: ${reason(err)}`)] };
  }
  const files = relative.sort(byCodeUnit).map((rel) => join(path, rel));
  if (files.length === 0)
    return { sources, diagnostics: [pathProblem(path, 'no .yaml or .yml files in this directory')] };
  const read = await mapLimit(files, 32, (f) => readOne(f));
  for (const r of read) {
    if ('bytes' in r) sources.push(r);
    else diagnostics.push(r);
  }
  return { sources, diagnostics };
}
