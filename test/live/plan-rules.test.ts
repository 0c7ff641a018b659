import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observe } from '../../src/live/observe.js';
import { diff, renderHuman } from '../../src/plan/index.js';
import type { Plan, SnapshotJobChange, TaskChange } from '../../src/plan/types.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { emulator, stackFrom } from './support.js';
import { testClient } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

// Every rule of docs/architecture.md (Semantics), observed from a real emulator over HTTP and diffed.
const ENG = 'eng-acmemigration1';
const SEED: EmulatorSeed = {
  templates: ['OpportunitySummaryView', 'PipelineView'],
  catalogs: {
    Sandbox: {
      engagements: [ENG],
      opportunities: ['O1', 'O2', 'O3', 'O4', 'O5', 'O6', 'O7', { id: 'O9', failWith: 'OpportunityValidationFailed' }],
      invitations: [{ id: 'engi-globexinvite1' }],
      snapshotJobs: [
        // adopted: on a declared key, no owner tag
        { engagement: ENG, opportunity: 'O1', status: 'Running', tags: { legacy: 'yes', 'crm:id': '42', 'aws:cloudformation': 'x' } },
        // ownership conflict: owned by another stack
        { engagement: ENG, opportunity: 'O2', status: 'Running', tags: { 'cosell:stack': 'other-stack' } },
        // owned, declared, drifted tags; ignored keys are kept
        {
          engagement: ENG,
          opportunity: 'O3',
          status: 'Stopped',
          tags: { 'cosell:stack': 'rules', team: 'old', 'crm-sync-id': 'abc', 'crm:owner': 'me', stale: '1' },
        },
        // owned, no longer declared
        { engagement: ENG, opportunity: 'O4', status: 'Running', tags: { 'cosell:stack': 'rules' } },
        // owned, its template changed in the files: a replacement
        {
          engagement: ENG,
          opportunity: 'O5',
          template: 'PipelineView',
          status: 'Stopped',
          tags: { 'cosell:stack': 'rules', team: 'alliances' },
        },
        // not ours and not declared: never touched
        { engagement: ENG, opportunity: 'O7', status: 'Running', tags: { owner: 'someone-else' } },
      ],
    },
  },
};

const STACK = `version: 1
stack: rules
catalog: Sandbox
defaults:
  tags: { team: alliances, tier: gold }
ignoreTags:
  keys: [crm-sync-id]
  keyPrefixes: ["crm:"]
snapshotJobs:
  adopted:
    engagement: ${ENG}
    opportunity: O1
    template: OpportunitySummaryView
  conflict:
    engagement: ${ENG}
    opportunity: O2
    template: OpportunitySummaryView
  drifted:
    engagement: ${ENG}
    opportunity: O3
    template: OpportunitySummaryView
    status: Running
    tags: { tier: platinum }
  replaced:
    engagement: ${ENG}
    opportunity: O5
    template: OpportunitySummaryView
    status: Stopped
  fresh:
    engagement: ${ENG}
    opportunity: O6
    template: OpportunitySummaryView
opportunityEngagements:
  failing:
    opportunity: O9
    involvementType: Co-Sell
invitationAcceptances:
  globex:
    invitation: engi-globexinvite1
`;

describe('plan against the emulator: the rules of docs/architecture.md', () => {
  let emu: Emulator;
  let plan: Plan;
  const job = (address: string): SnapshotJobChange => plan.resourceChanges.find((c) => c.address === address) as SnapshotJobChange;

  beforeAll(async () => {
    emu = await emulator(SEED);
    const client = testClient(emu);
    // A task on O9 that failed earlier: the plan starts it again and shows why it failed.
    await client.startEngagementFromOpportunityTask({
      Catalog: 'Sandbox',
      ClientToken: 'earlier-run',
      Identifier: 'O9',
      AwsSubmission: { InvolvementType: 'Co-Sell' },
    });
    await new Promise((r) => setTimeout(r, 20));
    const { desired } = await stackFrom({ 'stack.yaml': STACK });
    plan = diff(desired, await observe(desired, client));
  });
  afterAll(() => emu.close());

  it('adopts an unowned job on a declared key, adding the owner tag and authoritative tags', () => {
    const c = job('snapshotJob.adopted');
    expect(c.actions).toEqual(['update']);
    expect(c.adoption).toBe(true);
    expect(c.tagDiff.add).toEqual({ 'cosell:stack': 'rules', team: 'alliances', tier: 'gold' });
    expect(c.tagDiff.remove).toEqual(['legacy']); // aws: and ignored crm: keys stay
  });

  it('reports a job owned by another stack as an error and plans nothing for it', () => {
    expect(plan.errors).toEqual([expect.objectContaining({ address: 'snapshotJob.conflict', code: 'ownership-conflict' })]);
    expect(plan.resourceChanges.find((c) => c.address === 'snapshotJob.conflict')).toBeUndefined();
  });

  it('reconciles tags and status of an owned job, keeping ignoreTags, with a default overridden', () => {
    const c = job('snapshotJob.drifted');
    expect(c.actions).toEqual(['update']);
    expect(c.before?.status).toBe('Stopped');
    expect(c.after?.status).toBe('Running');
    expect(c.tagDiff).toEqual({ add: { tier: 'platinum' }, change: { team: { before: 'old', after: 'alliances' } }, remove: ['stale'] });
    expect(c.after?.tags).toMatchObject({ tier: 'platinum', 'crm-sync-id': 'abc', 'crm:owner': 'me' });
  });

  it('replaces an owned job whose key changed', () => {
    const c = job('snapshotJob.replaced');
    expect(c.actions).toEqual(['delete', 'create']);
    expect(c.replaceFields).toEqual(['template']);
  });

  it('creates a missing job and deletes an owned one that is no longer declared, stopping it first', () => {
    expect(job('snapshotJob.fresh').actions).toEqual(['create']);
    const deleted = plan.resourceChanges.filter((c) => c.actions.length === 1 && c.actions[0] === 'delete') as SnapshotJobChange[];
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ stopFirst: true, key: { opportunity: 'O4' } });
  });

  it('never touches a job that is neither declared nor owned', () => {
    expect(plan.resourceChanges.some((c) => c.kind === 'snapshotJob' && (c as SnapshotJobChange).key.opportunity === 'O7')).toBe(false);
  });

  it('starts a failed task again and shows its last reason', () => {
    const c = plan.resourceChanges.find((r) => r.address === 'opportunityEngagement.failing') as TaskChange;
    expect(c.actions).toEqual(['create']);
    expect(c.lastTask).toMatchObject({ status: 'FAILED', reasonCode: 'OpportunityValidationFailed' });
    expect(renderHuman(plan)).toContain('OpportunityValidationFailed');
    expect((plan.resourceChanges.find((r) => r.address === 'invitationAcceptance.globex') as TaskChange).actions).toEqual(['create']);
  });

  it('sums it up', () => {
    expect(plan.summary).toEqual({ add: 4, change: 2, destroy: 2, error: 1 });
    expect(renderHuman(plan)).toContain('Plan: 4 to add, 2 to change, 2 to destroy.');
  });
});
