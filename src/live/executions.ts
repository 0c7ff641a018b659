/**
 * The executions of live jobs: LastSuccessfulExecutionDate and LastFailure change with every
 * run, so they are never cached; one GetResourceSnapshotJob a job, only for the jobs asked about.
 */
import { isServiceError, type PartnerCentralClient } from '../api/index.js';
import type { Catalog } from '../desired/types.js';
import { createPool } from './pool.js';
import { DEFAULT_PARALLELISM } from '../util/defaults.js';

export interface JobExecutionRead {
  lastSuccessfulExecutionDate?: string;
  lastFailure?: string;
}

/** The executions of each job, by id; a job gone since it was listed is left out. */
export async function readExecutions(
  client: PartnerCentralClient,
  jobs: ReadonlyArray<{ id: string; catalog: Catalog }>,
  parallelism = DEFAULT_PARALLELISM,
): Promise<Map<string, JobExecutionRead>> {
  const pool = createPool(parallelism);
  const out = new Map<string, JobExecutionRead>();
  await Promise.all(
    jobs.map(({ id, catalog }) =>
      pool(async () => {
        try {
          const job = await client.getResourceSnapshotJob({ Catalog: catalog, ResourceSnapshotJobIdentifier: id });
          const date = job.LastSuccessfulExecutionDate;
          out.set(id, {
            ...(date ? { lastSuccessfulExecutionDate: date instanceof Date ? date.toISOString() : String(date) } : {}),
            ...(job.LastFailure !== undefined ? { lastFailure: job.LastFailure } : {}),
          });
        } catch (err) {
          if (!isServiceError(err, 'ResourceNotFoundException')) throw err;
        }
      }),
    ),
  );
  return out;
}
