/**
 * The ownership door (invariant 1), as plain data: for every observed owner, declared or not,
 * and every operation, what it allows; and that apply's door knows only this run's observations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OwnershipDoor, OwnershipRefused } from '../../src/apply/door.js';
import type { DesiredState } from '../../src/desired/types.js';
import type { LiveSnapshotJob } from '../../src/live/types.js';
import { claimTagKey, mayChange, otherClaims, standing, type JobOperation } from '../../src/plan/ownership.js';
import { tagsOf } from '../../src/util/tags.js';

const STACK = 'mine';
const OPS: JobOperation[] = ['tag', 'untag', 'start', 'stop', 'delete'];
// 'unclaim' (taking back this stack's own claim key) is allowed on any observed job.
const KEY = { catalog: 'Sandbox' as const, engagement: 'eng-abcdefghijklmn', opportunity: 'O1', template: 'OpportunitySummaryView' };

function job(id: string, owner: string | undefined, key = KEY): LiveSnapshotJob {
  return {
    id,
    arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/x/${id}`,
    ...key,
    status: 'Running',
    tags: tagsOf(owner === undefined ? [] : [['cosell:stack', owner]]),
  };
}

function desired(declared: boolean): DesiredState {
  return {
    version: 1,
    stack: STACK,
    catalogs: ['Sandbox'],
    ignoreTags: { keys: [], keyPrefixes: [] },
    snapshotJobs: declared
      ? [
          {
            kind: 'snapshotJob',
            name: 'a',
            address: 'snapshotJob.a',
            ...KEY,
            status: 'Running',
            tags: tagsOf([]),
            source: { file: 'f', line: 1, column: 1 },
          },
        ]
      : [],
    opportunityEngagements: [],
    invitationAcceptances: [],
    files: [],
  };
}

describe('the ownership door', () => {
  it('never lets this stack change another stack’s job, nor delete what it declares or does not own', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom(STACK, 'other', '', 'MINE', 'constructor')),
        fc.boolean(),
        fc.constantFrom(...OPS),
        (owner, declared, op) => {
          const s = standing(STACK, owner ?? undefined, declared);
          const allowed = mayChange(s, op, declared);
          if (owner !== null && owner !== STACK) expect(allowed).toBe(false);
          if (op === 'delete') expect(allowed).toBe(owner === STACK && !declared);
          if (owner === null && !declared) expect(allowed).toBe(false);
          if (op === 'start' || op === 'stop') expect(allowed).toBe(owner === STACK);
        },
      ),
    );
  });

  it('refuses a job this run did not observe, whatever a plan says of it', () => {
    const door = OwnershipDoor.observed(desired(false), { catalogs: ['Sandbox'], snapshotJobs: [], tasks: [] });
    for (const op of OPS) expect(() => door.check('job-notobserved1', op)).toThrow(OwnershipRefused);
    expect(() => door.check('job-notobserved1', 'delete')).toThrow('was not observed in this run');
  });

  it('follows what this run observes and makes true: adoptable, then owned after a won claim', () => {
    const door = OwnershipDoor.observed(desired(true), {
      catalogs: ['Sandbox'],
      snapshotJobs: [job('job-a', undefined), job('job-b', 'other')],
      tasks: [],
    });
    expect(() => door.check('job-a', 'tag')).not.toThrow();
    expect(() => door.check('job-a', 'start')).toThrow('not yet owned');
    expect(() => door.check('job-b', 'tag')).toThrow('owned by stack "other"');
    door.owns('job-a', KEY);
    expect(() => door.check('job-a', 'start')).not.toThrow();
    expect(() => door.check('job-a', 'delete')).toThrow('declared by this stack');
  });

  it('names rival claims, never this stack’s own', () => {
    const tags = tagsOf([
      [claimTagKey(STACK), STACK],
      [claimTagKey('other'), 'other'],
      ['team', 'x'],
    ]);
    expect(otherClaims(tags, STACK)).toEqual(['other']);
    expect(claimTagKey('x'.repeat(256)).length).toBeLessThanOrEqual(128);
  });
});
