import { randomUUID } from 'node:crypto';
import type { PartnerCentralClient } from '../../src/api/index.js';
import type { Catalog, JobStatus, Tags } from '../../src/desired/types.js';
import type { Emulator, EmulatorSeed } from '../../src/emulator/index.js';
import { tagsToList } from '../../src/util/tags.js';
import { EXAMPLE_KEY, startTestEmulator } from '../support/emulator.js';

export function engagementId(n: number): string {
  return `eng-imp${String(n).padStart(11, '0')}`;
}

/** A world of `engagements` engagements and opportunities O3000… in each catalog, and no job yet. */
export function worldSeed(opportunities = 80, engagements = 6): EmulatorSeed {
  const catalog = {
    engagements: Array.from({ length: engagements }, (_, i) => engagementId(i)),
    opportunities: Array.from({ length: opportunities }, (_, i) => `O${3000 + i}`),
    invitations: [],
  };
  return { catalogs: { Sandbox: catalog, AWS: catalog } };
}

export function emulator(seed: EmulatorSeed): Promise<Emulator> {
  return startTestEmulator({ seed });
}

export interface JobSpec {
  catalog?: Catalog;
  engagement: string;
  opportunity: string;
  template?: string;
  status?: JobStatus;
  tags?: Tags;
}

/** Creates a job directly through the API, as a person or another tool would have; returns its id. */
export async function createJob(client: PartnerCentralClient, spec: JobSpec): Promise<string> {
  const catalog = spec.catalog ?? 'Sandbox';
  const tags = spec.tags ?? {};
  const created = await client.createResourceSnapshotJob({
    Catalog: catalog,
    ClientToken: randomUUID(),
    EngagementIdentifier: spec.engagement,
    ResourceType: 'Opportunity',
    ResourceIdentifier: spec.opportunity,
    ResourceSnapshotTemplateIdentifier: spec.template ?? 'OpportunitySummaryView',
    ...(Object.keys(tags).length > 0 ? { Tags: tagsToList(tags) } : {}),
  });
  const id = created.Id as string;
  if ((spec.status ?? 'Running') === 'Running')
    await client.startResourceSnapshotJob({ Catalog: catalog, ResourceSnapshotJobIdentifier: id });
  return id;
}

export { tempFiles as tempDir } from '../support/files.js';

/** The flags that point a command at an emulator, with credentials from the environment as a user's would be. */
export function targetFlags(
  emu: Emulator,
  cacheDir: string,
): { endpoint: string; cacheDir: string; parallelism: number; rate: Record<string, number> } {
  process.env.AWS_ACCESS_KEY_ID = EXAMPLE_KEY.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = EXAMPLE_KEY.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  // The emulator has no quota here: lift the client's limiter, which paces for the real service.
  return { endpoint: emu.url, cacheDir, parallelism: 10, rate: { read: 10_000, write: 10_000 } };
}

export { captured } from '../support/capture.js';
