import { Option, type Command } from 'commander';
import { printableLines } from '../../util/printable.js';
import { writePlanFile } from '../../apply/plan-file.js';
import { desiredStateOf, loadStack } from '../../desired/index.js';
import { hasChanges, PLAN_FORMATS, render, type PlanFormat } from '../../plan/index.js';
import { addTargetOptions, openTarget, useColor, type TargetFlags } from '../context.js';
import { planAgainst } from '../pipeline.js';
import { changesSince, planChangedSince } from '../changed-since.js';
import { isDebug, runAction } from '../run.js';
import { collect } from '../../util/lists.js';

export interface PlanFlags extends TargetFlags {
  out?: string;
  detailedExitcode?: boolean;
  target?: string[];
  exclude?: string[];
  format: PlanFormat;
  changedSince?: string;
}


/** `cosell plan [PATH]`: observe, diff, print; exit 2 on changes with --detailed-exitcode. */
export async function planCommand(path: string, flags: PlanFlags): Promise<number> {
  const load = await loadStack(path);
  const desired = desiredStateOf(load, path);
  // git is asked before the service: no revision, no call.
  const since = flags.changedSince === undefined ? undefined : await changesSince(path, flags.changedSince, { ...load, state: desired }, flags.target);
  const target = await openTarget(flags);
  try {
    const options = { targets: flags.target, excludes: flags.exclude, parallelism: flags.parallelism };
    const { plan } = since ? await planChangedSince(desired, since, target, options) : await planAgainst(desired, target, options);
    const parts = render(plan, flags.format, { color: useColor(flags), apiCalls: target.client.stats().calls });
    process.stdout.write(parts.join('\n\n<!-- cosell: next part -->\n\n'));
    if (!parts.at(-1)?.endsWith('\n')) process.stdout.write('\n');
    if (flags.out) {
      await writePlanFile(flags.out, { stack_path: path, target: flags.emulator ? 'emulator' : target.client.endpoint, desired, plan });
      if (flags.format === 'human') process.stdout.write(printableLines(`\nSaved the plan to: ${flags.out}\nTo perform exactly these actions, run: cosell apply ${flags.out}\n`));
    }
    if (plan.summary.error > 0) return 1;
    return flags.detailedExitcode && hasChanges(plan) ? 2 : 0;
  } finally {
    await target.close();
  }
}

export function registerPlan(program: Command): void {
  addTargetOptions(
    program
      .command('plan')
      .description('observe the live account, diff it against the stack, and preview every change')
      .argument('[path]', 'a stack directory or file', '.')
      .option('--out <file>', 'save the plan, for `cosell apply FILE`')
      .option('--detailed-exitcode', 'exit 0 with no changes, 1 on error, 2 with changes')
      .option('--changed-since <rev>', 'plan only the resources whose declarations differ since the git revision REV, observing only those')
      .option('--target <address>', 'plan only matching addresses (glob; repeatable)', collect)
      .option('--exclude <address>', 'leave matching addresses out (glob; repeatable)', collect)
      .addOption(new Option('--format <format>', 'output format').choices(PLAN_FORMATS).default('human'))
      .option('--no-color', 'no colours (also NO_COLOR)'),
  ).action((path: string, flags: PlanFlags) => runAction(() => planCommand(path, flags), isDebug()));
}
