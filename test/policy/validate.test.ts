import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadDesiredState, loadStack, renderValidation } from '../../src/desired/index.js';
import { job, problems, SETTINGS, stackDir } from '../desired/helpers.js';

const POLICY = `{
  "tags": {
    "costcenter": {
      "tag_key": { "@@assign": "CostCenter" },
      "tag_value": { "@@assign": ["100", "200", "300*"] },
      "report_required_tag_for": { "@@assign": ["partnercentral:resource-snapshot-job"] }
    },
    "team": {
      "tag_key": { "@@assign": "team" }
    }
  }
}
`;

const withPolicy = (jobs: string, extra = '', policy = POLICY): Record<string, string> => ({
  'policy.json': policy,
  'stack.yaml': `${SETTINGS}tagPolicy: policy.json\n${extra}`,
  'jobs.yaml': `snapshotJobs:\n${jobs}`,
});

describe('tagPolicy in validate', () => {
  it('a compliant stack validates, a wildcard value included', async () => {
    const jobs = `${job('a')}    tags: { CostCenter: "100", team: x }\n${job('b', { opportunity: 'O1002' })}    tags: { CostCenter: "3001-emea" }\n`;
    expect(await problems(withPolicy(jobs))).toEqual([]);
    const load = await loadStack(stackDir(withPolicy(jobs)));
    expect(load.state?.tagPolicy?.rules.map((r) => r.tagKey)).toEqual(['CostCenter', 'team']);
  });

  it('reports a wrong key case, a value not allowed and a missing key, each at its line', async () => {
    const jobs =
      `${job('a')}    tags:\n      costcenter: "100"\n` + // line 7: wrong case
      `${job('b', { opportunity: 'O1002' })}    tags:\n      CostCenter: "999"\n` + // line 13: bad value
      `${job('c', { opportunity: 'O1003' })}`; // line 14: missing
    const out = await problems(withPolicy(jobs));
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^jobs\.yaml:7:7: snapshotJobs\.a\.tags\.costcenter: tag key "costcenter" must be written "CostCenter"/);
    expect(out[1]).toMatch(
      /^jobs\.yaml:13:19: snapshotJobs\.b\.tags\.CostCenter: tag "CostCenter" has value "999".*allowed: "100", "200", "300\*"/,
    );
    expect(out[2]).toMatch(/^jobs\.yaml:14:3: snapshotJobs\.c: the tag policy requires tag "CostCenter"/);
    expect(out[2]).toContain('policy.json:3:5');
    expect(out[2]).toContain('allowed: "100", "200", "300*"');
  });

  it('reports a default tag once, at defaults.tags, however many resources inherit it', async () => {
    const jobs = `${job('a')}${job('b', { opportunity: 'O1002' })}`;
    const out = await problems(withPolicy(jobs, 'defaults:\n  tags:\n    CostCenter: "555"\n'));
    expect(out).toEqual([expect.stringMatching(/^stack\.yaml:7:17: defaults\.tags\.CostCenter: tag "CostCenter" has value "555"/)]);
  });

  it('reports the owner tag at the stack setting', async () => {
    const policy = '{"tags": {"cosell:stack": {"tag_value": {"@@assign": ["prod-*"]}}}}';
    const out = await problems(withPolicy(job('a'), '', policy));
    expect(out).toEqual([expect.stringMatching(/^stack\.yaml:2:8: stack: tag "cosell:stack" has value "test-stack"/)]);
  });

  it('takes keys such as constructor and __proto__ as data', async () => {
    const policy = '{"tags": {"constructor": {"tag_value": {"@@assign": ["ok"]}}, "__proto__": {"tag_value": {"@@assign": ["ok"]}}}}';
    const jobs = `${job('a')}    tags: { constructor: bad, toString: x }\n`;
    const out = await problems(withPolicy(jobs, '', policy));
    expect(out).toEqual([expect.stringMatching(/snapshotJobs\.a\.tags\.constructor: tag "constructor" has value "bad"/)]);
  });

  it('applies to engagement tasks too, whose tags land on the job they create', async () => {
    const files = withPolicy('');
    files['jobs.yaml'] = 'opportunityEngagements:\n  e:\n    opportunity: O2001\n    involvementType: Co-Sell\n';
    expect(await problems(files)).toEqual([
      expect.stringMatching(/^jobs\.yaml:2:3: opportunityEngagements\.e: the tag policy requires tag "CostCenter"/),
    ]);
  });

  it('finds the policy relative to the file that sets it', async () => {
    const dir = stackDir({
      'policies/tags.json': POLICY,
      'conf/stack.yaml': `${SETTINGS}tagPolicy: ../policies/tags.json\n`,
      'jobs.yaml': `snapshotJobs:\n${job('a')}    tags: { CostCenter: "200" }\n`,
    });
    const load = await loadStack(dir);
    expect(load.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it('a violation stops plan and apply (loadDesiredState), but not status and audit', async () => {
    const dir = stackDir(withPolicy(`${job('a')}    tags: { CostCenter: "999" }\n`));
    const load = await loadStack(dir);
    expect(load.policyViolations).toHaveLength(1);
    expect(load.diagnostics).toEqual(load.policyViolations);
    await expect(loadDesiredState(dir)).rejects.toThrow(/has 1 problem/);
    expect((await loadDesiredState(dir, { allowPolicyViolations: true })).snapshotJobs).toHaveLength(1);
    // Any other problem still stops everything.
    const broken = stackDir({ ...withPolicy(`${job('a')}    tags: { CostCenter: "999" }\n`), 'more.yaml': 'bogus: 1\n' });
    await expect(loadDesiredState(broken, { allowPolicyViolations: true })).rejects.toThrow(/has 2 problems/);
  });

  it('a missing policy file is reported at the setting', async () => {
    const files = withPolicy(job('a'));
    delete files['policy.json'];
    const out = await problems(files);
    expect(out).toEqual([expect.stringMatching(/^stack\.yaml:4:12: tagPolicy: cannot read the tag policy ".*policy\.json": no such file/)]);
  });

  it('a policy that is a directory is reported at the setting', async () => {
    const files = withPolicy(job('a'));
    delete files['policy.json'];
    files['policy.json/x'] = '{}';
    expect(await problems(files)).toEqual([
      expect.stringMatching(/^stack\.yaml:4:12: tagPolicy: cannot read the tag policy ".*policy\.json": a directory, not a regular file$/),
    ]);
  });

  it('says when the policy enforces the key', async () => {
    const policy = '{"tags": {"team": {"tag_value": {"@@assign": ["a"]}, "enforced_for": {"@@assign": ["partnercentral:*"]}}}}';
    const out = await problems(withPolicy(`${job('a')}    tags: { team: b }\n`, '', policy));
    expect(out).toEqual([expect.stringMatching(/\(tag policy "team" at .*policy\.json:1:11, enforced\)$/)]);
  });

  it('a tagPolicy that is not a string is a schema error', async () => {
    const out = await problems({ 'stack.yaml': `${SETTINGS}tagPolicy: [a]\n` });
    expect(out[0]).toMatch(/^stack\.yaml:4:12: tagPolicy:/);
  });
});

describe('a malformed policy', () => {
  const located = async (policy: string): Promise<string[]> => problems(withPolicy(job('a'), '', policy));

  it('is reported at its own line and column: JSON syntax', async () => {
    expect(await located('{\n  "tags": {\n    "a": { "tag_key": { "@@assign": "A" }, }\n  }\n}\n')).toEqual([
      expect.stringMatching(/^policy\.json:3:44: invalid JSON: a property name in double quotes is expected/),
    ]);
    expect(await located('{"tags": {} // c\n}')).toEqual([expect.stringMatching(/^policy\.json:1:13: invalid JSON: JSON has no comments/)]);
    expect(await located('')).toEqual([expect.stringMatching(/^policy\.json:1:1: invalid JSON/)]);
  });

  it('is reported at its own line and column: structure', async () => {
    const policy = `{
  "tags": {
    "a": { "tag_kye": { "@@assign": "A" } },
    "b": { "tag_value": { "@@asign": ["x"] } },
    "c": { "tag_value": { "@@assign": ["*@*.com"] } },
    "d": { "tag_key": { "@@assign": "E" } },
    "D": { "tag_key": { "@@assign": "D" } },
    "f": { "tag_value": { "@@assign": "x" } },
    "g": { "tag_value": { "@@assign": ["x"] }, "tag_value": { "@@assign": ["y"] } }
  },
  "other": 1
}`;
    const out = await located(policy);
    expect(out).toEqual([
      expect.stringMatching(/^policy\.json:3:12: tags\.a\.tag_kye: unknown field "tag_kye"; did you mean "tag_key"\?/),
      expect.stringMatching(/^policy\.json:4:27: tags\.b\.tag_value\.@@asign: unknown operator "@@asign"; did you mean "@@assign"\?/),
      expect.stringMatching(/^policy\.json:5:40: tags\.c\.tag_value: "\*@\*\.com" has more than one "\*"/),
      expect.stringMatching(/^policy\.json:6:37: tags\.d\.tag_key: tag key "E" must match the policy key "d"/),
      expect.stringMatching(/^policy\.json:7:5: tags\.D: policy key "D" repeats "d"/),
      expect.stringMatching(/^policy\.json:8:39: tags\.f\.tag_value: "@@assign" must be a list of strings here, not a string/),
      expect.stringMatching(/^policy\.json:9:48: duplicate key "tag_value"/),
      expect.stringMatching(/^policy\.json:11:3: other: unknown key "other"/),
    ]);
  });

  it('inheritance operators are passed over with a note', async () => {
    const policy =
      '{"tags": {"team": {"tag_value": {"@@assign": ["a"], "@@append": ["b"], "@@operators_allowed_for_child_policies": ["@@none"]}}}}';
    const dir = stackDir(withPolicy(`${job('a')}    tags: { team: a }\n`, '', policy));
    const load = await loadStack(dir);
    expect(load.diagnostics).toEqual([]);
    expect(load.notes.map((n) => `${n.line}:${n.column} ${n.message}`)).toEqual([
      expect.stringMatching(/^1:53 @@append is ignored/),
      expect.stringMatching(/^1:72 @@operators_allowed_for_child_policies is ignored/),
    ]);
    // validate prints them as notes and still succeeds.
    const text = renderValidation(load, 'text');
    expect(text.exitCode).toBe(0);
    expect(text.stderr).toMatch(/^note: .*policy\.json:1:53: tags\.team\.tag_value\.@@append: @@append is ignored/);
    expect((JSON.parse(renderValidation(load, 'json').stdout) as { notes: unknown[] }).notes).toHaveLength(2);
  });

  it('a policy that is not UTF-8 is located', async () => {
    const dir = stackDir({ ...withPolicy(job('a')), 'policy.json': new Uint8Array([0x7b, 0x0a, 0xff, 0x7d]) as unknown as string });
    const load = await loadStack(dir);
    expect(load.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      expect.stringMatching(/^2:1 the file is not valid UTF-8/),
    ]);
  });
});
