/**
 * The flags of the commands that talk to the service, without what they need to run: every
 * command registers these at start, so this file loads nothing heavy (the client, the cache and
 * the emulator are loaded by ./context.ts, once a command runs).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { CosellError } from '../util/errors.js';
import { addClientOptions, type ClientFlags } from './options.js';
import { DEFAULT_PARALLELISM } from '../util/defaults.js';

/** The flags every command that talks to the service shares. */
export interface TargetFlags extends ClientFlags {
  emulator?: boolean;
  emulatorSeed?: string;
  parallelism?: number;
  cacheDir?: string;
  color?: boolean;
  stats?: boolean;
}

/** The seed of the embedded emulator when none is given: the one that matches examples/stack. */
export const EXAMPLE_SEED = fileURLToPath(new URL('../../examples/emulator-seed.yaml', import.meta.url));
/** Where the working directory's cosell state (job cache, embedded emulator) lives. */
export const STATE_DIR = '.cosell';
export const EMULATOR_STATE_FILE = join(STATE_DIR, 'emulator-state.json');

function parseParallelism(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 256)
    throw new CosellError(`--parallelism must be a whole number from 1 to 256, not "${value}"`);
  return n;
}

/** Adds the client flags plus --emulator, --emulator-seed, --parallelism, --cache-dir. */
export function addTargetOptions(command: Command): Command {
  return addClientOptions(command)
    .option('--emulator', `run against an embedded emulator whose state is kept in ${EMULATOR_STATE_FILE}`)
    .option('--emulator-seed <file>', 'seed of the embedded emulator (default: examples/emulator-seed.yaml)')
    .addOption(new Option('--parallelism <n>', 'API calls in flight at once').default(DEFAULT_PARALLELISM).argParser(parseParallelism))
    .option('--cache-dir <dir>', `where the job-facts cache lives (default: ${STATE_DIR})`)
    .option('--stats', 'print the API calls, retries and throttles per operation and per quota class to stderr at the end');
}

/** Whether to colour output: only on a TTY, never with NO_COLOR or --no-color. */
export function useColor(flags: { color?: boolean }, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flags.color === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}
