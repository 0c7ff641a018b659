export {
  startEmulator,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_TASK_DELAY_MS,
  MAX_BODY_BYTES,
  type Emulator,
  type EmulatorOptions,
} from './emulator.js';
export {
  loadSeedFile,
  DEFAULT_ACCOUNT,
  DEFAULT_CREDENTIALS,
  DEFAULT_TEMPLATE,
  type EmulatorSeed,
  type SeedCatalog,
  type SeedCredential,
  type SeedInvitation,
  type SeedOpportunity,
  type SeedSnapshotJob,
  type SeedTaskTarget,
} from './seed.js';
export { parseDailyQuota, parseQuota } from './faults.js';
export { DEFAULT_EXECUTION_INTERVAL_MS } from './executions.js';
export type { EmulatorStats } from './stats.js';
