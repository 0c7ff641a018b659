/**
 * The GitOps kit in examples/gitops: valid YAML, workflows GitHub can run, and every `cosell`
 * command they run (through cosell's own action, or a script; with each flag) one that the CLI's
 * own --help knows.
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
/** cosell's own action (action.yml at the root of cosell's repository), pinned to a release. */
const COSELL_ACTION = /^[\w-]+\/cosell@v\d+\.\d+\.\d+$/;

type Step = {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
  shell?: string;
};
type Job = { 'runs-on'?: string; steps?: Step[]; environment?: string; if?: string };
type Workflow = {
  name?: string;
  on?: Record<string, unknown>;
  jobs?: Record<string, Job>;
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  permissions?: Record<string, string>;
};

function parseStrict(file: string): unknown {
  const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: false });
  const problems = [...doc.errors, ...doc.warnings].map((e) => `${file}: ${e.message}`);
  expect(problems).toEqual([]);
  return doc.toJS();
}

const workflowFiles = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const workflows = new Map<string, Workflow>();

function allSteps(): { where: string; step: Step }[] {
  const out: { where: string; step: Step }[] = [];
  for (const [file, wf] of workflows)
    for (const [job, j] of Object.entries(wf.jobs ?? {}))
      for (const [i, step] of (j.steps ?? []).entries()) out.push({ where: `${file} ${job} step ${i + 1}`, step });
  return out;
}

/** The command a use of cosell's action runs, as the action builds it: COMMAND PATH ARGS…. */
function actionInvocation(step: Step, where: string): CosellInvocation {
  const w = step.with ?? {};
  const env = (text: string) => text.replace(/\$\{\{ env\.(\w+) \}\}/g, '$$$1');
  const args = env(String(w.args ?? ''))
    .split(/\s+/)
    .filter(Boolean);
  return { where, words: [String(w.command), env(String(w.path ?? '.')), ...args] };
}

