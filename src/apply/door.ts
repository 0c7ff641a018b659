/**
 * The ownership door at run time: what this run observed of each job's owner, asked just
 * before every call that changes an existing job. The decision itself is plan/ownership.ts;
 * this keeps the observations it rests on, and only this run's: a plan's (or a saved plan
 * file's) word about an owner is never recorded here.
 */
import type { DesiredState } from '../desired/types.js';
import type { LiveSnapshotJob, LiveState, LiveTask } from '../live/types.js';
import { naturalKeyId } from '../desired/natural-key.js';
import { taskKeyId } from '../plan/task-key.js';
import { identityOf } from '../plan/diff-tasks.js';
import { mayChange, ownerOf, refusalReason, standing, type JobOperation } from '../plan/ownership.js';
import type { NaturalKey } from '../plan/types.js';
import { CosellError } from '../util/errors.js';

/** A change the door refused: reported as an ownership conflict, and the run exits 1. */
export class OwnershipRefused extends CosellError {
  constructor(message: string) {
    super(`ownership conflict: ${message}`);
    this.name = 'OwnershipRefused';
  }
}

interface Seen {
  key: NaturalKey;
  owner: string | undefined;
}

export class OwnershipDoor {
  private readonly seen = new Map<string, Seen>();
  private readonly declaredKeys: Set<string>;
  /** Jobs that belong to a declared task (the task created them). */
  private readonly taskJobs = new Set<string>();
  private readonly declaredTasks: Set<string>;

  private constructor(
    readonly stack: string,
    desired: DesiredState,
  ) {
    this.declaredKeys = new Set(desired.snapshotJobs.map((d) => naturalKeyId(d)));
    this.declaredTasks = new Set(
      [...desired.opportunityEngagements, ...desired.invitationAcceptances].map((d) => taskKeyId(identityOf(d))),
    );
  }

  /** A door that knows what this run observed. */
  static observed(desired: DesiredState, live: LiveState): OwnershipDoor {
    const door = OwnershipDoor.opened(desired);
    door.seeTasks(live.tasks);
    for (const job of live.snapshotJobs) door.see(job);
    return door;
  }

  /**
   * A door that knows no job yet: streaming apply shows it the tasks once listed, then each job
   * as the job's diff becomes final.
   */
  static opened(desired: DesiredState): OwnershipDoor {
    return new OwnershipDoor(desired.stack, desired);
  }

  /** Records the jobs this run saw the declared tasks create: they belong to those tasks. */
  seeTasks(tasks: readonly LiveTask[]): void {
    for (const t of tasks) {
      if (t.status === 'COMPLETE' && t.resourceSnapshotJobId && this.declaredTasks.has(taskKeyId(t))) {
        this.taskJobs.add(t.resourceSnapshotJobId);
      }
    }
  }

  /** Records a job as observed now (its tags read in this run). */
  see(job: LiveSnapshotJob, options: { ofTask?: boolean } = {}): void {
    this.seen.set(job.id, {
      key: { catalog: job.catalog, engagement: job.engagement, opportunity: job.opportunity, template: job.template },
      owner: ownerOf(job.tags),
    });
    if (options.ofTask) this.taskJobs.add(job.id);
  }

  /** Whether this run has recorded the job (observed it, or made it true). */
  knows(id: string): boolean {
    return this.seen.has(id);
  }

  /** Records what this run itself made true: a job it created, or a claim it won. */
  owns(id: string, key: NaturalKey): void {
    this.seen.set(id, { key, owner: this.stack });
  }

  /** Throws OwnershipRefused unless this run may make `op` on the job now. */
  check(id: string, op: JobOperation): void {
    const s = this.seen.get(id);
    if (!s) throw new OwnershipRefused(`the job ${id} was not observed in this run, so cosell does not ${op} it`);
    const declared = this.declared(id, s.key);
    const st = standing(this.stack, s.owner, declared);
    if (!mayChange(st, op, declared)) throw new OwnershipRefused(refusalReason(id, st, op));
  }

  private declared(id: string, key: NaturalKey): boolean {
    return this.taskJobs.has(id) || this.declaredKeys.has(naturalKeyId(key));
  }
}
