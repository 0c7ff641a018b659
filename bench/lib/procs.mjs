// Processes the benchmarks start: the emulator (`cosell emulator`, a process of its own, as a
// partner runs it, so that it does not share the client's event loop) and timed cosell runs.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist/cli/main.js');
export const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** With BENCH_PROFILE_DIR set, every process writes a V8 CPU profile there (emulator/, client/). */
function profileFlags(kind) {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, kind)}`] : [];
}

/** The environment of every client process: the emulator's key, no profile, no stray endpoint. */
export function clientEnv() {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey, AWS_REGION: 'us-east-1' };
  for (const k of [
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING',
    'AWS_MAX_ATTEMPTS',
    'NO_COLOR',
  ])
    delete env[k];
  // No shared config files: the provider chain must not find anything but the environment.
  env.AWS_CONFIG_FILE = '/nonexistent';
  env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent';
  return env;
}

/** Emulators still running: stopped when this process exits, however it exits. */
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/**
 * Starts `cosell emulator` on a free port with the given seed (an object, written to `dir`) and
 * options; resolves once it prints its one line. stats()/resetStats() use its HTTP endpoints.
 */
export async function spawnEmulator(dir, seed, { latencyMs = 0, quotas = {}, taskDelayMs = 0 } = {}) {
  const seedFile = join(dir, `seed-${Date.now()}-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(seedFile, stringify(seed));
  const args = [
    CLI,
    'emulator',
    '--port',
    '0',
    '--seed',
    seedFile,
    '--latency-ms',
    String(latencyMs),
    '--task-delay-ms',
    String(taskDelayMs),
  ];
  for (const [op, tps] of Object.entries(quotas)) args.push('--quota', `${op}=${tps}`);
  const child = spawn(process.execPath, [...profileFlags('emulator'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`cosell emulator exited (${code}) before listening: ${stderr.trim()}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url,
    pid: child.pid,
    async stats() {
      const res = await fetch(`${url}/_emulator/stats`);
      return res.json();
    },
    async resetStats() {
      await fetch(`${url}/_emulator/reset-stats`, { method: 'POST' });
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Runs a node script (the cosell CLI by default) to its end; `ms` is the wall time from spawn to
 * exit, as a user waits for it. `lines` are stdout lines with the time (ms since spawn) each arrived.
 */
export function timed(args, { env = clientEnv(), script = CLI } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...profileFlags('client'), script, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = [];
    let partial = '';
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      const at = performance.now() - started;
      stdout += d;
      partial += d;
      const parts = partial.split('\n');
      partial = parts.pop();
      for (const text of parts) lines.push({ at, text });
    });
    let firstErrAt;
    child.stderr.on('data', (d) => {
      firstErrAt ??= performance.now() - started;
      stderr += d;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      if (partial) lines.push({ at: ms, text: partial });
      resolve({ code, ms, stdout, stderr, lines, firstErrAt });
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const sum = (calls) => Object.values(calls).reduce((a, b) => a + b, 0);
