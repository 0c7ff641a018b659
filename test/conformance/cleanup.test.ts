/** The cleanup, with the suite's own SDK caller against an in-process emulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from '../../src/conformance/cleanup.js';
import { checkFlags } from '../../src/conformance/options.js';
import { newSuiteState } from '../../src/conformance/run.js';
import { createCaller, type SdkCaller } from '../../src/conformance/sdk.js';
import type { Emulator } from '../../src/emulator/index.js';
import { start } from '../emulator/helpers.js';
import { EXAMPLE_KEY } from '../support/emulator.js';

describe('cleanup', () => {
  let emu: Emulator;
  let caller: SdkCaller;
  beforeAll(async () => {
    emu = await start();
    caller = createCaller({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: async () => ({ ...EXAMPLE_KEY }),
      maxAttempts: 1,
      writeIntervalMs: 0,
    });
  });
  afterAll(async () => {
    caller.close();
    await emu.close();
  });

  const state = () => newSuiteState(checkFlags({ endpoint: emu.url, engagement: 'eng-acmemigration1', opportunity: 'O1001' }, {}));
  async function createJob(s: ReturnType<typeof state>, opportunity: string, running: boolean): Promise<string> {
    const o = s.ctx.options;
    const made = await caller.call('CreateResourceSnapshotJob', {
      Catalog: 'Sandbox',
      ClientToken: `${s.ctx.token}-${opportunity}`,
      EngagementIdentifier: o.engagement,
      ResourceType: 'Opportunity',
      ResourceIdentifier: opportunity,
      ResourceSnapshotTemplateIdentifier: o.template,
      Tags: [{ Key: 'cosell:conformance', Value: o.runId }],
    });
    const id = (made.body as { Id: string }).Id;
    if (running) await caller.call('StartResourceSnapshotJob', { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: id });
    return id;
  }
  const exists = async (id: string) =>
    !(await caller.call('GetResourceSnapshotJob', { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: id })).error;

  it('stops a running job, deletes it, and reports one already gone as gone', async () => {
    const s = state();
    const running = await createJob(s, 'O1002', true);
    s.ctx.created.set(running, '');
    s.ctx.created.set('job-0000000000000', '');
    const seen: string[] = [];
    const results = await cleanup(s.ctx, caller.call, false, (r) => seen.push(r.job));
    expect(results).toEqual([
      { job: running, outcome: 'deleted' },
      { job: 'job-0000000000000', outcome: 'gone' },
    ]);
    expect(seen).toEqual([running, 'job-0000000000000']);
    expect(await exists(running)).toBe(false);
  });

  it('with --keep, leaves the job and lists it', async () => {
    const s = state();
    const id = await createJob(s, 'O1002', false);
    s.ctx.created.set(id, '');
    expect(await cleanup(s.ctx, caller.call, true, () => undefined)).toEqual([{ job: id, outcome: 'kept', detail: '--keep' }]);
    expect(await exists(id)).toBe(true);
    await caller.call('DeleteResourceSnapshotJob', { Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: id });
  });

  it('after an unanswered create, finds the job by the run tag alone', async () => {
    const s = state();
    const id = await createJob(s, 'O1002', false);
    s.ctx.uncertainCreate = true;
    expect(await cleanup(s.ctx, caller.call, false, () => undefined)).toEqual([{ job: id, outcome: 'deleted' }]);
    expect(await exists(id)).toBe(false);
  });
});
