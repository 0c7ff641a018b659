/** Shared set-up of the apply tests: an emulator on a free port, a stack on disk, plan and apply. */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClientOptions, PartnerCentralClient } from '../../src/api/index.js';
import { apply } from '../../src/apply/apply.js';
import { memoryJournal, type TokenJournal } from '../../src/apply/journal.js';
import { humanLine } from '../../src/apply/progress.js';
import type { ApplyEvent, ApplyOptions, ApplyResult } from '../../src/apply/types.js';
import type { ApplyFlags } from '../../src/cli/commands/apply.js';
import { loadDesiredState } from '../../src/desired/index.js';
import type { DesiredState } from '../../src/desired/types.js';
import type { Emulator, EmulatorOptions, EmulatorSeed, SeedSnapshotJob } from '../../src/emulator/index.js';
import { JobFactsCache } from '../../src/live/cache.js';
import { observe } from '../../src/live/observe.js';
import type { LiveSnapshotJob, LiveState } from '../../src/live/types.js';
import { diff } from '../../src/plan/index.js';
import type { DiffOptions, Plan } from '../../src/plan/types.js';
import { startTestEmulator, testClient } from '../support/emulator.js';

export const STACK = 'apply-test';
export const TEMPLATE = 'OpportunitySummaryView';
export const OTHER_TEMPLATE = 'PipelineView';
export const ENG = ['eng-applytest00001', 'eng-applytest00002', 'eng-applytest00003', 'eng-applytest00004'] as const;

/** The i-th engagement and opportunity of the generated seeds and stacks. */
export const engagementOf = (i: number): string => ENG[i % ENG.length] as string;
export const opportunityOf = (i: number): string => `O${3000 + i}`;

export interface SeedOptions {
  opportunities?: number;
  snapshotJobs?: SeedSnapshotJob[];
  extraOpportunities?: Array<string | { id: string; failWith?: string; failTimes?: number }>;
}

export function seedWith(options: SeedOptions = {}): EmulatorSeed {
  const n = options.opportunities ?? 20;
  return {
    templates: [TEMPLATE, OTHER_TEMPLATE],
    catalogs: {
      Sandbox: {
        engagements: [...ENG],
        opportunities: [...Array.from({ length: n }, (_, i) => opportunityOf(i)), 'O2001', ...(options.extraOpportunities ?? [])],
        invitations: ['engi-globexinvite1'],
        snapshotJobs: options.snapshotJobs ?? [],
      },
      AWS: { engagements: [], opportunities: [], invitations: [] },
    },
  };
}

export function startEmu(options: EmulatorOptions = {}): Promise<Emulator> {
  return startTestEmulator({ seed: seedWith(), taskDelayMs: 30, ...options });
}

/** The test client at 2000 calls a second. */
export function clientOf(emu: Emulator, options: ClientOptions = {}): PartnerCentralClient {
  return testClient(emu, { rates: { read: 2000, write: 2000 }, ...options });
}

export interface JobSpec {
  engagement: string;
  opportunity: string;
  template?: string;
  status?: 'Running' | 'Stopped';
  tags?: Record<string, string>;
}

export interface StackSpec {
  stack?: string;
  defaults?: Record<string, string>;
  ignoreTags?: { keys?: string[]; keyPrefixes?: string[] };
  snapshotJobs?: Record<string, JobSpec>;
  opportunityEngagements?: Record<
    string,
    { opportunity: string; involvementType?: string; visibility?: string; tags?: Record<string, string> }
  >;
  invitationAcceptances?: Record<string, { invitation: string; tags?: Record<string, string> }>;
}

