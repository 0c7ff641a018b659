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
