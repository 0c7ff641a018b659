import { Option, type Command } from 'commander';
import { printableLines } from '../../util/printable.js';
import { PLAN_FORMATS } from '../../plan/render/formats.js';
import type { PlanFormat } from '../../plan/index.js';
import { addTargetOptions, useColor, type TargetFlags } from '../flags.js';
import { maxPartsOption } from '../max-parts.js';
import { isDebug, runAction } from '../run.js';
import { collect } from '../../util/lists.js';

export interface PlanFlags extends TargetFlags {
  out?: string;
  detailedExitcode?: boolean;
  target?: string[];
  exclude?: string[];
  format: PlanFormat;
  maxParts?: number;
  changedSince?: string;
}

/** `cosell plan [PATH]`: observe, diff, print; exit 2 on changes with --detailed-exitcode. */
export async function planCommand(path: string, flags: PlanFlags): Promise<number> {
  // Loaded on use: registering the command (and --help, --version) must not pay for them.
  const [
    { writePlanFile },
    { desiredStateOf, loadStack },
    { hasChanges, render },
    { openTarget },
    { planAgainst },
    { changesSince, planChangedSince },
  ] = await Promise.all([
    import('../../apply/plan-file.js'),
    import('../../desired/index.js'),
    import('../../plan/index.js'),
    import('../context.js'),
    import('../pipeline.js'),
    import('../changed-since.js'),
  ]);
  const load = await loadStack(path);
  const desired = desiredStateOf(load, path);
  // git is asked before the service: no revision, no call.
  const since =
    flags.changedSince === undefined ? undefined : await changesSince(path, flags.changedSince, { ...load, state: desired }, flags.target);
  const target = await openTarget(flags);
  try {
    const options = { targets: flags.target, excludes: flags.exclude, parallelism: flags.parallelism };
    const { plan } = since ? await planChangedSince(desired, since, target, options) : await planAgainst(desired, target, options);
    const parts = render(plan, flags.format, {
      color: useColor(flags),
      apiCalls: target.client.stats().calls,
      maxParts: flags.maxParts,
      planFile: flags.out,
    });
    process.stdout.write(parts.join('\n\n<!-- cosell: next part -->\n\n'));
    if (!parts.at(-1)?.endsWith('\n')) process.stdout.write('\n');
    if (flags.out) {
      await writePlanFile(flags.out, { stack_path: path, target: flags.emulator ? 'emulator' : target.client.endpoint, desired, plan });
      if (flags.format === 'human')
        process.stdout.write(
          printableLines(`\nSaved the plan to: ${flags.out}\nTo perform exactly these actions, run: cosell apply ${flags.out}\n`),
        );
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
      .addOption(maxPartsOption())
      .option('--no-color', 'no colours (also NO_COLOR)'),
  ).action((path: string, flags: PlanFlags) => runAction(() => planCommand(path, flags), isDebug()));
}
