// Benchmark: the client's rate limiter against the emulator's per-operation quotas, over real HTTP.
// Run after a build:  npm run build && node bench/rate-limit.mjs [SECONDS_SCALE]
// (a .mjs importing dist/, as bench/validate.mjs does: no TypeScript runner is installed.)
//
//  A. within quota: client rate = quota (10/s); busy workers; the client must use ≥ 90% of the
//     quota and never be throttled.
//  B. over quota: quota 20/s, client set to 30/s; the adaptive limiter is throttled, backs off and
//     settles near the real quota.
//  C. recovery: quota 10/s shared with a second client that competes for a few seconds; the first
//     is throttled, then recovers to its full rate once the other stops.
import { createClient } from '../dist/api/index.js';
import { startEmulator } from '../dist/emulator/index.js';

const SCALE = Number(process.argv[2] ?? 1);
const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const OP = 'ListResourceSnapshotJobs';
const input = { Catalog: 'Sandbox', MaxResults: 1 };

function client(emu, rate) {
  return createClient({ endpoint: emu.url, credentials: KEY, rates: { [OP]: rate }, maxAttempts: 10 });
}

/** Busy workers calling OP until `until` (ms, performance clock); returns completion times (s from t0). */
async function drive(c, t0, until, workers, samples) {
  const done = [];
  let failed = 0;
  const sampler = samples
    ? setInterval(() => samples.push([(performance.now() - t0) / 1000, c.rates()[OP]?.current ?? 0]), 250)
    : undefined;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) {
        try {
          await c.listResourceSnapshotJobs(input);
          done.push((performance.now() - t0) / 1000);
        } catch {
          failed++;
        }
      }
    }),
  );
  if (sampler) clearInterval(sampler);
  return { done: done.sort((a, b) => a - b), failed };
}

/** Most completions in any window of `width` seconds. */
function maxInWindow(times, width = 1) {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= width) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

function perSecond(times, seconds) {
  const out = Array.from({ length: Math.ceil(seconds) }, () => 0);
  for (const t of times) if (t < out.length) out[Math.floor(t)]++;
  return out;
}

const pct = (x) => `${(x * 100).toFixed(1)}%`;

async function withinQuota() {
  const quota = 10;
  const seconds = 10 * SCALE;
  const emu = await startEmulator({ port: 0, seed: {}, quotas: { [OP]: quota }, latencyMs: 20 });
  const c = client(emu, quota);
  const t0 = performance.now();
  const run = await drive(c, t0, t0 + seconds * 1000, 8);
  // Count what completed inside the run, not the calls still in flight at its end.
  const done = run.done.filter((t) => t < seconds);
  const s = c.stats();
  console.log(`A. within quota: quota ${quota}/s, client ${quota}/s, 8 workers, ${seconds} s`);
  console.log(
    `   ${done.length} calls in ${seconds} s = ${(done.length / seconds).toFixed(2)}/s (${pct(done.length / seconds / quota)} of quota); ` +
      `busiest 1-s window ${maxInWindow(done)}; throttles ${s.throttles[OP] ?? 0}; failed ${run.failed}`,
  );
  c.close();
  await emu.close();
}

async function overQuota() {
  const quota = 20;
  const rate = 30;
  const seconds = 20 * SCALE;
  const emu = await startEmulator({ port: 0, seed: {}, quotas: { [OP]: quota }, latencyMs: 20 });
  const c = client(emu, rate);
  const samples = [];
  const t0 = performance.now();
  const { done, failed } = await drive(c, t0, t0 + seconds * 1000, 16, samples);
  const s = c.stats();
  const settleFrom = seconds / 2;
  const settled = done.filter((t) => t >= settleFrom && t < seconds).length / (seconds - settleFrom);
  console.log(`B. over quota: quota ${quota}/s, client configured ${rate}/s, 16 workers, ${seconds} s`);
  console.log(`   successes per second: ${perSecond(done, seconds).join(' ')}`);
  const rates = [];
  for (let sec = 0; sec < seconds; sec++) {
    const inSec = samples.filter(([t]) => t >= sec && t < sec + 1).map(([, r]) => r);
    rates.push(inSec.length ? Math.min(...inSec).toFixed(1) : '-');
  }
  console.log(`   client rate (lowest each second): ${rates.join(' ')}`);
  console.log(`   throttles ${s.throttles[OP] ?? 0} (emulator: ${emu.stats().throttled}), retries ${s.retries[OP] ?? 0}, failed ${failed}`);
  console.log(
    `   second half: ${settled.toFixed(2)}/s = ${pct(settled / quota)} of quota; busiest 1-s window ${maxInWindow(done.filter((t) => t >= settleFrom && t < seconds))}`,
  );
  c.close();
  await emu.close();
}

async function recovery() {
  const quota = 10;
  const seconds = 15 * SCALE;
  const emu = await startEmulator({ port: 0, seed: {}, quotas: { [OP]: quota }, latencyMs: 20 });
  const a = client(emu, quota);
  const b = client(emu, quota);
  const samples = [];
  const t0 = performance.now();
  const mainRun = drive(a, t0, t0 + seconds * 1000, 8, samples);
  await new Promise((r) => setTimeout(r, 3000 * SCALE));
  const intruder = await drive(b, t0, t0 + 6000 * SCALE, 8);
  const { done, failed } = await mainRun;
  const rates = [];
  for (let sec = 0; sec < seconds; sec++) {
    const inSec = samples.filter(([t]) => t >= sec && t < sec + 1).map(([, r]) => r);
    rates.push(inSec.length ? Math.min(...inSec).toFixed(1) : '-');
  }
  const tail = done.filter((t) => t >= seconds - 4 && t < seconds).length / 4;
  console.log(`C. recovery: quota ${quota}/s shared; client A at ${quota}/s for ${seconds} s; client B competes from 3 s to 6 s`);
  console.log(`   A successes per second: ${perSecond(done, seconds).join(' ')}`);
  console.log(`   A rate (lowest each second): ${rates.join(' ')}`);
  console.log(
    `   A throttles ${a.stats().throttles[OP] ?? 0}, failed ${failed}; B calls ${intruder.done.length}, throttles ${b.stats().throttles[OP] ?? 0}`,
  );
  console.log(`   A over the last 4 s: ${tail.toFixed(2)}/s = ${pct(tail / quota)} of quota`);
  a.close();
  b.close();
  await emu.close();
}

await withinQuota();
await overQuota();
await recovery();
