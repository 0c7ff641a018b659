import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_EXECUTION_INTERVAL_MS, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TASK_DELAY_MS } from '../../emulator/defaults.js';
import { parseDailyQuota, parseQuota } from '../../emulator/faults.js';
import type { EmulatorOptions } from '../../emulator/index.js';
import { isDebug, runAction } from '../run.js';
import { collect } from '../../util/lists.js';

export interface EmulatorFlags {
  host: string;
  port: number;
  seed?: string;
  state?: string;
  latencyMs?: number;
  quota: string[];
  dailyQuota: string[];
  quotaWindowS?: number;
  failRate?: number;
  dropRate?: number;
  commitDropRate?: number;
  faultSeed?: number;
  uniqueJobs: boolean;
  taskDelayMs?: number;
  executionIntervalMs?: number;
  requestTimeoutMs?: number;
  allowHost: string[];
}

export function optionsFromFlags(flags: EmulatorFlags): EmulatorOptions {
  return {
    host: flags.host,
    port: flags.port,
    seed: flags.seed,
    statePath: flags.state,
    latencyMs: flags.latencyMs,
    quotas: Object.fromEntries(flags.quota.map(parseQuota)),
    dailyQuotas: Object.fromEntries(flags.dailyQuota.map(parseDailyQuota)),
    quotaWindowS: flags.quotaWindowS,
    failRate: flags.failRate,
    dropRate: flags.dropRate,
    commitDropRate: flags.commitDropRate,
    faultSeed: flags.faultSeed,
    uniqueJobs: flags.uniqueJobs,
    taskDelayMs: flags.taskDelayMs,
    executionIntervalMs: flags.executionIntervalMs,
    requestTimeoutMs: flags.requestTimeoutMs,
    allowHosts: flags.allowHost,
  };
}

/**
 * `cosell emulator`: serves until `stop` settles, then closes and writes the state file. Prints
 * exactly one line to stdout, once it is listening.
 */
export async function emulatorCommand(
  flags: EmulatorFlags,
  stop: Promise<unknown>,
  stdout: Pick<NodeJS.WriteStream, 'write'> = process.stdout,
): Promise<number> {
  const options = optionsFromFlags(flags);
  // Loaded on use: every other command (and --help) registers this one without the server.
  const { startEmulator } = await import('../../emulator/index.js');
  const emu = await startEmulator(options);
  stdout.write(`cosell emulator listening on ${emu.url}\n`);
  await stop;
  await emu.close();
  return 0;
}

function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('not a number.');
  return n;
}

/** Resolves on the first SIGINT or SIGTERM, and then stops listening for them. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('serve a local Partner Central Selling API (the official AWS SDK works against it)')
    .option('--host <host>', 'address to listen on', DEFAULT_HOST)
    .option(
      '--allow-host <name>',
      'also serve requests whose Host header names NAME (besides loopback names and --host); repeatable',
      collect,
      [],
    )
    .option('--port <port>', 'port to listen on (0: any free port)', number, DEFAULT_PORT)
    .option('--seed <file>', 'YAML seed: account, credentials, templates, engagements, opportunities, invitations')
    .option('--state <file>', 'load the world from FILE if it exists; save it there after every change')
    .option('--latency-ms <n>', 'add N ms to every answer', number)
    .option('--quota <OP=TPS>', 'rate quota for OP (read, write or an operation name); repeatable', collect, [])
    .option(
      '--daily-quota <OP=N>',
      'at most N calls of OP (read, write or an operation name) in the rolling quota window; repeatable',
      collect,
      [],
    )
    .option('--quota-window-s <n>', 'the rolling window of --daily-quota, in seconds (default 86400)', number)
    .option('--fail-rate <p>', 'probability of an InternalServerException', number)
    .option('--drop-rate <p>', 'probability that a connection is dropped before any processing', number)
    .option('--commit-drop-rate <p>', 'probability that a mutating call is applied, then its connection dropped', number)
    .option('--fault-seed <n>', 'seed of the fault generator, for reproducible faults', number)
    .option('--no-unique-jobs', 'allow more than one job per (catalog, engagement, opportunity, template)')
    .option('--task-delay-ms <n>', `time a task stays IN_PROGRESS (default ${DEFAULT_TASK_DELAY_MS})`, number)
    .option(
      '--execution-interval-ms <n>',
      `how often a Running job executes, after once when it starts (default ${DEFAULT_EXECUTION_INTERVAL_MS})`,
      number,
    )
    .option('--request-timeout-ms <n>', 'answer 408 to a request whose body has not arrived in time (default 10000)', number)
    .action((flags: EmulatorFlags) => runAction(() => emulatorCommand(flags, untilSignal()), isDebug()));
}
