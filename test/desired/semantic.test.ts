import { describe, expect, it } from 'vitest';
import { job, load, problems, SETTINGS } from './helpers.js';

describe('the checks a schema cannot express', () => {
  it('a logical name declared twice across files', async () => {
    expect(
      await problems({
        'a.yaml': `${SETTINGS}snapshotJobs:\n${job('acme')}`,
        'b.yaml': `snapshotJobs:\n${job('acme', { opportunity: 'O2' })}`,
      }),
    ).toEqual([
      'b.yaml:2:3: snapshotJobs.acme: "acme" is already declared in a.yaml:5:3; a logical name names one resource (snapshotJob.acme)',
    ]);
  });

  it('the same logical name in two sections is two addresses', async () => {
    const text = `${SETTINGS}snapshotJobs:\n${job('acme')}opportunityEngagements:\n  acme:\n    opportunity: O2001\n    involvementType: Co-Sell\n`;
    expect(await problems({ 'a.yaml': text })).toEqual([]);
  });

  it('top-level settings declared twice', async () => {
    expect(
      await problems({ 'a.yaml': SETTINGS, 'b.yaml': 'stack: other\ndefaults:\n  tags: {a: b}\n', 'c.yaml': 'defaults: {}\n' }),
    ).toEqual([
      'b.yaml:1:1: stack: "stack" is already set in a.yaml:2:1; top-level settings appear once in a stack',
      'c.yaml:1:1: defaults: "defaults" is already set in b.yaml:2:1; top-level settings appear once in a stack',
    ]);
  });

  it('a stack without a version or a name', async () => {
    expect(await problems({ 'a.yaml': `catalog: AWS\nsnapshotJobs:\n${job('acme')}` })).toEqual([
      'a.yaml:1:1: the stack sets no format version; add "version: 1" to one of its files',
      'a.yaml:1:1: the stack has no name; add "stack: NAME" to one of its files (NAME becomes the cosell:stack tag on everything the stack creates)',
    ]);
  });

  it('a resource with no catalog', async () => {
    expect(await problems({ 'a.yaml': `version: 1\nstack: s\nsnapshotJobs:\n${job('acme')}${job('prod', { catalog: 'AWS' })}` })).toEqual([
      'a.yaml:4:3: snapshotJobs.acme: no catalog: set "catalog: AWS" or "catalog: Sandbox" at the top level of the stack or on this resource',
    ]);
  });

  it('two jobs with the same natural key', async () => {
    const lines = await problems({
      'a.yaml': `${SETTINGS}snapshotJobs:\n${job('one')}`,
      'b.yaml': `snapshotJobs:\n${job('two')}${job('other-catalog', { catalog: 'AWS' })}`,
    });
    expect(lines).toEqual([
      'b.yaml:2:3: snapshotJobs.two: same natural key as snapshotJob.one (a.yaml:5:3): catalog Sandbox, engagement eng-acmemigration1, ' +
        'opportunity O1001, template OpportunitySummaryView; the service allows one job per key',
    ]);
  });

  it('aws: and cosell: tag keys are reserved', async () => {
    const text = `${SETTINGS}defaults:\n  tags:\n    "aws:createdBy": me\n    AWS:x: y\nsnapshotJobs:\n${job('acme')}    tags:\n      "cosell:stack": other\n      Cosell:note: hi\n`;
    expect(await problems({ 'a.yaml': text })).toEqual([
      'a.yaml:6:5: defaults.tags["aws:createdBy"]: tag key "aws:createdBy" is reserved by AWS (keys starting with aws:)',
      'a.yaml:7:5: defaults.tags["AWS:x"]: tag key "AWS:x" is reserved by AWS (keys starting with aws:)',
      'a.yaml:14:7: snapshotJobs.acme.tags["cosell:stack"]: tag key "cosell:stack" is reserved for cosell\'s own tags (cosell sets cosell:stack itself)',
      'a.yaml:15:7: snapshotJobs.acme.tags["Cosell:note"]: tag key "Cosell:note" is reserved for cosell\'s own tags (cosell sets cosell:stack itself)',
    ]);
  });

  it('more than 200 effective tags on a resource', async () => {
    const tags = (prefix: string, n: number): string => Array.from({ length: n }, (_, i) => `    ${prefix}${i}: v\n`).join('');
    // 150 defaults + 50 own = 200, plus cosell:stack = 201; an override does not count twice.
    const over = `${SETTINGS}defaults:\n  tags:\n${tags('d', 150)}snapshotJobs:\n${job('acme')}    tags:\n${tags('o', 50).replace(/^ {4}/gm, '      ')}`;
    expect(await problems({ 'a.yaml': over })).toEqual([
      'a.yaml:157:3: snapshotJobs.acme: 201 effective tags (defaults.tags, its own tags and cosell:stack); a resource carries at most 200',
    ]);
    const atLimit = `${SETTINGS}defaults:\n  tags:\n${tags('d', 150)}snapshotJobs:\n${job('acme')}    tags:\n${tags('d', 49).replace(/^ {4}/gm, '      ')}      o: v\n`;
    expect(await problems({ 'a.yaml': atLimit })).toEqual([]);
  });

  it('own tags over the model limit are caught by the schema', async () => {
    const tags = Array.from({ length: 201 }, (_, i) => `      t${i}: v\n`).join('');
    expect(await problems({ 'a.yaml': `${SETTINGS}snapshotJobs:\n${job('acme')}    tags:\n${tags}` })).toEqual([
      'a.yaml:10:7: snapshotJobs.acme.tags: 201 tags; at most 200 are allowed on a resource',
    ]);
  });

  it('one opportunity engaged twice, one invitation accepted twice', async () => {
    const text =
      `${SETTINGS}opportunityEngagements:\n  first:\n    opportunity: O2001\n    involvementType: Co-Sell\n` +
      `  again:\n    opportunity: O2001\n    involvementType: For Visibility Only\n` +
      `  elsewhere:\n    opportunity: O2001\n    involvementType: Co-Sell\n    catalog: AWS\n` +
      `invitationAcceptances:\n  one: { invitation: engi-globexinvite1 }\n  two: { invitation: engi-globexinvite1 }\n`;
    expect(await problems({ 'a.yaml': text })).toEqual([
      'a.yaml:9:18: opportunityEngagements.again.opportunity: opportunity O2001 (catalog Sandbox) is already engaged by opportunityEngagement.first (a.yaml:5:3)',
      'a.yaml:17:22: invitationAcceptances.two.invitation: invitation engi-globexinvite1 (catalog Sandbox) is already accepted by invitationAcceptance.one (a.yaml:16:3)',
    ]);
  });

  it('ignoreTags may not hide the ownership tag, nor ignore a declared tag', async () => {
    const text =
      `${SETTINGS}ignoreTags:\n  keys: [cosell:stack, crm-id]\n  keyPrefixes: ["cos", "crm:"]\n` +
      `defaults:\n  tags:\n    crm:owner: x\nsnapshotJobs:\n${job('acme')}    tags:\n      crm-id: "7"\n`;
    expect(await problems({ 'a.yaml': text })).toEqual([
      'a.yaml:5:10: ignoreTags.keys[0]: "cosell:stack" would ignore cosell:stack, the tag by which cosell knows what this stack owns',
      'a.yaml:6:17: ignoreTags.keyPrefixes[0]: "cos" would ignore cosell:stack, the tag by which cosell knows what this stack owns',
      'a.yaml:9:5: defaults.tags["crm:owner"]: tag key "crm:owner" is ignored (ignoreTags), so cosell would never set it; remove it from one or the other',
      'a.yaml:16:7: snapshotJobs.acme.tags.crm-id: tag key "crm-id" is ignored (ignoreTags), so cosell would never set it; remove it from one or the other',
    ]);
  });

  it('a duplicate in an ignoreTags list', async () => {
    expect(await problems({ 'a.yaml': `${SETTINGS}ignoreTags:\n  keys: [a, b, a]\n` })).toEqual([
      'a.yaml:5:16: ignoreTags.keys[2]: "a" is listed twice in ignored tag keys',
    ]);
  });

  it('an invalid top-level catalog still lets the other checks run', async () => {
    const lines = await problems({ 'a.yaml': `version: 1\nstack: s\ncatalog: Prod\nsnapshotJobs:\n${job('one')}${job('two')}` });
    expect(lines).toEqual([
      'a.yaml:3:10: catalog: "Prod" is not a valid catalog: expected one of AWS, Sandbox',
      'a.yaml:9:3: snapshotJobs.two: same natural key as snapshotJob.one (a.yaml:5:3): catalog Prod, engagement eng-acmemigration1, ' +
        'opportunity O1001, template OpportunitySummaryView; the service allows one job per key',
    ]);
  });
});

