/**
 * The GitOps kit in examples/gitops: valid YAML, workflows GitHub can run, and every `cosell`
 * command they run (with each flag) one that the CLI's own --help knows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { fmtCommand } from '../../src/cli/commands/fmt.js';
import { loadStack } from '../../src/desired/index.js';
import { captured } from '../support/capture.js';
import { checkInvocation, cliHelp, cosellInvocations, type CommandHelp, type CosellInvocation } from './cli-help.js';

const KIT = 'examples/gitops';
const WORKFLOWS = join(KIT, '.github/workflows');
const ACTION = join(KIT, '.github/actions/setup-cosell/action.yml');

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string; shell?: string };
type Job = { 'runs-on'?: string; steps?: Step[]; environment?: string; if?: string };
type Workflow = { name?: string; on?: Record<string, unknown>; jobs?: Record<string, Job>; concurrency?: { group?: string; 'cancel-in-progress'?: boolean }; permissions?: Record<string, string> };

function parseStrict(file: string): unknown {
  const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: false });
  const problems = [...doc.errors, ...doc.warnings].map((e) => `${file}: ${e.message}`);
  expect(problems).toEqual([]);
  return doc.toJS();
}

const workflowFiles = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
const workflows = new Map<string, Workflow>();
const action = () => parseStrict(ACTION) as { runs: { using: string; steps: Step[] }; inputs: Record<string, unknown> };

function allSteps(): { where: string; step: Step }[] {
  const out: { where: string; step: Step }[] = [];
  for (const [file, wf] of workflows)
    for (const [job, j] of Object.entries(wf.jobs ?? {})) (j.steps ?? []).forEach((step, i) => out.push({ where: `${file} ${job} step ${i + 1}`, step }));
  action().runs.steps.forEach((step, i) => out.push({ where: `setup-cosell step ${i + 1}`, step }));
  return out;
}

function invocations(): CosellInvocation[] {
  return allSteps().flatMap(({ where, step }) => (step.run ? cosellInvocations(step.run, `${where} (${step.name ?? 'unnamed'})`) : []));
}

describe('the GitOps kit', () => {
  let help: Map<string, CommandHelp>;
  beforeAll(async () => {
    for (const f of workflowFiles) workflows.set(f, parseStrict(join(WORKFLOWS, f)) as Workflow);
    help = await cliHelp();
  });

  it('has the three workflows, each valid YAML with triggers, jobs and steps GitHub can run', () => {
    expect(workflowFiles).toEqual(['cosell-apply.yml', 'cosell-drift.yml', 'cosell-pr.yml']);
    for (const [file, wf] of workflows) {
      expect(wf.name, file).toBeTruthy();
      expect(Object.keys(wf.on ?? {}).length, file).toBeGreaterThan(0);
      for (const [name, job] of Object.entries(wf.jobs ?? {})) {
        expect(job['runs-on'], `${file} ${name}`).toBe('ubuntu-latest');
        expect(job.steps?.length, `${file} ${name}`).toBeGreaterThan(0);
      }
    }
    for (const { where, step } of allSteps()) expect(Boolean(step.uses) !== Boolean(step.run), `${where}: a step has uses or run`).toBe(true);
    const a = action();
    expect(a.runs.using).toBe('composite');
    for (const step of a.runs.steps) if (step.run) expect(step.shell, 'a composite step names its shell').toBe('bash');
  });

  it('runs only cosell commands, and flags, that `cosell <command> --help` lists', () => {
    const all = invocations();
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.flatMap((inv) => checkInvocation(inv, help))).toEqual([]);
  });

  it('would catch a misspelt flag, an unknown command and a stray argument', () => {
    const script = 'set +e\ncosell plan stack --detailed-exit-code > out.md || true\nx=$(cosell lint stack)\ncosell show a b';
    const found = cosellInvocations(script, 'test');
    expect(found.map((f) => f.words)).toEqual([['plan', 'stack', '--detailed-exit-code'], ['lint', 'stack'], ['show', 'a', 'b']]);
    const problems = found.flatMap((inv) => checkInvocation(inv, help));
    expect(problems[0]).toBe('test: cosell plan stack --detailed-exit-code: --detailed-exit-code is not in `cosell plan --help`');
    expect(problems[1]).toMatch(/^test: cosell lint stack: no such command \(commands: [a-z, ]*\bplan\b[a-z, ]*\)$/);
    expect(problems[2]).toBe('test: cosell show a b: 2 arguments, but `cosell show` takes at most 1');
  });

  it('validates, checks formatting, plans for review, applies the reviewed plan or plans and applies, and checks drift', () => {
    const run = invocations().map((i) => i.words.join(' '));
    const has = (re: RegExp) => expect(run.some((r) => re.test(r)), `${re} among:\n${run.join('\n')}`).toBe(true);
    has(/^validate \$STACK_DIR$/);
    has(/^fmt \$STACK_DIR --check/);
    has(/^plan \$STACK_DIR --detailed-exitcode --format markdown --out cosell.plan$/);
    // The reviewed plan is applied only against the stack in the merged checkout.
    has(/^apply \$\{\{ steps\.saved\.outputs\.file \}\} --stack \$STACK_DIR$/);
    has(/^apply \$STACK_DIR --auto-approve$/);
    has(/^plan \$STACK_DIR --detailed-exitcode --format markdown$/);
  });

  it('never applies a saved plan from the pull request without holding it to the merged checkout', () => {
    const applies = invocations().filter((i) => i.words[0] === 'apply' && !i.words.includes('--auto-approve'));
    expect(applies.length).toBeGreaterThan(0);
    for (const a of applies) expect(a.words.slice(-2)).toEqual(['--stack', '$STACK_DIR']);
    const apply = workflows.get('cosell-apply.yml') as Workflow;
    const steps = (apply.jobs?.apply as { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }).steps ?? [];
    // The trusted workflow checks out the merged commit itself (no ref taken from the pull request).
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout'));
    expect(checkout?.with?.['ref']).toBeUndefined();
  });

  it('posts the plan in the parts cosell prints, under GitHub’s limit, editing its comments in place', () => {
    const pr = workflows.get('cosell-pr.yml') as Workflow;
    const post = pr.jobs?.plan?.steps?.find((s) => s.uses?.startsWith('actions/github-script'));
    const script = String(post?.with?.script ?? '');
    // The separator the plan command prints between markdown parts.
    const separator = "'\\n\\n<!-- cosell: next part -->\\n\\n'";
    expect(script).toContain(`const SEPARATOR = ${separator};`);
    expect(readFileSync('src/cli/commands/plan.ts', 'utf8')).toContain(`parts.join(${separator})`);
    expect(script).toContain('const LIMIT = 65535;');
    expect(script).toContain('github.rest.issues.updateComment');
    expect(script).toContain('github.rest.issues.deleteComment');
    expect(pr.on).toHaveProperty('pull_request');
    expect(pr.permissions).toMatchObject({ 'pull-requests': 'write', 'id-token': 'write' });
  });

  it('never runs two applies at once, and applies only in the protected environment', () => {
    const apply = workflows.get('cosell-apply.yml') as Workflow;
    expect(apply.concurrency).toEqual({ group: 'cosell-apply', 'cancel-in-progress': false });
    expect(apply.on).toHaveProperty('push');
    expect((apply.on?.push as { branches?: string[] }).branches).toEqual(['main']);
    expect(apply.jobs?.apply?.environment).toBe('production');
  });

  it('checks drift on a schedule and keeps one issue for it', () => {
    const drift = workflows.get('cosell-drift.yml') as Workflow;
    expect(drift.on).toHaveProperty('schedule');
    const steps = drift.jobs?.drift?.steps ?? [];
    const open = steps.find((s) => s.name === 'Open or update the drift issue');
    expect(open?.if).toContain("steps.plan.outputs.exitcode == '2'");
    expect(String(open?.with?.script)).toContain('github.rest.issues.update(');
    expect(steps.find((s) => s.name === 'Close the drift issue')?.if).toBe("steps.plan.outputs.exitcode == '0'");
  });

  it('uses only the composite action it ships, and pinned major versions of GitHub’s actions', () => {
    for (const { where, step } of allSteps()) {
      if (!step.uses) continue;
      if (step.uses.startsWith('./')) expect(step.uses, where).toBe('./.github/actions/setup-cosell');
      else expect(step.uses, where).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    }
  });

  it('ships a sample stack that validates and is in canonical form', async () => {
    const load = await loadStack(join(KIT, 'stack'));
    expect(load.diagnostics).toEqual([]);
    expect(load.state?.catalogs).toEqual(['AWS']);
    expect((await captured(() => fmtCommand(join(KIT, 'stack'), { check: true }))).result).toBe(0);
  });
});
