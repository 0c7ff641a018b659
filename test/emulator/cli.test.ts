import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListResourceSnapshotJobsCommand, PartnerCentralSellingClient, ThrottlingException } from '@aws-sdk/client-partnercentral-selling';
import { emulatorCommand, optionsFromFlags, type EmulatorFlags } from '../../src/cli/commands/emulator.js';
import { createExampleJob } from './helpers.js';
import { EXAMPLE_KEY, failure } from '../support/emulator.js';

const sdkAt = (url: string) =>
  new PartnerCentralSellingClient({ endpoint: url, region: 'us-east-1', credentials: EXAMPLE_KEY, maxAttempts: 1 });
const flags = (over: Partial<EmulatorFlags> = {}): EmulatorFlags => ({
  host: '127.0.0.1',
  port: 0,
  quota: [],
  dailyQuota: [],
  uniqueJobs: true,
  allowHost: [],
  ...over,
});

/** dist/ is what `cosell` runs; rebuild it when a source file is newer than its output. */
function ensureBuilt(): void {
  const stale = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return stale(path);
      if (!e.name.endsWith('.ts')) return false;
      const out = path.replace(/^src/, 'dist').replace(/\.ts$/, '.js');
      return !existsSync(out) || statSync(out).mtimeMs < statSync(path).mtimeMs;
    });
  if (!stale('src')) return;
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'ignore' });
  } catch {
    // Type errors elsewhere in the tree do not stop tsc from writing dist/.
  }
}

interface Run {
  firstLine: Promise<string>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill: (signal: NodeJS.Signals) => void;
}

function cosell(args: string[]): Run {
  const child = spawn(process.execPath, ['dist/cli/main.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let gotLine: (line: string) => void;
  const firstLine = new Promise<string>((resolve) => (gotLine = resolve));
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (stdout.includes('\n')) gotLine(stdout.split('\n')[0]!);
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      gotLine('');
      resolve({ code, stdout, stderr });
    }),
  );
  return { firstLine, exit, kill: (signal) => child.kill(signal) };
}

describe('cosell emulator (the command)', () => {
  let dir: string;
  beforeAll(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'cosell-cli-'));
  }, 180_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints one line once listening, serves, and stops on SIGTERM writing its state', async () => {
    const state = join(dir, 'term.json');
    const run = cosell(['emulator', '--port', '0', '--seed', 'examples/emulator-seed.yaml', '--state', state, '--task-delay-ms', '20']);
    const line = await run.firstLine;
    expect(line).toMatch(/^cosell emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('cosell emulator listening on '.length);
    const job = await sdkAt(url).send(createExampleJob());
    run.kill('SIGTERM');
    const { code, stdout } = await run.exit;
    expect(code).toBe(0);
    expect(stdout).toBe(`${line}\n`);
    expect(await readFile(state, 'utf8')).toContain(job.Id);
  });

  it('stops on SIGINT', async () => {
    const run = cosell(['emulator', '--port', '0', '--host', '127.0.0.1']);
    expect(await run.firstLine).toMatch(/^cosell emulator listening on /);
    run.kill('SIGINT');
    expect((await run.exit).code).toBe(0);
  });

  it('warns on stderr when it listens beyond loopback, and takes --allow-host', async () => {
    const run = cosell(['emulator', '--host', '0.0.0.0', '--port', '0', '--allow-host', 'devbox.internal', '--allow-host', '10.9.8.7']);
    expect(await run.firstLine).toMatch(/^cosell emulator listening on http:\/\/0\.0\.0\.0:\d+$/);
    run.kill('SIGTERM');
    const { code, stderr } = await run.exit;
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^Warning: the emulator listens on 0\.0\.0\.0, which other machines can reach: with the default credentials, which are public/,
    );
    const bad = await cosell(['emulator', '--port', '0', '--allow-host', 'devbox:4599']).exit;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'Error: --allow-host takes a host name or an address, without a port or scheme (e.g. --allow-host devbox.internal), not "devbox:4599"\n',
    );
  });

  it('exits 1 with a clear message on a bad seed or flag', async () => {
    const seed = await cosell(['emulator', '--port', '0', '--seed', 'package.json']).exit;
    expect(seed.code).toBe(1);
    expect(seed.stdout).toBe('');
    expect(seed.stderr).toMatch(/^Error: emulator seed package.json is invalid\npackage.json:2:3: name: unknown key "name"/);
    const quota = await cosell(['emulator', '--port', '0', '--quota', 'write']).exit;
    expect(quota.code).toBe(1);
    expect(quota.stderr).toBe('Error: --quota write: expected OP=TPS, e.g. write=1 or GetResourceSnapshotJob=10\n');
  });

  it('maps every flag onto the emulator options', () => {
    expect(
      optionsFromFlags(
        flags({
          seed: 's.yaml',
          state: 'st.json',
          latencyMs: 5,
          quota: ['read=10', 'CreateResourceSnapshotJob=0.5'],
          dailyQuota: ['write=150', 'GetResourceSnapshotJob=7'],
          quotaWindowS: 20,
          failRate: 0.1,
          dropRate: 0.2,
          commitDropRate: 0.3,
          faultSeed: 9,
          uniqueJobs: false,
          taskDelayMs: 50,
          requestTimeoutMs: 2000,
          allowHost: ['devbox.internal'],
        }),
      ),
    ).toEqual({
      host: '127.0.0.1',
      port: 0,
      seed: 's.yaml',
      statePath: 'st.json',
      latencyMs: 5,
      quotas: { read: 10, CreateResourceSnapshotJob: 0.5 },
      dailyQuotas: { write: 150, GetResourceSnapshotJob: 7 },
      quotaWindowS: 20,
      failRate: 0.1,
      dropRate: 0.2,
      commitDropRate: 0.3,
      faultSeed: 9,
      uniqueJobs: false,
      taskDelayMs: 50,
      requestTimeoutMs: 2000,
      allowHosts: ['devbox.internal'],
    });
  });

  it('serves in-process until told to stop, with the quotas it was given', async () => {
    let stop!: () => void;
    const lines: string[] = [];
    const done = emulatorCommand(flags({ quota: ['ListResourceSnapshotJobs=0.5'] }), new Promise<void>((r) => (stop = r)), {
      write: (s: string) => lines.push(s) > 0,
    });
    while (lines.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(lines).toHaveLength(1);
    const url = lines[0]!.trim().slice('cosell emulator listening on '.length);
    const sdk = sdkAt(url);
    await sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox' }));
    expect(await failure(sdk.send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox' })))).toBeInstanceOf(ThrottlingException);
    stop();
    expect(await done).toBe(0);
    await expect(sdkAt(url).send(new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox' }))).rejects.toThrow(/ECONNREFUSED/);
  });
});
