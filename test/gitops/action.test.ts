/**
 * action.yml, the reusable GitHub Action: what it accepts is checked against the CLI's own
 * --help, and its run step is run for real (bash, a GITHUB_OUTPUT file, the built CLI on the PATH)
 * as a composite action's step runs on a runner.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { COSELL } from '../support/cli.js';
import { emulatorEnv } from '../support/cli.js';
import { cliHelp, type CommandHelp } from './cli-help.js';

interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}
interface Action {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const ROOT = resolve(import.meta.dirname, '../..');
const doc = parseDocument(readFileSync(join(ROOT, 'action.yml'), 'utf8'), { uniqueKeys: true, prettyErrors: false });
const action = doc.toJS() as Action;
const runStep = action.runs.steps.find((s) => s.id === 'run') as ActionStep;

/** The commands the run step accepts, from its `case` pattern. */
const accepted = (/^\s*([a-z|]+)\) ;;$/m.exec(runStep.run ?? '')?.[1] ?? '').split('|');

/** The values of a step's env, with the expressions a runner would fill in. */
function stepEnv(step: ActionStep, inputs: Record<string, string>): Record<string, string> {
  const value = (expr: string): string => {
    const input = /^inputs\.([a-z-]+)$/.exec(expr);
    if (input) return inputs[input[1]!] ?? action.inputs[input[1]!]?.default ?? '';
    if (expr === 'github.action_path') return ROOT;
    throw new Error(`unexpected expression ${expr}`);
  };
  return Object.fromEntries(
    Object.entries(step.env ?? {}).map(([k, v]) => [k, v.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => value(e))]),
  );
}

interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** Runs the action's `run` step as a runner would: bash -eo pipefail, GITHUB_OUTPUT, RUNNER_TEMP. */
function runAction(inputs: Record<string, string>, cwd: string): StepRun {
  const temp = mkdtempSync(join(tmpdir(), 'cosell-action-'));
  const bin = join(temp, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'cosell'), `#!/usr/bin/env bash\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(COSELL)} "$@"\n`);
  chmodSync(join(bin, 'cosell'), 0o755);
  const script = join(temp, 'step.sh');
  writeFileSync(script, runStep.run ?? '');
  const output = join(temp, 'output');
  writeFileSync(output, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd,
    encoding: 'utf8',
    env: {
      ...emulatorEnv(),
      ...stepEnv(runStep, inputs),
      PATH: `${bin}:${process.env.PATH}`,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: temp,
      NO_COLOR: '1',
    },
  });
  const outputs: Record<string, string> = {};
  const lines = readFileSync(output, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const multi = /^([\w-]+)<<(\S+)$/.exec(line);
    if (multi) {
      const body: string[] = [];
      while (lines[++i] !== multi[2]) body.push(lines[i]!);
      outputs[multi[1]!] = body.join('\n');
    } else if (line.includes('=')) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs };
}

describe('action.yml', () => {
  let help: Map<string, CommandHelp>;
  beforeAll(async () => {
    help = await cliHelp();
  });

  it('is a composite action whose steps GitHub can run, with no input pasted into a script', () => {
    expect([...doc.errors, ...doc.warnings]).toEqual([]);
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
      else {
        expect(step.shell).toBe('bash');
        expect(step.run, `${step.name}: inputs go through env, never \${{ }} in the script`).not.toMatch(/\$\{\{/);
      }
    }
    for (const [name, out] of Object.entries(action.outputs)) expect(out.value, name).toMatch(/^\$\{\{ steps\.run\.outputs\.[\w-]+ \}\}$/);
    expect(Object.keys(action.inputs).sort()).toEqual([
      'allow-failure',
      'args',
      'command',
      'cosell-version',
      'node-version',
      'path',
      'step-summary',
    ]);
    // Runs the copy it comes with from where the package puts its CLI.
    const bin = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { cosell: string } }).bin.cosell;
    expect(action.runs.steps.find((s) => s.name === 'Install cosell')?.run).toContain(`$ACTION_PATH/${bin.replace(/^\.\//, '')}`);
  });

  it('accepts the commands the CLI has (all but emulator and import), as its command input says', () => {
    expect(accepted).toEqual(['validate', 'fmt', 'plan', 'apply', 'show', 'status', 'audit']);
    for (const c of accepted) expect(help.has(c), `cosell ${c} is not a command`).toBe(true);
    expect(action.inputs.command?.description).toBe(`The cosell command: ${accepted.slice(0, -1).join(', ')} or ${accepted.at(-1)}.`);
  });

  it('names only flags the commands have, and splits markdown where plan does', () => {
    const flags = (text: string) => [...text.matchAll(/(--[a-z][a-z0-9-]*)/g)].map((m) => m[1]!);
    for (const flag of flags(action.inputs.args!.description)) expect(help.get('plan')!.flags.has(flag), `plan ${flag}`).toBe(true);
    for (const flag of flags(action.inputs['allow-failure']!.description))
      expect(help.get('plan')!.flags.has(flag), `plan ${flag}`).toBe(true);
    for (const c of ['plan', 'status', 'audit']) expect(help.get(c)!.flags.has('--detailed-exitcode'), c).toBe(true);
    const separator = '\\n\\n<!-- cosell: next part -->\\n\\n';
    expect(runStep.run).toContain(`split("${separator}")`);
    expect(readFileSync(join(ROOT, 'src/cli/commands/plan.ts'), 'utf8')).toContain(`parts.join('${separator}')`);
  });

  it('runs a command and exposes its exit code and output', () => {
    const r = runAction({ command: 'validate', path: join(ROOT, 'examples/stack') }, ROOT);
    expect(r.status).toBe(0);
    expect(r.outputs.exitcode).toBe('0');
    expect(JSON.parse(r.outputs['markdown-parts']!)).toEqual(['Success! 6 resources in 4 files.']);
    expect(r.outputs['part-count']).toBe('1');
    expect(readFileSync(r.outputs['stdout-file']!, 'utf8')).toBe('Success! 6 resources in 4 files.\n');
  });

  it('for plan, exposes the markdown parts, and exit 2 (changes) does not fail the step', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cosell-action-plan-'));
    const r = runAction(
      { command: 'plan', path: join(ROOT, 'examples/stack'), args: '--emulator --detailed-exitcode --format markdown' },
      cwd,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.outputs.exitcode).toBe('2');
    const parts = JSON.parse(r.outputs['markdown-parts']!) as string[];
    expect(parts.length).toBeGreaterThanOrEqual(1);
    expect(parts.join('\n')).toContain('6 to add');
  });

  it('fails the step on exit 1, unless allow-failure; and refuses a command it does not run', () => {
    const missing = join(tmpdir(), 'no-such-stack-for-the-action');
    const failed = runAction({ command: 'validate', path: missing }, ROOT);
    expect(failed.status).toBe(1);
    expect(failed.outputs.exitcode).toBe('1');
    expect(failed.stdout).toContain('::error::cosell validate failed (exit 1)');
    const allowed = runAction({ command: 'validate', path: missing, 'allow-failure': 'true' }, ROOT);
    expect(allowed.status).toBe(0);
    expect(allowed.outputs.exitcode).toBe('1');
    const refused = runAction({ command: 'emulator' }, ROOT);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('::error::command must be one of validate, fmt, plan, apply, show, status, audit');
  });
});
