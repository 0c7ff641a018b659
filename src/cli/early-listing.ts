/**
 * The account's listing started before the stack is checked, for the commands that observe the
 * whole account (plan, and apply with --auto-approve). The listing depends on nothing the stack
 * says, so it starts once every file is read and parsed, while the stack is checked and the rest
 * of the command loads. A stack that then fails its checks has made a few reads (the first pages,
 * the job reads already sent), never a write; one whose files cannot be read or parsed makes no
 * call at all.
 */
import { isReadable, type ParsedStack } from '../desired/read-parse.js';
import { startListing, type Listing } from '../live/listing.js';
import { openTarget, type Target } from './context.js';
import type { TargetFlags } from './flags.js';

export interface EarlyStart {
  /** Opened when the listing started; otherwise the command opens its target itself, later. */
  target?: Target;
  listing?: Listing;
}

/**
 * Not with --emulator: its embedded emulator waits its turn on the state file, so it starts only
 * for a stack that passed every check.
 */
export async function listEarly(parsed: ParsedStack, flags: TargetFlags): Promise<EarlyStart> {
  if (flags.emulator || !isReadable(parsed)) return {};
  // A flag the client refuses is reported after the stack's problems, as before: the command opens its target again.
  const target = await openTarget(flags).catch(() => undefined);
  if (!target) return {};
  return { target, listing: startListing(target.client, { cache: target.cache, parallelism: flags.parallelism }) };
}
