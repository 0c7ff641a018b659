/**
 * The client and the emulator read only the model's rules (src/model/rules.generated.ts), never
 * the whole 565 KB model: an apply and a plan, client and embedded emulator, must not open it.
 * A preload reports every read of the model file, and a positive control shows that it sees one.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COSELL, emulatorEnv } from '../support/cli.js';
import { tempDir } from '../live/support.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MARK = 'READ THE WHOLE MODEL';
const PRELOAD = `data:text/javascript,${encodeURIComponent(`
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const readFileSync = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  if (String(path).endsWith('partnercentral-selling-2022-07-26.json')) process.stderr.write('${MARK}\\n');
  return readFileSync.call(this, path, ...rest);
};
syncBuiltinESMExports();
`)}`;

function run(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', PRELOAD, ...args], { cwd, env: emulatorEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('the whole model stays unread on the way to and through the calls', () => {
  it('apply and plan with the embedded emulator read only the rules', async () => {
    const cwd = await tempDir();
    const stack = resolve(ROOT, 'examples/stack');
    const seed = resolve(ROOT, 'examples/emulator-seed.yaml');
    const apply = await run([COSELL, 'apply', stack, '--emulator', '--emulator-seed', seed, '--auto-approve'], cwd);
    expect(apply.code, apply.stderr).toBe(0);
    const plan = await run([COSELL, 'plan', stack, '--emulator', '--detailed-exitcode'], cwd);
    expect(plan.code, plan.stderr).toBe(0);
    expect(apply.stderr + plan.stderr).not.toContain(MARK);
  });

  it('sees a read when there is one: a shape no operation reaches comes from the whole model', async () => {
    const script = `import { enumValues } from ${JSON.stringify(resolve(ROOT, 'dist/model/index.js'))}; enumValues('AwsClosedLostReason');`;
    const control = await run(['--input-type=module', '-e', script], ROOT);
    expect(control.code, control.stderr).toBe(0);
    expect(control.stderr).toContain(MARK);
  });
});
