/** Deleting a job: the door asked, its key confirmed with the service, stopped first if running. */
import { isServiceError } from '../api/index.js';
import type { LiveJobRef } from '../plan/types.js';
import type { ExecContext, PhaseResult } from './context.js';
import { confirmKey } from './job-confirm.js';
import { setJobStatus } from './job-status.js';

export async function deleteJob(live: LiveJobRef, stopFirst: boolean, ctx: ExecContext): Promise<PhaseResult> {
  const input = { Catalog: live.key.catalog, ResourceSnapshotJobIdentifier: live.id };
  // Asked before the stop too: a stop that leads to a refused delete is not this stack's to make.
  ctx.door.check(live.id, 'delete');
  // Whether its key is declared decided the delete; the key may have come from the job cache,
  // so the service confirms it first (a read, before the only call that cannot be undone).
  if (!(await confirmKey(ctx, live.id, live.key))) return {};
  try {
    if (stopFirst) await setJobStatus(ctx.client, ctx.door, live.key.catalog, live.id, 'Stopped');
    ctx.door.check(live.id, 'delete');
    await ctx.client.deleteResourceSnapshotJob(input);
  } catch (err) {
    // Gone already: a delete retried after its answer was lost, or one made meanwhile.
    if (!isServiceError(err, 'ResourceNotFoundException')) throw err;
  }
  return {};
}
