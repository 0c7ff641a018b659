/**
 * The part of `cosell apply PATH` that runs before the apply engine loads: read and parse the
 * stack and, with --auto-approve over the whole account, start the account's listing
 * (../early-listing.ts). Loading the engine takes a few hundred milliseconds, and the listing is
 * on its way meanwhile.
 */
import { isPlanFilePath } from '../../apply/plan-file.js';
import { readParsedStack, type ParsedStack } from '../../desired/read-parse.js';
import { listEarly, type EarlyStart } from '../early-listing.js';
import type { ApplyFlags } from './apply.js';

export interface StackStart extends EarlyStart {
  parsed: ParsedStack;
}

/** Undefined for a saved plan (or --stack, which goes with one): those start nothing early. */
export async function startStackApply(path: string, flags: ApplyFlags): Promise<StackStart | undefined> {
  if (flags.stack !== undefined || (await isPlanFilePath(path))) return undefined;
  const parsed = await readParsedStack(path);
  const early = flags.autoApprove && !flags.target?.length ? await listEarly(parsed, flags) : {};
  return { parsed, ...early };
}
