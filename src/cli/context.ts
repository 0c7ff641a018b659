import { existsSync } from 'node:fs';
import { printableLines } from '../util/printable.js';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createClient, type PartnerCentralClient } from '../api/index.js';
import { JobFactsCache } from '../live/cache.js';
import { CosellError } from '../util/errors.js';
import { EMULATOR_STATE_FILE, EXAMPLE_SEED, STATE_DIR, type TargetFlags } from './flags.js';
import { clientOptionsFrom } from './options.js';
import { formatStats } from './stats.js';

export { addTargetOptions, EMULATOR_STATE_FILE, EXAMPLE_SEED, STATE_DIR, useColor, type TargetFlags } from './flags.js';

/** How long an --emulator run waits for another one that uses the same state file. */
const EMULATOR_LOCK_WAIT_MS = 10 * 60_000;

export interface Target {
  client: PartnerCentralClient;
  cache: JobFactsCache;
  /** Stops what the target started (the embedded emulator), saving its state. */
  close(): Promise<void>;
}

/**
 * The service to talk to: the real one (or --endpoint), or with --emulator an in-process
 * emulator whose state persists in the working directory, so plan → apply → plan works
 * across separate commands with no AWS account.
 */
export async function openTarget(
  flags: TargetFlags,
  warn: (line: string) => void = (l) => process.stderr.write(`${printableLines(l)}\n`),
): Promise<Target> {
  const options = clientOptionsFrom(flags);
  let close = async (): Promise<void> => {};
  let cacheKey: string | undefined;
  if (flags.emulator) {
    if (flags.endpoint) throw new CosellError('--emulator and --endpoint cannot be used together');
    // Loaded only when asked for: most runs talk to the real service.
    const { DEFAULT_CREDENTIALS, loadSeedFile, startEmulator } = await import('../emulator/index.js');
    const seed = await loadSeedFile(resolve(flags.emulatorSeed ?? EXAMPLE_SEED));
    const statePath = resolve(EMULATOR_STATE_FILE);
    await mkdir(dirname(statePath), { recursive: true });
    if (flags.emulatorSeed && existsSync(statePath))
      warn(
        `Note: the embedded emulator goes on from ${EMULATOR_STATE_FILE}, not from --emulator-seed; delete that file to start from the seed.`,
      );
    const emulator = await startEmulator({
      port: 0,
      seed,
      statePath,
      // Runs that share the state take turns: each one sees what the one before it did.
      stateLockWaitMs: EMULATOR_LOCK_WAIT_MS,
      onStateLockWait: (holder) =>
        warn(`Waiting for another cosell run${holder ? ` (pid ${holder.pid})` : ''} that is using ${EMULATOR_STATE_FILE}…`),
    });
    const credential = seed.credentials?.[0] ?? DEFAULT_CREDENTIALS[0];
    if (!credential) throw new CosellError('the emulator seed lists no credentials');
    options.endpoint = emulator.url;
    options.credentials = { ...credential };
    close = () => emulator.close();
    // The embedded emulator's port changes every run; its identity is its state file.
    cacheKey = `emulator:${statePath}`;
  }
  const client = createClient(options);
  const cache = new JobFactsCache(resolve(flags.cacheDir ?? STATE_DIR), cacheKey ?? client.endpoint, warn);
  const stop = close;
  return {
    client,
    cache,
    close: async () => {
      if (flags.stats) warn(formatStats(client.stats()));
      await stop();
    },
  };
}
