/**
 * A declared task's identity as diff matches it to live tasks: its kind, catalog and the
 * opportunity or invitation it starts from (involvementType and visibility are not part of it:
 * the service cannot redo a task).
 */
import type { Catalog } from '../desired/types.js';
import { joinKeyParts } from '../desired/natural-key.js';
import type { TaskKind } from './types.js';

export interface TaskKey {
  readonly kind: TaskKind;
  readonly catalog: Catalog;
  readonly identifier: string;
}

export const TASK_KINDS: readonly TaskKind[] = Object.freeze(['opportunityEngagement', 'invitationAcceptance'] as const);

/** The task key of anything that has one (a task identity, a live task), as a record of its own. */
export function taskKey(t: TaskKey): TaskKey {
  return { kind: t.kind, catalog: t.catalog, identifier: t.identifier };
}

/** The string a task key is looked up by: equal strings, equal keys. */
export function taskKeyId(t: TaskKey): string {
  return joinKeyParts([t.kind, t.catalog, t.identifier]);
}

/** The key for people: `KIND/CATALOG/IDENTIFIER`. */
export function showTaskKey(t: TaskKey): string {
  return `${t.kind}/${t.catalog}/${t.identifier}`;
}
