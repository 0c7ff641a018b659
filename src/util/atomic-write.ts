/**
 * The one way cosell replaces a file (plans, imports, fmt, the emulator state, the token
 * journal, the job cache): a reader, a crash or a concurrent run sees the old content or the new,
 * never half of either, and no temp file is left behind.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** The file's permission bits, exactly (not masked by the umask). Default: 0o666 less the umask. */
  mode?: number;
}

/**
 * The temp file: an unguessable name beside `file` (rename is atomic only within one file system),
 * hidden, so that a stack walk or a directory listing passes over it.
 */
function tempNameFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
}

/**
 * Writes `data` to `file` atomically. The temp file is created exclusively (O_EXCL: a file or a
 * link planted at that name makes the write fail, never redirects it), synced to disk, then
 * renamed over `file`. If `file` is a symbolic link, the link itself is replaced, not its target.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempNameFor(file);
  let handle: FileHandle | undefined;
  try {
    handle = await open(tmp, 'wx', options.mode ?? 0o666);
    if (options.mode !== undefined) await handle.chmod(options.mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
