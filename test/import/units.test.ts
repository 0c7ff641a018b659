import { describe, expect, it } from 'vitest';
import {
  checkImported,
  chooseStack,
  layoutStack,
  logicalNames,
  MAX_NAME_LENGTH,
  parseCatalogs,
  selectJobs,
  sharedTags,
} from '../../src/import/index.js';
import { declarableTags, undeclarableKeys } from '../../src/desired/tags.js';
import type { LiveSnapshotJob } from '../../src/live/types.js';
import { expectGolden } from './golden.js';

let n = 0;
function job(fields: Partial<LiveSnapshotJob> = {}): LiveSnapshotJob {
  n++;
  return {
    id: `rsj-${String(n).padStart(4, '0')}`,
    arn: `arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/resource-snapshot-job/rsj-${n}`,
    catalog: 'Sandbox',
    engagement: 'eng-acmemigration1',
    opportunity: `O${1000 + n}`,
    template: 'OpportunitySummaryView',
    status: 'Running',
    tags: {},
    ...fields,
  };
}

describe('logical names', () => {
  it('are <opportunity>-<template>, lowercased, from the natural key alone', () => {
    const a = job({ opportunity: 'O1001' });
    const b = job({ opportunity: 'O1002', template: 'CustomView2' });
    expect([...logicalNames([a, b]).values()]).toEqual(['o1001-opportunitysummaryview', 'o1002-customview2']);
  });

  it('add the engagement, then the catalog, then the id, only where two jobs would share a name', () => {
    const a = job({ opportunity: 'O7', engagement: 'eng-aaaaaaaaaaaaaa' });
    const b = job({ opportunity: 'O7', engagement: 'eng-bbbbbbbbbbbbbb' });
    const c = job({ opportunity: 'O7', engagement: 'eng-bbbbbbbbbbbbbb', catalog: 'AWS' });
    const d = job({ opportunity: 'O8' });
    const e = job({ opportunity: 'O8', id: 'rsj-dup' });
    const names = logicalNames([a, b, c, d, e]);
    expect(names.get(a.id)).toBe('o7-opportunitysummaryview-aaaaaaaaaaaaaa');
    expect(names.get(b.id)).toBe('o7-opportunitysummaryview-bbbbbbbbbbbbbb-sandbox');
    expect(names.get(c.id)).toBe('o7-opportunitysummaryview-bbbbbbbbbbbbbb-aws');
    expect(names.get(d.id)).toBe(`o8-opportunitysummaryview-acmemigration1-sandbox-${d.id}`);
    expect(names.get(e.id)).toBe('o8-opportunitysummaryview-acmemigration1-sandbox-rsj-dup');
  });

  it('fit the schema: at most 64 characters, kept unique by a short hash', () => {
    const long = 'T'.repeat(80);
    const a = job({ opportunity: 'O1234567890123456789', template: long });
    const b = job({ opportunity: 'O1234567890123456789', template: `${long.slice(0, 79)}U` });
    const names = [...logicalNames([a, b]).values()];
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
      expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);
    }
    expect(new Set(names).size).toBe(2);
  });
});

describe('tags', () => {
  it('declare all but the owner tag, aws: keys and reserved keys; reserved keys are ignored instead', () => {
    const live = { team: 'x', 'cosell:stack': 's', 'aws:created': 'y', 'cosell:legacy': 'z', 'AWS:odd': 'w' };
    expect(declarableTags(live)).toEqual({ team: 'x' });
    // `AWS:odd` is the service's, as `aws:` is (in any case): never managed, so there is nothing to ignore.
    expect(undeclarableKeys(live)).toEqual(['cosell:legacy']);
  });

  it('lift a tag into defaults only when every job has it with the same value, and there are two jobs or more', () => {
    expect(sharedTags([{ team: 'a', x: '1' }, { team: 'a', x: '2' }, { team: 'a' }])).toEqual({ team: 'a' });
    expect(sharedTags([{ team: 'a' }])).toEqual({});
    expect(sharedTags([{ team: 'a' }, {}])).toEqual({});
  });
});

