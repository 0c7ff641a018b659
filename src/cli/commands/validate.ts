import { Option, type Command } from 'commander';
import type { ValidateFormat } from '../../desired/index.js';
import { printableLines, safeJson } from '../../util/printable.js';
import { isDebug, runAction } from '../run.js';

/** `cosell validate [PATH]`: load and check a stack, with no network. */
export async function validateCommand(path: string, format: ValidateFormat): Promise<number> {
  // Loaded on use, so that other commands (and --help) do not pay for yaml and ajv.
  const { loadStack, renderValidation } = await import('../stages/stack.js');
  const output = renderValidation(await loadStack(path), format);
  // File names, keys and values come from files: shown, never obeyed.
  const shown = (text: string): string => (format === 'json' ? safeJson(text) : printableLines(text));
  process.stdout.write(shown(output.stdout));
  process.stderr.write(shown(output.stderr));
  return output.exitCode;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('load and check a stack: schema, ids, tags, duplicates (no network)')
    .argument('[path]', 'a stack directory (its .yaml/.yml files, recursively) or one file', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--emulator', 'accepted like on the other commands; validate makes no call')
    .action((path: string, options: { format: ValidateFormat }) => runAction(() => validateCommand(path, options.format), isDebug()));
}
