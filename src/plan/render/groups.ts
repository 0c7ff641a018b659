/**
 * Changes of the same shape, gathered so that a plan of thousands of alike jobs reads as one
 * statement and a list of addresses: the same action on jobs with the same catalog,
 * engagement, template, status and tags (or the same field and tag changes), differing only
 * in the opportunity (and so the name and id). Only creates and in-place updates of snapshot
 * jobs are gathered: a destroy or replacement, a task and an error are each shown on their own,
 * so that nothing destructive or unusual hides in a fold.
 */
import { changeReason, type ChangeReason } from '../reason.js';
import type { ManagedKeyTest } from '../tags.js';
import { Action, type JobValues, type ResourceChange, type SnapshotJobChange } from '../types.js';
import { jobShapeLines, type Line } from './blocks.js';

/** Fewer alike changes than this are shown one by one, as Terraform shows them. */
export const MIN_GROUP_SIZE = 2;

export interface ChangeGroup {
  action: typeof Action.Create | typeof Action.Update;
  /** Shared by every member: a group never mixes adoptions with plain updates. */
  reason: ChangeReason;
  catalog: string;
  engagement: string;
  template: string;
  /** The shared change, with EACH where the members differ. */
  shape: Line[];
  /** In plan order. */
  members: SnapshotJobChange[];
}

export interface Grouped {
  /** Changes shown one by one, in plan order. */
  single: ResourceChange[];
  /** In the order of their first member. */
  groups: ChangeGroup[];
}

export function groupChanges(changes: readonly ResourceChange[], managed: ManagedKeyTest): Grouped {
  const byKey = new Map<string, ChangeGroup>();
  const order: Array<ResourceChange | ChangeGroup> = [];
  for (const c of changes) {
    const shaped = groupable(c);
    if (!shaped) {
      order.push(c);
      continue;
    }
    const values = shaped.after as JobValues;
    const shape = jobShapeLines(shaped, managed);
    // Fields an update leaves unchanged are hidden from its lines, so they join the key here.
    const reason = changeReason(shaped);
    const key = JSON.stringify([shaped.action, reason, values.catalog, values.engagement, values.template, shape]);
    const found = byKey.get(key);
    if (found) found.members.push(shaped);
    else {
      const group: ChangeGroup = {
        action: shaped.action as ChangeGroup['action'],
        reason,
        catalog: values.catalog,
        engagement: values.engagement,
        template: values.template,
        shape,
        members: [shaped],
      };
      byKey.set(key, group);
      order.push(group);
    }
  }
  const single: ResourceChange[] = [];
  const groups: ChangeGroup[] = [];
  for (const item of order) {
    if (!('members' in item)) single.push(item);
    else if (item.members.length < MIN_GROUP_SIZE) single.push(...item.members);
    else groups.push(item);
  }
  return { single, groups };
}

function groupable(c: ResourceChange): SnapshotJobChange | undefined {
  if (c.kind !== 'snapshotJob' || c.after === null) return undefined;
  if (c.action === Action.Create) return c;
  if (c.action === Action.Update && c.before !== null && c.live !== undefined) return c;
  return undefined;
}
