import { describe, expect, it } from 'vitest';
import { addressFilter, diff, globToRegExp } from '../../src/plan/index.js';
import { CosellError } from '../../src/util/errors.js';
import { everyActionScenario } from './scenario.js';

describe('--target and --exclude', () => {
  const { desired, live } = everyActionScenario();
  const all = diff(desired, live);
  const addresses = (p: typeof all) => [...p.resourceChanges, ...p.errors].map((x) => x.address).sort();

  it('a target keeps only the matching resources, and the summary counts only them', () => {
    const plan = diff(desired, live, { targets: ['snapshotJob.acme-*'] });
    expect(addresses(plan)).toEqual(['snapshotJob.acme-expansion', 'snapshotJob.acme-migration']);
    expect(plan.summary).toEqual({ add: 0, change: 2, destroy: 0, error: 0 });
    expect(plan.targets).toEqual(['snapshotJob.acme-*']);
  });

  it('targets are repeatable, and an exact address is a target too', () => {
    const plan = diff(desired, live, { targets: ['snapshotJob.initech-cloud', 'opportunityEngagement.*'] });
    expect(addresses(plan)).toEqual(['opportunityEngagement.initech-cosell', 'snapshotJob.initech-cloud']);
  });

  it('excludes drop matching resources, errors included, after targets', () => {
    const plan = diff(desired, live, {
      targets: ['snapshotJob.*'],
      excludes: ['*.acme-m????????', 'snapshotJob.contested', 'snapshotJob.job-*'],
    });
    expect(addresses(plan)).toEqual([
      'snapshotJob.acme-expansion',
      'snapshotJob.doubled',
      'snapshotJob.globex-retail',
      'snapshotJob.initech-cloud',
      'snapshotJob.steady',
    ]);
    expect(plan.excludes).toHaveLength(3);
    expect(plan.summary.error).toBe(1);
  });

  it('undeclared jobs are addressed by job id and can be targeted', () => {
    const plan = diff(desired, live, { targets: ['snapshotJob.job-*'] });
    expect(addresses(plan)).toEqual(['snapshotJob.job-retired000001']);
  });

  it('fingerprints cover only what the kept resources rest on', () => {
    const plan = diff(desired, live, { targets: ['snapshotJob.initech-cloud'] });
    expect(Object.keys(plan.fingerprints)).toEqual(['snapshotJob:Sandbox/eng-initechcloud03/O1004/OpportunitySummaryView']);
    expect(Object.keys(all.fingerprints).length).toBeGreaterThan(5);
  });

  it('a target matching nothing gives an empty plan', () => {
    const plan = diff(desired, live, { targets: ['snapshotJob.nothing-like-this'] });
    expect(plan.resourceChanges).toEqual([]);
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 0, error: 0 });
  });

  it('globs: * any run, ? one character, everything else literal', () => {
    const f = addressFilter(['snapshotJob.a?c*'], []);
    expect(f('snapshotJob.abc')).toBe(true);
    expect(f('snapshotJob.axc-anything.more')).toBe(true);
    expect(f('snapshotJob.ac')).toBe(false);
    expect(f('snapshotJobXabc')).toBe(false);
    expect(globToRegExp('a.(b)+[c]').test('a.(b)+[c]')).toBe(true);
    expect(addressFilter()('anything')).toBe(true);
  });

  it('refuses an empty address, naming the flag', () => {
    expect(() => diff(desired, live, { targets: [''] })).toThrow(CosellError);
    expect(() => diff(desired, live, { targets: [' '] })).toThrow(
      "--target needs an address such as snapshotJob.NAME, or a glob such as 'snapshotJob.acme-*'; got an empty string",
    );
    expect(() => diff(desired, live, { excludes: [''] })).toThrow(/^--exclude needs an address/);
  });
});
