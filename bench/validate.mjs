// Benchmark: `cosell validate` of a generated 10,000-job stack against parsing the same files with
// the `yaml` package alone. Run after a build:  npm run build && node bench/validate.mjs [JOBS]
// Prints medians of wall and CPU time, in process and end to end (a fresh `node` each run), and
// the ratios; runs alternate, so that a busy machine weighs on both sides alike.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { loadStack } from '../dist/desired/index.js';

const JOBS = Number(process.argv[2] ?? 10_000);
const PER_FILE = 100;
const RUNS = 7;
const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;

function generate(dir) {
  writeFileSync(
    join(dir, 'stack.yaml'),
    'version: 1\nstack: bench\ncatalog: Sandbox\ndefaults:\n  tags:\n    team: alliances\n    cost-center: "4411"\n' +
      'ignoreTags:\n  keys: [crm-sync-id]\n  keyPrefixes: ["crm:"]\n',
  );
  mkdirSync(join(dir, 'jobs'));
  for (let f = 0; f * PER_FILE < JOBS; f++) {
    let text = 'snapshotJobs:\n';
    for (let i = f * PER_FILE; i < Math.min(JOBS, (f + 1) * PER_FILE); i++) {
      const engagement = `eng-${String(i % 1000).padStart(14, '0')}`;
      text +=
        `  job-${i}:\n    engagement: ${engagement}\n    opportunity: O${100000 + i}\n` +
        `    template: OpportunitySummaryView\n    status: ${i % 10 === 0 ? 'Stopped' : 'Running'}\n` +
        `    tags:\n      account: Account ${i % 500}\n      priority: ${i % 3 === 0 ? 'high' : 'normal'}\n`;
    }
    writeFileSync(join(dir, 'jobs', `jobs-${String(f).padStart(4, '0')}.yaml`), text);
  }
}

function files(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** CPU time (ms) of this process, and of its waited-for children (Linux /proc; 10 ms ticks). */
function cpu() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, in 1/100 s
  } catch {
    children = NaN;
  }
  return { own: (own.user + own.system) / 1000, children };
}

/**
 * Runs `a` and `b` alternately, so that both see the same load on a shared machine, and reports
 * medians of wall time, of CPU time, and of the per-pair ratios b / a.
 */
async function compare(a, b, clock) {
  const wall = { a: [], b: [] };
  const cpus = { a: [], b: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [key, fn] of [
      ['a', a],
      ['b', b],
    ]) {
      const c0 = cpu()[clock];
      const t0 = performance.now();
      await fn();
      wall[key].push(performance.now() - t0);
      cpus[key].push(cpu()[clock] - c0);
    }
  }
  const ratios = (m) => median(m.b.map((x, i) => x / m.a[i]));
  return {
    wall: { a: median(wall.a), b: median(wall.b), ratio: ratios(wall) },
    cpu: { a: median(cpus.a), b: median(cpus.b), ratio: ratios(cpus) },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'cosell-bench-'));
try {
  generate(dir);
  const paths = files(dir);
  const bytes = paths.reduce((n, p) => n + readFileSync(p).length, 0);

  let resources = 0;
  const inProcess = await compare(
    () => {
      for (const p of paths) parse(readFileSync(p, 'utf8'));
    },
    async () => {
      const load = await loadStack(dir);
      if (load.diagnostics.length) throw new Error(`bench stack invalid: ${load.diagnostics[0].message}`);
      resources = load.resourceCount;
    },
    'own',
  );

  const yamlScript =
    `import { readFileSync, readdirSync } from 'node:fs'; import { join } from 'node:path'; import { parse } from 'yaml';` +
    `const d = process.argv[1]; for (const f of readdirSync(d, { recursive: true }).filter((f) => /\\.ya?ml$/.test(f)).sort()) parse(readFileSync(join(d, f), 'utf8'));`;
  const cwd = new URL('..', import.meta.url).pathname;
  const endToEnd = await compare(
    () => execFileSync(process.execPath, ['--input-type=module', '-e', yamlScript, dir], { cwd }),
    () => execFileSync(process.execPath, [CLI, 'validate', dir], { cwd }),
    'children',
  );

  const ms = (x) => `${x.toFixed(0)} ms`.padStart(8);
  const row = (label, m) =>
    `${label.padEnd(28)} wall ${ms(m.wall.a)} vs ${ms(m.wall.b)} (${m.wall.ratio.toFixed(2)}x)   ` +
    `cpu ${ms(m.cpu.a)} vs ${ms(m.cpu.b)} (${m.cpu.ratio.toFixed(2)}x)`;
  console.log(
    `stack: ${resources} jobs in ${paths.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB; medians of ${RUNS} interleaved runs`,
  );
  console.log('                             yaml alone vs cosell validate (ratio)');
  console.log(row('in process (loadStack)', inProcess));
  console.log(row('end to end (fresh node)', endToEnd));
  const mem = process.memoryUsage();
  console.log(`memory after: heap ${(mem.heapUsed / 1024 / 1024).toFixed(0)} MB, rss ${(mem.rss / 1024 / 1024).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
