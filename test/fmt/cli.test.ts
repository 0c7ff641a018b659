import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fmtCommand } from '../../src/cli/commands/fmt.js';
import { loadStack } from '../../src/desired/index.js';
import { captured, GOLDEN_DIR, tempDir } from './support.js';

const MESSY = readFileSync(join(GOLDEN_DIR, 'messy.yaml'), 'utf8');
const CANONICAL = readFileSync(join(GOLDEN_DIR, 'messy.canonical.yaml'), 'utf8');
const TIDY = 'version: 1\nstack: emea\ncatalog: Sandbox\n';

describe('cosell fmt', () => {
  it('--check changes nothing, names the files that would change, and exits 1', async () => {
    const dir = tempDir({ 'stack.yaml': TIDY, 'jobs/acme.yaml': MESSY });
    const before = statSync(join(dir, 'jobs/acme.yaml')).mtimeMs;
    const run = await captured(() => fmtCommand(dir, { check: true }));
    expect(run.result).toBe(1);
    expect(run.stdout).toBe(`${join(dir, 'jobs/acme.yaml')}\n`);
    expect(run.stderr).toBe(`1 file not in canonical form; run cosell fmt ${dir}\n`);
    expect(readFileSync(join(dir, 'jobs/acme.yaml'), 'utf8')).toBe(MESSY);
    expect(statSync(join(dir, 'jobs/acme.yaml')).mtimeMs).toBe(before);
  });

  it('--check exits 0 when every file is canonical', async () => {
    const dir = tempDir({ 'stack.yaml': TIDY, 'jobs/acme.yaml': CANONICAL });
    const run = await captured(() => fmtCommand(dir, { check: true }));
    expect(run).toEqual({ result: 0, stdout: '', stderr: '' });
  });

  it('rewrites what is not canonical, lists it, keeps the file mode, and then has nothing to do', async () => {
    const dir = tempDir({ 'stack.yaml': TIDY, 'jobs/acme.yaml': MESSY });
    const file = join(dir, 'jobs/acme.yaml');
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o640);
    const run = await captured(() => fmtCommand(dir, {}));
    expect(run).toEqual({ result: 0, stdout: `${file}\n`, stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(CANONICAL);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'stack.yaml'), 'utf8')).toBe(TIDY);
    expect(await captured(() => fmtCommand(dir, { check: true }))).toEqual({ result: 0, stdout: '', stderr: '' });
  });

  it('formats one file given by path, and --diff prints a unified diff', async () => {
    const dir = tempDir({ 'one.yaml': "stack: 'emea'\nversion: 1\n" });
    const run = await captured(() => fmtCommand(join(dir, 'one.yaml'), { check: true, diff: true }));
    expect(run.result).toBe(1);
    expect(run.stdout).toContain(`--- ${join(dir, 'one.yaml')}\ton disk\n+++ ${join(dir, 'one.yaml')}\tcanonical\n`);
    expect(run.stdout).toContain("-stack: 'emea'\n version: 1\n+stack: emea\n");
    expect(readFileSync(join(dir, 'one.yaml'), 'utf8')).toBe("stack: 'emea'\nversion: 1\n");
  });

  it('the canonical golden file is a valid stack', async () => {
    const load = await loadStack(join(GOLDEN_DIR, 'messy.canonical.yaml'));
    expect(load.diagnostics).toEqual([]);
  });

  it('reports a file that is not YAML with its place, leaves it alone, formats the others, exits 1', async () => {
    const dir = tempDir({ 'a.yaml': 'version: 1\nstack: [unclosed\n', 'b.yaml': "catalog: 'Sandbox'\n" });
    const run = await captured(() => fmtCommand(dir, {}));
    expect(run.result).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${join(dir, 'a.yaml')}:3:1: invalid YAML: `));
    expect(run.stderr).toContain('Error: 1 problem: the files named above were left as they are\n');
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('version: 1\nstack: [unclosed\n');
    expect(readFileSync(join(dir, 'b.yaml'), 'utf8')).toBe('catalog: Sandbox\n');
  });

  it('reports a path that does not exist, a directory without YAML, and a file that is not UTF-8', async () => {
    const missing = await captured(() => fmtCommand('/nonexistent/stack', {}));
    expect(missing.result).toBe(1);
    expect(missing.stderr).toContain('/nonexistent/stack: no such file or directory\n');

    const empty = tempDir({ 'notes.txt': 'x' });
    expect((await captured(() => fmtCommand(empty, {}))).stderr).toContain(`${empty}: no .yaml or .yml files in this directory\n`);

    const latin1 = tempDir({ 'a.yaml': Buffer.from([0x73, 0x74, 0x61, 0x63, 0x6b, 0x3a, 0x20, 0xe9, 0x0a]) });
    const bad = await captured(() => fmtCommand(latin1, {}));
    expect(bad.result).toBe(1);
    expect(bad.stderr).toMatch(/a\.yaml:1:8: .*UTF-8/);
    expect(readFileSync(join(latin1, 'a.yaml'))).toEqual(Buffer.from([0x73, 0x74, 0x61, 0x63, 0x6b, 0x3a, 0x20, 0xe9, 0x0a]));
  });

  it('refuses to write through a link inside the stack, says so, and still formats the file it points to', async () => {
    const dir = tempDir({ 'real.yaml': "stack: 'x'\n" });
    symlinkSync('real.yaml', join(dir, 'link.yaml'));
    const run = await captured(() => fmtCommand(dir, {}));
    expect(run.result).toBe(1);
    expect(run.stdout).toBe(`${join(dir, 'real.yaml')}\n`);
    expect(run.stderr).toContain(`${join(dir, 'link.yaml')}: not rewritten: a symbolic link (to real.yaml): cosell fmt rewrites no links`);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.yaml'), 'utf8')).toBe('stack: x\n');
    expect(readdirSync(dir).sort()).toEqual(['link.yaml', 'real.yaml']);
  });

  it('refuses a link to a file outside the stack, and leaves that file alone', async () => {
    const outside = tempDir({ 'real.yaml': "stack: 'x'\n" });
    const dir = tempDir({ 'stack.yaml': TIDY });
    symlinkSync(join(outside, 'real.yaml'), join(dir, 'link.yaml'));
    const run = await captured(() => fmtCommand(dir, {}));
    expect(run.result).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `${join(dir, 'link.yaml')}: a symbolic link to ${join(realpathSync(outside), 'real.yaml')}, outside the stack directory`,
    );
    expect(readFileSync(join(outside, 'real.yaml'), 'utf8')).toBe("stack: 'x'\n");
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
  });

  it('refuses a link named on the command line', async () => {
    const dir = tempDir({ 'real.yaml': "stack: 'x'\n" });
    symlinkSync('real.yaml', join(dir, 'link.yaml'));
    const run = await captured(() => fmtCommand(join(dir, 'link.yaml'), {}));
    expect(run.result).toBe(1);
    expect(run.stderr).toContain('not rewritten: a symbolic link (to real.yaml)');
    expect(readFileSync(join(dir, 'real.yaml'), 'utf8')).toBe("stack: 'x'\n");
  });
});
