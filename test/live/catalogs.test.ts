import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { observe } from '../../src/live/observe.js';
import { diff } from '../../src/plan/index.js';
import type { SnapshotJobChange } from '../../src/plan/types.js';
import { emulator, stackFrom } from './support.js';
import { testClient, EXAMPLE_KEY } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

const ENG = 'eng-acmemigration1';
const SANDBOX_ONLY = { accessKeyId: 'AKIDSANDBOXONLY', secretAccessKey: 'sandbox-only-secret', catalogs: ['Sandbox' as const] };
const SEED: EmulatorSeed = {
  credentials: [EXAMPLE_KEY, SANDBOX_ONLY],
  catalogs: {
    Sandbox: { engagements: [ENG], opportunities: ['O1'] },
    // A job the stack owns in a catalog it no longer names.
    AWS: {
      engagements: [ENG],
      opportunities: ['O2'],
      snapshotJobs: [{ engagement: ENG, opportunity: 'O2', status: 'Running', tags: { 'cosell:stack': 'cat' } }],
    },
  },
};
const STACK = `version: 1\nstack: cat\ncatalog: Sandbox\nsnapshotJobs:\n  one: { engagement: ${ENG}, opportunity: O1, template: OpportunitySummaryView }\n`;

describe('catalogs: owned jobs are found in every catalog', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(SEED);
  });
  afterAll(() => emu.close());

  it('plans the deletion of an owned job in a catalog the stack no longer names', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': STACK });
    expect(desired.catalogs).toEqual(['Sandbox']);
    const live = await observe(desired, testClient(emu));
    expect(live.catalogs).toEqual(['AWS', 'Sandbox']);
    const plan = diff(desired, live);
    const deleted = plan.resourceChanges.filter((c) => c.actions.join() === 'delete') as SnapshotJobChange[];
    expect(deleted).toEqual([
      expect.objectContaining({ catalog: 'AWS', stopFirst: true, key: expect.objectContaining({ opportunity: 'O2' }) }),
    ]);
  });

  it('passes over, with a warning, a catalog it declares nothing in and may not read', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': STACK });
    const client = createClient({ endpoint: emu.url, credentials: SANDBOX_ONLY, rates: { read: 1000 } });
    const warnings: string[] = [];
    const live = await observe(desired, client, { onWarning: (w) => warnings.push(w) });
    expect(live.catalogs).toEqual(['Sandbox']);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Warning: cannot list the AWS catalog \(User AKIDSANDBOXONLY is not authorized to perform ListResourceSnapshotJobs on catalog AWS\.\); jobs this stack owns there, if any, are not managed\./,
      ),
    ]);
    expect(diff(desired, live).summary).toEqual({ add: 1, change: 0, destroy: 0, error: 0 });
  });

  it('a denied catalog the stack declares resources in is an error', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': STACK.replace('catalog: Sandbox', 'catalog: AWS').replace('O1', 'O2') });
    const client = createClient({ endpoint: emu.url, credentials: SANDBOX_ONLY, rates: { read: 1000 }, maxAttempts: 1 });
    await expect(observe(desired, client)).rejects.toMatchObject({ name: 'AccessDeniedException', status: 403 });
  });
});
