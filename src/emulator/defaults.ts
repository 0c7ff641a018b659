/**
 * The emulator's defaults, apart from the emulator itself: `cosell --help` shows them, and must
 * not load the server to do so.
 */
export const DEFAULT_PORT = 4599;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_TASK_DELAY_MS = 1000;
export const DEFAULT_EXECUTION_INTERVAL_MS = 60_000;