describe('the desired state', () => {
  it('resolves effective tags, defaults and catalogs', async () => {
    const result = await load({
      'a.yaml': `${SETTINGS}defaults:\n  tags: { team: alliances, tier: "1" }\nignoreTags:\n  keyPrefixes: ["crm:"]\n`,
      'jobs/b.yaml':
        `snapshotJobs:\n${job('acme')}    tags: { tier: "2" }\n${job('prod', { catalog: 'AWS', status: 'Stopped' })}` +
        `opportunityEngagements:\n  co:\n    opportunity: O2001\n    involvementType: Co-Sell\n` +
        `invitationAcceptances:\n  inv:\n    invitation: engi-globexinvite1\n    tags: {}\n`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.resourceCount).toBe(4);
    const state = result.state!;
    expect(state.stack).toBe('test-stack');
    expect(state.catalogs).toEqual(['AWS', 'Sandbox']);
    expect(state.ignoreTags).toEqual({ keys: [], keyPrefixes: ['crm:'] });
    expect(state.files.map((f) => f.replace(/^.*cosell-stack-[^/]+\//, ''))).toEqual(['a.yaml', 'jobs/b.yaml']);
    const [acme, prod] = state.snapshotJobs;
    expect(acme).toMatchObject({
      kind: 'snapshotJob',
      name: 'acme',
      address: 'snapshotJob.acme',
      catalog: 'Sandbox',
      engagement: 'eng-acmemigration1',
      opportunity: 'O1001',
      template: 'OpportunitySummaryView',
      status: 'Running',
      tags: { team: 'alliances', tier: '2', 'cosell:stack': 'test-stack' },
      source: { line: 2, column: 3 },
    });
    expect(prod).toMatchObject({ catalog: 'AWS', status: 'Stopped', tags: { team: 'alliances', tier: '1', 'cosell:stack': 'test-stack' } });
    expect(state.opportunityEngagements[0]).toMatchObject({
      kind: 'opportunityEngagement',
      address: 'opportunityEngagement.co',
      opportunity: 'O2001',
      involvementType: 'Co-Sell',
    });
    expect(state.opportunityEngagements[0]).not.toHaveProperty('visibility');
    expect(state.invitationAcceptances[0]).toMatchObject({ address: 'invitationAcceptance.inv', invitation: 'engi-globexinvite1' });
  });

  it('tag keys __proto__, constructor and toString are ordinary keys, never a prototype', async () => {
    const result = await load({
      'a.yaml': `${SETTINGS}defaults:\n  tags: { __proto__: x, constructor: c }\nsnapshotJobs:\n${job('acme')}    tags: { __proto__: y, toString: t }\n`,
    });
    expect(result.diagnostics).toEqual([]);
    const tags = result.state!.snapshotJobs[0]!.tags;
    expect(Object.getPrototypeOf(tags)).toBeNull();
    expect(Object.keys(tags).sort()).toEqual(['__proto__', 'constructor', 'cosell:stack', 'toString']);
    // biome-ignore lint/suspicious/noProto: the point is that `__proto__` is an ordinary key here
    expect(tags.__proto__).toBe('y');
    expect(tags.toString).toBe('t');
  });

  it('an empty section (every entry commented out) is no resources', async () => {
    const result = await load({ 'a.yaml': `${SETTINGS}snapshotJobs:\n  # acme: ...\n` });
    expect(result.diagnostics).toEqual([]);
    expect(result.state!.snapshotJobs).toEqual([]);
    expect(result.state!.catalogs).toEqual(['Sandbox']);
  });
});
