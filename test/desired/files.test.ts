/** Which entries of a stack directory are read, followed, passed over or refused. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadStack, readStack } from '../../src/desired/index.js';
import { job, SETTINGS, stackDir } from './helpers.js';

const JOBS = `snapshotJobs:\n${job('acme')}`;

describe('reading a stack directory', () => {
  it("follows a link to a file or a directory inside the stack, under the link's name", async () => {
    const dir = stackDir({ 'stack.yaml': SETTINGS, 'shared/jobs.yml': JOBS });
    mkdirSync(join(dir, 'teams'));
    symlinkSync('../shared', join(dir, 'teams', 'emea'));
    symlinkSync('../stack.yaml', join(dir, 'teams', 'settings.yaml'));
    const read = await readStack(join(dir, 'teams'));
    // From teams/, both lead out of the stack.
    expect(read.diagnostics.map((d) => d.file)).toEqual([join(dir, 'teams', 'emea'), join(dir, 'teams', 'settings.yaml')]);
    const whole = await readStack(dir);
    expect(whole.diagnostics).toEqual([]);
    // A directory reached twice is read once, by the first path in sorted order.
    expect(whole.sources.map((s) => s.file)).toEqual([
      join(dir, 'shared', 'jobs.yml'),
      join(dir, 'stack.yaml'),
      join(dir, 'teams', 'settings.yaml'),
    ]);
  });

  it('reads a directory reached twice (a link loop, a second link) once', async () => {
    const dir = stackDir({ 'stack.yaml': SETTINGS, 'jobs/a.yaml': JOBS });
    symlinkSync('..', join(dir, 'jobs', 'up'));
    symlinkSync('jobs', join(dir, 'more'));
    const load = await loadStack(dir);
    expect(load.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(load.resourceCount).toBe(1);
  });

  it('passes over entries that cannot hold stack files, and hidden links that cannot be followed', async () => {
    const dir = stackDir({ 'stack.yaml': SETTINGS, '.hidden.yaml': 'not: [yaml', 'README.md': '# hi' });
    symlinkSync('README.md', join(dir, 'NOTES.md'));
    symlinkSync('nowhere', join(dir, '.git'));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const load = await loadStack(dir);
    expect(load.diagnostics).toEqual([]);
    expect(load.files).toEqual([join(dir, 'stack.yaml')]);
  });

  it('reports every unreadable entry and still checks the rest, calling nothing missing', async () => {
    const dir = stackDir({ 'jobs.yaml': `${SETTINGS}${JOBS}  bad: 1\n` });
    symlinkSync('gone.yaml', join(dir, 'a.yaml'));
    const lines = (await loadStack(dir)).diagnostics.map((d) => formatDiagnostic(d).split(`${dir}/`).join(''));
    expect(lines).toEqual([
      'a.yaml: a symbolic link to gone.yaml, which does not exist; a stack file that cannot be read stops the run',
      'jobs.yaml:9:8: snapshotJobs.bad: expected a mapping for snapshot job, got a number',
    ]);
  });

  // Whatever its name, a link that cannot be followed may have been a directory of stack files:
  // skipping it would make every job it held look undeclared, and plan would destroy them.
  it.each([
    ['a dangling directory link with a dot in its name', 'jobs.d', '.store/jobs', 'which does not exist'],
    ['a dangling link with any extension', 'README.md', 'nowhere.md', 'which does not exist'],
    ['a link loop with a dot in its name', 'x.v1', 'x.v1', 'which cannot be followed: too many levels of symbolic links'],
  ])('refuses %s, naming the link', async (_what, name, target, why) => {
    const dir = stackDir({ 'stack.yaml': SETTINGS, '.store-moved/jobs/b.yaml': JOBS });
    symlinkSync(target, join(dir, name));
    const load = await loadStack(dir);
    expect(load.diagnostics.map((d) => formatDiagnostic(d).split(`${dir}/`).join(''))).toEqual([
      `${name}: a symbolic link to ${target}, ${why}; a stack file that cannot be read stops the run`,
    ]);
  });
});
