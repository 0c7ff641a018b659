/**
 * Reading a small file cosell owns or was pointed at (a lock, the job cache, the emulator state,
 * the token journal, a tag policy) without trusting what sits at its path: a FIFO would block the
 * run, a link to /dev/zero or a procfs file would read without end, a link to a secrets file would
 * be read and perhaps echoed. The file is opened without following a final link and without
 * blocking, must be a regular file, and is read only up to a cap, whatever its size claims.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Dirent, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { CosellError } from './errors.js';

const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const CHUNK = 64 * 1024;

/** Why a file was not read, in words that fit after "FILE: ". `missing` tells a caller it may start afresh. */
export class UnsafeFileError extends Error {
  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
  }
}

/** What a file that is not regular is, in words. */
export function kindOf(info: Stats | Dirent): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isDirectory()) return 'a directory';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function refusal(err: unknown): UnsafeFileError {
  if (err instanceof UnsafeFileError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  // A part of the path that is a file (ENOTDIR): nothing is there either, and writing it will say why.
  if (code === 'ENOENT' || code === 'ENOTDIR') return new UnsafeFileError('no such file', true);
  // O_NOFOLLOW on a final link fails with ELOOP (Linux) or EMLINK (some BSDs).
  if (code === 'ELOOP' || code === 'EMLINK') return new UnsafeFileError('a symbolic link, which cosell does not follow here');
  if (code === 'EACCES' || code === 'EPERM') return new UnsafeFileError('permission denied');
  if (code === 'EISDIR') return new UnsafeFileError('a directory, not a regular file');
  return new UnsafeFileError(err instanceof Error ? err.message : String(err));
}

function checkRegular(info: Stats, cap: number): void {
  if (!info.isFile()) throw new UnsafeFileError(`${kindOf(info)}, not a regular file`);
  if (info.size > cap) throw new UnsafeFileError(`larger than ${cap} bytes`);
}

/** The chunks read so far: one more is taken while the file has not ended, and not past the cap. */
class Collected {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  constructor(private readonly cap: number) {}

  next(): Buffer {
    return Buffer.allocUnsafe(CHUNK);
  }

  /** Keeps what was read; true when the file has ended. */
  took(chunk: Buffer, bytesRead: number): boolean {
    if (bytesRead === 0) return true;
    this.total += bytesRead;
    if (this.total > this.cap) throw new UnsafeFileError(`larger than ${this.cap} bytes (whatever its size says)`);
    this.chunks.push(chunk.subarray(0, bytesRead));
    return false;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.total);
  }
}

/** The bytes of the regular file at `path`, at most `cap` of them; otherwise an UnsafeFileError. */
export async function readBounded(path: string, cap: number): Promise<Buffer> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, FLAGS);
    checkRegular(await handle.stat(), cap);
    const got = new Collected(cap);
    for (;;) {
      const chunk = got.next();
      if (got.took(chunk, (await handle.read(chunk, 0, CHUNK, null)).bytesRead)) return got.bytes();
    }
  } catch (err) {
    throw refusal(err);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** readBounded for the synchronous checks (the tag policy is read while a stack is resolved). */
export function readBoundedSync(path: string, cap: number): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, FLAGS);
    checkRegular(fstatSync(fd), cap);
    const got = new Collected(cap);
    for (;;) {
      const chunk = got.next();
      if (got.took(chunk, readSync(fd, chunk, 0, CHUNK, null))) return got.bytes();
    }
  } catch (err) {
    throw refusal(err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Caps on the files cosell keeps in its cache dir: ten times or more what a 10,000-job stack needs. */
export const CAP = {
  /** A lock names its holder in about 150 bytes. */
  lock: 4 * 1024,
  /** About 300 bytes a job: 10,000 jobs come to about 3 MB. */
  jobCache: 64 * 1024 * 1024,
  /** At most 50,000 tokens of about 200 bytes: about 10 MB. */
  tokenJournal: 64 * 1024 * 1024,
  /** The emulator's whole world, every catalog's opportunities, jobs and tasks. */
  emulatorState: 256 * 1024 * 1024,
} as const;

/**
 * The text of a file cosell keeps between runs (`what` names it: "the job cache"), or undefined
 * when there is none yet. Anything else at its path is a CosellError that names the file and says
 * to delete it: cosell never reads through a link there, nor waits on a FIFO.
 */
export async function readStateFile(path: string, cap: number, what: string): Promise<string | undefined> {
  try {
    return (await readBounded(path, cap)).toString('utf8');
  } catch (err) {
    if (err instanceof UnsafeFileError && err.missing) return undefined;
    throw new CosellError(
      `cannot read ${what} ${path}: ${(err as Error).message}; cosell keeps only regular files it wrote there. ` +
        `Delete ${path} (cosell starts it afresh) and run again`,
    );
  }
}

/** Why a file's content was not understood, without quoting it (JSON.parse's message quotes the text). */
export function corruptReason(err: unknown): string {
  return err instanceof SyntaxError ? 'not valid JSON' : err instanceof Error ? err.message : String(err);
}
