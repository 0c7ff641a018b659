// Scenario 5, startup: how long cosell takes before it does anything, against Node starting and
// doing nothing. Paired runs, interleaved (node -e 0, then cosell), so that a busy moment of the
// machine weighs on both sides of a pair alike; the result is the median of the pairs' ratios.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { median, ROOT } from '../lib/procs.mjs';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist/cli/main.js');

async function wall(args) {
  const t = performance.now();
  await run(process.execPath, args, { cwd: ROOT });
  return performance.now() - t;
}

async function paired(args, runs) {
  const node = [];
  const cosell = [];
  for (let i = 0; i < runs; i++) {
    node.push(await wall(['-e', '0']));
    cosell.push(await wall(args));
  }
  return {
    args: args.slice(1),
    nodeMs: median(node),
    cosellMs: median(cosell),
    ratio: median(cosell.map((c, i) => c / node[i])),
    runs: { node, cosell },
  };
}

export const STARTUP_TARGETS = { version: 2, validate: 3 };

export async function startup({ runs = 21, log = () => {} } = {}) {
  // One warm-up each: the first spawn reads the files from disk, later ones from the page cache.
  await wall(['-e', '0']);
  await wall([CLI, '--version']);
  await wall([CLI, 'validate', 'examples/stack']);
  const version = await paired([CLI, '--version'], runs);
  log(`  cosell --version ${version.cosellMs.toFixed(0)} ms vs node -e 0 ${version.nodeMs.toFixed(0)} ms: ${version.ratio.toFixed(2)}×`);
  const validate = await paired([CLI, 'validate', 'examples/stack'], runs);
  log(
    `  cosell validate examples/stack ${validate.cosellMs.toFixed(0)} ms vs node -e 0 ${validate.nodeMs.toFixed(0)} ms: ${validate.ratio.toFixed(2)}×`,
  );
  return {
    pairs: runs,
    version,
    validate,
    targets: { version: version.ratio <= STARTUP_TARGETS.version, validate: validate.ratio <= STARTUP_TARGETS.validate },
  };
}
