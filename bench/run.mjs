// `npm run bench`: cosell against what partners write today, and against the floor the API's
// rate quota sets. Starts its own emulators (each a `cosell emulator` process, as a partner runs
// it), runs the scenarios (1-4 of issue 8, 5 of issue 14), prints a table and writes bench/results.json.
// Needs a build (dist/): npm run build && node bench/run.mjs [--only 1,2,3,4,5] [--quick]
//   --quick   smaller N and fewer runs: a smoke test of the bench itself, not a measurement
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../dist/util/atomic-write.js';
import { ROOT } from './lib/procs.mjs';
import { applyScenario } from './scenarios/apply.mjs';
import { offline } from './scenarios/offline.mjs';
import { planLatency } from './scenarios/plan-latency.mjs';
import { planQuota } from './scenarios/plan-quota.mjs';
import { startup } from './scenarios/startup.mjs';
import { table } from './lib/table.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',').map(Number)) : new Set([1, 2, 3, 4, 5]);
// A quick run is a smoke test: it must not replace the measured results.
const out = join(ROOT, quick ? 'bench/results-quick.json' : 'bench/results.json');

if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
  console.error('bench: dist/ is missing; run `npm run build` first (npm run bench does).');
  process.exit(1);
}

const log = (line) => process.stderr.write(`${line}\n`);
const git = (...a) => {
  try {
    return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
};

const results = {
  date: new Date().toISOString(),
  commit: git('rev-parse', '--short', 'HEAD'),
  dirty: git('status', '--porcelain', '--', 'src') ? true : undefined,
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
  quick,
  scenarios: {},
};

const started = performance.now();
if (only.has(1)) {
  log('1. latency-bound plan');
  results.scenarios.latencyBoundPlan = await planLatency(
    quick ? { n: 200, runs: 1, moreParallelism: 50, log } : { n: 1000, runs: 5, naiveRuns: 2, moreParallelism: 50, log },
  );
}
if (only.has(2)) {
  log('2. quota-bound plan');
  results.scenarios.quotaBoundPlan = await planQuota(quick ? { n: 100, runs: 1, log } : { n: 300, runs: 5, log });
}
if (only.has(3)) {
  log('3. apply');
  results.scenarios.apply = await applyScenario(quick ? { n: 50, log } : { n: 300, log });
}
if (only.has(4)) {
  log('4. offline');
  results.scenarios.offline = await offline(quick ? { n: 1000, runs: 2, log } : { n: 10_000, runs: 5, log });
}
if (only.has(5)) {
  log('5. startup');
  results.scenarios.startup = await startup(quick ? { runs: 3, log } : { runs: 21, log });
}
results.seconds = Math.round((performance.now() - started) / 1000);

await writeFileAtomic(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(table(results));
log(`\nwrote ${out} (${results.seconds} s)`);
