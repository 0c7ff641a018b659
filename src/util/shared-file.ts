import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';
import { withLock, type LockOptions } from './lock.js';

/**
 * Read-modify-write of a file that several cosell runs share (the token journal, the job cache):
 * under the file's lock, `next` gets what is on disk now (undefined when there is no file) and
 * returns the new content, so that what another run wrote since this one read is merged, not lost.
 */
export async function updateSharedFile(
  file: string,
  next: (current: string | undefined) => string,
  options: LockOptions & AtomicWriteOptions = {},
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await withLock(
    file,
    async () => {
      let current: string | undefined;
      try {
        current = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      await writeFileAtomic(file, next(current), options);
    },
    options,
  );
}
