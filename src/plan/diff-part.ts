/**
 * The diff of one opportunity (catalog, engagement, opportunity) from the jobs on it alone:
 * exactly the changes and errors that diff() makes for it given the whole account. Streaming
 * apply runs it as each opportunity's observation becomes final (live/finality.ts), so that a
 * resource's change starts before the rest of the account is read.
 *
 * Why it is the same: diff-jobs matches a declaration to the jobs on its key, pairs replacements
 * within one opportunity, and leaves to the tasks the jobs their COMPLETE tasks created. So a
 * declared key's change rests on the jobs of its opportunity, the declared tasks and the tasks
 * listed; an undeclared job's on the same, and on every declared address (for its name).
 */
import type { Catalog, DesiredSnapshotJob, DesiredState } from '../desired/types.js';
import type { LiveSnapshotJob, LiveTask } from '../live/types.js';
import { planFilter } from './address.js';
import { naturalKeyId } from '../desired/natural-key.js';
import { taskKeyId } from './task-key.js';
import { diff } from './diff.js';
import { diffJobs } from './diff-jobs.js';
import { diffTasks, identityOf } from './diff-tasks.js';
import { indexLive } from './live-index.js';
import { PlanSink } from './planned.js';
import { managedKeyTest, type ManagedKeyTest } from './tags.js';
import type { DiffOptions, PlanError, ResourceChange } from './types.js';

export interface Opportunity {
  catalog: Catalog;
  engagement: string;
  opportunity: string;
}

const opportunityOf = (o: Opportunity): string => `${o.catalog}/${o.engagement}/${o.opportunity}`;

/**
 * The errors a plan of `desired` has whatever is live: they come from the stack alone. With
 * nothing live, diff finds only declarations of one key or task identity made twice, so a stack
 * without such is answered at once (a diff of 10,000 declarations takes a few hundred ms).
 */
export function stackErrors(desired: DesiredState, options: DiffOptions): PlanError[] {
  const seen = new Set<string>();
  let twice = false;
  for (const d of desired.snapshotJobs) {
    const k = `job/${naturalKeyId(d)}`;
    twice ||= seen.has(k);
    seen.add(k);
  }
  for (const d of [...desired.opportunityEngagements, ...desired.invitationAcceptances]) {
    const id = identityOf(d);
    const k = `task/${taskKeyId(id)}`;
    twice ||= seen.has(k);
    seen.add(k);
  }
  if (!twice) return [];
  return diff(desired, { catalogs: [...desired.catalogs], snapshotJobs: [], tasks: [] }, options).errors;
}

/** The opportunities the stack declares jobs on. */
export function declaredOpportunities(desired: DesiredState): Opportunity[] {
  const seen = new Map<string, Opportunity>();
  for (const d of desired.snapshotJobs)
    seen.set(opportunityOf(d), { catalog: d.catalog, engagement: d.engagement, opportunity: d.opportunity });
  return [...seen.values()];
}

export class OpportunityDiff {
  private readonly declared = new Map<string, DesiredSnapshotJob[]>();
  private readonly declaredAddresses = new Set<string>();
  private readonly claimed: Map<string, string>;
  private readonly managed: ManagedKeyTest;

  /** `tasks`: every task observed (they decide which jobs belong to declared tasks). */
  constructor(
    private readonly desired: DesiredState,
    tasks: readonly LiveTask[],
    private readonly options: DiffOptions = {},
  ) {
    for (const d of desired.snapshotJobs) {
      const o = opportunityOf(d);
      const list = this.declared.get(o);
      if (list) list.push(d);
      else this.declared.set(o, [d]);
    }
    for (const list of [desired.snapshotJobs, desired.opportunityEngagements, desired.invitationAcceptances]) {
      for (const r of list) this.declaredAddresses.add(r.address);
    }
    this.managed = managedKeyTest(desired.ignoreTags);
    // Which jobs the declared tasks created depends on the tasks alone; their changes are not this step's.
    const index = indexLive({ catalogs: [], snapshotJobs: [], tasks: [...tasks] });
    this.claimed = diffTasks(desired, index, this.managed, new PlanSink(() => false));
  }

  /** The changes (no-ops included) and errors of the snapshot jobs on `o`, given every live job on it. */
  of(o: Opportunity, jobs: readonly LiveSnapshotJob[]): { changes: ResourceChange[]; errors: PlanError[] } {
    const desired: DesiredState = { ...this.desired, snapshotJobs: this.declared.get(opportunityOf(o)) ?? [] };
    const index = indexLive({ catalogs: [], snapshotJobs: [...jobs], tasks: [] });
    const sink = new PlanSink(planFilter(this.options.targets, this.options.excludes, this.options.onlyTargets));
    diffJobs({ desired, index, managed: this.managed, claimed: this.claimed, declaredAddresses: this.declaredAddresses }, sink);
    return { changes: sink.changes, errors: sink.errors };
  }
}
