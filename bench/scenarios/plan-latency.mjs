// Scenario 1, latency-bound plan: N jobs already applied, 20 ms added to every answer, no quota,
// cosell's --rate raised out of the way: only latency and concurrency count. cosell plan cold
// (empty job cache) and warm, against the naive SDK script, on the same emulator.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, ROOT, spawnEmulator, sum, timed } from '../lib/procs.mjs';
import { seedFor, stackFiles, writeStack } from '../lib/stacks.mjs';

const NAIVE = join(ROOT, 'bench/naive.mjs');
const OUT_OF_THE_WAY = ['--rate', 'read=100000', '--rate', 'write=100000'];

/**
 * `parallelism` is cosell's default (10); `moreParallelism`, if given, is a second series at a
 * higher --parallelism, to show what concurrency alone buys when the quota allows it.
 */
export async function planLatency({
  n = 1000,
  runs = 3,
  naiveRuns = 1,
  latencyMs = 20,
  parallelism = 10,
  moreParallelism,
  log = () => {},
} = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'cosell-bench-1-'));
  const emu = await spawnEmulator(dir, seedFor(n), { latencyMs });
  try {
    const stackDir = await writeStack(join(dir, 'stack'), stackFiles(n));
    const plan = async (cacheDir, p = parallelism) => {
      await emu.resetStats();
      const r = await timed([
        'plan',
        stackDir,
        '--endpoint',
        emu.url,
        ...OUT_OF_THE_WAY,
        '--parallelism',
        String(p),
        '--cache-dir',
        cacheDir,
        '--detailed-exitcode',
        '--no-color',
      ]);
      // Exit 0 with --detailed-exitcode: the plan ran and found no changes.
      if (r.code !== 0) throw new Error(`cosell plan exited ${r.code}: ${r.stderr || r.stdout.slice(0, 500)}`);
      const stats = await emu.stats();
      return { ms: r.ms, calls: stats.calls, total: sum(stats.calls), throttled: stats.throttled };
    };

    const series = async (p, label) => {
      const cold = [];
      let cacheDir;
      for (let i = 0; i < runs; i++) {
        cacheDir = join(dir, `cache-${p}-${i}`);
        cold.push(await plan(cacheDir, p));
        log(`  cold plan${label} ${i + 1}/${runs}: ${(cold.at(-1).ms / 1000).toFixed(2)} s, ${cold.at(-1).total} calls`);
      }
      const warm = [];
      for (let i = 0; i < runs; i++) {
        warm.push(await plan(cacheDir, p));
        log(`  warm plan${label} ${i + 1}/${runs}: ${(warm.at(-1).ms / 1000).toFixed(2)} s, ${warm.at(-1).total} calls`);
      }
      return { cold, warm };
    };
    const { cold, warm } = await series(parallelism, '');
    const more = moreParallelism ? await series(moreParallelism, ` (--parallelism ${moreParallelism})`) : undefined;

    const naive = [];
    for (let i = 0; i < naiveRuns; i++) {
      await emu.resetStats();
      const r = await timed(['--endpoint', emu.url], { script: NAIVE });
      if (r.code !== 0) throw new Error(`bench/naive.mjs exited ${r.code}: ${r.stderr}`);
      const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
      if (out.jobs !== n) throw new Error(`bench/naive.mjs read ${out.jobs} jobs, not ${n}`);
      const stats = await emu.stats();
      naive.push({ ms: r.ms, calls: stats.calls, total: sum(stats.calls), throttled: stats.throttled });
      log(`  naive ${i + 1}/${naiveRuns}: ${(r.ms / 1000).toFixed(2)} s, ${naive.at(-1).total} calls`);
    }

    const summary = (xs) => ({
      ms: median(xs.map((x) => x.ms)),
      runsMs: xs.map((x) => Math.round(x.ms)),
      calls: xs.at(-1).calls,
      total: xs.at(-1).total,
    });
    const result = { n, latencyMs, parallelism, runs, cold: summary(cold), warm: summary(warm), naive: summary(naive) };
    const callBound = n + Math.ceil(n / 100) + 2;
    result.speedup = { cold: result.naive.ms / result.cold.ms, warm: result.naive.ms / result.warm.ms };
    if (more) {
      result.more = { parallelism: moreParallelism, cold: summary(more.cold), warm: summary(more.warm) };
      result.more.speedup = { cold: result.naive.ms / result.more.cold.ms, warm: result.naive.ms / result.more.warm.ms };
    }
    result.targets = {
      warmCallBound: callBound,
      warmCallsOk: warm.every((w) => w.total <= callBound),
      speedupOk: result.speedup.warm >= 10,
    };
    return result;
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}
