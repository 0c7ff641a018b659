/**
 * Tests with an emulator (or endpoint) of their own run concurrently: most of their time is
 * process start-up.
 *
 * The conformance suite, run as `npm run conformance` runs it (dist/conformance/main.js, the
 * official SDK, the default credential chain) against `cosell emulator` in a process of its own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetResourceSnapshotJobCommand,
  ListResourceSnapshotJobsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-partnercentral-selling';
import { STEPS } from '../../src/conformance/steps.js';
import { DENIED_KEY, ENGAGEMENT, runArgs, runner, SEEDED_JOBS, spawnEmulator, type SpawnedEmulator } from './support.js';

interface JsonReport {
  run: string;
  interrupted: boolean;
  summary: { matches: number; differs: number; not_checked: number };
  diagnosis: string | null;
  steps: {
    name: string;
    verdict: string;
    differences: string[];
    not_checked: string | null;
    observed: { status: number | null; error: string | null } | null;
  }[];
  cleanup: { job: string; outcome: string; detail: string | null }[];
}

const readReport = async (file: string): Promise<JsonReport> => JSON.parse(await readFile(file, 'utf8')) as JsonReport;
const UNCHECKABLE = STEPS.filter((s) => 'notChecked' in s).map((s) => s.name);

async function jobsOnEngagement(emu: SpawnedEmulator): Promise<string[]> {
  const page = await emu.sdk.send(
    new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox', EngagementIdentifier: ENGAGEMENT, MaxResults: 1000 }),
  );
  const next = page.NextToken
    ? await emu.sdk.send(
        new ListResourceSnapshotJobsCommand({ Catalog: 'Sandbox', EngagementIdentifier: ENGAGEMENT, NextToken: page.NextToken }),
      )
    : undefined;
  return [...(page.ResourceSnapshotJobSummaries ?? []), ...(next?.ResourceSnapshotJobSummaries ?? [])].map((s) => s.Id!);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cosell-conformance-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('against the emulator', () => {
  let emu: SpawnedEmulator;
  beforeAll(async () => {
    emu = await spawnEmulator(dir);
  });
  afterAll(() => emu.close());

  it('passes: every step matches but the two no short run can settle, and it leaves nothing behind', async () => {
    const out = join(dir, 'pass.json');
    const { code, stdout, stderr } = await runner(runArgs(emu.url, ['--out', out])).exit;
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    const report = await readReport(out);
    expect(report.steps.map((s) => s.name)).toEqual(STEPS.map((s) => s.name));
    for (const step of report.steps)
      expect(step.verdict, `${step.name}: ${step.differences.join('; ')}${step.not_checked ?? ''}`).toBe(
        UNCHECKABLE.includes(step.name) ? 'not checked' : 'matches',
      );
    expect(report.summary).toEqual({ matches: STEPS.length - UNCHECKABLE.length, differs: 0, not_checked: UNCHECKABLE.length });
    // The sequence deleted its job itself; the cleanup found it gone.
    expect(report.cleanup).toEqual([{ job: expect.stringMatching(/^job-/), outcome: 'gone', detail: null }]);
    expect(stdout).toContain(`cosell conformance run ${report.run}`);
    expect(stdout).toMatch(/^ {2}matches {6}create {2,}CreateResourceSnapshotJob → 200 \{Arn: string, Id: string\}$/m);
    expect(stdout).toContain(`${STEPS.length - UNCHECKABLE.length} match, 0 differ, ${UNCHECKABLE.length} not checked.`);
    expect(await jobsOnEngagement(emu)).toHaveLength(SEEDED_JOBS);
    const calls = (await emu.stats()).calls;
    expect(calls.CreateResourceSnapshotJob).toBe(5);
    expect(calls.DeleteResourceSnapshotJob).toBe(2);
  });

  it('with credentials denied the catalog: a clear report, exit 1, and no job created', async () => {
    const before = (await emu.stats()).calls.CreateResourceSnapshotJob ?? 0;
    const out = join(dir, 'denied-emulator.json');
    const run = runner(runArgs(emu.url, ['--out', out]), {
      AWS_ACCESS_KEY_ID: DENIED_KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DENIED_KEY.secretAccessKey,
    });
    const { code, stdout } = await run.exit;
    expect(code).toBe(1);
    const report = await readReport(out);
    const create = report.steps.find((s) => s.name === 'create')!;
    expect(create.verdict).toBe('differs');
    expect(create.differences).toEqual([
      'HTTP status: expected 200, got 403',
      expect.stringMatching(/^error: expected a success, got AccessDeniedException: "User AKIDDENIEDSANDBOX is not authorized/),
    ]);
    expect(report.steps.find((s) => s.name === 'get')).toMatchObject({
      verdict: 'not checked',
      not_checked: 'no job: the create did not succeed',
    });
    expect(report.cleanup).toEqual([]);
    expect(stdout).toContain('No job was created: nothing to clean up.');
    expect((await emu.stats()).calls.CreateResourceSnapshotJob).toBe(before + 1);
    expect(await jobsOnEngagement(emu)).toHaveLength(SEEDED_JOBS);
  });
});

it.concurrent('fails with a clear report against an emulator that fails every call (fault rate 1)', async () => {
  const emu = await spawnEmulator(dir, ['--fail-rate', '1']);
  try {
    const out = join(dir, 'faulty.json');
    const { code, stdout } = await runner(runArgs(emu.url, ['--out', out, '--max-attempts', '1'])).exit;
    expect(code).toBe(1);
    const report = await readReport(out);
    // Only the refusals of badly signed calls match: the front end answers them before any fault.
    expect(report.steps.filter((s) => s.verdict === 'matches').map((s) => s.name)).toEqual([
      'auth-unknown-key',
      'auth-wrong-secret',
      'auth-clock-skew',
    ]);
    expect(report.steps.find((s) => s.name === 'create')).toMatchObject({
      verdict: 'differs',
      differences: [
        'HTTP status: expected 200, got 500',
        expect.stringMatching(/^error: expected a success, got InternalServerException: /),
      ],
    });
    expect(report.diagnosis).toBe(
      'Every call failed with InternalServerException (HTTP 500): the endpoint fails every call: try again later. Nothing in this run says how the service behaves.',
    );
    expect(stdout).toContain(report.diagnosis!);
    // An unanswered create may have made a job: the report says it could not look.
    expect(report.cleanup).toEqual([
      {
        job: `(a job tagged cosell:conformance=${report.run})`,
        outcome: 'left',
        detail: expect.stringMatching(
          /^a create went unanswered, so it may have made a job, and the engagement could not be read to find it: ListResourceSnapshotJobs failed: InternalServerException \(HTTP 500\)/,
        ),
      },
    ]);
  } finally {
    await emu.close();
  }
});

it.concurrent('names the one behaviour that differs, against an emulator that allows two jobs on one key', async () => {
  const emu = await spawnEmulator(dir, ['--no-unique-jobs']);
  try {
    const out = join(dir, 'duplicates.json');
    const { code } = await runner(runArgs(emu.url, ['--out', out])).exit;
    expect(code).toBe(1);
    const report = await readReport(out);
    expect(report.steps.filter((s) => s.verdict === 'differs')).toEqual([
      expect.objectContaining({
        name: 'create-same-key',
        differences: ['HTTP status: expected 409, got 200', 'error: expected ConflictException, got a success'],
      }),
    ]);
    // The second job it was not meant to get is cleaned up with the first.
    expect(report.cleanup.map((c) => c.outcome).sort()).toEqual(['deleted', 'gone']);
    expect(await jobsOnEngagement(emu)).toHaveLength(SEEDED_JOBS);
  } finally {
    await emu.close();
  }
});

it.concurrent('finds and deletes the job of a create whose answer was lost (commit, then drop)', async () => {
  const emu = await spawnEmulator(dir, ['--commit-drop-rate', '1']);
  try {
    const out = join(dir, 'dropped.json');
    const { code } = await runner(runArgs(emu.url, ['--out', out, '--max-attempts', '1'])).exit;
    expect(code).toBe(1);
    const report = await readReport(out);
    expect(report.steps[0]).toMatchObject({ name: 'create', verdict: 'differs', observed: { status: null } });
    // The run never learnt the job's id: the sweep found it by the run's tag.
    expect(report.cleanup).toEqual([{ job: expect.stringMatching(/^job-/), outcome: 'deleted', detail: null }]);
    expect(await jobsOnEngagement(emu)).toHaveLength(SEEDED_JOBS);
  } finally {
    await emu.close();
  }
});

describe('against an endpoint that refuses everything with AccessDeniedException', () => {
  let server: Server;
  let url: string;
  const targets: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      targets.push(String(req.headers['x-amz-target'] ?? ''));
      req.resume();
      const body = JSON.stringify({
        __type: 'com.amazonaws.partnercentralselling#AccessDeniedException',
        message: 'User is not authorized to perform this action.',
      });
      res.writeHead(403, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-errortype': 'AccessDeniedException',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('ends with a clear report and exit 1, and leaves nothing behind', async () => {
    const out = join(dir, 'denied.json');
    const { code, stdout, stderr } = await runner(runArgs(url, ['--out', out])).exit;
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const report = await readReport(out);
    expect(report.diagnosis).toBe(
      'Every call failed with AccessDeniedException (HTTP 403): these credentials may not use the Selling API in catalog Sandbox: ' +
        'see AccessDeniedException in docs/troubleshooting.md. Nothing in this run says how the service behaves.',
    );
    expect(stdout).toContain(report.diagnosis!);
    expect(stdout).toContain('No job was created: nothing to clean up.');
    expect(report.cleanup).toEqual([]);
    for (const s of report.steps) expect(s.verdict === 'differs' || s.verdict === 'not checked', s.name).toBe(true);
    // One create, refused; no retry of it (a 403 is final) and nothing to stop or delete.
    expect(targets.filter((t) => t.endsWith('.CreateResourceSnapshotJob'))).toHaveLength(1);
    expect(targets.filter((t) => /\.(Delete|Stop)ResourceSnapshotJob$/.test(t))).toEqual([]);
  });
});

it.concurrent('cleans up when interrupted after its create (SIGINT): the job is deleted', async () => {
  const emu = await spawnEmulator(dir, ['--latency-ms', '150']);
  try {
    const out = join(dir, 'interrupted.json');
    const run = runner(runArgs(emu.url, ['--out', out]));
    const created = await run.line(/^ {2}matches {6}create /);
    expect(created).toContain('CreateResourceSnapshotJob → 200');
    run.child.kill('SIGINT');
    const { code, stdout } = await run.exit;
    expect(code).toBe(130);
    expect(stdout).toContain('Interrupted: finishing the call in flight, then cleaning up');
    const report = await readReport(out);
    expect(report.interrupted).toBe(true);
    expect(report.steps.at(-3)).toMatchObject({ verdict: 'not checked', not_checked: 'the run was interrupted' });
    expect(report.cleanup).toEqual([{ job: expect.stringMatching(/^job-/), outcome: 'deleted', detail: null }]);
    const job = report.cleanup[0]!.job;
    const gone = await emu.sdk
      .send(new GetResourceSnapshotJobCommand({ Catalog: 'Sandbox', ResourceSnapshotJobIdentifier: job }))
      .catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(await jobsOnEngagement(emu)).toHaveLength(SEEDED_JOBS);
    expect((await emu.stats()).calls.DeleteResourceSnapshotJob).toBe(1);
  } finally {
    await emu.close();
  }
});

it.concurrent('says so when nothing listens at the endpoint, and knows no job can have been made', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const { code, stdout } = await runner(runArgs(`http://127.0.0.1:${port}`, ['--max-attempts', '1'])).exit;
  expect(code).toBe(1);
  expect(stdout).toContain(`Every call failed with no HTTP answer (Error): the endpoint http://127.0.0.1:${port}/ could not be reached.`);
  expect(stdout).toContain('No job was created: nothing to clean up.');
});

it.concurrent('refuses the production catalog without --i-know-this-is-production, before any call', async () => {
  const { code, stdout, stderr } = await runner([...runArgs('http://127.0.0.1:9'), '--catalog', 'AWS']).exit;
  expect(code).toBe(1);
  expect(stdout).toBe('');
  expect(stderr).toBe(
    'Error: --catalog AWS is the production catalog: the suite creates, starts, stops and deletes a real snapshot job there. ' +
      'Run it against Sandbox, or add --i-know-this-is-production.\n',
  );
});