function invocations(): CosellInvocation[] {
  return allSteps().flatMap(({ where, step }) => {
    const at = `${where} (${step.name ?? 'unnamed'})`;
    if (step.uses && COSELL_ACTION.test(step.uses)) return [actionInvocation(step, at)];
    return step.run ? cosellInvocations(step.run, at) : [];
  });
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
    for (const { where, step } of allSteps())
      expect(Boolean(step.uses) !== Boolean(step.run), `${where}: a step has uses or run`).toBe(true);
  });

  it('runs cosell through its own action, with only the inputs the action has', () => {
    const action = parseStrict('action.yml') as { inputs: Record<string, unknown> };
    const uses = allSteps().filter(({ step }) => step.uses && COSELL_ACTION.test(step.uses));
    expect(uses.length).toBeGreaterThanOrEqual(8);
    for (const { where, step } of uses) {
      for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), `${where}: input ${input}`).toContain(input);
      expect(step.with?.command, where).toBeTruthy();
    }
    expect(allSteps().filter(({ step }) => step.run && /(^|\n)\s*cosell /.test(step.run))).toEqual([]);
  });

  it('runs only cosell commands, and flags, that `cosell <command> --help` lists', () => {
    const all = invocations();
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.flatMap((inv) => checkInvocation(inv, help))).toEqual([]);
  });

  it('would catch a misspelt flag, an unknown command and a stray argument', () => {
    const script = 'set +e\ncosell plan stack --detailed-exit-code > out.md || true\nx=$(cosell lint stack)\ncosell show a b';
    const found = cosellInvocations(script, 'test');
    expect(found.map((f) => f.words)).toEqual([
      ['plan', 'stack', '--detailed-exit-code'],
      ['lint', 'stack'],
      ['show', 'a', 'b'],
    ]);
    const problems = found.flatMap((inv) => checkInvocation(inv, help));
    expect(problems[0]).toBe('test: cosell plan stack --detailed-exit-code: --detailed-exit-code is not in `cosell plan --help`');
    expect(problems[1]).toMatch(/^test: cosell lint stack: no such command \(commands: [a-z, ]*\bplan\b[a-z, ]*\)$/);
    expect(problems[2]).toBe('test: cosell show a b: 2 arguments, but `cosell show` takes at most 1');
  });

  it('validates, checks formatting, plans for review, applies the reviewed plan or plans and applies, and checks drift', () => {
    const run = invocations().map((i) => i.words.join(' '));
    const has = (re: RegExp) =>
      expect(
        run.some((r) => re.test(r)),
        `${re} among:\n${run.join('\n')}`,
      ).toBe(true);
    has(/^validate \$STACK_DIR$/);
    has(/^fmt \$STACK_DIR --check/);
    // A pull request plans what it changes since its base branch, which its checkout must hold, in
    // one comment; the whole plan is the saved plan, kept as an artifact.
    has(/^plan \$STACK_DIR --changed-since \$BASE_REF --detailed-exitcode --format markdown --max-parts 1 --out cosell.plan$/);
    const pr = workflows.get('cosell-pr.yml') as Workflow & { env?: Record<string, string> };
    expect(pr.env?.BASE_REF).toBe('origin/${{ github.base_ref }}');
    const prSteps = (pr.jobs?.plan as { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> } | undefined)?.steps ?? [];
    expect(prSteps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
    // The scheduled drift check stays a full plan.
    expect(
      invocations()
        .filter((i) => i.where.startsWith('cosell-drift.yml') && i.words[0] === 'plan')
        .every((i) => !i.words.includes('--changed-since')),
    ).toBe(true);
    // The reviewed plan is applied only against the stack in the merged checkout.
    has(/^apply \$\{\{ steps\.saved\.outputs\.file \}\} --stack \$STACK_DIR$/);
    has(/^apply \$STACK_DIR --auto-approve$/);
    has(/^plan \$STACK_DIR --detailed-exitcode --format markdown$/);
  });

  it('keeps the saved plan that a cut pull-request comment points to as an artifact of the run', () => {
    const steps = Object.values((workflows.get('cosell-pr.yml') as Workflow).jobs ?? {}).flatMap((j) => j.steps ?? []);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(
      String(upload?.with?.path ?? '')
        .split('\n')
        .map((p) => p.trim()),
    ).toContain('cosell.plan');
    expect(upload?.if).toContain("exitcode == '2'");
  });

  it('never applies a saved plan from the pull request without holding it to the merged checkout', () => {
    const applies = invocations().filter((i) => i.words[0] === 'apply' && !i.words.includes('--auto-approve'));
    expect(applies.length).toBeGreaterThan(0);
    for (const a of applies) expect(a.words.slice(-2)).toEqual(['--stack', '$STACK_DIR']);
    const apply = workflows.get('cosell-apply.yml') as Workflow;
    const steps = (apply.jobs?.apply as { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> } | undefined)?.steps ?? [];
    // The trusted workflow checks out the merged commit itself (no ref taken from the pull request).
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout'));
    expect(checkout?.with?.ref).toBeUndefined();
  });

  it('posts the plan in the parts cosell prints, under GitHub’s limit, editing its comments in place', () => {
    const pr = workflows.get('cosell-pr.yml') as Workflow;
    const post = pr.jobs?.plan?.steps?.find((s) => s.uses?.startsWith('actions/github-script'));
    const script = String(post?.with?.script ?? '');
    // The action splits the plan where cosell marks its parts (action.test.ts checks the marker).
    expect(post?.env?.PLAN_PARTS).toBe('${{ steps.plan.outputs.markdown-parts }}');
    expect(script).toContain('JSON.parse(process.env.PLAN_PARTS');
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
    expect((apply.on?.push as { branches?: string[] } | undefined)?.branches).toEqual(['main']);
    expect(apply.jobs?.apply?.environment).toBe('production');
  });

  it('checks drift on a schedule and keeps one issue for it', () => {
    const drift = workflows.get('cosell-drift.yml') as Workflow;
    expect(drift.on).toHaveProperty('schedule');
    const steps = drift.jobs?.drift?.steps ?? [];
    const open = steps.find((s) => s.name === 'Open or update the drift issue');
    expect(open?.if).toContain("steps.plan.outputs.exitcode == '2'");
    expect(String(open?.with?.script)).toContain('github.rest.issues.update(');
    expect(steps.find((s) => s.name === 'Close the drift issue')?.if).toContain("steps.plan.outputs.exitcode == '0'");
  });

  it('reports Degraded resources in the drift issue', () => {
    const steps = (workflows.get('cosell-drift.yml') as Workflow).jobs?.drift?.steps ?? [];
    const status = steps.find((s) => s.id === 'status');
    expect(status?.with).toMatchObject({ command: 'status', args: '--format json' });
    const find = steps.find((s) => s.id === 'health');
    expect(find?.env?.STATUS_FILE).toBe('${{ steps.status.outputs.stdout-file }}');
    expect(find?.run).toContain('select(.health == "Degraded")');
    expect(steps.find((s) => s.name === 'Open or update the drift issue')?.if).toContain("steps.health.outputs.degraded == 'true'");
    expect(steps.find((s) => s.name === 'Close the drift issue')?.if).toContain("steps.health.outputs.degraded != 'true'");
  });

  it('uses cosell’s action at a pinned release, and pinned major versions of GitHub’s actions', () => {
    for (const { where, step } of allSteps()) {
      if (!step.uses) continue;
      if (COSELL_ACTION.test(step.uses)) continue;
      expect(step.uses, where).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    }
  });

  it('ships a sample stack that validates and is in canonical form', async () => {
    const load = await loadStack(join(KIT, 'stack'));
    expect(load.diagnostics).toEqual([]);
    expect(load.state?.catalogs).toEqual(['AWS']);
    expect((await captured(() => fmtCommand(join(KIT, 'stack'), { check: true }))).result).toBe(0);
  });
});
