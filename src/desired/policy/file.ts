/** Reading the policy file a stack names: the one piece of I/O of the tag policy. */
import { realpathSync } from 'node:fs';
import { dirname, relative, isAbsolute } from 'node:path';
import { readBoundedSync, UnsafeFileError } from '../../util/bounded-read.js';
import { MAX_FILE_BYTES } from '../files.js';
import { decodeUtf8 } from '../utf8.js';

/** The bytes of the file at `path` (named by the stack file `namedBy`), or why it cannot be read. */
export type PolicyReader = (path: string, namedBy: string) => { bytes: Uint8Array } | { error: string };

function within(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * A reader that reads a policy only when its real path (every link followed) lies inside `root`
 * (by default the directory of the file that names it), and only a regular file, read up to the
 * stack's per-file cap: a stack from elsewhere must not make cosell read /proc/self/environ, a
 * FIFO, or a secrets file beside it, and echo it in an error.
 */
export function policyReaderWithin(root?: string): PolicyReader {
  return (path, namedBy) => {
    try {
      const top = realpathSync(root ?? dirname(namedBy));
      const real = realpathSync(path);
      if (!within(top, real))
        return { error: `its real path ${real} is outside the stack directory ${top} (copy the policy into the stack)` };
      return { bytes: readBoundedSync(real, MAX_FILE_BYTES) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (err instanceof UnsafeFileError) return { error: err.message };
      return {
        error:
          code === 'ENOENT'
            ? 'no such file'
            : code === 'EACCES'
              ? 'permission denied'
              : code === 'ELOOP'
                ? 'too many levels of symbolic links'
                : (err as Error).message,
      };
    }
  };
}

/** Reads a policy file from disk, inside the directory of the file that names it. */
export const readPolicyFile: PolicyReader = policyReaderWithin();

/** The policy file's text, or why it is not text cosell reads. */
export function policyText(bytes: Uint8Array): { text: string } | { error: string; line: number; column: number } {
  const decoded = decodeUtf8(bytes);
  return decoded.ok ? { text: decoded.text } : { error: decoded.message, line: decoded.line, column: decoded.column };
}
