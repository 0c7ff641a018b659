import type { Command } from 'commander';

// Placeholder until its issue lands; replaced by the real command.
export function registerValidate(program: Command): void {
  program.command('validate').description('(not built yet)');
}
