/**
 * Each action kind on snapshot jobs, end to end against the emulator over HTTP, with the exact
 * calls each makes (read from the emulator's own counts), and every job rule of docs/architecture.md (Semantics).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { Action } from '../../src/plan/types.js';
import {
  applyPlan,
  callsOf,
  clientOf,
  desiredOf,
  ENG,
  liveOf,
  OTHER_TEMPLATE,
  planAndApply,
  planOf,
  seedWith,
  STACK,
  startEmu,
  TEMPLATE,
} from './helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const OWNER = 'cosell:stack';

describe('apply: snapshot jobs', () => {
  it('creates with the tags inline, confirms each job live and its owner (Get and ListTags), and starts only the Running ones: Create ×2, Get ×2, ListTags ×2, Start ×1, nothing else', async () => {
    emu = await startEmu();
    const client = clientOf(emu);
    const desired = await desiredOf({
      snapshotJobs: {
        running: { engagement: ENG[0], opportunity: 'O3000', tags: { priority: 'high' } },
        stopped: { engagement: ENG[0], opportunity: 'O3001', status: 'Stopped' },
      },
    });
    const plan = await planOf(desired, client);
    emu.resetStats();
    const { result, lines } = await applyPlan(plan, desired, client);

    expect(callsOf(emu)).toEqual({
      CreateResourceSnapshotJob: 2,
      GetResourceSnapshotJob: 2,
      ListTagsForResource: 2,
      StartResourceSnapshotJob: 1,
    });
    expect(result.ok).toBe(true);
    expect(result.summary).toEqual({ add: 2, change: 0, destroy: 0, failed: 0 });
    expect(lines).toContain('snapshotJob.running: Creating…');
    expect(lines.some((l) => /^snapshotJob\.running: Creation complete after \d+s \[id=job-[0-9a-z]{13}\]$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');

    const live = await liveOf(desired, client);
    const byOpp = Object.fromEntries(live.snapshotJobs.map((j) => [j.opportunity, j]));
    expect(byOpp.O3000?.status).toBe('Running');
    expect(byOpp.O3000?.tags).toEqual({ [OWNER]: STACK, team: 'alliances', priority: 'high' });
    expect(byOpp.O3001?.status).toBe('Stopped');
    expect((await planOf(desired, client)).summary).toEqual({ add: 0, change: 0, destroy: 0, error: 0 });
  });

  it('updates tags with one TagResource and ⌈removed/50⌉ UntagResource, keeping ignored tags', async () => {
    const stale = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`old-${i}`, 'x']));
    emu = await startEmu({
      seed: seedWith({
        snapshotJobs: [
          {
            engagement: ENG[0],
            opportunity: 'O3000',
            status: 'Running',
            tags: { [OWNER]: STACK, team: 'alliances', priority: 'low', 'crm-sync-id': '77', 'crm:owner': 'dana', ...stale },
          },
        ],
      }),
    });
    const client = clientOf(emu);
    const desired = await desiredOf({
      ignoreTags: { keys: ['crm-sync-id'], keyPrefixes: ['crm:'] },
      snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', tags: { priority: 'high', region: 'emea' } } },
    });
    const plan = await planOf(desired, client);
    expect(plan.resourceChanges[0]?.action).toBe(Action.Update);
    emu.resetStats();
    const { result, lines } = await applyPlan(plan, desired, client);

    expect(callsOf(emu)).toEqual({ TagResource: 1, UntagResource: 3 });
    expect(result.summary).toEqual({ add: 0, change: 1, destroy: 0, failed: 0 });
    expect(lines[0]).toMatch(/^snapshotJob\.acme: Modifying… \[id=job-/);
    expect(lines).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
    const [job] = (await liveOf(desired, client)).snapshotJobs;
    expect(job?.tags).toEqual({
      [OWNER]: STACK,
      team: 'alliances',
      priority: 'high',
      region: 'emea',
      'crm-sync-id': '77',
      'crm:owner': 'dana',
    });
  });

  it('drives status with one Start or one Stop', async () => {
    emu = await startEmu({
      seed: seedWith({
        snapshotJobs: [
          { engagement: ENG[0], opportunity: 'O3000', status: 'Running', tags: { [OWNER]: STACK, team: 'alliances' } },
          { engagement: ENG[0], opportunity: 'O3001', status: 'Stopped', tags: { [OWNER]: STACK, team: 'alliances' } },
        ],
      }),
    });
    const client = clientOf(emu);
    const desired = await desiredOf({
      snapshotJobs: {
        'to-stop': { engagement: ENG[0], opportunity: 'O3000', status: 'Stopped' },
        'to-start': { engagement: ENG[0], opportunity: 'O3001', status: 'Running' },
      },
    });
    const plan = await planOf(desired, client);
    emu.resetStats();
    const { result } = await applyPlan(plan, desired, client);
    expect(callsOf(emu)).toEqual({ StartResourceSnapshotJob: 1, StopResourceSnapshotJob: 1 });
    expect(result.summary.change).toBe(2);
    const status = Object.fromEntries((await liveOf(desired, client)).snapshotJobs.map((j) => [j.opportunity, j.status]));
    expect(status).toEqual({ O3000: 'Stopped', O3001: 'Running' });
  });

  it('adopts a job with no owner tag: claims it, reads the claim back, then one TagResource adds the owner tag and the rest, and the status follows', async () => {
    emu = await startEmu({
      seed: seedWith({ snapshotJobs: [{ engagement: ENG[1], opportunity: 'O3002', status: 'Stopped', tags: { team: 'partners' } }] }),
    });
    const client = clientOf(emu);
    const desired = await desiredOf({
      snapshotJobs: { adopted: { engagement: ENG[1], opportunity: 'O3002', tags: { priority: 'high' } } },
    });
    const plan = await planOf(desired, client);
    const change = plan.resourceChanges[0];
    expect(change?.kind === 'snapshotJob' && change.adoption).toBe(true);
    emu.resetStats();
    await applyPlan(plan, desired, client);
    // The key confirmed (Get), the claim (Tag, ListTags), the owner and other tags (Tag), the claim removed (Untag).
    expect(callsOf(emu)).toEqual({
      GetResourceSnapshotJob: 1,
      TagResource: 2,
      ListTagsForResource: 1,
      UntagResource: 1,
      StartResourceSnapshotJob: 1,
    });
    const [job] = (await liveOf(desired, client)).snapshotJobs;
    expect(job?.tags).toEqual({ [OWNER]: STACK, team: 'alliances', priority: 'high' });
    expect(job?.status).toBe('Running');
  });

  it('deletes an owned job no longer declared: Stop then Delete when running, Delete alone when stopped', async () => {
    emu = await startEmu({
      seed: seedWith({
        snapshotJobs: [
          { engagement: ENG[0], opportunity: 'O3000', status: 'Running', tags: { [OWNER]: STACK } },
          { engagement: ENG[0], opportunity: 'O3001', status: 'Stopped', tags: { [OWNER]: STACK } },
          { engagement: ENG[0], opportunity: 'O3002', status: 'Running', tags: { [OWNER]: 'someone-else' } },
          { engagement: ENG[0], opportunity: 'O3003', status: 'Running', tags: {} },
        ],
      }),
    });
    const client = clientOf(emu);
    const desired = await desiredOf({});
    const plan = await planOf(desired, client);
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 2, error: 0 });
    emu.resetStats();
    const { result, lines } = await applyPlan(plan, desired, client);
    // Each delete confirms the job's key with one Get first.
    expect(callsOf(emu)).toEqual({ GetResourceSnapshotJob: 2, StopResourceSnapshotJob: 1, DeleteResourceSnapshotJob: 2 });
    expect(result.summary).toEqual({ add: 0, change: 0, destroy: 2, failed: 0 });
    expect(lines.filter((l) => / Destruction complete after \d+s$/.test(l))).toHaveLength(2);
    // Another stack's job and an unowned one are never touched.
    const left = (await liveOf(desired, client)).snapshotJobs.map((j) => j.opportunity).sort();
    expect(left).toEqual(['O3002', 'O3003']);
  });

  it('replaces a job whose template changed: Stop, Delete the old one, then Create and Start the new one', async () => {
    emu = await startEmu({
      seed: seedWith({
        snapshotJobs: [{ engagement: ENG[2], opportunity: 'O3004', status: 'Running', tags: { [OWNER]: STACK, team: 'alliances' } }],
      }),
    });
    const client = clientOf(emu);
    const desired = await desiredOf({ snapshotJobs: { moved: { engagement: ENG[2], opportunity: 'O3004', template: OTHER_TEMPLATE } } });
    const plan = await planOf(desired, client);
    expect(plan.resourceChanges[0]?.action).toBe(Action.DeleteThenCreate);
    emu.resetStats();
    const { result, lines } = await applyPlan(plan, desired, client);
    expect(callsOf(emu)).toEqual({
      StopResourceSnapshotJob: 1,
      DeleteResourceSnapshotJob: 1,
      CreateResourceSnapshotJob: 1,
      GetResourceSnapshotJob: 2,
      ListTagsForResource: 1,
      StartResourceSnapshotJob: 1,
    });
    expect(result.summary).toEqual({ add: 1, change: 0, destroy: 1, failed: 0 });
    const phases = lines.map((l) => l.replace(/ after \d+s/, '').replace(/ \[id=.*\]$/, ''));
    expect(phases.slice(0, 4)).toEqual([
      'snapshotJob.moved: Destroying…',
      'snapshotJob.moved: Destruction complete',
      'snapshotJob.moved: Creating…',
      'snapshotJob.moved: Creation complete',
    ]);
    const live = await liveOf(desired, client);
    expect(live.snapshotJobs.map((j) => [j.template, j.status])).toEqual([[OTHER_TEMPLATE, 'Running']]);
  });

  it('refuses a plan with an ownership conflict, touching nothing; excluded, the rest is applied', async () => {
    emu = await startEmu({
      seed: seedWith({ snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { [OWNER]: 'apac' } }] }),
    });
    const client = clientOf(emu);
    const desired = await desiredOf({
      snapshotJobs: {
        contested: { engagement: ENG[0], opportunity: 'O3000' },
        fresh: { engagement: ENG[0], opportunity: 'O3001' },
      },
    });
    const plan = await planOf(desired, client);
    expect(plan.errors.map((e) => e.code)).toEqual(['ownership-conflict']);
    emu.resetStats();
    await expect(applyPlan(plan, desired, client)).rejects.toThrow(
      'the plan has 1 error (snapshotJob.contested); cosell applies no plan with errors. Resolve them, or leave those resources out with --exclude ADDRESS',
    );
    expect(callsOf(emu)).toEqual({});

    const narrowed = await planOf(desired, client, { excludes: ['snapshotJob.contested'] });
    const { result } = await applyPlan(narrowed, desired, client);
    expect(result.summary.add).toBe(1);
    const contested = (await liveOf(desired, client)).snapshotJobs.find((j) => j.opportunity === 'O3000');
    expect(contested?.tags).toEqual({ [OWNER]: 'apac' });
    expect(contested?.status).toBe('Stopped');
  });

  it('goes on when one change fails, reports the service’s message, and a re-run finishes', async () => {
    emu = await startEmu();
    const client = clientOf(emu);
    // O9999 is not in the seed: its create fails with ResourceNotFoundException.
    const desired = await desiredOf({
      snapshotJobs: {
        broken: { engagement: ENG[0], opportunity: 'O9999' },
        ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`ok-${i}`, { engagement: ENG[1], opportunity: `O300${i}` }])),
      },
    });
    const { result, lines } = await planAndApply(desired, client);
    expect(result.ok).toBe(false);
    expect(result.summary).toEqual({ add: 5, change: 0, destroy: 0, failed: 1 });
    const broken = result.resources.find((r) => r.address === 'snapshotJob.broken');
    expect(broken?.status).toBe('failed');
    expect(broken?.error).toMatch(
      /^CreateResourceSnapshotJob failed: ResourceNotFoundException: Opportunity O9999 was not found in catalog Sandbox\. \(request id /,
    );
    expect(lines).toContain('Apply incomplete! Resources: 5 added, 0 changed, 0 destroyed; 1 failed. Run cosell apply again to finish.');

    // The re-run has only the failed change left to do.
    const again = await planOf(desired, client);
    expect(again.summary).toEqual({ add: 1, change: 0, destroy: 0, error: 0 });
  });

  it('treats a job that appeared on the key since the plan as its own when it carries this stack’s owner tag', async () => {
    emu = await startEmu();
    const client = clientOf(emu);
    const desired = await desiredOf({ snapshotJobs: { late: { engagement: ENG[0], opportunity: 'O3000', tags: { a: '1' } } } });
    const plan = await planOf(desired, client);
    // Someone (another run, say) creates it between plan and apply, with fewer tags.
    await client.createResourceSnapshotJob({
      Catalog: 'Sandbox',
      EngagementIdentifier: ENG[0],
      ResourceType: 'Opportunity',
      ResourceIdentifier: 'O3000',
      ResourceSnapshotTemplateIdentifier: TEMPLATE,
      Tags: [{ Key: OWNER, Value: STACK }],
    });
    emu.resetStats();
    const { result } = await applyPlan(plan, desired, client);
    expect(result.ok).toBe(true);
    expect(callsOf(emu)).toMatchObject({
      CreateResourceSnapshotJob: 1,
      ListResourceSnapshotJobs: 1,
      TagResource: 1,
      StartResourceSnapshotJob: 1,
    });
    const live = await liveOf(desired, client);
    expect(live.snapshotJobs).toHaveLength(1);
    expect(live.snapshotJobs[0]?.tags).toEqual({ [OWNER]: STACK, team: 'alliances', a: '1' });
  });

  it('fails, naming the job, when a job owned by another stack appeared on the key since the plan', async () => {
    emu = await startEmu();
    const client = clientOf(emu);
    const desired = await desiredOf({ snapshotJobs: { late: { engagement: ENG[0], opportunity: 'O3000' } } });
    const plan = await planOf(desired, client);
    const { Id } = await client.createResourceSnapshotJob({
      Catalog: 'Sandbox',
      EngagementIdentifier: ENG[0],
      ResourceType: 'Opportunity',
      ResourceIdentifier: 'O3000',
      ResourceSnapshotTemplateIdentifier: TEMPLATE,
      Tags: [{ Key: OWNER, Value: 'apac' }],
    });
    const { result } = await applyPlan(plan, desired, client);
    expect(result.ok).toBe(false);
    expect(result.resources[0]?.error).toContain(
      `The key now holds ${Id} (owned by apac), which the plan did not see: run cosell plan again.`,
    );
    expect(result.resources[0]?.error).toMatch(
      /^CreateResourceSnapshotJob failed: ConflictException: A resource snapshot job for engagement/,
    );
  });

  it('refuses a hand-made plan whose changes a fresh diff would not make, before any mutating call', async () => {
    emu = await startEmu({
      seed: seedWith({ snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', status: 'Running', tags: { [OWNER]: STACK } }] }),
    });
    const client = clientOf(emu);
    const desired = await desiredOf({});
    const plan = await planOf(desired, client);
    const del = plan.resourceChanges[0];
    if (del?.kind !== 'snapshotJob') throw new Error('expected a delete');
    // The delete forgets to stop the job first, and a create nobody declared waits on it.
    const create: typeof del = {
      ...del,
      address: 'snapshotJob.again',
      action: Action.Create,
      actions: ['create'],
      declared: true,
      before: null,
      after: { ...del.key, status: 'Stopped', tags: { [OWNER]: STACK } },
    };
    delete create.live;
    emu.resetStats();
    const edited = { ...plan, resourceChanges: [create, { ...del, stopFirst: false }] };
    await expect(applyPlan(edited, desired, client)).rejects.toMatchObject({
      message: expect.stringContaining('that a fresh diff of what is live would not make'),
      details: [
        '  - snapshotJob.again: a fresh diff plans nothing there (no such declared resource, or no job of this stack to act on)',
        expect.stringMatching(
          /^ {2}- snapshotJob\.job-[0-9a-z]+: the plan says delete \(job job-[0-9a-z]+\), a fresh diff says delete \(job job-[0-9a-z]+\) differently$/,
        ),
      ],
    });
    // It read what the plan touches, and wrote nothing.
    expect(Object.keys(callsOf(emu)).sort()).toEqual(['GetResourceSnapshotJob', 'ListResourceSnapshotJobs', 'ListTagsForResource']);
  });
});
