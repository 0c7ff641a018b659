import { constants } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import type { Diagnostic } from './diagnostics.js';
import { MAX_FILE_BYTES, MAX_STACK_BYTES, megabytes } from './stack-limits.js';
import { kindOf, listStack, problem, reason, type FoundFile } from './stack-walk.js';

export { MAX_FILE_BYTES } from './stack-limits.js';

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

function fileProblem(file: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, path: '', message };
}

const TOO_BIG = `a stack file may be at most ${megabytes(MAX_FILE_BYTES)} (split the stack over several files)`;
const STACK_TOO_BIG = `a stack may be at most ${megabytes(MAX_STACK_BYTES)} in all (split it into several stacks)`;

const CHUNK_BYTES = 256 * 1024;

/** Bytes read so far by all files of the stack, shared by the concurrent reads. */
interface Budget {
  used: number;
}

/**
 * A file's bytes, read as a stream that stops at the per-file and whole-stack caps whatever its
 * size claims (a procfs file says 0 and never ends). It is opened without blocking (a FIFO that
 * appeared since the listing does not hang the run) and without following a link.
 */
async function readOne(file: string, path: string, budget: Budget): Promise<StackSource | Diagnostic> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const info = await handle.stat();
    if (!info.isFile()) return problem(file, `${kindOf(info)}, not a regular file: a stack file must be a regular file`);
    if (info.size > MAX_FILE_BYTES) return fileProblem(file, `the file is ${megabytes(info.size)}; ${TOO_BIG}`);
    const chunks: Buffer[] = [];
    let total = 0;
    // Chunks sized by what the file claims, growing when it reads on; multiples of 8 bytes
    // (procfs files such as pagemap refuse other sizes). At most one chunk past the cap is held.
    let chunkBytes = Math.min(CHUNK_BYTES, Math.ceil((info.size + 1) / 4096) * 4096);
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkBytes);
      chunkBytes = Math.min(CHUNK_BYTES, chunkBytes * 2);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      budget.used += bytesRead;
      if (total > MAX_FILE_BYTES)
        return fileProblem(file, `the file is larger than ${megabytes(MAX_FILE_BYTES)} (whatever its size says); ${TOO_BIG}`);
      if (budget.used > MAX_STACK_BYTES)
        return fileProblem(file, `the stack passes ${megabytes(MAX_STACK_BYTES)} while reading this file; ${STACK_TOO_BIG}`);
    }
    return { file, bytes: Buffer.concat(chunks, total) };
  } catch (err) {
    return problem(file, `cannot read the file: ${reason(err)}`);
  } finally {
    await handle?.close().catch(() => undefined);
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

/**
 * The first file at which the stack's sizes, added up in stack order, pass the cap: refused
 * before a byte is read. Sizes that lie (procfs) are caught while reading.
 */
async function overStackCap(files: readonly FoundFile[]): Promise<Diagnostic | undefined> {
  const sizes = await mapLimit(files, 32, (f) =>
    stat(f.open).then(
      (s) => s.size,
      () => 0,
    ),
  );
  let total = 0;
  for (let i = 0; i < files.length; i++) {
    if (sizes[i]! > MAX_FILE_BYTES) continue; // refused on its own, unread
    total += sizes[i]!;
    if (total > MAX_STACK_BYTES)
      return fileProblem(files[i]!.file, `with this file the stack's ${i + 1} files come to ${megabytes(total)}; ${STACK_TOO_BIG}`);
  }
  return undefined;
}

async function readAll(files: readonly FoundFile[]): Promise<ReadStackResult> {
  const budget: Budget = { used: 0 };
  const read = await mapLimit(files, 32, (f) =>
    budget.used > MAX_STACK_BYTES ? Promise.resolve(undefined) : readOne(f.file, f.open, budget),
  );
  const sources: StackSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const r of read) {
    if (r === undefined) continue;
    if ('bytes' in r) sources.push(r);
    else diagnostics.push(r);
  }
  return { sources, diagnostics };
}

/**
 * Reads a stack: one file, or a directory's YAML files recursively in sorted order. Any file that
 * cannot be read completely is a diagnostic; the caller must not go on with the rest alone.
 */
export async function readStack(path: string): Promise<ReadStackResult> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    return { sources: [], diagnostics: [problem(path, reason(err))] };
  }
  // The user named this file: a link to it is followed, wherever it leads.
  if (info.isFile()) return readAll([{ file: path, open: await realpath(path).catch(() => path) }]);
  if (!info.isDirectory()) return { sources: [], diagnostics: [problem(path, `${kindOf(info)}, not a stack file or directory`)] };
  const { files, problems } = await listStack(path);
  if (files.length === 0 && problems.length === 0)
    return { sources: [], diagnostics: [problem(path, 'no .yaml or .yml files in this directory')] };
  const over = await overStackCap(files);
  if (over) return { sources: [], diagnostics: [...problems, over] };
  // The rest is read and checked too, so that one run reports every problem.
  const read = await readAll(files);
  return { sources: read.sources, diagnostics: [...problems, ...read.diagnostics] };
}
