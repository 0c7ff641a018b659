import { isOperationName, operationClass, type OperationName } from './operations.js';

/** The operations the service gives a rate quota of their own (1 a second), apart from their class's. */
export const TASK_OPERATIONS: readonly OperationName[] = ['StartEngagementByAcceptingInvitationTask', 'StartEngagementFromOpportunityTask'];

/**
 * Calls by quota class: `read` and `write` always (the daily quotas count by them, so `write`
 * includes the task starts), and each task operation that was called, on its own as well, since
 * it has a rate quota of its own. Names that are not operations are left out.
 */
export function callsByQuotaClass(calls: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { read: 0, write: 0 };
  const tasks: Record<string, number> = {};
  for (const [op, n] of Object.entries(calls)) {
    if (!isOperationName(op) || !n) continue;
    out[operationClass(op)] = (out[operationClass(op)] ?? 0) + n;
    if (TASK_OPERATIONS.includes(op)) tasks[op] = (tasks[op] ?? 0) + n;
  }
  for (const op of TASK_OPERATIONS) if (tasks[op]) out[op] = tasks[op];
  return out;
}
