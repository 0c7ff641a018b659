import type { Command } from 'commander';
import { OWNER_TAG_KEY } from '../../desired/types.js';
import { addTargetOptions, type TargetFlags } from '../flags.js';
import { printableLines } from '../../util/printable.js';
import { isDebug, runAction } from '../run.js';
import { plural, counted } from '../../util/plural.js';

export interface ImportFlags extends TargetFlags {
  catalog?: string;
  stack?: string;
  out: string;
  all?: boolean;
  force?: boolean;
}

/** `cosell import`: write a stack for the jobs that are live, checked before it is written. */
export async function importCommand(
  flags: ImportFlags,
  write: (text: string) => void = (t) => process.stdout.write(printableLines(t)),
): Promise<number> {
  const { checkImported, checkOutDir, checkStackName, importStack, parseCatalogs, writeStack, openTarget, progressReporter } = await import(
    '../stages/work.js'
  );
  // Every refusal that needs no API call comes first.
  const catalogs = parseCatalogs(flags.catalog);
  if (flags.stack !== undefined) checkStackName(flags.stack);
  const out = await checkOutDir(flags.out, flags.force === true);

  const target = await openTarget(flags);
  const progress = progressReporter();
  let result;
  try {
    result = await importStack(
      target.client,
      { catalogs, stack: flags.stack, all: flags.all === true },
      { parallelism: flags.parallelism, cache: target.cache, onProgress: progress.onProgress },
    );
  } finally {
    progress.finish();
    await target.close();
  }
  checkImported(out.dir, result);
  const written = await writeStack(out, result.files);

  const lines: string[] = [];
  const jobFiles = result.files.length - 1;
  const read = [...new Set(result.jobs.map((j) => j.catalog))].sort();
  lines.push(
    `Imported ${counted(result.jobs.length, 'snapshot job')} of stack ${result.stack} from catalog${read.length > 1 ? 's' : ''} ${read.join(' and ')} into ${out.dir} ` +
      `(stack.yaml and ${counted(jobFiles, 'engagement file')}).`,
  );
  const defaults = Object.entries(result.defaultTags);
  if (defaults.length > 0) lines.push(`  defaults.tags: ${defaults.map(([k, v]) => `${k}=${v}`).join(', ')} (the same on every job)`);
  if (result.ignoredKeys.length > 0) lines.push(`  ignoreTags.keys: ${result.ignoredKeys.join(', ')} (reserved keys found on live jobs)`);
  if (result.skipped.length > 0) {
    lines.push(`Left out ${counted(result.skipped.length, 'job')}:`);
    for (const s of result.skipped) lines.push(`  ${s.job.id} (${s.job.catalog} ${s.job.engagement} ${s.job.opportunity}): ${s.reason}`);
  }
  for (const note of result.notes) lines.push(`Note: ${note}`);
  if (written.removed.length > 0)
    lines.push(
      `Removed ${counted(written.removed.length, 'file')} of an earlier import that no live job needs: ${written.removed.join(', ')}`,
    );
  if (written.kept.length > 0)
    lines.push(
      `Kept ${counted(written.kept.length, 'file')} that cosell import did not write; ${plural(written.kept.length, 'it is', 'they are')} part of the stack too: ${written.kept.join(', ')}`,
    );
  lines.push('');
  if (result.unowned > 0)
    lines.push(
      `${counted(result.unowned, 'imported job')} ${plural(result.unowned, 'carries', 'carry')} no ${OWNER_TAG_KEY} tag yet: \`cosell apply ${out.dir}\` adopts ${plural(result.unowned, 'it', 'them')} ` +
        `(tags them ${OWNER_TAG_KEY}=${result.stack}); until then \`cosell plan ${out.dir}\` shows that as changes.`,
    );
  else if (result.notes.length > 0) lines.push(`Next: \`cosell plan ${out.dir}\`, with the notes above in mind.`);
  else lines.push(`Next: \`cosell plan ${out.dir}\` should show no changes.`);
  write(`${lines.join('\n')}\n`);
  return 0;
}

export function registerImport(program: Command): void {
  addTargetOptions(
    program
      .command('import')
      .description('write a stack (YAML files) for the snapshot jobs that are live, to adopt an existing account')
      .option('--catalog <catalog>', 'read one catalog, AWS or Sandbox (default: both)')
      .option('--stack <name>', 'the stack to import (default: the one stack whose cosell:stack tags are live; required with --all)')
      .option('--all', 'also import the jobs no stack owns yet (apply then adopts them)')
      .option('--out <dir>', 'where to write the stack', 'stack')
      .option('--force', 'write into a non-empty directory, replacing the files an earlier import wrote'),
  ).action((flags: ImportFlags) => runAction(() => importCommand(flags), isDebug()));
}
