import { Option, type Command } from 'commander';
import type { AuditFormat } from '../../plan/render/audit.js';
import { addTargetOptions, type TargetFlags } from '../flags.js';
import { isDebug, runAction } from '../run.js';
import { CosellError } from '../../util/errors.js';

export interface AuditFlags extends TargetFlags {
  detailedExitcode?: boolean;
  format: AuditFormat;
}

/** `cosell audit [PATH]`: every live job in the stack's catalogs against its tag policy; read-only. */
export async function auditCommand(path: string, flags: AuditFlags): Promise<number> {
  // Loaded on use, so that other commands (and --help) do not pay for them.
  const { loadDesiredState, openTarget, useColor, observeLive, completeFacts, audit, breaksPolicy, renderAudit } = await import(
    '../stages/work.js'
  );
  const desired = await loadDesiredState(path, { allowPolicyViolations: true });
  const policy = desired.tagPolicy;
  if (!policy)
    throw new CosellError(
      `the stack at ${path} sets no tagPolicy: add "tagPolicy: FILE" (an AWS Organizations tag policy document) to audit against it`,
    );
  const target = await openTarget(flags);
  try {
    // The pages and every job's tags, in the stack's catalogs only, no tasks; facts from the job
    // cache, and a Get only for a job that breaks the policy and is not in it.
    const observed = await observeLive(desired, target, {
      parallelism: flags.parallelism,
      catalogs: desired.catalogs,
      tasks: false,
      facts: 'cached',
    });
    const jobs = await completeFacts(target.client, observed.snapshotJobs, (job) => breaksPolicy(policy, job), {
      cache: target.cache,
      parallelism: flags.parallelism,
    });
    const report = audit(desired.stack, policy, observed.catalogs, jobs);
    process.stdout.write(renderAudit(report, flags.format, { color: useColor(flags) }));
    return flags.detailedExitcode && report.findings.length > 0 ? 2 : 0;
  } finally {
    await target.close();
  }
}

export function registerAudit(program: Command): void {
  addTargetOptions(
    program
      .command('audit')
      .description("check every live job in the stack's catalogs, whoever owns it, against the stack's tag policy (read-only)")
      .argument('[path]', 'a stack directory or file', '.')
      .option('--detailed-exitcode', 'exit 0 when every job complies, 1 on error, 2 when any breaks the policy')
      .addOption(new Option('--format <format>', 'output format').choices(['human', 'json', 'markdown']).default('human'))
      .option('--no-color', 'no colours (also NO_COLOR)'),
  ).action((path: string, flags: AuditFlags) => runAction(() => auditCommand(path, flags), isDebug()));
}
