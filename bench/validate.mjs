// Benchmark: `cosell validate` of a generated 10,000-job stack against parsing the same files with
// the `yaml` package alone. Run after a build:  npm run build && node bench/validate.mjs [JOBS]
// Prints medians, in process and end to end (a fresh `node` each run), and the ratios.
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

async function time(fn) {
  const out = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

const dir = mkdtempSync(join(tmpdir(), 'cosell-bench-'));
try {
  generate(dir);
  const paths = files(dir);
  const bytes = paths.reduce((n, p) => n + readFileSync(p).length, 0);

  const yamlOnly = await time(() => {
    for (const p of paths) parse(readFileSync(p, 'utf8'));
  });
  let resources = 0;
  const cosell = await time(async () => {
    const load = await loadStack(dir);
    if (load.diagnostics.length) throw new Error(`bench stack invalid: ${load.diagnostics[0].message}`);
    resources = load.resourceCount;
  });

  const yamlScript =
    `import { readFileSync, readdirSync } from 'node:fs'; import { join } from 'node:path'; import { parse } from 'yaml';` +
    `const d = process.argv[1]; for (const f of readdirSync(d, { recursive: true }).filter((f) => /\\.ya?ml$/.test(f)).sort()) parse(readFileSync(join(d, f), 'utf8'));`;
  const cwd = new URL('..', import.meta.url).pathname;
  const yamlCli = await time(() => execFileSync(process.execPath, ['--input-type=module', '-e', yamlScript, dir], { cwd }));
  const cosellCli = await time(() => execFileSync(process.execPath, [CLI, 'validate', dir], { cwd }));

  const ms = (x) => `${x.toFixed(0)} ms`;
  console.log(`stack: ${resources} jobs in ${paths.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB; median of ${RUNS} runs`);
  console.log(`in process   yaml.parse alone ${ms(yamlOnly)}   loadStack ${ms(cosell)}   ratio ${(cosell / yamlOnly).toFixed(2)}x`);
  console.log(`end to end   node + yaml      ${ms(yamlCli)}   cosell validate ${ms(cosellCli)}   ratio ${(cosellCli / yamlCli).toFixed(2)}x`);
  console.log(`heap after   ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB used, rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
