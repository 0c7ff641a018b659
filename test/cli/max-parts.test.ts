import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulator, stackFrom, tempDir } from '../live/support.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runCosell } from '../support/cli.js';

const ENGAGEMENT = 'eng-acmemigration1';
const NEXT_PART = '\n\n<!-- cosell: next part -->\n\n';

/** Three alike jobs (one group) and 150 each with a tag of its own (shown one by one: two parts' worth). */
function stack(): string {
  const job = (name: string, opportunity: string, tags = '') =>
    `  ${name}:\n    engagement: ${ENGAGEMENT}\n    opportunity: ${opportunity}\n    template: OpportunitySummaryView\n${tags}`;
  const alike = ['a', 'b', 'c'].map((n, i) => job(`alike-${n}`, `O${9000 + i}`));
  const own = Array.from({ length: 150 }, (_, i) => job(`own-${i}`, `O${1000 + i}`, `    tags: { seq: "${'x'.repeat(200)}${i}" }\n`));
  return `version: 1\nstack: cli\ncatalog: Sandbox\nsnapshotJobs:\n${[...alike, ...own].join('')}`;
}

describe('cosell plan and show --max-parts (the CLI, against an emulator)', () => {
  let emu: Emulator;
  let dir: string;
  let cwd: string;
  beforeAll(async () => {
    emu = await emulator({ catalogs: { Sandbox: { engagements: [ENGAGEMENT], opportunities: [] } } });
    dir = (await stackFrom({ 'stack.yaml': stack() })).dir;
    cwd = await tempDir();
  });
  afterAll(() => emu.close());

  it('groups alike creates, and cuts the markdown plan to one part that points to the saved plan', async () => {
    const whole = await runCosell(['plan', dir, '--endpoint', emu.url, '--format', 'markdown'], { cwd });
    expect(whole.code).toBe(0);
    expect(whole.stdout.split(NEXT_PART).length).toBeGreaterThan(1);
    expect(whole.stdout).toContain('**3 snapshot jobs will be created** on engagement `eng-acmemigration1`');

    const out = join(cwd, 'cosell.plan');
    const cut = await runCosell(['plan', dir, '--endpoint', emu.url, '--format', 'markdown', '--max-parts', '1', '--out', out], { cwd });
    expect(cut.code).toBe(0);
    expect(cut.stderr).toBe('');
    expect(cut.stdout).not.toContain(NEXT_PART);
    expect(cut.stdout.length).toBeLessThan(65_000);
    expect(cut.stdout).toContain('**This plan is cut to fit in 1 comment.** Left out, in whole or in part:');
    expect(cut.stdout).toContain(`The whole plan is the saved plan \`${out}\``);

    const shown = await runCosell(['show', out, '--format', 'markdown', '--max-parts', '1'], { cwd });
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain(NEXT_PART);
    expect(shown.stdout).toContain('**This plan is cut to fit in 1 comment.**');
    const human = await runCosell(['show', out, '--max-parts', '1'], { cwd });
    expect(human.stdout).toContain('Plan: 153 to add, 0 to change, 0 to destroy.');
  });

  it.each(['0', '1.5', 'two'])('refuses --max-parts %j, saying so, with no stack trace', async (value) => {
    for (const args of [
      ['plan', dir, '--endpoint', emu.url],
      ['show', join(cwd, 'none.plan')],
    ]) {
      const run = await runCosell([...args, '--format', 'markdown', '--max-parts', value], { cwd });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`--max-parts must be a whole number of at least 1, not "${value}"`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
