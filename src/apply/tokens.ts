/**
 * ClientTokens: every create-like call carries a token derived from what it creates, so that a
 * call retried after a lost response, or an apply re-run after a crash, repeats the first call
 * instead of making a second job or task.
 *
 * token = UUID(sha256(stack, catalog, natural key or task identity, generation))
 *
 * The generation changes only once an earlier create of the same thing is known to have
 * finished, because the service answers a reused token with the first result for as long as it
 * remembers the token, even when that job has since been deleted:
 *
 * - A snapshot job starts at generation 0. A token is known spent when the service answers it
 *   with a job that no longer exists: StartResourceSnapshotJob on the returned id says
 *   ResourceNotFoundException, or the token journal (journal.ts) recorded the id the token
 *   created and a GetResourceSnapshotJob on it says ResourceNotFoundException, or the service
 *   refuses the token as used with other parameters while no job is on the key. Then the next
 *   generation is tried. A re-run walks the same chain, so it meets the same tokens in the same
 *   order and never skips one whose job might exist.
 * - A task's generation is the id of the newest FAILED task on the same identity (`0` when there
 *   is none). A FAILED task has finished, and observe sees it, so a restart after a failure gets a
 *   new token while a re-run after a crash (the started task is then IN_PROGRESS or COMPLETE and
 *   nothing is restarted, or it has not started and the newest FAILED task is the same) keeps it.
 */
import { createHash } from 'node:crypto';
import type { NaturalKey, TaskIdentity } from '../plan/types.js';

/** Bumped only if the derivation changes: old tokens must not be reused with other meanings. */
const SCHEME = 'cosell-client-token/1';

/**
 * A UUID made from a SHA-256 digest, in RFC 9562's version 8 layout (the version for
 * name-based UUIDs with a hash other than MD5 or SHA-1).
 */
export function hashUuid(parts: readonly string[]): string {
  const bytes = createHash('sha256')
    .update(JSON.stringify([SCHEME, ...parts]))
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function jobCreateToken(stack: string, key: NaturalKey, generation: number): string {
  return hashUuid(['snapshotJob', stack, key.catalog, key.engagement, key.opportunity, key.template, String(generation)]);
}

/** A task's generation: the newest FAILED task it restarts after, or `0`. */
export function taskGeneration(lastFailedTaskId: string | undefined): string {
  return lastFailedTaskId ?? '0';
}

export function taskStartToken(stack: string, task: TaskIdentity, generation: string): string {
  return hashUuid([task.kind, stack, task.catalog, task.identifier, task.involvementType ?? '', task.visibility ?? '', generation]);
}

/** How many generations of one job's token a single apply tries before giving up. */
export const MAX_JOB_GENERATIONS = 20;
