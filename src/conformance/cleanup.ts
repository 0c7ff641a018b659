import { items, text } from './expectations.js';
import { quoted } from './judge.js';
import { RUN_TAG_KEY } from './options.js';
import type { Call, Observation } from './sdk.js';
import type { CleanupResult, StepContext } from './types.js';

/** At most this many pages of the engagement are read to find a job an unanswered create made. */
const SWEEP_PAGES = 10;

const failure = (what: string, obs: Observation): string =>
  `${what} failed: ${obs.error ?? 'Error'}${obs.status ? ` (HTTP ${obs.status})` : ''}${quoted(obs.message)}`;

/**
 * The jobs in the run's engagement that carry this run's tag and that no answer named: what a
 * create made whose answer was lost.
 */
async function sweep(ctx: StepContext, call: Call): Promise<{ found: string[] } | { failed: string }> {
  const found: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < SWEEP_PAGES; page++) {
    const list = await call('ListResourceSnapshotJobs', {
      Catalog: ctx.options.catalog,
      EngagementIdentifier: ctx.options.engagement,
      NextToken: token,
    });
    if (list.error) return { failed: failure('ListResourceSnapshotJobs', list) };
    for (const summary of items(list.body, 'ResourceSnapshotJobSummaries')) {
      const id = text(summary, 'Id');
      const arn = text(summary, 'Arn');
      if (!id || !arn || ctx.created.has(id)) continue;
      const tags = await call('ListTagsForResource', { ResourceArn: arn });
      if (items(tags.body, 'Tags').some((t) => text(t, 'Key') === RUN_TAG_KEY && text(t, 'Value') === ctx.options.runId)) found.push(id);
    }
    token = text(list.body, 'NextToken');
    if (!token) return { found };
  }
  return { found };
}

/** Stops (if running) and deletes one job; a job already gone is fine. */
async function remove(ctx: StepContext, call: Call, id: string): Promise<CleanupResult> {
  const ref = { Catalog: ctx.options.catalog, ResourceSnapshotJobIdentifier: id };
  const got = await call('GetResourceSnapshotJob', ref);
  if (got.error === 'ResourceNotFoundException') return { job: id, outcome: 'gone' };
  if (got.error) return { job: id, outcome: 'left', detail: failure('GetResourceSnapshotJob', got) };
  if (text(got.body, 'Status') === 'Running') {
    const stop = await call('StopResourceSnapshotJob', ref);
    if (stop.error && stop.error !== 'ConflictException')
      return { job: id, outcome: 'left', detail: failure('StopResourceSnapshotJob', stop) };
  }
  const del = await call('DeleteResourceSnapshotJob', ref);
  if (del.error === 'ResourceNotFoundException') return { job: id, outcome: 'gone' };
  if (del.error && (del.status === undefined || del.status >= 500)) {
    // The delete may have happened and only its answer been lost: look before saying so.
    const after = await call('GetResourceSnapshotJob', ref);
    if (after.error === 'ResourceNotFoundException') return { job: id, outcome: 'deleted' };
  }
  if (del.error) return { job: id, outcome: 'left', detail: failure('DeleteResourceSnapshotJob', del) };
  return { job: id, outcome: 'deleted' };
}

/** With --keep: a job the sequence deleted itself is reported gone, any other kept. */
async function keepOne(ctx: StepContext, call: Call, id: string): Promise<CleanupResult> {
  const got = await call('GetResourceSnapshotJob', { Catalog: ctx.options.catalog, ResourceSnapshotJobIdentifier: id });
  return got.error === 'ResourceNotFoundException' ? { job: id, outcome: 'gone' } : { job: id, outcome: 'kept', detail: '--keep' };
}

/**
 * Deletes every job the run made (or, with `keep`, lists them), including one an unanswered create
 * may have made. Each outcome is reported as it happens.
 */
export async function cleanup(ctx: StepContext, call: Call, keep: boolean, report: (r: CleanupResult) => void): Promise<CleanupResult[]> {
  const results: CleanupResult[] = [];
  const done = (r: CleanupResult): void => {
    results.push(r);
    report(r);
  };
  const ids = [...ctx.created.keys()];
  if (ctx.uncertainCreate) {
    const swept = await sweep(ctx, call);
    if ('failed' in swept)
      done({
        job: `(a job tagged ${RUN_TAG_KEY}=${ctx.options.runId})`,
        outcome: 'left',
        detail: `a create went unanswered, so it may have made a job, and the engagement could not be read to find it: ${swept.failed}`,
      });
    else ids.push(...swept.found);
  }
  for (const id of ids) done(keep ? await keepOne(ctx, call, id) : await remove(ctx, call, id));
  return results;
}
