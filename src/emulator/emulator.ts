import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { CosellError } from '../util/errors.js';
import { acquireLock, type Lock, type LockHolder } from '../util/lock.js';
import { DEFAULT_EXECUTION_INTERVAL_MS, DEFAULT_HOST, DEFAULT_TASK_DELAY_MS } from './defaults.js';
import { setExecutionInterval } from './executions.js';
import { checkDailyQuota, checkQuota, checkRate, Faults } from './faults.js';
import { loadState, StateWriter } from './persist.js';
import { checkSeedObject, loadSeedFile, seedCredentials, worldFromSeed, type EmulatorSeed } from './seed.js';
import { allowedHostName, isLoopback } from './guard.js';
import { createEmulatorServer } from './server.js';
import { StatsCounter, type EmulatorStats } from './stats.js';

export { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TASK_DELAY_MS } from './defaults.js';
export const MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 256;

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port (the CLI's default is 4599). */
  port?: number;
  /** A YAML seed file, or the seed itself. Default: empty catalogs, the AKIDEXAMPLE credential. */
  seed?: string | EmulatorSeed;
  /**
   * Load the world from this file if it exists, and save it there after every change. The
   * emulator holds the file's lock (`FILE.lock`) from start to close: one process at a time.
   */
  statePath?: string;
  /** How long to wait for another process that holds the state file's lock; default 0 (fail at once). */
  stateLockWaitMs?: number;
  /** Told once when the state file is found locked, before waiting for it. */
  onStateLockWait?: (holder: LockHolder | undefined) => void;
  /** Added to every answer. */
  latencyMs?: number;
  /** TPS by `read`, `write` or an operation name; over it, ThrottlingException. */
  quotas?: Record<string, number>;
  /** Calls allowed in the rolling quota window, by `read`, `write` or an operation name. */
  dailyQuotas?: Record<string, number>;
  /** The rolling window of the daily quotas, in seconds; default 86400 (the service's day). */
  quotaWindowS?: number;
  /** Probability of an InternalServerException. */
  failRate?: number;
  /** Probability that a connection is destroyed before any processing. */
  dropRate?: number;
  /** Probability that a mutating call is applied, then its connection destroyed. */
  commitDropRate?: number;
  /** Seed of the fault PRNG: the same seed, the same faults. Default: random. */
  faultSeed?: number;
  /** One job per (catalog, engagement, opportunity, template); default true. */
  uniqueJobs?: boolean;
  /** How long a task stays IN_PROGRESS; default 1000. */
  taskDelayMs?: number;
  /** How often a Running job executes (after the execution when it starts); default 60000. */
  executionIntervalMs?: number;
  /** A request whose body has not arrived after this long gets 408; default 10000. */
  requestTimeoutMs?: number;
  /** Larger bodies get 413; default 1 MiB. */
  maxBodyBytes?: number;
  /** Host names served besides loopback names and `host` (the `--allow-host` flag). */
  allowHosts?: readonly string[];
  /** Open connections one client address may hold; past it, 503. Default 256. */
  maxConnectionsPerClient?: number;
  /** Told when the emulator listens beyond this machine; default: a line on stderr. */
  onWarning?: (message: string) => void;
}

export interface Emulator {
  /** `http://HOST:PORT`, the endpoint to give a client. */
  url: string;
  host: string;
  port: number;
  stats(): EmulatorStats;
  resetStats(): void;
  /** Stops the server, ends open connections and writes the state file. */
  close(): Promise<void>;
}

function checkNumber(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= min))
    throw new CosellError(`${name} must be a number of at least ${min}, not ${value}`);
}

function checkOptions(o: EmulatorOptions): void {
  checkNumber('port', o.port, 0);
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port > 65535))
    throw new CosellError(`port must be a whole number from 0 to 65535, not ${o.port}`);
  checkNumber('latencyMs', o.latencyMs, 0);
  checkNumber('taskDelayMs', o.taskDelayMs, 0);
  checkNumber('executionIntervalMs', o.executionIntervalMs, 1);
  checkNumber('requestTimeoutMs', o.requestTimeoutMs, 1);
  checkNumber('maxBodyBytes', o.maxBodyBytes, 1);
  checkNumber('maxConnectionsPerClient', o.maxConnectionsPerClient, 1);
  for (const name of o.allowHosts ?? [])
    if (allowedHostName(name) === undefined)
      throw new CosellError(
        `--allow-host takes a host name or an address, without a port or scheme (e.g. --allow-host devbox.internal), not ${JSON.stringify(name)}`,
      );
  if (o.faultSeed !== undefined && !Number.isInteger(o.faultSeed))
    throw new CosellError(`faultSeed must be a whole number, not ${o.faultSeed}`);
  for (const [name, rate] of [
    ['failRate', o.failRate],
    ['dropRate', o.dropRate],
    ['commitDropRate', o.commitDropRate],
  ] as const)
    if (rate !== undefined) checkRate(name, rate);
  for (const [op, tps] of Object.entries(o.quotas ?? {})) checkQuota(op, tps);
  for (const [op, calls] of Object.entries(o.dailyQuotas ?? {})) checkDailyQuota(op, calls);
  if (o.quotaWindowS !== undefined && (!Number.isFinite(o.quotaWindowS) || o.quotaWindowS <= 0))
    throw new CosellError(`quotaWindowS must be a number of seconds above 0, not ${o.quotaWindowS}`);
}

