/**
 * ClientTokens: derived, stable across runs, and moved to a new generation only once an earlier
 * create of the same thing is known to have finished (its job deleted since).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memoryJournal } from '../../src/apply/journal.js';
import { hashUuid, jobCreateToken, taskGeneration, taskStartToken } from '../../src/apply/tokens.js';
import type { Emulator } from '../../src/emulator/index.js';
import type { NaturalKey } from '../../src/plan/types.js';
import {
  applyPlan,
  callsOf,
  clientOf,
  desiredOf,
  ENG,
  jobsByKey,
  liveOf,
  planAndApply,
  planOf,
  startEmu,
  STACK,
  TEMPLATE,
  type StackSpec,
} from './helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const KEY: NaturalKey = { catalog: 'Sandbox', engagement: ENG[0], opportunity: 'O3000', template: TEMPLATE };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('token derivation', () => {
  it('is a version-8 UUID, the same for the same inputs and different for any other', () => {
    const t = jobCreateToken(STACK, KEY, 0);
    expect(t).toMatch(UUID);
    expect(jobCreateToken(STACK, KEY, 0)).toBe(t);
    const others = [
      jobCreateToken('other-stack', KEY, 0),
      jobCreateToken(STACK, { ...KEY, catalog: 'AWS' }, 0),
      jobCreateToken(STACK, { ...KEY, engagement: ENG[1] }, 0),
      jobCreateToken(STACK, { ...KEY, opportunity: 'O3001' }, 0),
      jobCreateToken(STACK, { ...KEY, template: 'PipelineView' }, 0),
      jobCreateToken(STACK, KEY, 1),
    ];
    expect(new Set([t, ...others]).size).toBe(7);
    expect(hashUuid(['a', 'bc'])).not.toBe(hashUuid(['ab', 'c']));
  });

  it('gives a task a new generation only after a FAILED task', () => {
    const task = {
      kind: 'opportunityEngagement' as const,
      catalog: 'Sandbox' as const,
      identifier: 'O2001',
      involvementType: 'Co-Sell' as const,
      visibility: 'Full' as const,
    };
    expect(taskGeneration(undefined)).toBe('0');
    expect(taskGeneration('task-abc')).toBe('task-abc');
    const first = taskStartToken(STACK, task, taskGeneration(undefined));
    expect(first).toMatch(UUID);
    expect(taskStartToken(STACK, task, '0')).toBe(first);
    expect(taskStartToken(STACK, task, 'task-abc')).not.toBe(first);
    expect(taskStartToken(STACK, { ...task, visibility: 'Limited' }, '0')).not.toBe(first);
  });
});

describe('tokens against the service', () => {
  const declared = (status: 'Running' | 'Stopped'): StackSpec => ({
    snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status } },
  });

  it('repeats a create with the same token instead of making a second job (a lost answer, or a re-run after a crash)', async () => {
    emu = await startEmu({ uniqueJobs: false });
    const client = clientOf(emu);
    const desired = await desiredOf(declared('Stopped'));
    const plan = await planOf(desired, client);
    // A crashed run's create: it reached the service with generation 0's token.
    const input = {
      Catalog: 'Sandbox',
      ClientToken: jobCreateToken(STACK, KEY, 0),
      EngagementIdentifier: KEY.engagement,
      ResourceType: 'Opportunity' as const,
      ResourceIdentifier: KEY.opportunity,
      ResourceSnapshotTemplateIdentifier: TEMPLATE,
      Tags: [
        { Key: 'cosell:stack', Value: STACK },
        { Key: 'team', Value: 'alliances' },
      ],
    };
    const first = await client.createResourceSnapshotJob(input);
    // The re-run still acts on a plan that predates it (as a listing that lagged would make).
    const { result } = await applyPlan(plan, desired, client);
    expect(result.resources[0]?.id).toBe(first.Id);
    const live = await liveOf(desired, client);
    expect(live.snapshotJobs.map((j) => j.id)).toEqual([first.Id]);
  });

  it('moves a Running job to the next generation when the service answers with a job deleted since (no journal)', async () => {
    emu = await startEmu({ uniqueJobs: false });
    const client = clientOf(emu);
    const running = await desiredOf(declared('Running'));
    const created = await planAndApply(running, client);
    const firstId = created.result.resources[0]?.id;
    await planAndApply(await desiredOf({}), client); // removed from the stack: deleted
    expect((await liveOf(running, client)).snapshotJobs).toHaveLength(0);

    emu.resetStats();
    const again = await planAndApply(running, client); // declared again: created again
    expect(again.result.ok).toBe(true);
    expect(again.events).toContainEqual({
      type: 'apply_note',
      address: 'snapshotJob.acme',
      message: `ClientToken generation 0 is spent (its job ${firstId} no longer exists); using generation 1`,
    });
    const live = await liveOf(running, client);
    expect(live.snapshotJobs).toHaveLength(1);
    expect(live.snapshotJobs[0]?.id).not.toBe(firstId);
    expect(live.snapshotJobs[0]?.status).toBe('Running');
  });

  it('learns from the journal that a Stopped job’s token is spent, with one Get and no wasted create', async () => {
    emu = await startEmu({ uniqueJobs: false });
    const client = clientOf(emu);
    const journal = memoryJournal();
    const stopped = await desiredOf(declared('Stopped'));
    const created = await planAndApply(stopped, client, { journal });
    const firstId = created.result.resources[0]?.id;
    expect(journal.get(jobCreateToken(STACK, KEY, 0))).toEqual({ id: firstId, arn: expect.stringContaining(`/${firstId}`) });
    await planAndApply(await desiredOf({}), client, { journal });

    const plan = await planOf(stopped, client);
    emu.resetStats();
    const again = await applyPlan(plan, stopped, client, { journal });
    // One Get finds the journal's job gone; one confirms the new job live.
    expect(callsOf(emu)).toEqual({ GetResourceSnapshotJob: 2, ListTagsForResource: 1, CreateResourceSnapshotJob: 1 });
    expect(again.result.resources[0]?.id).not.toBe(firstId);
    expect(journal.get(jobCreateToken(STACK, KEY, 0))?.gone).toBe(true);
    // Once known spent, the token costs nothing the next time.
    await planAndApply(await desiredOf({}), client, { journal });
    const plan3 = await planOf(stopped, client);
    emu.resetStats();
    await applyPlan(plan3, stopped, client, { journal });
    // Generation 0 is skipped unasked; one Get finds generation 1's job gone, one confirms the new one.
    expect(callsOf(emu)).toEqual({ GetResourceSnapshotJob: 2, ListTagsForResource: 1, CreateResourceSnapshotJob: 1 });
    const live = await liveOf(stopped, client);
    expect([...jobsByKey(live.snapshotJobs).values()].map((l) => l.length)).toEqual([1]);
  });

  it('moves on when the service refuses a token as used with other parameters and no job is on the key', async () => {
    emu = await startEmu({ uniqueJobs: false });
    const client = clientOf(emu);
    const tagged = await desiredOf({
      snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { v: '1' } } },
    });
    await planAndApply(tagged, client);
    await planAndApply(await desiredOf({}), client);
    const retagged = await desiredOf({
      snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { v: '2' } } },
    });
    const { result, events } = await planAndApply(retagged, client);
    expect(result.ok).toBe(true);
    expect(events).toContainEqual({
      type: 'apply_note',
      address: 'snapshotJob.acme',
      message: 'ClientToken generation 0 was used before with other parameters; using generation 1',
    });
    const live = await liveOf(retagged, client);
    expect(live.snapshotJobs.map((j) => j.tags.v)).toEqual(['2']);
  });

  it('finds through the journal a job its token made that the plan did not see, and settles it without a second create', async () => {
    emu = await startEmu({ uniqueJobs: false });
    const client = clientOf(emu);
    const journal = memoryJournal();
    const desired = await desiredOf(declared('Running'));
    const stalePlan = await planOf(desired, client);
    const first = await applyPlan(stalePlan, desired, client, { journal });
    const id = first.result.resources[0]?.id;
    await client.stopResourceSnapshotJob({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: id ?? '' });

    emu.resetStats();
    const again = await applyPlan(stalePlan, desired, client, { journal });
    expect(again.result.resources[0]?.id).toBe(id);
    expect(callsOf(emu)).toEqual({ GetResourceSnapshotJob: 1, ListTagsForResource: 1, StartResourceSnapshotJob: 1 });

    const [job] = (await liveOf(desired, client)).snapshotJobs;
    await client.tagResource({ ResourceArn: job?.arn ?? '', Tags: [{ Key: 'cosell:stack', Value: 'apac' }] });
    const third = await applyPlan(stalePlan, desired, client, { journal });
    expect(third.result.resources[0]?.error).toBe(
      `ownership conflict: the job ${id} this stack's ClientToken created is now owned by apac (tag cosell:stack); cosell leaves it alone: run cosell plan again`,
    );
    expect((await liveOf(desired, client)).snapshotJobs).toHaveLength(1);
  });
});
