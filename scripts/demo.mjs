#!/usr/bin/env node
// `npm run demo`: validate → plan → apply → plan → status → audit on examples/stack, against the embedded
// emulator, starting from the seed every time. It runs in the repository root and first removes
// .cosell/ (the embedded emulator's state, the job cache and the token journal), so that the
// emulator starts again from examples/emulator-seed.yaml. Afterwards the state is left in
// place: `node dist/cli/main.js plan examples/stack --emulator` goes on from where the demo ended.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const stack = 'examples/stack';

/** Builds dist/ when it is missing or older than a source file. */
function ensureBuilt() {
  const built = existsSync(cli) ? statSync(cli).mtimeMs : 0;
  const newest = readdirSync(join(root, 'src'), { recursive: true })
    .map((f) => statSync(join(root, 'src', String(f))).mtimeMs)
    .reduce((a, b) => Math.max(a, b), 0);
  if (built >= newest) return;
  console.log('$ npm run build');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function step(title, args, expected = [0]) {
  console.log(`\n━━ ${title}\n$ cosell ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit', env: { ...process.env } });
  if (!expected.includes(r.status ?? -1)) {
    console.error(`\ndemo: \`cosell ${args.join(' ')}\` exited ${r.status ?? r.signal}; expected ${expected.join(' or ')}`);
    process.exit(1);
  }
  return r.status;
}

ensureBuilt();
rmSync(join(root, '.cosell'), { recursive: true, force: true });
console.log('demo: removed .cosell/ — the embedded emulator starts from examples/emulator-seed.yaml');

step('1. validate: load and check the stack (no network)', ['validate', stack]);
step('2. plan: what would change (exit 2: changes present)', ['plan', stack, '--emulator', '--detailed-exitcode'], [2]);
step('3. apply: make the (emulated) account match; tasks are followed until they finish', ['apply', stack, '--emulator', '--auto-approve']);
step('4. plan again: nothing left to do (exit 0: no changes)', ['plan', stack, '--emulator', '--detailed-exitcode'], [0]);
step('5. status: in sync, and healthy? (a Stopped job is Suspended)', ['status', stack, '--emulator']);
step(
  '6. audit: every live job against the tag policy, whoever owns it (exit 0: all comply)',
  ['audit', stack, '--emulator', '--detailed-exitcode'],
  [0],
);
console.log('\ndemo: done. The emulated account is in .cosell/emulator-state.json; try editing examples/stack and running');
console.log('      node dist/cli/main.js plan examples/stack --emulator');
