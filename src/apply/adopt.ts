/** Adopting a job of no stack on a declared key: confirm its key, claim it, then write its tags. */
import { claimTagKey } from '../plan/ownership.js';
import type { NaturalKey, TagDiff } from '../plan/types.js';
import { CosellError } from '../util/errors.js';
import { claimJob } from './claim.js';
import type { ExecContext } from './context.js';
import { confirmKey } from './job-confirm.js';
import { applyTagDiff } from './tags.js';

/** Claims the job, then writes the tags: the claim key goes with the keys removed. */
export async function adopt(
  job: { id: string; arn: string; key: NaturalKey },
  diff: TagDiff,
  liveTagCount: number,
  ctx: ExecContext,
): Promise<void> {
  // Whether its key is declared decided the adoption: the service confirms the key first.
  if (!(await confirmKey(ctx, job.id, job.key))) throw new CosellError(`the job ${job.id} no longer exists: run cosell plan again`);
  await claimJob(job, ctx);
  const claim = claimTagKey(ctx.stack);
  const remove = diff.remove.includes(claim) ? diff.remove : [...diff.remove, claim].sort();
  await applyTagDiff(ctx.client, ctx.door, job.id, job.arn, { ...diff, remove }, liveTagCount + 1);
}
