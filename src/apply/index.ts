/** The apply stage: a plan made real with the fewest calls, never twice. */
export { apply, refusal, DEFAULT_TASK_TIMEOUT_MS } from './apply.js';
export { DEFAULT_PARALLELISM } from '../util/defaults.js';
export { fileJournal, memoryJournal, type JournalEntry, type TokenJournal } from './journal.js';
export { formatDuration, humanLine, jsonEvent, jsonLine, summaryLine } from './progress.js';

export { checkSavedPlan, staleError, staleItems, type StaleItem } from './stale.js';
export { hashUuid, jobCreateToken, taskStartToken, taskGeneration } from './tokens.js';
export { isPlanFilePath, readPlanFile, writePlanFile, PLAN_FILE_KIND, type SavedPlan } from './plan-file.js';
export type * from './types.js';
