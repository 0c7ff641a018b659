import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';
import { readStateFile } from './bounded-read.js';
import { withLock, type LockOptions } from './lock.js';

/**
 * Read-modify-write of a file that several cosell runs share (the token journal, the job cache):
 * under the file's lock, `next` gets what is on disk now (undefined when there is no file) and
 * returns the new content, so that what another run wrote since this one read is merged, not lost.
 */
export interface SharedFile {
  /** What the file is, for errors ("the job cache"). */
  what: string;
  /** The most bytes read from it (see CAP in bounded-read.ts). */
  cap: number;
}

export async function updateSharedFile(
  file: string,
  next: (current: string | undefined) => string,
  shared: SharedFile,
  options: LockOptions & AtomicWriteOptions = {},
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await withLock(
    file,
    async () => {
      const current = await readStateFile(file, shared.cap, shared.what);
      await writeFileAtomic(file, next(current), options);
    },
    options,
  );
}
