// Scenario 2, quota-bound plan: N jobs already applied, a quota of Q calls/s on every operation
// (each its own bucket, as the service counts them), 20 ms latency, and cosell's --rate set to the
// same. The floor is the busiest operation's calls ÷ Q: reaching it takes pipelining the
// operations, not one after another.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floorSeconds } from '../lib/floor.mjs';
import { median, sleep, spawnEmulator, sum, timed } from '../lib/procs.mjs';
import { seedFor, stackFiles, writeStack } from '../lib/stacks.mjs';

export async function planQuota({ n = 300, quota = 50, runs = 3, latencyMs = 20, parallelism = 10, log = () => {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'cosell-bench-2-'));
  const emu = await spawnEmulator(dir, seedFor(n), { latencyMs, quotas: { read: quota, write: quota } });
  try {
    const stackDir = await writeStack(join(dir, 'stack'), stackFiles(n));
    const plan = async (cacheDir) => {
      // A second for the emulator's buckets to fill again: every run starts alike.
      await sleep(1100);
      await emu.resetStats();
      // --debug prints a line per answer on stderr: the first tells when the calls began.
      const r = await timed([
        'plan',
        stackDir,
        '--endpoint',
        emu.url,
        '--rate',
        `read=${quota}`,
        '--rate',
        `write=${quota}`,
        '--parallelism',
        String(parallelism),
        '--cache-dir',
        cacheDir,
        '--detailed-exitcode',
        '--no-color',
        '--debug',
      ]);
      if (r.code !== 0) throw new Error(`cosell plan exited ${r.code}: ${r.stderr.slice(-500) || r.stdout.slice(0, 500)}`);
      const stats = await emu.stats();
      const floor = floorSeconds(stats.calls, () => quota);
      // Process start, module loading and reading the stack, until the first request left.
      const startMs = (r.firstErrAt ?? 0) - latencyMs;
      return {
        ms: r.ms,
        startMs,
        calls: stats.calls,
        total: sum(stats.calls),
        throttled: stats.throttled,
        floorS: floor,
        ratio: r.ms / 1000 / floor,
        callsRatio: (r.ms - startMs) / 1000 / floor,
      };
    };
    const series = async (label, cacheDir, fresh) => {
      const out = [];
      for (let i = 0; i < runs; i++) {
        out.push(await plan(fresh ? join(dir, `${cacheDir}-${i}`) : cacheDir));
        const x = out.at(-1);
        log(
          `  ${label} plan ${i + 1}/${runs}: ${(x.ms / 1000).toFixed(2)} s, floor ${x.floorS.toFixed(2)} s (${x.ratio.toFixed(3)}×; ` +
            `first call after ${(x.startMs / 1000).toFixed(2)} s, from it ${x.callsRatio.toFixed(3)}×), ${x.total} calls, ${x.throttled} throttled`,
        );
      }
      return out;
    };
    const cold = await series('cold', 'cache', true);
    const warm = await series('warm', join(dir, `cache-${runs - 1}`), false);
    const summary = (xs) => ({
      ms: median(xs.map((x) => x.ms)),
      runsMs: xs.map((x) => Math.round(x.ms)),
      floorS: xs.at(-1).floorS,
      ratio: median(xs.map((x) => x.ratio)),
      startMs: median(xs.map((x) => x.startMs)),
      callsRatio: median(xs.map((x) => x.callsRatio)),
      worstRatio: Math.max(...xs.map((x) => x.ratio)),
      calls: xs.at(-1).calls,
      total: xs.at(-1).total,
      throttled: xs.reduce((a, x) => a + x.throttled, 0),
    });
    const result = { n, quota, latencyMs, parallelism, runs, cold: summary(cold), warm: summary(warm) };
    result.targets = {
      ratioOk: result.cold.ratio <= 1.15 && result.warm.ratio <= 1.05,
      noFailures: true, // every run exited 0 with no changes found; a failed call would have ended it
    };
    return result;
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}
