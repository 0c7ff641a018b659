// Scenario 4, offline: validate, then diff and render, a stack of N jobs (default 10,000, in 100
// files) with no changes; against parsing the same files with `yaml` alone. Each pass runs in a
// fresh process (bench/scenarios/offline-pass.mjs), as a CLI run does, so the times include the
// JIT warming up and the peak RSS is that of one run. End to end, `cosell validate DIR` is also
// timed against `node` parsing the files with `yaml`, process start included in both.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { median, ROOT } from '../lib/procs.mjs';
import { stackFiles, writeStack } from '../lib/stacks.mjs';

const run = promisify(execFile);
const PASS = join(ROOT, 'bench/scenarios/offline-pass.mjs');
const CLI = join(ROOT, 'dist/cli/main.js');
const YAML_SCRIPT =
  `import { readFileSync, readdirSync } from 'node:fs'; import { join } from 'node:path'; import { parse } from 'yaml';` +
  `const d = process.argv[1]; for (const f of readdirSync(d, { recursive: true }).filter((f) => /\\.ya?ml$/.test(f)).sort()) parse(readFileSync(join(d, f), 'utf8'));`;

async function pass(dir, mode) {
  const { stdout } = await run(process.execPath, [PASS, dir, mode], { cwd: ROOT, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

async function wall(args) {
  const t = performance.now();
  await run(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 24 });
  return performance.now() - t;
}

export async function offline({ n = 10_000, runs = 5, log = () => {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'cosell-bench-4-'));
  try {
    const files = stackFiles(n);
    await writeStack(dir, files);
    let bytes = 0;
    for (const name of Object.keys(files)) bytes += (await stat(join(dir, name))).size;
    const cosell = [];
    const yaml = [];
    const cli = [];
    const yamlCli = [];
    // Interleaved, so that a busy moment of the machine weighs on both sides alike.
    for (let i = 0; i < runs; i++) {
      yaml.push(await pass(dir, 'yaml'));
      cosell.push(await pass(dir, 'cosell'));
      yamlCli.push(await wall(['--input-type=module', '-e', YAML_SCRIPT, dir]));
      cli.push(await wall([CLI, 'validate', dir]));
      const c = cosell.at(-1);
      log(
        `  pass ${i + 1}/${runs}: yaml ${yaml.at(-1).yamlMs.toFixed(0)} ms, validate ${c.validateMs.toFixed(0)} ms, diff ${c.diffMs.toFixed(0)} ms, ` +
          `render ${c.renderHumanMs.toFixed(0)} ms, peak ${c.peakMb.toFixed(0)} MB; end to end node+yaml ${yamlCli.at(-1).toFixed(0)} ms, cosell validate ${cli.at(-1).toFixed(0)} ms`,
      );
    }
    const m = (xs, k) => median(xs.map((x) => (k ? x[k] : x)));
    const result = {
      n: cosell[0].jobs,
      files: cosell[0].files,
      mb: bytes / 1024 / 1024,
      runs,
      yamlMs: m(yaml, 'yamlMs'),
      validateMs: m(cosell, 'validateMs'),
      diffMs: m(cosell, 'diffMs'),
      renderHumanMs: m(cosell, 'renderHumanMs'),
      renderJsonMs: m(cosell, 'renderJsonMs'),
      peakMb: Math.max(...cosell.map((c) => c.peakMb)),
      yamlPeakMb: Math.max(...yaml.map((c) => c.peakMb)),
      endToEnd: { yamlMs: m(yamlCli), validateMs: m(cli) },
    };
    result.validateRatio = result.validateMs / result.yamlMs;
    result.endToEnd.ratio = result.endToEnd.validateMs / result.endToEnd.yamlMs;
    result.diffRenderMs = result.diffMs + result.renderHumanMs;
    result.targets = {
      validateRatioOk: result.validateRatio <= 2,
      diffRenderOk: result.diffRenderMs < 300,
      peakOk: result.peakMb <= 300,
    };
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
