import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatStackText } from '../../src/desired/fmt.js';
import { stackSchema } from '../../src/desired/schema.js';
import { describeViolation, evaluateTags, matchesAllowed } from '../../src/desired/policy/evaluate.js';
import { readTagPolicy } from '../../src/desired/policy/read.js';
import type { PolicyRule, TagPolicy } from '../../src/desired/policy/types.js';

const rule = (over: Partial<PolicyRule>): PolicyRule => ({
  policyKey: 'costcenter',
  tagKey: 'CostCenter',
  values: null,
  required: false,
  enforced: false,
  at: 'p.json:3:5',
  ...over,
});
const policy = (...rules: PolicyRule[]): TagPolicy => ({ file: 'p.json', rules });

describe('tag policy evaluation (pure)', () => {
  it('a key the policy does not name is not evaluated', () => {
    expect(evaluateTags(policy(rule({ values: ['1'] })), [['team', 'x']])).toEqual([]);
  });

  it('wrong capitalization, a value not allowed, a required key missing', () => {
    const p = policy(rule({ values: ['100', '300*'] }), rule({ policyKey: 'owner', tagKey: 'owner', required: true }));
    expect(evaluateTags(p, [['costcenter', '100']]).map((v) => v.kind)).toEqual(['key-case', 'missing']);
    expect(
      evaluateTags(p, [
        ['CostCenter', '400'],
        ['owner', 'me'],
      ]).map((v) => v.kind),
    ).toEqual(['value']);
    expect(
      evaluateTags(p, [
        ['CostCenter', '3001'],
        ['owner', ''],
      ]),
    ).toEqual([]);
    // A required key present in the wrong case is one violation, not two.
    expect(evaluateTags(p, [['OWNER', 'me']]).map((v) => v.kind)).toEqual(['key-case']);
  });

  it('no values means any value, an empty list means none', () => {
    expect(evaluateTags(policy(rule({ values: null })), [['CostCenter', 'anything']])).toEqual([]);
    expect(evaluateTags(policy(rule({ values: [] })), [['CostCenter', 'x']]).map(describeViolation)).toEqual([
      expect.stringContaining('the policy allows no value'),
    ]);
  });

  it('a wildcard stands for any run of characters, at the start, the middle or the end', () => {
    expect(matchesAllowed('300*', '300')).toBe(true);
    expect(matchesAllowed('300*', '3001-x')).toBe(true);
    expect(matchesAllowed('*@example.com', 'ana@example.com')).toBe(true);
    expect(matchesAllowed('*@example.com', 'ana@example.org')).toBe(false);
    expect(matchesAllowed('a*a', 'a')).toBe(false);
    expect(matchesAllowed('*', '')).toBe(true);
    expect(matchesAllowed('x', 'X')).toBe(false);
  });

  it('property: prefix + anything + suffix matches prefix*suffix, and a value without * matches only itself', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '*'.replace('*', 'c'), '@', '.') });
    fc.assert(
      fc.property(text, text, text, (prefix, middle, suffix) => {
        expect(matchesAllowed(`${prefix}*${suffix}`, prefix + middle + suffix)).toBe(true);
        expect(matchesAllowed(prefix + suffix, prefix + middle + suffix)).toBe(middle === '');
      }),
    );
  });

  it('messages quote text from files, control characters escaped', () => {
    const [v] = evaluateTags(policy(rule({ values: ['a'] })), [['CostCenter', 'x\u001b[31m']]);
    expect(describeViolation(v!)).toContain('"x\\u001b[31m"');
  });
});

describe('reading a policy document (pure)', () => {
  it('reads the documented example', () => {
    const text = JSON.stringify({
      tags: {
        costcenter: {
          tag_key: { '@@assign': 'CostCenter' },
          tag_value: { '@@assign': ['100', '200', '300*'] },
          enforced_for: { '@@assign': ['secretsmanager:ALL_SUPPORTED', 'partnercentral:*'] },
          report_required_tag_for: { '@@assign': ['ec2:instance'] },
        },
        Owner: {},
      },
    });
    const read = readTagPolicy('p.json', text);
    expect(read.problems).toEqual([]);
    expect(read.policy?.rules).toEqual([
      { policyKey: 'costcenter', tagKey: 'CostCenter', values: ['100', '200', '300*'], required: false, enforced: true, at: 'p.json:1:10' },
      // No tag_key: lower case is the required capitalization.
      { policyKey: 'Owner', tagKey: 'owner', values: null, required: false, enforced: false, at: expect.stringMatching(/^p\.json:1:\d+$/) },
    ]);
  });

  it('each resource type that names snapshot jobs makes a key required', () => {
    for (const type of ['partnercentral:*', 'partnercentral:ALL_SUPPORTED', 'partnercentral:resource-snapshot-job']) {
      const read = readTagPolicy('p.json', JSON.stringify({ tags: { a: { report_required_tag_for: { '@@assign': [type] } } } }));
      expect(read.policy?.rules[0]?.required).toBe(true);
    }
    const other = readTagPolicy('p.json', JSON.stringify({ tags: { a: { report_required_tag_for: { '@@assign': ['ec2:*'] } } } }));
    expect(other.policy?.rules[0]?.required).toBe(false);
  });

  it('a document nested too deeply is a problem, not a crash', () => {
    const read = readTagPolicy('p.json', '['.repeat(200_000) + ']'.repeat(200_000));
    expect(read.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '1:1 invalid JSON: nested too deeply to be a tag policy',
    ]);
  });

  it('never throws on any input, and locates every problem inside the file', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const read = readTagPolicy('p.json', text);
        const lines = text.split('\n').length;
        for (const p of read.problems) expect(p.line).toBeLessThanOrEqual(lines);
        expect(read.policy === undefined).toBe(read.problems.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the stack format knows tagPolicy', () => {
  it('is in the schema, and fmt puts it after the other settings', () => {
    expect((stackSchema().properties as Record<string, unknown>).tagPolicy).toMatchObject({ type: 'string' });
    const r = formatStackText('f.yaml', 'snapshotJobs: {}\ntagPolicy: p.json\nstack: s\nversion: 1\nignoreTags: { keys: [a] }\n');
    expect(r.ok && r.text).toBe('version: 1\nstack: s\nignoreTags: {keys: [a]}\ntagPolicy: p.json\nsnapshotJobs: {}\n');
  });
});