export async function tempDir(prefix = 'cosell-apply-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes the stack as one YAML file in a fresh directory; returns the directory. */
export async function writeStack(spec: StackSpec, dir?: string): Promise<string> {
  const root = dir ?? (await tempDir());
  await mkdir(root, { recursive: true });
  const doc: Record<string, unknown> = { version: 1, stack: spec.stack ?? STACK, catalog: 'Sandbox' };
  doc.defaults = { tags: spec.defaults ?? { team: 'alliances' } };
  if (spec.ignoreTags) doc.ignoreTags = spec.ignoreTags;
  const jobs = Object.fromEntries(Object.entries(spec.snapshotJobs ?? {}).map(([name, j]) => [name, { template: TEMPLATE, ...j }]));
  if (Object.keys(jobs).length) doc.snapshotJobs = jobs;
  if (spec.opportunityEngagements) doc.opportunityEngagements = spec.opportunityEngagements;
  if (spec.invitationAcceptances) doc.invitationAcceptances = spec.invitationAcceptances;
  await writeFile(join(root, 'stack.yaml'), stringify(doc));
  return root;
}

export async function desiredOf(spec: StackSpec): Promise<DesiredState> {
  return loadDesiredState(await writeStack(spec));
}

/** N declared jobs over the seed's engagements and opportunities, with a few tags each. */
export function manyJobs(n: number, extraTags: (i: number) => Record<string, string> = () => ({})): Record<string, JobSpec> {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `job-${String(i).padStart(4, '0')}`,
      {
        engagement: engagementOf(i),
        opportunity: opportunityOf(i),
        status: i % 2 === 0 ? 'Running' : 'Stopped',
        tags: { index: String(i), tier: i % 3 === 0 ? 'gold' : 'silver', ...extraTags(i) },
      } satisfies JobSpec,
    ]),
  );
}

export async function liveOf(desired: DesiredState, client: PartnerCentralClient, cache?: JobFactsCache): Promise<LiveState> {
  return observe(desired, client, { parallelism: 20, cache });
}

/** The observation each plan of planOf was made from, handed to apply as `cosell apply` does. */
const observedFor = new WeakMap<Plan, LiveState>();

export async function planOf(
  desired: DesiredState,
  client: PartnerCentralClient,
  options: DiffOptions & { cache?: JobFactsCache } = {},
): Promise<Plan> {
  const live = await liveOf(desired, client, options.cache);
  const plan = diff(desired, live, options);
  observedFor.set(plan, live);
  return plan;
}

export interface Applied {
  result: ApplyResult;
  events: ApplyEvent[];
  lines: string[];
}

export async function applyPlan(
  plan: Plan,
  desired: DesiredState,
  client: PartnerCentralClient,
  options: ApplyOptions = {},
): Promise<Applied> {
  const events: ApplyEvent[] = [];
  const result = await apply(plan, desired, client, {
    pollMs: { initial: 10, max: 50 },
    observed: observedFor.get(plan),
    journal: memoryJournal(),
    ...options,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  return { result, events, lines: events.map(humanLine) };
}

/** plan then apply, the way `cosell apply --auto-approve` does. */
export async function planAndApply(
  desired: DesiredState,
  client: PartnerCentralClient,
  options: ApplyOptions & { journal?: TokenJournal } = {},
): Promise<Applied & { plan: Plan }> {
  const plan = await planOf(desired, client);
  return { plan, ...(await applyPlan(plan, desired, client, options)) };
}

/** Calls the emulator saw, minus the zero entries. */
export function callsOf(emu: Emulator): Record<string, number> {
  return Object.fromEntries(Object.entries(emu.stats().calls).filter(([, n]) => n > 0));
}

/** Live jobs by natural key string, to count duplicates. */
export function jobsByKey(jobs: readonly LiveSnapshotJob[]): Map<string, LiveSnapshotJob[]> {
  const out = new Map<string, LiveSnapshotJob[]>();
  for (const j of jobs) {
    const k = `${j.catalog}/${j.engagement}/${j.opportunity}/${j.template}`;
    out.set(k, [...(out.get(k) ?? []), j]);
  }
  return out;
}

export const cacheIn = (dir: string, endpoint: string): JobFactsCache => new JobFactsCache(dir, endpoint);

/** The flags of an in-process `cosell apply --auto-approve` against `endpoint`: JSON events, generous rates, a fresh job cache. */
export async function streamingFlags(endpoint: string): Promise<ApplyFlags> {
  return { endpoint, cacheDir: join(await tempDir(), '.cosell'), format: 'json', rate: { read: 500, write: 500 }, autoApprove: true };
}
