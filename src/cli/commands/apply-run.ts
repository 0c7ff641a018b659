/**
 * What `cosell apply` does once it runs; ./apply.ts registers the command and loads this file
 * only then, so that the other commands (and --help) do not pay for the apply engine. Wiring
 * only: the apply stage does the work, the view (apply/views) shows it.
 */
import { resolve } from 'node:path';
import { apply, refusal, verifiedChanges } from '../../apply/apply.js';
import { APPROVAL_PROMPT, isApproval } from '../../apply/approve.js';
import { fileJournal } from '../../apply/journal.js';
import { isPlanFilePath, readPlanFile } from '../../apply/plan-file.js';
import { checkSavedPlan } from '../../apply/stale.js';
import { applyWhileObserving } from '../../apply/stream.js';
import type { ApplyOptions } from '../../apply/types.js';
import { ApplyView } from '../../apply/views/apply.js';
import { desiredStateOf, loadDesiredState, loadStack } from '../../desired/index.js';
import type { Listing } from '../../live/listing.js';
import type { StackStart } from './apply-start.js';
import type { DesiredState } from '../../desired/types.js';
import { stackErrors } from '../../plan/diff-part.js';
import { hasChanges } from '../../plan/index.js';
import { desiredDifferences } from '../../plan/verify.js';
import { CosellError } from '../../util/errors.js';
import { EMULATOR_STATE_FILE, openTarget, STATE_DIR, useColor, type Target } from '../context.js';
import { abandonCalls } from '../run.js';
import { observeLive, planAgainst } from '../pipeline.js';
import type { ApplyFlags, ApplyIo } from './apply.js';

/** `cosell apply [PATH|PLANFILE]`. */
export async function applyCommand(path: string, flags: ApplyFlags, io: ApplyIo, start: StackStart | undefined): Promise<number> {
  // No start (./apply-start.ts): a saved plan, or --stack, which goes with one.
  if (!start) {
    if (await isPlanFilePath(path)) return applySavedPlan(path, flags, io);
    throw new CosellError('--stack goes with a saved plan (cosell apply PLANFILE --stack DIR); to apply a stack, give its path');
  }
  // With --auto-approve over the whole account, the account's listing started once the stack's
  // files were read, while they are parsed and checked: reads only, and none for files that
  // cannot be read.
  const { parsed, listing } = start;
  let target = start.target;
  try {
    // A broken stack or a wrong path is the first thing to hear about, before approval.
    const desired = await checkedStack(path, parsed, listing);
    if (!flags.autoApprove && !io.interactive) {
      throw new CosellError(
        'cosell apply needs approval, and stdin is not a terminal to ask on: pass --auto-approve, ' +
          'or save a plan (cosell plan --out FILE) and apply it (cosell apply FILE)',
      );
    }
    const view = new ApplyView(flags.format, useColor(flags), io);
    target ??= await openTarget(flags);
    if (streams(desired, flags)) return await applyStreaming(desired, target, flags, io, view, listing);
    const { plan, live } = await planAgainst(desired, target, {
      targets: flags.target,
      excludes: flags.exclude,
      parallelism: flags.parallelism,
      listing,
    });
    view.plan(plan);
    const refused = refusal(plan);
    if (refused) throw new CosellError(refused);
    if (!hasChanges(plan)) return 0;
    if (!flags.autoApprove) {
      const answer = await io.ask(`\n${APPROVAL_PROMPT}`);
      if (!isApproval(answer)) {
        io.err('\nApply cancelled.\n');
        return 1;
      }
    }
    view.changesBegin();
    return view.report(await apply(plan, desired, target.client, await applyOptions(target, flags, io, view, live)));
  } finally {
    // Once observe has read every page this asks for nothing; before (the stack failed), it ends the listing.
    listing?.stop();
    await target?.close();
  }
}

/**
 * The stack's desired state. A stack that fails its checks has made no write, whatever the early
 * listing sent: its reads are left behind, so that the error ends the run at once.
 */
async function checkedStack(path: string, parsed: StackStart['parsed'], listing: Listing | undefined): Promise<DesiredState> {
  try {
    return desiredStateOf(await loadStack(path, parsed), path);
  } catch (err) {
    if (listing) abandonCalls();
    throw err;
  }
}

