#!/usr/bin/env node
import { printableLines } from '../util/printable.js';
import { Command } from 'commander';
import { registerValidate } from './commands/validate.js';
import { registerEmulator } from './commands/emulator.js';
import { registerPlan } from './commands/plan.js';
import { registerShow } from './commands/show.js';
import { registerApply } from './commands/apply.js';
import { registerImport } from './commands/import.js';
import { registerFmt } from './commands/fmt.js';
import { registerStatus } from './commands/status.js';
import { registerAudit } from './commands/audit.js';

// The AWS SDK's clients warn on Node 20, on every run, about SDK versions published after January
// 2027. The lock file pins versions that support Node 20 (engines), so the warning speaks of
// versions cosell does not run; a user who sets the variable keeps the choice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Wiring only: each command lives in ./commands and does its work through src/.
const program = new Command();
program
  .name('cosell')
  .description('Declarative co-selling for the AWS Partner Central Selling API: plan, apply, emulate.')
  .version('0.1.0')
  .showSuggestionAfterError(true);

registerValidate(program);
registerPlan(program);
registerShow(program);
registerApply(program);
registerImport(program);
registerFmt(program);
registerStatus(program);
registerAudit(program);
registerEmulator(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`Error: ${printableLines(err instanceof Error ? err.message : String(err))}\n`);
  process.exitCode = 1;
});
