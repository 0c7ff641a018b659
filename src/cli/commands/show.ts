import { Option, type Command } from 'commander';
import { PLAN_FORMATS } from '../../plan/render/formats.js';
import type { PlanFormat } from '../../plan/index.js';
import { useColor } from '../flags.js';
import { maxPartsOption } from '../max-parts.js';
import { isDebug, runAction } from '../run.js';

interface ShowFlags {
  format: PlanFormat;
  color?: boolean;
  maxParts?: number;
}

/** `cosell show PLANFILE`: render a saved plan, with no network. */
export async function showCommand(file: string, flags: ShowFlags): Promise<number> {
  const { readPlanFile, render } = await import('../stages/work.js');
  const saved = await readPlanFile(file);
  const parts = render(saved.plan, flags.format, { color: useColor(flags), saved: true, maxParts: flags.maxParts, planFile: file });
  process.stdout.write(parts.join('\n\n<!-- cosell: next part -->\n\n'));
  if (!parts.at(-1)?.endsWith('\n')) process.stdout.write('\n');
  return 0;
}

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('render a saved plan')
    .argument('<planfile>', 'a plan saved with `cosell plan --out`')
    .addOption(new Option('--format <format>', 'output format').choices(PLAN_FORMATS).default('human'))
    .addOption(maxPartsOption())
    .option('--emulator', 'accepted for symmetry with the other commands; show makes no call')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .action((file: string, flags: ShowFlags) => runAction(() => showCommand(file, flags), isDebug()));
}
