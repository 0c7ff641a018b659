/** A job's status, set with the fewest calls; the ownership door asked first. */
import { isServiceError, type PartnerCentralClient } from '../api/index.js';
import type { Catalog, JobStatus } from '../desired/types.js';
import type { OwnershipDoor } from './door.js';

/**
 * Start or Stop. A ConflictException may mean the job is already so (a retry whose first answer
 * was lost, or a change made meanwhile): one Get tells, and only then.
 */
export async function setJobStatus(
  client: PartnerCentralClient,
  door: OwnershipDoor,
  catalog: Catalog,
  id: string,
  status: JobStatus,
): Promise<void> {
  door.check(id, status === 'Running' ? 'start' : 'stop');
  const input = { Catalog: catalog, ResourceSnapshotJobIdentifier: id };
  try {
    if (status === 'Running') await client.startResourceSnapshotJob(input);
    else await client.stopResourceSnapshotJob(input);
  } catch (err) {
    if (isServiceError(err, 'ConflictException')) {
      const job = await client.getResourceSnapshotJob(input);
      if (job.Status === status) return;
    }
    throw err;
  }
}
