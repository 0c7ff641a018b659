import { Option, type Command } from 'commander';
import { askOnTerminal } from '../../apply/approve.js';
import { parseDurationFlag } from '../options.js';
import { addTargetOptions, type TargetFlags } from '../flags.js';
import { callsAbandoned, exitWhenFlushed, isDebug, runAction } from '../run.js';
import { collect } from '../../util/lists.js';

export interface ApplyFlags extends TargetFlags {
  autoApprove?: boolean;
  target?: string[];
  exclude?: string[];
  format: 'human' | 'json';
  taskTimeout?: number;
  /** With a saved plan: the checkout whose stack the plan must match. */
  stack?: string;
}

/** Where the command reads and writes; tests give their own. */
export interface ApplyIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether a person can answer the approval prompt. */
  interactive: boolean;
  ask(prompt: string): Promise<string>;
}

/**
 * The process's streams. A reader that goes away (`cosell apply … | head`) must not kill an
 * apply half-way: what it was doing matters more than its output, so EPIPE is ignored.
 */
export function processIo(): ApplyIo {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') === 0) {
      stream.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') throw err;
      });
    }
  }
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    interactive: process.stdin.isTTY === true,
    ask: (prompt) => askOnTerminal(prompt),
  };
}

/** `cosell apply [PATH|PLANFILE]`. */
export async function applyCommand(path: string, flags: ApplyFlags, io: ApplyIo = processIo()): Promise<number> {
  // Loaded on use: registering the command (and --help, --version) must not pay for it. The
  // stack is read, and the listing started, before the engine loads (./apply-start.ts).
  const { startStackApply } = await import('../stages/connect.js');
  const start = await startStackApply(path, flags);
  const { runApply } = await import('../stages/work.js');
  return runApply(path, flags, io, start);
}

export function registerApply(program: Command): void {
  addTargetOptions(
    program
      .command('apply')
      .description('make the live account match the stack (or apply a saved plan after checking it is not stale)')
      .argument('[path]', 'a stack directory or file, or a plan saved with `cosell plan --out`', '.')
      .option('--auto-approve', 'apply without asking for approval')
      .option('--target <address>', 'apply only matching addresses (glob; repeatable)', collect)
      .option('--exclude <address>', 'leave matching addresses out (glob; repeatable)', collect)
      .option('--stack <dir>', 'with a saved plan: refuse it unless it was made from the stack in DIR')
      .addOption(
        new Option('--task-timeout <duration>', 'how long to wait for an engagement task to finish, e.g. 90s or 10m')
          .argParser(parseDurationFlag)
          .default(600_000, '10m'),
      )
      .addOption(
        new Option('--format <format>', 'output format: human lines, or newline-delimited JSON events')
          .choices(['human', 'json'])
          .default('human'),
      )
      .option('--no-color', 'no colours (also NO_COLOR)'),
  ).action(async (path: string, flags: ApplyFlags) => {
    await runAction(() => applyCommand(path, flags), isDebug());
    if (callsAbandoned()) await exitWhenFlushed();
  });
}
