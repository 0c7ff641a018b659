/** The tag policy file is read only from inside the stack, only when regular, and only up to a cap. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadStack } from '../../src/desired/index.js';
import { job, SETTINGS, stackDir } from '../desired/helpers.js';

const POLICY = '{"tags": {"team": {"tag_key": {"@@assign": "team"}}}}';
const JOBS = `snapshotJobs:\n${job('a')}    tags: { team: x }\n`;

async function policyProblems(dir: string): Promise<string[]> {
  const load = await loadStack(dir);
  return load.diagnostics.map((d) => formatDiagnostic(d).split(`${dir}/`).join(''));
}

function stackNaming(value: string, extra: Record<string, string> = {}): string {
  return stackDir({ 'stack.yaml': `${SETTINGS}tagPolicy: ${JSON.stringify(value)}\n`, 'jobs.yaml': JOBS, ...extra });
}

describe('where a tag policy may be read from', () => {
  it('refuses a policy whose path leaves the stack directory, without echoing it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'cosell-outside-'));
    writeFileSync(join(outside, 'outside.json'), '{"tags": {"aws_secret": "shh-secret-value"}}');
    const dir = stackNaming(join(outside, 'outside.json'));
    const out = await policyProblems(dir);
    expect(out).toEqual([
      `stack.yaml:4:12: tagPolicy: cannot read the tag policy ${JSON.stringify(join(outside, 'outside.json'))}: its real path ${join(realpathSync(outside), 'outside.json')} is outside the stack directory ${realpathSync(dir)} (copy the policy into the stack)`,
    ]);
    expect(out.join('\n')).not.toContain('shh-secret-value');
  });

  it.each(['/proc/self/environ', '/proc/self/pagemap', '/dev/zero', '../../../../../../../etc/passwd'])('refuses %s', async (value) => {
    const out = await policyProblems(stackNaming(value));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^stack\.yaml:4:12: tagPolicy: cannot read the tag policy .*: its real path .* is outside the stack directory /);
  });

  it('refuses a link inside the stack that leads out of it', async () => {
    const dir = stackNaming('policy.json');
    symlinkSync('/etc/hostname', join(dir, 'policy.json'));
    expect((await policyProblems(dir))[0]).toMatch(/its real path \/etc\/hostname is outside the stack directory/);
  });

  it('follows a link that stays inside the stack (a directory of policies one level up)', async () => {
    const dir = stackDir({
      'policies/tags.json': POLICY,
      'conf/stack.yaml': `${SETTINGS}tagPolicy: ../policies/current.json\n`,
      'jobs.yaml': JOBS,
    });
    symlinkSync('tags.json', join(dir, 'policies', 'current.json'));
    expect(await policyProblems(dir)).toEqual([]);
  });

  it('refuses a FIFO inside the stack at once, without blocking', async () => {
    const dir = stackNaming('policy.fifo');
    execFileSync('mkfifo', [join(dir, 'policy.fifo')]);
    expect(await policyProblems(dir)).toEqual([
      `stack.yaml:4:12: tagPolicy: cannot read the tag policy "policy.fifo": a FIFO (named pipe), not a regular file`,
    ]);
  });

  it('refuses a policy over the per-file cap', async () => {
    const dir = stackNaming('big.json', { 'big.json': `{"tags": {}}${' '.repeat(8 * 1024 * 1024)}` });
    expect((await policyProblems(dir))[0]).toMatch(/cannot read the tag policy .*big\.json": larger than 8388608 bytes$/);
  });

  it("a one-file stack reads its policy from the file's directory only", async () => {
    const dir = stackDir({ 'stack.yaml': `${SETTINGS}tagPolicy: policy.json\n${JOBS}`, 'policy.json': POLICY });
    expect((await loadStack(join(dir, 'stack.yaml'))).diagnostics).toEqual([]);
  });
});
