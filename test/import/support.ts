import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createClient, type PartnerCentralClient } from '../../src/api/index.js';
import type { Catalog, JobStatus, Tags } from '../../src/desired/types.js';
import { startEmulator, type EmulatorSeed } from '../../src/emulator/index.js';
import { tagsToList } from '../../src/util/tags.js';

export const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

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
  return startEmulator({ port: 0, host: '127.0.0.1', seed, taskDelayMs: 0 });
}

export function clientOf(emu: Emulator): PartnerCentralClient {
  return createClient({
    endpoint: emu.url,
    credentials: KEY,
    rates: { read: 10_000, write: 10_000 },
    backoff: { baseMs: 1, throttleBaseMs: 5, capMs: 50 },
  });
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

export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cosell-import-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** The flags that point a command at an emulator, with credentials from the environment as a user's would be. */
export function targetFlags(
  emu: Emulator,
  cacheDir: string,
): { endpoint: string; cacheDir: string; parallelism: number; rate: Record<string, number> } {
  process.env.AWS_ACCESS_KEY_ID = KEY.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = KEY.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  // The emulator has no quota here: lift the client's limiter, which paces for the real service.
  return { endpoint: emu.url, cacheDir, parallelism: 10, rate: { read: 10_000, write: 10_000 } };
}

export { captured } from '../support/capture.js';
