/**
 * The keys of `plan.fingerprints`: what one fingerprint is a hash of. In the plan (and a saved
 * plan) each is a string; everywhere else it is this typed value, and this module is the only
 * one that makes or reads the string:
 * - `snapshotJob:CATALOG/ENGAGEMENT/OPPORTUNITY/TEMPLATE`: every live job on that natural key
 *   (none is an observation too: a job appearing there makes a planned create stale);
 * - `task:KIND/CATALOG/IDENTIFIER`: every live task for a declared task;
 * - `job:ID`: the job a COMPLETE task created.
 * Fields are joined as natural-key.ts joins them (a `/` or `%` inside one is escaped).
 */
import { isCatalog, naturalKey, naturalKeyId, showNaturalKey, splitKeyParts, type NaturalKey } from '../desired/natural-key.js';
import { showTaskKey, TASK_KINDS, taskKey, taskKeyId, type TaskKey } from './task-key.js';
import type { TaskKind } from './types.js';

export type FingerprintKey =
  | { readonly kind: 'snapshotJob'; readonly key: NaturalKey }
  | { readonly kind: 'task'; readonly task: TaskKey }
  | { readonly kind: 'job'; readonly id: string };

/** The fingerprint keys of the three kinds of observation. */
export const FingerprintKey = {
  jobsOn: (key: NaturalKey): FingerprintKey => ({ kind: 'snapshotJob', key: naturalKey(key) }),
  tasksOf: (task: TaskKey): FingerprintKey => ({ kind: 'task', task: taskKey(task) }),
  createdJob: (id: string): FingerprintKey => ({ kind: 'job', id }),
} as const;

export function encodeFingerprintKey(k: FingerprintKey): string {
  switch (k.kind) {
    case 'snapshotJob':
      return `snapshotJob:${naturalKeyId(k.key)}`;
    case 'task':
      return `task:${taskKeyId(k.task)}`;
    case 'job':
      return `job:${k.id}`;
  }
}

/** The key a string encodes; undefined for a string no cosell made (an edited plan). */
export function decodeFingerprintKey(text: string): FingerprintKey | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const kind = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  if (kind === 'job') return { kind, id: rest };
  const parts = splitKeyParts(rest);
  if (kind === 'snapshotJob' && parts?.length === 4) {
    const [catalog, engagement, opportunity, template] = parts as [string, string, string, string];
    if (isCatalog(catalog)) return { kind, key: { catalog, engagement, opportunity, template } };
  }
  if (kind === 'task' && parts?.length === 3) {
    const [taskKind, catalog, identifier] = parts as [string, string, string];
    if (TASK_KINDS.includes(taskKind as TaskKind) && isCatalog(catalog))
      return { kind, task: { kind: taskKind as TaskKind, catalog, identifier } };
  }
  return undefined;
}

/** What a key stands for, for people: the natural key, the task, or the job id. */
export function showFingerprintKey(k: FingerprintKey): string {
  switch (k.kind) {
    case 'snapshotJob':
      return showNaturalKey(k.key);
    case 'task':
      return showTaskKey(k.task);
    case 'job':
      return k.id;
  }
}
