/**
 * When part of an observation is final: streaming apply starts a resource's changes as soon as
 * nothing still to come could change its diff. The unit is an opportunity (catalog, engagement,
 * opportunity): diff pairs replacements over the jobs of one opportunity, so a declared key's
 * diff rests on every job on its opportunity, not only on its key.
 *
 * An opportunity is final once
 *   - its catalog's listing is complete (no job still to be listed),
 *   - the tasks are listed (a task's COMPLETE job belongs to the task, not to a declared key),
 *   - no listed job of its catalog that may be on its engagement still waits for its facts
 *     (a listing names each job's engagement; a job that does not may be anywhere), and
 *   - every job known to be on it has had its tags read (or turned out gone).
 * Each opportunity is told once, with the jobs on it. `allListed` says when every catalog's
 * listing is complete: destroys of owned jobs no longer declared wait for it.
 */
import type { Catalog } from '../desired/types.js';
import type { LiveSnapshotJob, LiveTask } from './types.js';

export interface OpportunityGroup {
  catalog: Catalog;
  engagement: string;
  opportunity: string;
}

/** What observe tells as it goes; see ObserveOptions.watcher. */
export interface ObservationWatcher {
  /** A job was listed; `engagement` is the listing's word for it, when it gave one. */
  listed(catalog: Catalog, id: string, engagement: string | undefined): void;
  /** A listed job's facts are known (undefined: it is gone). */
  factsKnown(id: string, facts: OpportunityGroup | undefined): void;
  /** A listed job is read through: its tags are known (undefined: it is gone). */
  read(id: string, job: LiveSnapshotJob | undefined): void;
  /** A catalog's listing is complete (or passed over as unreadable). */
  catalogListed(catalog: Catalog): void;
  /** The tasks are listed. */
  tasksListed(tasks: readonly LiveTask[]): void;
}

const ANY = '\0any';
const engagementOf = (catalog: Catalog, engagement: string): string => `${catalog}/${engagement}`;
const opportunityOf = (g: OpportunityGroup): string => `${g.catalog}/${g.engagement}/${g.opportunity}`;

export interface FinalityHandlers {
  /** An opportunity whose diff is final, with every live job on it. */
  onFinal(group: OpportunityGroup, jobs: readonly LiveSnapshotJob[], tasks: readonly LiveTask[]): void;
  /** Every catalog's listing is complete. */
  onAllListed(): void;
  /**
   * A job turned out to be on an opportunity already told final: its facts (from the job cache)
   * name another engagement than its listing did. What was told of that opportunity is not final.
   */
  onLate(group: OpportunityGroup): void;
}

export class ObservationFinality implements ObservationWatcher {
  private readonly listedCatalogs = new Set<Catalog>();
  private tasks: readonly LiveTask[] | undefined;
  /** Listed jobs still waiting for their facts, by their listing's engagement (or ANY). */
  private readonly pendingFacts = new Map<string, number>();
  private readonly pendingEngagement = new Map<string, string>();
  /** Jobs whose facts are known and whose tags are still being read, by opportunity. */
  private readonly unread = new Map<string, number>();
  private readonly groupOfJob = new Map<string, OpportunityGroup>();
  private readonly jobs = new Map<string, LiveSnapshotJob[]>();
  /** Every opportunity there is to tell, by engagement (catalog/engagement), and the engagements of each catalog. */
  private readonly groups = new Map<string, Map<string, OpportunityGroup>>();
  private readonly engagements = new Map<Catalog, Set<string>>();
  private readonly told = new Set<string>();

  constructor(
    private readonly catalogs: readonly Catalog[],
    declared: readonly OpportunityGroup[],
    private readonly handlers: FinalityHandlers,
  ) {
    for (const g of declared) this.addGroup(g);
  }

  listed(catalog: Catalog, id: string, engagement: string | undefined): void {
    const k = engagementOf(catalog, engagement || ANY);
    this.pendingEngagement.set(id, k);
    this.pendingFacts.set(k, (this.pendingFacts.get(k) ?? 0) + 1);
  }

  factsKnown(id: string, facts: OpportunityGroup | undefined): void {
    const k = this.pendingEngagement.get(id);
    if (k === undefined) return;
    this.pendingEngagement.delete(id);
    this.pendingFacts.set(k, (this.pendingFacts.get(k) ?? 1) - 1);
    if (facts) {
      const group = { catalog: facts.catalog, engagement: facts.engagement, opportunity: facts.opportunity };
      if (this.told.has(opportunityOf(group))) this.handlers.onLate(group);
      this.addGroup(group);
      this.groupOfJob.set(id, group);
      const o = opportunityOf(group);
      this.unread.set(o, (this.unread.get(o) ?? 0) + 1);
    }
    if (this.pendingFacts.get(k) !== 0) return;
    const catalog = k.slice(0, k.indexOf('/')) as Catalog;
    if (k === engagementOf(catalog, ANY)) this.checkCatalog(catalog);
    else this.checkEngagement(k);
  }

  read(id: string, job: LiveSnapshotJob | undefined): void {
    const group = this.groupOfJob.get(id);
    if (!group) return;
    this.groupOfJob.delete(id);
    const o = opportunityOf(group);
    this.unread.set(o, (this.unread.get(o) ?? 1) - 1);
    if (job) {
      const list = this.jobs.get(o);
      if (list) list.push(job);
      else this.jobs.set(o, [job]);
    }
    this.check(group);
  }

  catalogListed(catalog: Catalog): void {
    this.listedCatalogs.add(catalog);
    this.checkCatalog(catalog);
    if (this.catalogs.every((c) => this.listedCatalogs.has(c))) this.handlers.onAllListed();
  }

  tasksListed(tasks: readonly LiveTask[]): void {
    this.tasks = tasks;
    for (const c of this.listedCatalogs) this.checkCatalog(c);
  }

  private addGroup(g: OpportunityGroup): void {
    const e = engagementOf(g.catalog, g.engagement);
    let opportunities = this.groups.get(e);
    if (!opportunities) {
      opportunities = new Map();
      this.groups.set(e, opportunities);
      const set = this.engagements.get(g.catalog) ?? new Set<string>();
      this.engagements.set(g.catalog, set);
      set.add(e);
    }
    opportunities.set(opportunityOf(g), g);
  }

  private checkCatalog(catalog: Catalog): void {
    for (const e of this.engagements.get(catalog) ?? []) this.checkEngagement(e);
  }

  private checkEngagement(e: string): void {
    for (const g of this.groups.get(e)?.values() ?? []) this.check(g);
  }

  private check(g: OpportunityGroup): void {
    const o = opportunityOf(g);
    if (this.told.has(o) || !this.tasks || !this.listedCatalogs.has(g.catalog)) return;
    if ((this.unread.get(o) ?? 0) > 0) return;
    if ((this.pendingFacts.get(engagementOf(g.catalog, g.engagement)) ?? 0) > 0) return;
    if ((this.pendingFacts.get(engagementOf(g.catalog, ANY)) ?? 0) > 0) return;
    this.told.add(o);
    this.handlers.onFinal(g, this.jobs.get(o) ?? [], this.tasks);
  }
}