/** Starts the Partner Central Selling emulator on a real HTTP port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  // Another process's writes between this one's load and save would be lost: hold the lock.
  const lock = options.statePath ? await lockState(options.statePath, options) : undefined;
  try {
    const emulator = await startUnlocked(options);
    return lock ? { ...emulator, close: () => emulator.close().finally(() => lock.release()) } : emulator;
  } catch (err) {
    await lock?.release();
    throw err;
  }
}

async function lockState(path: string, options: EmulatorOptions): Promise<Lock> {
  try {
    return await acquireLock(path, { waitMs: options.stateLockWaitMs ?? 0, onWait: (holder) => options.onStateLockWait?.(holder) });
  } catch (err) {
    if (err instanceof CosellError) throw err;
    throw new CosellError(`cannot write emulator state ${path}: ${(err as Error).message}`);
  }
}

async function startUnlocked(options: EmulatorOptions): Promise<Emulator> {
  checkOptions(options);
  const uniqueJobs = options.uniqueJobs ?? true;
  const seed =
    typeof options.seed === 'string' ? await loadSeedFile(options.seed, uniqueJobs) : checkSeedObject(options.seed ?? {}, uniqueJobs);
  const world = (options.statePath && (await loadState(options.statePath))) || worldFromSeed(seed, Date.now());
  setExecutionInterval(world, options.executionIntervalMs ?? DEFAULT_EXECUTION_INTERVAL_MS);
  const writer = options.statePath ? new StateWriter(options.statePath, () => world) : undefined;
  if (writer) await writer.save().catch((err: Error) => Promise.reject(new CosellError(err.message)));

  const stats = new StatsCounter();
  const abort = new AbortController();
  // Every request waiting out its latency listens on this signal; the connection cap bounds how
  // many, and Node's default of 10 would warn at ordinary concurrency.
  setMaxListeners(0, abort.signal);
  const host = options.host ?? DEFAULT_HOST;
  const server = createEmulatorServer({
    world,
    credentials: seedCredentials(seed),
    faults: new Faults({
      latencyMs: options.latencyMs ?? 0,
      quotas: { ...options.quotas },
      dailyQuotas: { ...options.dailyQuotas },
      quotaWindowMs: (options.quotaWindowS ?? 86_400) * 1000,
      failRate: options.failRate ?? 0,
      dropRate: options.dropRate ?? 0,
      commitDropRate: options.commitDropRate ?? 0,
      faultSeed: options.faultSeed ?? Math.floor(Math.random() * 2 ** 31),
    }),
    stats,
    writer,
    uniqueJobs,
    taskDelayMs: options.taskDelayMs ?? DEFAULT_TASK_DELAY_MS,
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    signal: abort.signal,
    hosts: { bound: host, allowed: (options.allowHosts ?? []).map((h) => allowedHostName(h)!) },
    maxConnectionsPerClient: options.maxConnectionsPerClient ?? DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new CosellError(
          err.code === 'EADDRINUSE'
            ? `cannot listen on ${host}:${options.port ?? 0}: the port is in use`
            : `cannot listen on ${host}:${options.port ?? 0}: ${err.message}`,
        ),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  if (!isLoopback(host))
    (options.onWarning ?? ((m) => process.stderr.write(`${m}\n`)))(exposureWarning(host, seed.credentials === undefined));

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    close: () =>
      (closing ??= (async () => {
        abort.abort();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await writer?.save();
      })()),
  };
}

/** Said when the emulator listens on an address other machines can reach. */
export function exposureWarning(host: string, defaultCredentials: boolean): string {
  const who = defaultCredentials
    ? 'with the default credentials, which are public (AKIDEXAMPLE, printed in every AWS example), anyone who can reach it can change its state'
    : "anyone who can reach it and holds the seed's credentials can change its state";
  return (
    `Warning: the emulator listens on ${host}, which other machines can reach: ${who}. ` +
    'Listen on 127.0.0.1 unless that is what you want; clients from elsewhere must also be allowed with --allow-host NAME.'
  );
}
