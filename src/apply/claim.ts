/**
 * Adoption without compare-and-swap. TagResource merges keys and the last writer of a key wins,
 * so two stacks that write `cosell:stack` on one unowned job at once would both believe they own
 * it. Instead each stack first writes its own claim key (which no other stack writes), then
 * reads the tags back:
 * - no owner and no other claim: the claim is won, and the owner tag may be written;
 * - an owner tag, or another stack's claim: this stack withdraws its claim and backs off.
 * A stack that reads only its own claim wrote it before any rival's claim landed, so the rival
 * will see it (or the owner tag written after it) and back off: at most one stack wins. Both may
 * back off at once; they retry after a random wait, and give up as a conflict.
 */
import { isServiceError } from '../api/index.js';
import { OWNER_TAG_KEY } from '../desired/types.js';
import { claimTagKey, otherClaims, ownerOf } from '../plan/ownership.js';
import type { NaturalKey } from '../plan/types.js';
import { tagsFromList } from '../util/tags.js';
import type { ExecContext } from './context.js';
import { OwnershipRefused } from './door.js';

const CLAIM_ATTEMPTS = 4;
const BACKOFF_MS = 200;

export interface Claimable {
  id: string;
  arn: string;
  key: NaturalKey;
}

/** Claims an adoptable job for this stack; throws OwnershipRefused when another stack has it. */
export async function claimJob(job: Claimable, ctx: ExecContext): Promise<void> {
  const { client, door, stack } = ctx;
  const claim = { Key: claimTagKey(stack), Value: stack };
  for (let attempt = 1; ; attempt++) {
    door.check(job.id, 'tag');
    await client.tagResource({ ResourceArn: job.arn, Tags: [claim] });
    const tags = tagsFromList((await client.listTagsForResource({ ResourceArn: job.arn })).Tags);
    const owner = ownerOf(tags);
    const rivals = otherClaims(tags, stack);
    if (owner === stack || (owner === undefined && rivals.length === 0)) {
      door.owns(job.id, job.key);
      return;
    }
    await withdraw(job, claim.Key, ctx);
    if (owner !== undefined && owner !== stack) {
      door.see({ id: job.id, arn: job.arn, ...job.key, status: 'Stopped', tags });
      throw new OwnershipRefused(
        `stack ${JSON.stringify(owner)} adopted the job ${job.id} first (tag ${OWNER_TAG_KEY}); this stack leaves it alone`,
      );
    }
    if (attempt >= CLAIM_ATTEMPTS) {
      throw new OwnershipRefused(
        `stack ${rivals.map((r) => JSON.stringify(r)).join(', ')} is adopting the job ${job.id} at the same time (tag ${claimTagKey(rivals[0] ?? '')}); ` +
          'run cosell plan again once that run is done (if none is running, remove that tag)',
      );
    }
    await ctx.sleep(Math.round(BACKOFF_MS * attempt * (0.5 + Math.random())));
  }
}

async function withdraw(job: Claimable, key: string, ctx: ExecContext): Promise<void> {
  ctx.door.check(job.id, 'unclaim');
  try {
    await ctx.client.untagResource({ ResourceArn: job.arn, TagKeys: [key] });
  } catch (err) {
    if (!isServiceError(err, 'ResourceNotFoundException')) throw err;
  }
}
