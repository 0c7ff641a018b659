/**
 * What `cosell apply` does once it runs; ./apply.ts registers the command and loads this file
 * only then, so that the other commands (and --help) do not pay for the apply engine.
 */
import { resolve } from 'node:path';
import { apply, refusal, verifiedChanges } from '../../apply/apply.js';
import { desiredDifferences } from '../../plan/verify.js';
import { APPROVAL_PROMPT, isApproval } from '../../apply/approve.js';
import { fileJournal } from '../../apply/journal.js';
import { isPlanFilePath, readPlanFile } from '../../apply/plan-file.js';
import { humanLine, jsonLine } from '../../apply/progress.js';
import { checkSavedPlan } from '../../apply/stale.js';
import type { ApplyEvent, ApplyResult } from '../../apply/types.js';
import { loadDesiredState } from '../../desired/index.js';
import type { DesiredState } from '../../desired/types.js';
import type { LiveState } from '../../live/types.js';
import { hasChanges, NO_CHANGES, render, toJsonPlan, type Plan } from '../../plan/index.js';
import { CosellError } from '../../util/errors.js';
import { printable, safeJson } from '../../util/printable.js';
import { EMULATOR_STATE_FILE, openTarget, STATE_DIR, useColor, type Target } from '../context.js';
import { planAgainst } from '../pipeline.js';
import type { ApplyFlags, ApplyIo } from './apply.js';
import { counted } from '../../util/plural.js';

/** `cosell apply [PATH|PLANFILE]`. */
export async function applyCommand(path: string, flags: ApplyFlags, io: ApplyIo): Promise<number> {
  if (await isPlanFilePath(path)) return applySavedPlan(path, flags, io);
  if (flags.stack !== undefined)
    throw new CosellError('--stack goes with a saved plan (cosell apply PLANFILE --stack DIR); to apply a stack, give its path');
  // A broken stack or a wrong path is the first thing to hear about, before approval.
  const desired = await loadDesiredState(path);
  if (!flags.autoApprove && !io.interactive) {
    throw new CosellError(
      'cosell apply needs approval, and stdin is not a terminal to ask on: pass --auto-approve, ' +
        'or save a plan (cosell plan --out FILE) and apply it (cosell apply FILE)',
    );
  }
  const target = await openTarget(flags);
  try {
    const { plan, live } = await planAgainst(desired, target, {
      targets: flags.target,
      excludes: flags.exclude,
      parallelism: flags.parallelism,
    });
    showPlan(plan, flags, io);
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
    if (flags.format === 'human') io.out('\n');
    return report(await runApply(plan, desired, target, flags, io, live), io);
  } finally {
    await target.close();
  }
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
  const target = await openTarget(flags);
  try {
    const here = flags.emulator ? 'emulator' : target.client.endpoint;
    if (saved.target !== here)
      throw new CosellError(`the saved plan ${file} was made against ${saved.target}, not ${here}; make a plan against this target`);
    const observed = await checkSavedPlan(saved, target.client, { cache: target.cache, parallelism: flags.parallelism });
    // Held to a fresh diff before anything is shown as about to happen.
    verifiedChanges(saved.plan, saved.desired, observed);
    if (!hasChanges(saved.plan)) {
      emitText(`${NO_CHANGES}\n`, flags, io);
      return 0;
    }
    return report(await runApply(saved.plan, saved.desired, target, flags, io, observed), io);
  } finally {
    await target.close();
  }
}

function showPlan(plan: Plan, flags: ApplyFlags, io: ApplyIo): void {
  if (flags.format === 'json') {
    io.out(
      `${safeJson(JSON.stringify({ '@level': 'info', '@message': `Plan: ${plan.summary.add} to add, ${plan.summary.change} to change, ${plan.summary.destroy} to destroy.`, '@timestamp': new Date().toISOString(), type: 'plan', plan: toJsonPlan(plan) }))}\n`,
    );
    return;
  }
  const text = render(plan, 'human', { color: useColor(flags) }).join('\n');
  io.out(text.endsWith('\n') ? text : `${text}\n`);
}

function emitText(text: string, flags: ApplyFlags, io: ApplyIo): void {
  if (flags.format === 'json')
    io.out(`${JSON.stringify({ '@level': 'info', '@message': text.trim(), '@timestamp': new Date().toISOString(), type: 'message' })}\n`);
  else io.out(text);
}

async function runApply(
  plan: Plan,
  desired: DesiredState,
  target: Target,
  flags: ApplyFlags,
  io: ApplyIo,
  observed: LiveState,
): Promise<ApplyResult> {
  const journalKey = flags.emulator ? `emulator:${resolve(EMULATOR_STATE_FILE)}` : target.client.endpoint;
  const journal = await fileJournal(resolve(flags.cacheDir ?? STATE_DIR), journalKey, (l) => io.err(`${l}\n`));
  const color = flags.format === 'human' && useColor(flags);
  const paint = (e: ApplyEvent, line: string): string => {
    if (!color) return line;
    if (e.type === 'change_summary') return `\x1b[1m${e.summary.failed ? '\x1b[33m' : '\x1b[32m'}${line}\x1b[0m`;
    if (e.type === 'apply_errored') return `\x1b[31m${line}\x1b[0m`;
    return line;
  };
  const onEvent = (e: ApplyEvent): void => {
    if (flags.format === 'json') io.out(`${jsonLine(e)}\n`);
    else io.out(`${e.type === 'change_summary' ? '\n' : ''}${paint(e, humanLine(e))}\n`);
  };
  return apply(plan, desired, target.client, {
    parallelism: flags.parallelism,
    taskTimeoutMs: flags.taskTimeout,
    journal,
    cache: target.cache,
    observed,
    onEvent,
  });
}

/** The first few of a long list, and how many more. */
function listed(items: readonly string[], most = 10): string {
  return items.length <= most ? items.join(', ') : `${items.slice(0, most).join(', ')} and ${items.length - most} more`;
}

function report(result: ApplyResult, io: ApplyIo): number {
  if (result.ok) return 0;
  const skipped = result.resources.filter((r) => r.status === 'skipped' && result.stoppedOperations);
  for (const r of result.resources)
    if (r.status !== 'complete' && !skipped.includes(r)) io.err(`\nError: ${printable(`${r.address}: ${r.error ?? 'failed'}`)}\n`);
  const stopped = Object.entries(result.stoppedOperations ?? {});
  if (stopped.length > 0) {
    const n = skipped.length;
    io.err(
      `\nError: cosell stopped sending ${stopped.map(([op]) => op).join(' and ')}: ${printable(stopped[0]?.[1] ?? '')}. ` +
        `${counted(n, 'change was', 'changes were')} not made${n ? ` (${printable(listed(skipped.map((r) => r.address)))})` : ''}; ` +
        'a later run will continue from what is live.\n',
    );
  }
  return 1;
}