/**
 * Whether changes start while observing: with --auto-approve (nobody reviews the plan first),
 * over the whole account (--target observes only its targets, a few calls), and for a stack
 * with no errors of its own (those refuse the plan before any call, as always).
 */
function streams(desired: DesiredState, flags: ApplyFlags): boolean {
  if (!flags.autoApprove || flags.target?.length) return false;
  return stackErrors(desired, { excludes: flags.exclude }).length === 0;
}

async function applyStreaming(
  desired: DesiredState,
  target: Target,
  flags: ApplyFlags,
  io: ApplyIo,
  view: ApplyView,
  listing: Listing | undefined,
): Promise<number> {
  let streamed;
  try {
    streamed = await applyWhileObserving(desired, target.client, {
      ...(await applyOptions(target, flags, io, view)),
      excludes: flags.exclude,
      observe: (watcher) => observeLive(desired, target, { parallelism: flags.parallelism, watcher, listing }),
      onPlan(plan, started) {
        view.plan(plan);
        if (started || ApplyView.applies(plan)) view.changesBegin();
      },
    });
  } catch (err) {
    view.releaseHeld();
    throw err;
  }
  if (streamed.result) {
    const code = view.report(streamed.result);
    if (streamed.refused) throw new CosellError(streamed.refused);
    return code;
  }
  if (streamed.refused) throw new CosellError(streamed.refused);
  return 0;
}

async function applySavedPlan(file: string, flags: ApplyFlags, io: ApplyIo): Promise<number> {
  if (flags.target?.length || flags.exclude?.length) {
    throw new CosellError('--target and --exclude do not apply to a saved plan: give them to cosell plan --out instead');
  }
  const saved = await readPlanFile(file);
  if (flags.stack !== undefined) {
    // The plan may come from an untrusted place (a pull request's artifact): it is applied only
    // if it means exactly what the stack in this checkout means, and then with the checkout's
    // desired state, not the file's.
    const checkout = await loadDesiredState(flags.stack);
    const differences = desiredDifferences(saved.desired, checkout);
    if (differences.length > 0) {
      throw new CosellError(
        `the saved plan ${file} was not made from the stack in ${flags.stack}; cosell applies none of it. Make a new plan from that stack.`,
        differences.map((d) => `  - ${d}`),
      );
    }
    saved.desired = checkout;
  } else if (flags.format === 'human') {
    io.err(`Note: ${file} is applied as its own desired state says; to hold it to a checkout of the stack, pass --stack DIR.\n`);
  }
  const refused = refusal(saved.plan);
  if (refused) throw new CosellError(refused);
  const view = new ApplyView(flags.format, useColor(flags), io);
  const target = await openTarget(flags);
  try {
    const here = flags.emulator ? 'emulator' : target.client.endpoint;
    if (saved.target !== here)
      throw new CosellError(`the saved plan ${file} was made against ${saved.target}, not ${here}; make a plan against this target`);
    const observed = await checkSavedPlan(saved, target.client, { cache: target.cache, parallelism: flags.parallelism });
    // Held to a fresh diff before anything is shown as about to happen.
    verifiedChanges(saved.plan, saved.desired, observed);
    if (!hasChanges(saved.plan)) {
      view.noChanges();
      return 0;
    }
    view.changesBegin(false);
    return view.report(await apply(saved.plan, saved.desired, target.client, await applyOptions(target, flags, io, view, observed)));
  } finally {
    await target.close();
  }
}

/** What every apply of this command shares: the token journal, the cache, the view's events. */
async function applyOptions(
  target: Target,
  flags: ApplyFlags,
  io: ApplyIo,
  view: ApplyView,
  observed?: ApplyOptions['observed'],
): Promise<ApplyOptions> {
  const journalKey = flags.emulator ? `emulator:${resolve(EMULATOR_STATE_FILE)}` : target.client.endpoint;
  const journal = await fileJournal(resolve(flags.cacheDir ?? STATE_DIR), journalKey, (l) => io.err(`${l}\n`));
  return {
    parallelism: flags.parallelism,
    taskTimeoutMs: flags.taskTimeout,
    journal,
    cache: target.cache,
    onEvent: (e) => view.event(e),
    ...(observed ? { observed } : {}),
  };
}
