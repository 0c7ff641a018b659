/**
 * One desired/live pair that exercises every action kind and every error, built on the
 * project's example ids; the renderer goldens and the schema test both use it.
 */
import type { DesiredState } from '../../src/desired/types.js';
import type { LiveState } from '../../src/live/types.js';
import {
  declaredInvitationAcceptance,
  declaredJob,
  declaredOpportunityEngagement,
  desiredState,
  liveJob,
  liveOf,
  liveState,
  liveTask,
} from './fixtures.js';

export function everyActionScenario(): { desired: DesiredState; live: LiveState } {
  // Running and in step except for one stale tag, an ignored one and an aws: one.
  const acmeMigration = declaredJob('acme-migration', {
    engagement: 'eng-acmemigration1',
    opportunity: 'O1001',
    tags: { priority: 'high' },
  });
  // Declared Stopped; live Running, with no owner tag: adopted and stopped.
  const acmeExpansion = declaredJob('acme-expansion', { engagement: 'eng-acmemigration1', opportunity: 'O1002', status: 'Stopped' });
  // The template changed: the old job (same engagement and opportunity) is replaced.
  const globexRetail = declaredJob('globex-retail', {
    engagement: 'eng-globexretail02',
    opportunity: 'O1003',
    template: 'RetailSummaryView',
  });
  // Nothing live: created.
  const initechCloud = declaredJob('initech-cloud', { engagement: 'eng-initechcloud03', opportunity: 'O1004', tags: { team: 'cloud' } });
  // Owned by another stack: an error.
  const contested = declaredJob('contested', { engagement: 'eng-initechcloud03', opportunity: 'O1005' });
  // Two live jobs on its key: an error.
  const doubled = declaredJob('doubled', { engagement: 'eng-initechcloud03', opportunity: 'O1006' });
  // In step: a no-op, not listed by the human view.
  const steady = declaredJob('steady', { engagement: 'eng-globexretail02', opportunity: 'O1007', status: 'Stopped' });

  const initechCosell = declaredOpportunityEngagement('initech-cosell', 'O2001', { source: 'gitops' });
  const globexReferral = declaredInvitationAcceptance('globex-referral', 'engi-globexinvite1', { source: 'referral' });

  const desired = desiredState({
    ignoreTags: { keys: ['crm-sync-id'], keyPrefixes: ['crm:'] },
    snapshotJobs: [acmeMigration, acmeExpansion, globexRetail, initechCloud, contested, doubled, steady],
    opportunityEngagements: [initechCosell],
    invitationAcceptances: [globexReferral],
  });
  const live = liveState(
    [
      liveOf('job-acmemigratio1', acmeMigration, { stale: 'yes', 'crm-sync-id': '77', 'aws:cloudformation:stack-name': 'legacy' }),
      liveJob('job-acmeexpansio1', {
        engagement: 'eng-acmemigration1',
        opportunity: 'O1002',
        status: 'Running',
        tags: { team: 'partners', 'crm:owner': 'dana' },
      }),
      liveOf('job-globexretail1', { ...globexRetail, template: 'OpportunitySummaryView' }),
      liveJob('job-contested0001', { engagement: 'eng-initechcloud03', opportunity: 'O1005', tags: { 'cosell:stack': 'apac-alliances' } }),
      liveJob('job-doubled000001', { engagement: 'eng-initechcloud03', opportunity: 'O1006', tags: {} }),
      liveJob('job-doubled000002', { engagement: 'eng-initechcloud03', opportunity: 'O1006', status: 'Stopped', tags: {} }),
      liveOf('job-steady0000001', steady),
      // Owned, no longer declared, stopped: deleted.
      liveJob('job-retired000001', {
        engagement: 'eng-globexretail02',
        opportunity: 'O1099',
        status: 'Stopped',
        tags: { 'cosell:stack': 'emea-alliances', team: 'alliances' },
      }),
      // Another stack's, not declared here: left alone and not in the plan.
      liveJob('job-otherstack001', { engagement: 'eng-globexretail02', opportunity: 'O1098', tags: { 'cosell:stack': 'apac-alliances' } }),
      // The job the invitation's COMPLETE task created; its tags follow the task's.
      liveJob('job-fromtask00001', {
        engagement: 'eng-globexretail02',
        opportunity: 'O1097',
        tags: { 'cosell:stack': 'emea-alliances', source: 'email' },
      }),
    ],
    [
      liveTask('opportunityEngagement', 'task-initech00001', 'O2001', 'FAILED', {
        reasonCode: 'OpportunityAccessDenied',
        message: 'The opportunity is not shared with this account.',
      }),
      liveTask('invitationAcceptance', 'task-globex000001', 'engi-globexinvite1', 'COMPLETE', {
        resourceSnapshotJobId: 'job-fromtask00001',
      }),
    ],
  );
  return { desired, live };
}
