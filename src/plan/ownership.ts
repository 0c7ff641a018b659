/**
 * The one door for ownership (in the spirit of cli-utils' CanApply/CanPrune). Whether this run
 * may change a live job is decided here and nowhere else, from two facts: the job's owner tag
 * as observed in this run, and whether the job's key is declared by this stack. Plan, apply,
 * import and task follow-up all ask it; nothing reads the owner tag any other way.
 *
 * A saved plan's claims about ownership are never an input: apply rebuilds the door from its
 * own fresh observation, so an edited plan can make it do at most what a fresh diff allows.
 */
import { createHash } from 'node:crypto';
import { OWNER_TAG_KEY, type Tags } from '../desired/types.js';
import { tagValue } from '../util/tags.js';

/** The owner tag's value on a live job; undefined when the job carries none. */
export function ownerOf(tags: Readonly<Tags>): string | undefined {
  return tagValue(tags, OWNER_TAG_KEY);
}

/** How a live job stands towards this stack. */
export type Standing =
  /** Carries this stack's owner tag. */
  | { kind: 'owned' }
  /** No owner tag, on a key this stack declares: it may claim the job (adoption). */
  | { kind: 'adoptable' }
  /** Another stack's: never touched. */
  | { kind: 'foreign'; owner: string }
  /** No owner tag and not declared here: not this stack's business. */
  | { kind: 'unmanaged' };

export function standing(stack: string, observedOwner: string | undefined, declared: boolean): Standing {
  if (observedOwner === stack) return { kind: 'owned' };
  if (observedOwner !== undefined) return { kind: 'foreign', owner: observedOwner };
  return declared ? { kind: 'adoptable' } : { kind: 'unmanaged' };
}

/** The calls that change an existing job. */
export type JobOperation = 'tag' | 'untag' | 'start' | 'stop' | 'delete' | 'unclaim';

/**
 * CanApply: tags are this stack's to write on a job it owns, or on an adoptable one (the claim
 * that adopts it is a tag write); start and stop only once it owns the job. CanPrune: a delete
 * only on a job it owns whose key it no longer declares.
 */
export function mayChange(s: Standing, op: JobOperation, declared: boolean): boolean {
  if (op === 'delete') return s.kind === 'owned' && !declared;
  // Taking back this stack's own claim key (written in this run) takes nothing of anyone's.
  if (op === 'unclaim') return true;
  if (op === 'tag' || op === 'untag') return s.kind === 'owned' || s.kind === 'adoptable';
  return s.kind === 'owned';
}

/** Why a change is refused, in words. */
export function refusalReason(jobId: string, s: Standing, op: JobOperation): string {
  switch (s.kind) {
    case 'foreign':
      return `the job ${jobId} is owned by stack ${JSON.stringify(s.owner)} (tag ${OWNER_TAG_KEY}); cosell leaves it alone`;
    case 'unmanaged':
      return `the job ${jobId} carries no ${OWNER_TAG_KEY} tag and its key is not declared by this stack; cosell leaves it alone`;
    case 'adoptable':
      return `the job ${jobId} is declared by this stack but not yet owned by it: cosell would ${op} it only after claiming it`;
    default:
      return `the job ${jobId} is declared by this stack, so cosell does not ${op} it`;
  }
}

/**
 * The tag by which a stack claims an unowned job before it writes the owner tag. The service
 * has no compare-and-swap, so two stacks adopting one job at once each write their own key
 * (keys never overwrite one another) and read back: a stack that sees any other claim or owner
 * backs off. The key is a hash because a stack name may be longer than a tag key allows.
 */
export const CLAIM_TAG_PREFIX = 'cosell:claim:';

export function claimTagKey(stack: string): string {
  return CLAIM_TAG_PREFIX + createHash('sha256').update(stack).digest('hex').slice(0, 24);
}

/** The stacks (claim tag values) other than `stack` that are claiming a job. */
export function otherClaims(tags: Readonly<Tags>, stack: string): string[] {
  const mine = claimTagKey(stack);
  const out: string[] = [];
  for (const k of Object.keys(tags)) if (k.startsWith(CLAIM_TAG_PREFIX) && k !== mine) out.push(tags[k] as string);
  return out.sort();
}
