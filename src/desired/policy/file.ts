/** Reading the policy file a stack names: the one piece of I/O of the tag policy. */
import { readFileSync, statSync } from 'node:fs';
import { MAX_FILE_BYTES } from '../files.js';
import { decodeUtf8 } from '../utf8.js';

/** The bytes of a file, or why it cannot be read. */
export type PolicyReader = (path: string) => { bytes: Uint8Array } | { error: string };

/** Reads a policy file from disk; synchronous, since the stack is checked in one pass. */
export const readPolicyFile: PolicyReader = (path) => {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { error: 'it is not a regular file' };
    if (stat.size > MAX_FILE_BYTES) return { error: `it is larger than ${MAX_FILE_BYTES} bytes` };
    return { bytes: readFileSync(path) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message };
  }
};

/** The policy file's text, or why it is not text cosell reads. */
export function policyText(bytes: Uint8Array): { text: string } | { error: string; line: number; column: number } {
  const decoded = decodeUtf8(bytes);
  return decoded.ok ? { text: decoded.text } : { error: decoded.message, line: decoded.line, column: decoded.column };
}
