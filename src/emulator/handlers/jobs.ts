import type { SortOrder } from '../../model/index.js';
import { conflict, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { Paginator, page } from '../paging.js';
import { executeJob } from '../executions.js';
import { jobArn, nextSeq, opportunityArn, type CatalogWorld, type Job, type Tag } from '../state.js';
import { catalogOf, checkTagRules, copyTags, iso, pageSize, type Handler, type HandlerContext, type Input } from './context.js';

/** The service returns at most this many summaries a page, whatever MaxResults says. */
const JOBS_PAGE_CAP = 100;

/** A job with the same natural key (engagement, opportunity, template), if any. */
export function jobOnKey(catalog: CatalogWorld, engagement: string, opportunity: string, template: string): Job | undefined {
  for (const job of catalog.jobs.values())
    if (job.engagement === engagement && job.opportunity === opportunity && job.template === template) return job;
  return undefined;
}

function jobOf(ctx: HandlerContext, input: Input): { name: string; catalog: CatalogWorld; job: Job } {
  const { name, catalog } = catalogOf(ctx, input.Catalog);
  const id = input.ResourceSnapshotJobIdentifier as string;
  const job = catalog.jobs.get(id);
  if (!job) throw notFound(`Resource snapshot job ${id} was not found in catalog ${name}.`);
  return { name, catalog, job };
}

export const createResourceSnapshotJob: Handler = (ctx, input) => {
  const { name, catalog } = catalogOf(ctx, input.Catalog);
  const engagement = input.EngagementIdentifier as string;
  const opportunity = input.ResourceIdentifier as string;
  const template = input.ResourceSnapshotTemplateIdentifier as string;
  const tags = input.Tags as Tag[] | undefined;
  checkTagRules(tags, 'Tags');
  if (!catalog.engagements.has(engagement)) throw notFound(`Engagement ${engagement} was not found in catalog ${name}.`);
  if (!catalog.opportunities.has(opportunity)) throw notFound(`Opportunity ${opportunity} was not found in catalog ${name}.`);
  if (!ctx.world.templates.has(template)) throw notFound(`Resource snapshot template ${template} was not found.`);
  if (ctx.uniqueJobs) {
    const existing = jobOnKey(catalog, engagement, opportunity, template);
    if (existing)
      throw conflict(
        `A resource snapshot job for engagement ${engagement}, opportunity ${opportunity} and template ${template} already exists: ${existing.id}.`,
      );
  }
  const id = newId('job', (x) => catalog.jobs.has(x));
  catalog.jobs.set(id, {
    id,
    seq: nextSeq(ctx.world),
    engagement,
    opportunity,
    template,
    status: 'Stopped',
    createdAt: ctx.now,
    tags: copyTags(tags),
  });
  return { output: { Id: id, Arn: jobArn(ctx.world, name, id) }, changed: true };
};

export const getResourceSnapshotJob: Handler = (ctx, input) => {
  const { name, job } = jobOf(ctx, input);
  return {
    output: {
      Catalog: name,
      Id: job.id,
      Arn: jobArn(ctx.world, name, job.id),
      EngagementId: job.engagement,
      ResourceType: 'Opportunity',
      ResourceId: job.opportunity,
      ResourceArn: opportunityArn(ctx.world, name, job.opportunity),
      ResourceSnapshotTemplateName: job.template,
      CreatedAt: iso(job.createdAt),
      Status: job.status,
      LastSuccessfulExecutionDate: iso(job.lastSuccessAt),
      LastFailure: job.lastFailure,
    },
    changed: false,
  };
};

export const listResourceSnapshotJobs: Handler = (ctx, input) => {
  const { name, catalog } = catalogOf(ctx, input.Catalog);
  const engagement = input.EngagementIdentifier as string | undefined;
  const status = input.Status as string | undefined;
  const sort = input.Sort as { SortBy?: string; SortOrder?: SortOrder } | undefined;
  // The model's documentation of Sort: "If omitted, results are sorted by CreatedDate in
  // descending order."
  const order = sort?.SortOrder ?? 'DESCENDING';
  const query = Paginator.query('ListResourceSnapshotJobs', [name, engagement, status, order]);
  const token = input.NextToken as string | undefined;
  const after = token === undefined ? undefined : ctx.paginator.read(token, query);
  const matching = [...catalog.jobs.values()].filter(
    (j) => (engagement === undefined || j.engagement === engagement) && (status === undefined || j.status === status),
  );
  const result = page(matching, (j) => j.createdAt, order, pageSize(input.MaxResults, JOBS_PAGE_CAP), after);
  return {
    output: {
      ResourceSnapshotJobSummaries: result.items.map((j) => ({
        Id: j.id,
        Arn: jobArn(ctx.world, name, j.id),
        EngagementId: j.engagement,
        Status: j.status,
      })),
      NextToken: result.last && ctx.paginator.issue(query, result.last),
    },
    changed: false,
  };
};

export const startResourceSnapshotJob: Handler = (ctx, input) => {
  const { catalog, job } = jobOf(ctx, input);
  if (job.status === 'Running') throw conflict(`Resource snapshot job ${job.id} is already running.`);
  job.status = 'Running';
  // A job executes when it starts, then every execution interval.
  executeJob(ctx.world, catalog, job, ctx.now);
  return { output: {}, changed: true };
};

export const stopResourceSnapshotJob: Handler = (ctx, input) => {
  const { job } = jobOf(ctx, input);
  if (job.status === 'Stopped') throw conflict(`Resource snapshot job ${job.id} is already stopped.`);
  job.status = 'Stopped';
  return { output: {}, changed: true };
};

export const deleteResourceSnapshotJob: Handler = (ctx, input) => {
  const { catalog, job } = jobOf(ctx, input);
  if (job.status === 'Running') throw conflict(`Resource snapshot job ${job.id} is running: stop it before deleting it.`);
  catalog.jobs.delete(job.id);
  return { output: {}, changed: true };
};
