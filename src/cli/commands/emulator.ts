import type { Command } from 'commander';

// Placeholder until its issue lands; replaced by the real command.
export function registerEmulator(program: Command): void {
  program.command('emulator').description('(not built yet)');
}