describe('which stack and which jobs', () => {
  const catalogs = ['Sandbox' as const];
  it('default to the one stack whose owner tags are live', () => {
    expect(chooseStack([job({ tags: { 'cosell:stack': 'emea' } }), job()], catalogs, undefined, false)).toBe('emea');
  });

  it('refuse when several stacks own live jobs, naming them', () => {
    const live = [job({ tags: { 'cosell:stack': 'b' } }), job({ tags: { 'cosell:stack': 'a' } }), job({ tags: { 'cosell:stack': 'a' } })];
    expect(() => chooseStack(live, catalogs, undefined, false)).toThrow(
      'live jobs in catalog Sandbox belong to 2 stacks: a (2 jobs), b (1 job); choose one with --stack NAME',
    );
  });

  it('refuse when no live job has an owner, pointing at --all', () => {
    expect(() => chooseStack([job(), job()], ['AWS', 'Sandbox'], undefined, false)).toThrow(
      'none of the 2 live snapshot jobs in catalogs AWS and Sandbox carries a cosell:stack tag, so no stack owns them; to write a stack that adopts them, run cosell import --all --stack NAME',
    );
  });

  it('refuse an empty account', () => {
    expect(() => chooseStack([], catalogs, undefined, false)).toThrow(
      'there are no live snapshot jobs in catalog Sandbox: nothing to import',
    );
    expect(() => selectJobs([], catalogs, 'emea', true)).toThrow('there are no live snapshot jobs in catalog Sandbox: nothing to import');
  });

  it('need --stack with --all, and a stack name that can be a tag value', () => {
    expect(() => chooseStack([], catalogs, undefined, true)).toThrow(
      '--all imports jobs that no stack owns yet, so it needs the name of the stack that will own them: add --stack NAME',
    );
    expect(() => chooseStack([], catalogs, 'emea!', false)).toThrow(
      /^--stack "emea!" cannot be a stack name: it becomes the value of the cosell:stack tag, and /,
    );
    expect(() => chooseStack([], catalogs, '  ', false)).toThrow('--stack needs a name, e.g. --stack emea-alliances');
  });

  it('take the stack’s jobs; with --all also the unowned, never another stack’s', () => {
    const mine = job({ tags: { 'cosell:stack': 'emea' } });
    const loose = job();
    const theirs = job({ tags: { 'cosell:stack': 'apac' } });
    expect(selectJobs([theirs, loose, mine], catalogs, 'emea', false).jobs).toEqual([mine]);
    const all = selectJobs([theirs, loose, mine], catalogs, 'emea', true);
    expect(all.jobs.map((j) => j.id).sort()).toEqual([mine.id, loose.id].sort());
    expect(all.skipped).toEqual([{ job: theirs, reason: 'it is owned by stack "apac"' }]);
  });

  it('say why nothing was found for the stack, and hint at --all when unowned jobs exist', () => {
    expect(() => selectJobs([job()], catalogs, 'emea', false)).toThrow(
      'no live snapshot job in catalog Sandbox is owned by stack "emea"; 1 job carries no owner tag: add --all to adopt it into emea',
    );
    expect(() => selectJobs([job({ tags: { 'cosell:stack': 'x' } })], catalogs, 'emea', true)).toThrow(
      'no live snapshot job in catalog Sandbox is owned by stack "emea" or by no stack',
    );
  });

  it('leave out an unowned job that has no room for the owner tag', () => {
    const tags = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v']));
    const full = job({ tags });
    const sel = selectJobs([full, job()], catalogs, 'emea', true);
    expect(sel.jobs).toHaveLength(1);
    expect(sel.skipped[0]?.reason).toBe('it has 200 tags and adopting it would add cosell:stack, past the limit of 200');
  });

  it('note several live jobs on one key: declared once, and the plan will say so', () => {
    const a = job({ opportunity: 'O5', tags: { 'cosell:stack': 'emea' } });
    const b = job({ opportunity: 'O5', tags: { 'cosell:stack': 'emea' } });
    const sel = selectJobs([a, b], catalogs, 'emea', false);
    expect(sel.notes).toEqual([
      `2 live jobs share catalog Sandbox, engagement eng-acmemigration1, opportunity O5 and template OpportunitySummaryView (${a.id}, ${b.id}); ` +
        'the stack declares the key once, and cosell plan reports an error on it until only one job is left',
    ]);
  });
});

