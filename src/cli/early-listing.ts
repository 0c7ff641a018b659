/**
 * The account's listing started before the stack is parsed, for the commands that observe the
 * whole account (plan, and apply with --auto-approve). The listing depends on nothing the stack
 * says, so it starts once every file is read, while the files are parsed and checked and the rest
 * of the command loads. A stack that then fails to parse or fails its checks has made the reads
 * that left while it was parsed and checked (pages and job reads, at the quota's pace: a fraction
 * of a second's worth), never a write; one whose files cannot be read makes no call at all.
 */
import { catalogHint } from '../desired/catalog-hint.js';
import type { ReadStackResult } from '../desired/files.js';
import { mayPassNodeCap } from '../desired/stack-limits.js';
import { startListing, type Listing } from '../live/listing.js';
import { openTarget, type Target } from './context.js';
import type { TargetFlags } from './flags.js';

export interface EarlyStart {
  /** Opened when the listing started; otherwise the command opens its target itself, later. */
  target?: Target;
  listing?: Listing;
}

/**
 * The stack's files, read, and the account's listing started once they are. The client opens
 * while the files are read (it makes no call and touches no file before the listing starts).
 * Not with --emulator: its embedded emulator waits its turn on the state file, so it starts only
 * for a stack that passed every check. Not for a stack big enough that it might be refused on the
 * node cap (stack-limits.ts), a refusal that makes no call: such a stack is listed once parsed.
 */
export async function listEarly(reading: Promise<ReadStackResult>, flags: TargetFlags): Promise<EarlyStart & { read: ReadStackResult }> {
  if (flags.emulator) return { read: await reading };
  // A flag the client refuses is reported after the stack's problems, as before: the command opens its target again.
  const [read, target] = await Promise.all([reading, openTarget(flags).catch(() => undefined)]);
  if (!target) return { read };
  if (read.diagnostics.length > 0 || mayPassNodeCap(read.sources)) return { read, target };
  const first = catalogHint(read.sources);
  return { read, target, listing: startListing(target.client, { cache: target.cache, parallelism: flags.parallelism, first }) };
}

/**
 * How long a command waits for the first pages before it goes on loading and parsing: long
 * enough for one answer from a nearby endpoint, short enough that a slow one costs little.
 */
export const FIRST_PAGES_WAIT_MS = 250;

/**
 * Waits (at most FIRST_PAGES_WAIT_MS) until the listing's first pages are in and their reads have
 * left. Loading the YAML parser and the checks, and parsing the stack, hold the event loop for
 * a few hundred milliseconds; started before the first answer is taken, they would hold up every
 * read that answer leads to. Started after, the reads are under way and the rate limiter makes
 * up for the held loop (api/rate-limit.ts, CATCH_UP_S).
 */
export async function afterFirstPages(listing: Listing | undefined): Promise<void> {
  if (!listing) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([listing.firstPages, new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_PAGES_WAIT_MS)))]);
  clearTimeout(timer);
}
