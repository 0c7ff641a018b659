/**
 * Snapshot job changes, each with the fewest calls:
 *   create   CreateResourceSnapshotJob (tags inline), then StartResourceSnapshotJob if Running
 *   update   TagResource / UntagResource for the tag diff, then Start or Stop for the status
 *   delete   StopResourceSnapshotJob if running, then DeleteResourceSnapshotJob
 *   replace  delete the old job, then create the new one
 * A create is confirmed by one GetResourceSnapshotJob: a ClientToken the service remembers
 * answers with the job it made back then, which may since have been deleted, and "complete" is
 * said only of a job seen live on its key. An adoption claims the job first (claim.ts). Anything
 * more (a listing) happens only on an abnormal path: a conflict, a spent token.
 *
 * This file picks the calls for each action; each job has its own file: job-create.ts,
 * job-delete.ts, job-status.ts (Start, Stop), adopt.ts, job-confirm.ts (what the service says
 * of a job's key and owner). Every call on an existing job asks the ownership door first (door.ts).
 */
import type { ExecContext, PhaseResult } from './context.js';
import { adopt } from './adopt.js';
import { createJob } from './job-create.js';
import { deleteJob } from './job-delete.js';
import { setJobStatus } from './job-status.js';
import { applyTagDiff } from './tags.js';
import { isEmptyTagDiff } from '../plan/tags.js';
import { Action, type LiveJobRef, type SnapshotJobChange } from '../plan/types.js';
import { CosellError } from '../util/errors.js';

export async function applySnapshotJob(change: SnapshotJobChange, ctx: ExecContext): Promise<PhaseResult> {
  const address = change.address;
  const live = change.live;
  switch (change.action) {
    case Action.Create:
      return ctx.phase(address, 'create', undefined, () => createJob(change, ctx));
    case Action.Update:
      if (!live) throw new CosellError(`${address}: the plan has no live job to update`);
      return ctx.phase(address, 'update', live.id, () => updateJob(change, live, ctx));
    case Action.Delete:
      if (!live) throw new CosellError(`${address}: the plan has no live job to delete`);
      return ctx.phase(address, 'delete', live.id, () => deleteJob(live, change.stopFirst, ctx));
    case Action.DeleteThenCreate:
      if (!live) throw new CosellError(`${address}: the plan has no live job to replace`);
      // The old job goes first: the service allows one job per natural key.
      await ctx.phase(address, 'delete', live.id, () => deleteJob(live, change.stopFirst, ctx));
      return ctx.phase(address, 'create', undefined, () => createJob(change, ctx));
    default:
      return {};
  }
}

async function updateJob(change: SnapshotJobChange, live: LiveJobRef, ctx: ExecContext): Promise<PhaseResult> {
  // Tags first: an adoption claims the job (owner tag) before touching its status.
  const liveTagCount = Object.keys(change.before?.tags ?? {}).length;
  if (change.adoption) await adopt(live, change.tagDiff, liveTagCount, ctx);
  else if (!isEmptyTagDiff(change.tagDiff)) await applyTagDiff(ctx.client, ctx.door, live.id, live.arn, change.tagDiff, liveTagCount);
  const status = change.after?.status;
  if (status && status !== live.status) await setJobStatus(ctx.client, ctx.door, live.key.catalog, live.id, status);
  return { id: live.id };
}
