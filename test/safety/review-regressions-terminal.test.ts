/**
 * Regressions of a hostile review of the safety invariants (docs/apply.md, "Safety"), finding
 * F5: raw control characters reached the terminal through markdown plans, `show`, `validate`
 * and `fmt`. Text from the service, a plan file or a stack's files is shown, never obeyed.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENG, seedWith, startEmu, tempDir, writeStack } from '../apply/helpers.js';
import { runCosell, type CliRun } from '../support/cli.js';
import { closedAfterEach, forge } from '../support/forge.js';
import { startLyingProxy } from '../support/lying-proxy.js';

const closed = closedAfterEach();

/** Set a window title, clear the screen, and an 8-bit CSI. */
const HOSTILE = '\u001b]0;X\u0007\u001b[2J\u009b';
/** Any C0 control but newline and tab, DEL, or any C1 control. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;

function expectNoRaw(run: CliRun): void {
  expect(RAW.test(run.stdout), JSON.stringify(run.stdout)).toBe(false);
  expect(RAW.test(run.stderr), JSON.stringify(run.stderr)).toBe(false);
}

describe('F5: control characters in what cosell prints', () => {
  it('(a) plan --format markdown escapes a FAILED task’s ReasonCode and Message', async () => {
    const emu = closed(
      await startEmu({ seed: seedWith({ extraOpportunities: [{ id: 'O2999', failWith: 'OpportunityValidationFailed' }] }) }),
    );
    const dir = await writeStack({ opportunityEngagements: { flaky: { opportunity: 'O2999', involvementType: 'For Visibility Only' } } });
    const cache = ['--cache-dir', join(dir, '.cosell')];
    const failed = await runCosell(['apply', dir, '--auto-approve', '--endpoint', emu.url, ...cache]);
    expect(failed.code).toBe(1);
    let rewritten = 0;
    const proxy = closed(
      await startLyingProxy(emu.url, async (call) => {
        const answer = await call.forward();
        if (call.op === 'ListEngagementFromOpportunityTasks') {
          for (const t of (answer.body as { TaskSummaries?: Array<Record<string, unknown>> }).TaskSummaries ?? []) {
            if (t.TaskStatus !== 'FAILED') continue;
            t.ReasonCode = `Reason${HOSTILE}`;
            t.Message = `Message${HOSTILE}`;
            rewritten++;
          }
        }
        return answer;
      }),
    );
    const run = await runCosell(['plan', dir, '--format', 'markdown', '--endpoint', proxy.url, ...cache]);
    expect(rewritten).toBeGreaterThan(0);
    expect(run.stdout).toContain('Message');
    expect(run.stdout).toContain('\\x1b]0;X\\x07');
    expectNoRaw(run);
  });

  it('(b) show --format markdown escapes a saved plan’s stack name', async () => {
    const emu = closed(await startEmu());
    const dir = await writeStack({ snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000' } } });
    const file = join(await tempDir(), 'plan.json');
    expect((await runCosell(['plan', dir, '--endpoint', emu.url, '--cache-dir', join(dir, '.cosell'), '--out', file])).code).toBe(0);
    await forge(file, (saved) => {
      (saved.plan as { stack: string }).stack = `evil${HOSTILE}`;
      (saved.desired as { stack: string }).stack = `evil${HOSTILE}`;
    });

    const run = await runCosell(['show', file, '--format', 'markdown']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('evil\\x1b]0;X\\x07');
    expectNoRaw(run);
  });

  it('(c) validate and fmt --check --diff escape a file’s name and a tag value', async () => {
    const dir = await writeStack({ snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000' } } });
    // Not in canonical form (odd indentation), so that fmt names the file and shows its diff.
    await writeFile(
      join(dir, `b${'\u001b]0;FN\u0007'}.yaml`),
      `snapshotJobs:\n      beta:\n          engagement: ${ENG[1]}\n          opportunity: O3001\n          template: OpportunitySummaryView\n          tags:\n              note: "v\u009bw"\n`,
    );
    for (const args of [
      ['validate', dir],
      ['fmt', dir, '--check', '--diff'],
    ]) {
      const run = await runCosell(args);
      // Both the file's name and the tag value are shown, escaped.
      expect(`${run.stdout}${run.stderr}`, args[0]).toContain('b\\x1b]0;FN\\x07.yaml');
      expect(`${run.stdout}${run.stderr}`, args[0]).toContain('v\\x9bw');
      expectNoRaw(run);
    }
  });
});
