/**
 * The load step that does a command's work once its stack is read: observe, diff, render, apply,
 * import, status and audit. It re-exports the other two stages, so that whatever they reach is
 * reached from here as a whole and stays in their files. See ./connect.ts for why.
 */
export * from './connect.js';
export * from './stack.js';
export { readPlanFile, writePlanFile } from '../../apply/plan-file.js';
export { completeFacts } from '../../live/read-job.js';
export { readExecutions } from '../../live/executions.js';
export { hasChanges, render } from '../../plan/index.js';
export { audit, breaksPolicy } from '../../plan/audit.js';
export { renderAudit } from '../../plan/render/audit.js';
export { isSyncedAndHealthy, jobsToRead, resourceStatuses } from '../../plan/status.js';
export { renderStatusHuman, toJsonStatus } from '../../plan/render/status.js';
export { checkImported, checkOutDir, checkStackName, importStack, parseCatalogs, writeStack } from '../../import/index.js';
export { observeLive, planAgainst, progressReporter } from '../pipeline.js';
export { changesSince, planChangedSince } from '../changed-since.js';
export { applyCommand as runApply } from '../commands/apply-run.js';
