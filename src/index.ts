/**
 * cosell's programmatic API: the same pipeline the CLI runs.
 *
 *   loadStack / loadDesiredState  files → DesiredState
 *   createClient                  the Partner Central Selling client
 *   observe                       DesiredState + client → LiveState
 *   diff                          DesiredState + LiveState → Plan (pure)
 *   render                        Plan → text | JSON | markdown (pure)
 *   apply                         Plan + client → the account made to match
 *   resourceStatuses              Plan + executions → sync and health (pure)
 *   audit                         TagPolicy + live jobs → the jobs that break it (pure)
 *   startEmulator                 the local stand-in for the service
 */
export * from './desired/types.js';
export * from './live/types.js';
export { loadStack, loadDesiredState, formatDiagnostic, type Diagnostic, type StackLoad } from './desired/index.js';
export { createClient, ServiceError, isServiceError, type ClientOptions, type PartnerCentralClient } from './api/index.js';
export { observe, type ObserveOptions } from './live/observe.js';
export { JobFactsCache, type JobFacts } from './live/cache.js';
export { diff, render, renderHuman, renderJson, renderMarkdown, hasChanges, findStale } from './plan/index.js';
export type {
  Plan,
  ResourceChange,
  SnapshotJobChange,
  TaskChange,
  PlanError,
  PlanSummary,
  PlanFormat,
  RenderOptions,
} from './plan/index.js';
export { apply, checkSavedPlan, fileJournal, memoryJournal, humanLine, jsonLine } from './apply/index.js';
export type { ApplyOptions, ApplyResult, ApplyEvent } from './apply/index.js';
export { resourceStatuses, jobsToRead, type ResourceStatus, type SyncStatus, type HealthStatus, type JobExecution } from './plan/status.js';
export { readExecutions } from './live/executions.js';
export { audit, type AuditReport, type AuditFinding } from './plan/audit.js';
export { readTagPolicy } from './desired/policy/read.js';
export { evaluateTags, describeViolation } from './desired/policy/evaluate.js';
export type { TagPolicy, PolicyRule, Violation } from './desired/policy/types.js';
export { startEmulator, type Emulator, type EmulatorOptions, type EmulatorSeed } from './emulator/index.js';
export { CosellError } from './util/errors.js';
