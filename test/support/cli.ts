import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { EXAMPLE_KEY } from './emulator.js';

/** The built CLI, as users run it (`npm test` builds dist/ first). */
export const COSELL = resolve(import.meta.dirname, '../../dist/cli/main.js');

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Environment for a child that talks to an emulator: the example key, no profile, no colour. */
export function emulatorEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING', 'FORCE_COLOR'])
    delete env[k];
  env.AWS_ACCESS_KEY_ID = EXAMPLE_KEY.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = EXAMPLE_KEY.secretAccessKey;
  env.AWS_REGION = 'us-east-1';
  Object.assign(env, extra);
  return env;
}

/** Runs `cosell ARGS` in a child process and collects what it printed and its exit code. */
export function runCosell(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; uid?: number; gid?: number } = {},
): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [COSELL, ...args], {
      cwd: options.cwd,
      env: options.env ?? emulatorEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ stdout, stderr, code }));
    child.stdin.end(options.input ?? '');
  });
}
