import { Option, type Command } from 'commander';
import type { StatusFormat } from '../../plan/render/status.js';
import { addTargetOptions, type TargetFlags } from '../flags.js';
import { isDebug, runAction } from '../run.js';
import { safeJson } from '../../util/printable.js';

export interface StatusFlags extends TargetFlags {
  detailedExitcode?: boolean;
  format: StatusFormat;
}

/** `cosell status [PATH]`: sync and health of every declared resource; exit 2 with --detailed-exitcode when any is not Synced and Healthy. */
export async function statusCommand(path: string, flags: StatusFlags): Promise<number> {
  // Loaded on use, so that other commands (and --help) do not pay for them.
  const {
    loadDesiredState,
    openTarget,
    useColor,
    planAgainst,
    readExecutions,
    isSyncedAndHealthy,
    jobsToRead,
    resourceStatuses,
    renderStatusHuman,
    toJsonStatus,
  } = await import('../stages/work.js');
  const desired = await loadDesiredState(path, { allowPolicyViolations: true });
  const target = await openTarget(flags);
  try {
    const { plan } = await planAgainst(desired, target, { parallelism: flags.parallelism });
    const executions = await readExecutions(target.client, jobsToRead(plan), flags.parallelism);
    const statuses = resourceStatuses(plan, executions);
    process.stdout.write(
      flags.format === 'json'
        ? `${safeJson(JSON.stringify(toJsonStatus(desired.stack, statuses), null, 2))}\n`
        : renderStatusHuman(statuses, { color: useColor(flags) }),
    );
    return flags.detailedExitcode && !statuses.every(isSyncedAndHealthy) ? 2 : 0;
  } finally {
    await target.close();
  }
}

export function registerStatus(program: Command): void {
  addTargetOptions(
    program
      .command('status')
      .description('for each declared resource: is it in sync with the stack, and is it healthy')
      .argument('[path]', 'a stack directory or file', '.')
      .option('--detailed-exitcode', 'exit 0 when every resource is Synced and Healthy, 1 on error, 2 otherwise')
      .addOption(new Option('--format <format>', 'output format').choices(['human', 'json']).default('human'))
      .option('--no-color', 'no colours (also NO_COLOR)'),
  ).action((path: string, flags: StatusFlags) => runAction(() => statusCommand(path, flags), isDebug()));
}
