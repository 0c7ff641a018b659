import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulator, stackFrom, tempDir } from '../live/support.js';
import { testClient } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runCosell } from '../support/cli.js';

const STACK = `version: 1
stack: cli
catalog: Sandbox
defaults: { tags: { team: alliances } }
snapshotJobs:
  kept:
    engagement: eng-acmemigration1
    opportunity: O1001
    template: OpportunitySummaryView
    status: Stopped
  added:
    engagement: eng-acmemigration1
    opportunity: O1002
    template: OpportunitySummaryView
`;

const SEED = {
  catalogs: {
    Sandbox: {
      engagements: ['eng-acmemigration1'],
      opportunities: ['O1001', 'O1002'],
      snapshotJobs: [
        {
          engagement: 'eng-acmemigration1',
          opportunity: 'O1001',
          status: 'Stopped' as const,
          tags: { team: 'alliances', 'cosell:stack': 'cli' },
        },
      ],
    },
  },
};

describe('cosell plan (the CLI, against an emulator)', () => {
  let emu: Emulator;
  let dir: string;
  let cwd: string;
  beforeAll(async () => {
    emu = await emulator(SEED);
    dir = (await stackFrom({ 'stack.yaml': STACK })).dir;
    cwd = await tempDir();
  });
  afterAll(() => emu.close());

  const plan = (...args: string[]) => runCosell(['plan', dir, '--endpoint', emu.url, ...args], { cwd });

  it('prints the plan in Terraform style and exits 0, or 2 with --detailed-exitcode', async () => {
    const run = await plan();
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('+ snapshotJob "added"');
    expect(run.stdout).not.toContain('"kept"');
    expect(run.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(run.stdout).not.toMatch(/\x1b\[/); // not a TTY: no colour
    expect(run.code).toBe(0);
    expect((await plan('--detailed-exitcode')).code).toBe(2);
  });

  it('--target and --exclude narrow the plan by address glob', async () => {
    const none = await plan('--exclude', 'snapshotJob.add*', '--detailed-exitcode');
    expect(none.stdout).toContain('No changes. Your Partner Central account matches the configuration.');
    expect(none.code).toBe(0);
    expect((await plan('--target', 'snapshotJob.added', '--detailed-exitcode')).code).toBe(2);
  });

  it('--format json validates against schemas/plan.schema.json and counts the API calls', async () => {
    const run = await plan('--format', 'json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as {
      format_version: string;
      api_calls: Record<string, number>;
      resource_changes: { address: string }[];
    };
    const schema = JSON.parse(await readFile(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    expect(ajv.validate(schema, json), ajv.errorsText()).toBe(true);
    expect(json.format_version).toBe('1.0');
    expect(json.api_calls).toMatchObject({ ListResourceSnapshotJobs: 2, ListTagsForResource: 1 }); // one page per catalog
    const reads = Object.values(json.api_calls).reduce((a, b) => a + b, 0);
    expect((json as unknown as { api_calls_by_quota_class: unknown }).api_calls_by_quota_class).toEqual({ read: reads, write: 0 });
  });

  it('--stats prints what the run cost on stderr', async () => {
    const run = await plan('--stats');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^API calls: \d+\n {2}ListResourceSnapshotJobs: 2 calls\n {2}ListTagsForResource: 1 call\n/);
    expect(run.stderr).toMatch(/^By quota class: read \d+, write 0$/m);
  });

  it('--format markdown starts with the summary', async () => {
    const run = await plan('--format', 'markdown');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 to add/);
    expect(run.stdout).toContain('<details>');
  });

  it('--out saves a plan without credentials that `show` renders again', async () => {
    const out = join(cwd, 'saved.plan');
    const run = await plan('--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Saved the plan to: ${out}`);
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain('wJalrXUtnFEMI');
    expect(text).not.toContain('AKIDEXAMPLE');
    const shown = await runCosell(['show', out], { cwd });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  });

  it('a saved plan edited after saving is refused by show and apply', async () => {
    const out = join(cwd, 'edited.plan');
    expect((await plan('--out', out)).code).toBe(0);
    const saved = JSON.parse(await readFile(out, 'utf8')) as { plan: { errors?: unknown } };
    delete saved.plan.errors;
    await writeFile(out, JSON.stringify(saved));
    for (const args of [
      ['show', out],
      ['apply', out, '--endpoint', emu.url],
    ]) {
      const run = await runCosell(args, { cwd });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `Error: ${out} was changed after cosell saved it (its checksum does not match): make a new plan with \`cosell plan --out ${out}\`\n`,
      );
    }
  });

  it("a warm second plan reads each job's facts from the cache in .cosell/", async () => {
    await plan();
    emu.resetStats();
    await plan();
    expect(emu.stats().calls.GetResourceSnapshotJob).toBeUndefined();
  });

  it('exits 1 on an ownership conflict, naming it', async () => {
    await testClient(emu).tagResource({
      ResourceArn: (await testClient(emu).listResourceSnapshotJobs({ Catalog: 'Sandbox' })).ResourceSnapshotJobSummaries[0]!.Arn!,
      Tags: [{ Key: 'cosell:stack', Value: 'someone-else' }],
    });
    const run = await plan();
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/someone-else/);
    await testClient(emu).tagResource({
      ResourceArn: (await testClient(emu).listResourceSnapshotJobs({ Catalog: 'Sandbox' })).ResourceSnapshotJobSummaries[0]!.Arn!,
      Tags: [{ Key: 'cosell:stack', Value: 'cli' }],
    });
  });
});

describe('cosell plan: bad input', () => {
  it('an endpoint that does not answer: a clear error, no stack trace', async () => {
    const { dir } = await stackFrom({ 'stack.yaml': STACK });
    const run = await runCosell(['plan', dir, '--endpoint', 'http://127.0.0.1:9', '--max-attempts', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: ListResourceSnapshotJobs failed/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a non-loopback http endpoint is refused before any call', async () => {
    const { dir } = await stackFrom({ 'stack.yaml': STACK });
    const run = await runCosell(['plan', dir, '--endpoint', 'http://example.invalid']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: .*http/m);
  });

  it('--emulator-seed after the embedded emulator has state: says which one wins', async () => {
    const cwd = await tempDir();
    const seed = join(import.meta.dirname, '../../examples/emulator-seed.yaml');
    const stack = join(import.meta.dirname, '../../examples/stack');
    const first = await runCosell(['plan', stack, '--emulator', '--emulator-seed', seed], { cwd });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const second = await runCosell(['plan', stack, '--emulator', '--emulator-seed', seed], { cwd });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe(
      'Note: the embedded emulator goes on from .cosell/emulator-state.json, not from --emulator-seed; delete that file to start from the seed.\n',
    );
  });

  it('show: a file that is not a saved plan', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'x.json'), '{"hello": 1}');
    const run = await runCosell(['show', join(dir, 'x.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not a saved cosell plan');
  });
});
