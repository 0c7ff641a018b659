import { Command } from 'commander';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerValidate } from '../../src/cli/commands/validate.js';
import { stackDir } from '../desired/helpers.js';
import { captured } from '../support/capture.js';

const examples = resolve(import.meta.dirname, '../../examples/stack');

/** Runs `cosell validate ARGS` in process and captures what it prints and how it exits. */
async function cosellValidate(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const program = new Command().name('cosell').exitOverride();
  registerValidate(program);
  process.exitCode = undefined;
  const { stdout, stderr } = await captured(() => program.parseAsync(['validate', ...args], { from: 'user' }));
  return { stdout, stderr, exitCode: Number(process.exitCode ?? 0) };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('cosell validate', () => {
  it('says Success! with the counts, and exits 0', async () => {
    expect(await cosellValidate(examples)).toEqual({ stdout: 'Success! 6 resources in 4 files.\n', stderr: '', exitCode: 0 });
  });

  it('prints every problem as FILE:LINE:COL: message, no stack trace, and exits 1', async () => {
    const dir = stackDir({
      'a.yaml':
        'version: 1\nstack: s\ncatalog: Sandbox\nsnapshotJobs:\n  acme:\n    engagement: eng-x\n    opportunity: O1\n    template: Opp\n    tags: { owner: 7 }\n',
    });
    const result = await cosellValidate(dir);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split(`${dir}/`).join('')).toBe(
      'a.yaml:6:17: snapshotJobs.acme.engagement: "eng-x" is not a valid engagement id: expected a match for ^eng-[0-9a-z]{14}$, e.g. eng-acmemigration1\n' +
        'a.yaml:9:20: snapshotJobs.acme.tags.owner: expected a string for tag value, got a number (quote it: "7")\n',
    );
  });

  it('--format json reports validity, count and located diagnostics', async () => {
    const dir = stackDir({ 'a.yaml': 'version: 1\nstack: s\ncatalog: Prod\n' });
    const result = await cosellValidate(dir, '--format', 'json');
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      errorCount: 1,
      diagnostics: [
        {
          file: `${dir}/a.yaml`,
          line: 3,
          column: 10,
          path: 'catalog',
          message: '"Prod" is not a valid catalog: expected one of AWS, Sandbox',
        },
      ],
    });
    const ok = await cosellValidate(examples, '--format', 'json');
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ valid: true, errorCount: 0, diagnostics: [] });
  });

  it('a path that does not exist is one line, no stack trace', async () => {
    const result = await cosellValidate('/nonexistent/cosell-stack');
    expect(result).toEqual({ stdout: '', stderr: '/nonexistent/cosell-stack: no such file or directory\n', exitCode: 1 });
  });

  it('--format json gives null line and column for a problem with the path itself', async () => {
    const result = await cosellValidate('/nonexistent/cosell-stack', '--format', 'json');
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      errorCount: 1,
      diagnostics: [{ file: '/nonexistent/cosell-stack', line: null, column: null, path: '', message: 'no such file or directory' }],
    });
  });

  it('refuses an unknown format', async () => {
    await expect(cosellValidate(examples, '--format', 'xml')).rejects.toThrow(/Allowed choices are text, json/);
  });

  it('defaults PATH to the current directory', async () => {
    const cwd = process.cwd();
    process.chdir(examples);
    try {
      expect((await cosellValidate()).stdout).toBe('Success! 6 resources in 4 files.\n');
    } finally {
      process.chdir(cwd);
    }
  });
});