describe('--catalog', () => {
  it('is AWS, Sandbox, or both by default', () => {
    expect(parseCatalogs(undefined)).toEqual(['AWS', 'Sandbox']);
    expect(parseCatalogs('AWS')).toEqual(['AWS']);
  });

  it('refuses anything else, suggesting the right spelling', () => {
    expect(() => parseCatalogs('sandbox')).toThrow(
      'unknown catalog "sandbox": use AWS or Sandbox (did you mean Sandbox? catalog names are case-sensitive)',
    );
    expect(() => parseCatalogs('Production')).toThrow('unknown catalog "Production": use AWS or Sandbox');
  });
});

describe('the files of an imported stack', () => {
  const jobs: LiveSnapshotJob[] = [
    job({
      id: 'rsj-a1',
      engagement: 'eng-acmemigration1',
      opportunity: 'O1001',
      status: 'Running',
      tags: { 'cosell:stack': 'emea', team: 'alliances', priority: 'high', 'cost-center': '4411' },
    }),
    job({
      id: 'rsj-a2',
      engagement: 'eng-acmemigration1',
      opportunity: 'O1002',
      status: 'Stopped',
      tags: { 'cosell:stack': 'emea', team: 'alliances', 'aws:created-by': 'console' },
    }),
    job({
      id: 'rsj-g1',
      engagement: 'eng-globexretail02',
      opportunity: 'O1003',
      tags: { 'cosell:stack': 'emea', team: 'alliances', 'cosell:legacy': 'v1', 'account name': 'Globex' },
    }),
    job({
      id: 'rsj-x1',
      catalog: 'AWS',
      engagement: 'eng-initechcloud03',
      opportunity: 'O1004',
      tags: { 'cosell:stack': 'emea', team: 'alliances' },
    }),
  ];

  it('match the golden files: settings, one file per engagement and catalog, ids in comments', () => {
    const layout = layoutStack('emea', jobs);
    expectGolden('import-layout.txt', layout.files.map((f) => `==> ${f.path} <==\n${f.text}`).join('\n'));
    expect(layout.defaultTags).toEqual({ team: 'alliances' });
    expect(layout.ignoredKeys).toEqual(['cosell:legacy']);
    expect(layout.catalog).toBe('Sandbox');
  });

  it('load as a valid stack', () => {
    expect(() => checkImported('/out', layoutStack('emea', jobs))).not.toThrow();
  });

  it('refuse to be written when they do not load', () => {
    expect(() => checkImported('/out', { files: [{ path: 'stack.yaml', text: 'version: 2\n' }] })).toThrow(
      'the stack built from what is live does not validate, so nothing was written; each line below names a value the service gave and where it would have gone',
    );
  });

  it('refuse a path that leaves the output directory, before validating anything', () => {
    for (const path of ['../x.yaml', 'snapshot-jobs/../../x.yaml', '/etc/x.yaml', 'a\\b.yaml', 'snapshot-jobs//x.yaml', 'x.txt'])
      expect(() => checkImported('/out', { files: [{ path, text: 'version: 1\n' }] }), path).toThrow(
        `cosell import would write ${JSON.stringify(path)}, which is not a YAML file inside /out: the path is built from what the service answered, and nothing was written`,
      );
  });

  it('refuse a job whose engagement id could not be a file name', () => {
    expect(() => layoutStack('emea', [{ ...jobs[0]!, engagement: '../../x' }])).toThrow(
      /^the service answered GetResourceSnapshotJob with EngagementId "\.\.\/\.\.\/x", which the service model does not allow \(it must match \^eng-\[0-9a-z\]\{14\}\$/,
    );
  });
});
