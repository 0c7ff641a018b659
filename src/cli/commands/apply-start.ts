/**
 * The part of `cosell apply PATH` that runs before the apply engine loads: read the stack's files,
 * start the account's listing with --auto-approve over the whole account (../early-listing.ts),
 * then parse the files while the first pages come. Loading the YAML parser and the engine takes a
 * few hundred milliseconds, and the listing is on its way meanwhile.
 */
import { isPlanFilePath } from '../../apply/plan-file.js';
import { readStack } from '../../desired/files.js';
import type { ParsedStack } from '../../desired/read-parse.js';
import { afterFirstPages, listEarly, type EarlyStart } from '../early-listing.js';
import type { ApplyFlags } from './apply.js';

export interface StackStart extends EarlyStart {
  parsed: ParsedStack;
}

/** Part of the connect stage (../stages/connect.ts). Undefined for a saved plan (or --stack, which goes with one): those start nothing early. */
export async function startStackApply(path: string, flags: ApplyFlags): Promise<StackStart | undefined> {
  if (flags.stack !== undefined || (await isPlanFilePath(path))) return undefined;
  const reading = readStack(path);
  const { read, ...early } = flags.autoApprove && !flags.target?.length ? await listEarly(reading, flags) : { read: await reading };
  await afterFirstPages(early.listing);
  const { parseStackInTurns } = await import('../stages/work.js');
  return { parsed: await parseStackInTurns(read.sources, read.diagnostics), ...early };
}
