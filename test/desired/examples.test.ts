import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../../src/desired/index.js';

const stack = resolve(import.meta.dirname, '../../examples/stack');

describe('examples/stack', () => {
  it('validates, over several files, with the fixed example ids', async () => {
    const result = await loadStack(stack);
    expect(result.diagnostics).toEqual([]);
    expect(result.files.map((f) => f.slice(stack.length + 1))).toEqual([
      'engagements.yaml',
      'snapshot-jobs/acme.yaml',
      'snapshot-jobs/retail-and-cloud.yaml',
      'stack.yaml',
    ]);
    const state = result.state!;
    expect(state.stack).toBe('emea-alliances');
    expect(state.catalogs).toEqual(['Sandbox']);
    expect(state.ignoreTags).toEqual({ keys: ['crm-sync-id'], keyPrefixes: ['crm:'] });
    expect(state.snapshotJobs.map((j) => [j.name, j.engagement, j.opportunity, j.template, j.status])).toEqual([
      ['acme-migration', 'eng-acmemigration1', 'O1001', 'OpportunitySummaryView', 'Running'],
      ['acme-expansion', 'eng-acmemigration1', 'O1002', 'OpportunitySummaryView', 'Stopped'],
      ['globex-retail', 'eng-globexretail02', 'O1003', 'OpportunitySummaryView', 'Running'],
      ['initech-cloud', 'eng-initechcloud03', 'O1004', 'OpportunitySummaryView', 'Running'],
    ]);
    expect(state.snapshotJobs[3]!.tags).toEqual({
      team: 'cloud-migrations',
      'cost-center': '4411',
      account: 'Initech',
      'cosell:stack': 'emea-alliances',
    });
    expect(state.opportunityEngagements).toMatchObject([
      { address: 'opportunityEngagement.initech-cosell', opportunity: 'O2001', involvementType: 'Co-Sell', visibility: 'Full' },
    ]);
    expect(state.invitationAcceptances).toMatchObject([
      { address: 'invitationAcceptance.globex-referral', invitation: 'engi-globexinvite1' },
    ]);
    expect(result.resourceCount).toBe(6);
  });

  it('validates as one file too', async () => {
    const result = await loadStack(resolve(stack, 'snapshot-jobs/acme.yaml'));
    // A lone resource file lacks the stack's settings: that is what the user is told.
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'the stack sets no format version; add "version: 1" to one of its files',
      'the stack has no name; add "stack: NAME" to one of its files (NAME becomes the cosell:stack tag on everything the stack creates)',
      'no catalog: set "catalog: AWS" or "catalog: Sandbox" at the top level of the stack or on this resource',
      'no catalog: set "catalog: AWS" or "catalog: Sandbox" at the top level of the stack or on this resource',
    ]);
  });
});
