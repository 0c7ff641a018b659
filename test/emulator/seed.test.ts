import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedFile, startEmulator } from '../../src/emulator/index.js';
import { CosellError } from '../../src/util/errors.js';

describe('the seed', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cosell-seed-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function problems(name: string, text: string): Promise<{ message: string; details: string[] }> {
    const file = join(dir, name);
    await writeFile(file, text);
    const err = await loadSeedFile(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CosellError);
    return { message: (err as CosellError).message, details: (err as CosellError).details };
  }

  it('loads the example seed, which matches the example ids', async () => {
    const seed = await loadSeedFile('examples/emulator-seed.yaml');
    expect(seed.account).toBe('123456789012');
    expect(seed.catalogs?.Sandbox?.engagements).toEqual(['eng-acmemigration1', 'eng-globexretail02', 'eng-initechcloud03']);
    expect(seed.catalogs?.Sandbox?.opportunities).toEqual(expect.arrayContaining(['O1001', 'O1002', 'O1003', 'O1004', 'O2001']));
    expect(seed.catalogs?.Sandbox?.invitations).toContain('engi-globexinvite1');
  });

  it('loads the seed that docs/emulator.md shows', async () => {
    const doc = await readFile('docs/emulator.md', 'utf8');
    const yaml = /## The seed\n\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(yaml).toBeDefined();
    const file = join(dir, 'doc-seed.yaml');
    await writeFile(file, yaml!);
    const seed = await loadSeedFile(file);
    expect(seed.catalogs?.Sandbox?.snapshotJobs?.[0]).toMatchObject({ id: 'job-0000000000001', status: 'Running' });
  });

  it('names FILE:LINE:COL of each bad value, in file order', async () => {
    const { message, details } = await problems(
      'bad.yaml',
      [
        'account: 123456789012',
        'templates: [OpportunitySummaryView]',
        'catalogs:',
        '  Sandbox:',
        '    engagements: [eng-acmemigration1, eng-short]',
        '    opportunities:',
        '      - O1001',
        '      - {id: O1002, failWith: NoSuchReason}',
        '    invitations: [engi-globexinvite1]',
        '    snapshotJobs:',
        '      - {engagement: eng-acmemigration1, opportunity: O4242, tags: {owner: 7}}',
        '  Marketplace: {}',
      ].join('\n'),
    );
    const file = join(dir, 'bad.yaml');
    expect(message).toBe(`emulator seed ${file} is invalid`);
    expect(details).toEqual([
      `${file}:1:10: account: must be a string of 12 digits (quote it in YAML)`,
      `${file}:5:39: catalogs.Sandbox.engagements[1] must match the pattern ^eng-[0-9a-z]{14}$`,
      `${file}:8:31: catalogs.Sandbox.opportunities[1].failWith: must be a ReasonCode, one of: ${details[2]!.split('one of: ')[1]}`,
      `${file}:11:55: catalogs.Sandbox.snapshotJobs[0].opportunity: opportunity O4242 is not in catalogs.Sandbox.opportunities`,
      `${file}:11:76: catalogs.Sandbox.snapshotJobs[0].tags.owner: must be a string (quote it in YAML)`,
      `${file}:12:3: catalogs.Marketplace: unknown key "Marketplace" (expected one of: AWS, Sandbox)`,
    ]);
    expect(details[2]).toContain('OpportunityValidationFailed');
  });

  it('names the line of a YAML syntax error and of a duplicate key', async () => {
    const syntax = await problems('syntax.yaml', 'catalogs:\n  Sandbox:\n    engagements: [eng-aaaaaaaaaaaaaa\n');
    expect(syntax.message).toBe(`emulator seed ${join(dir, 'syntax.yaml')} is not valid YAML`);
    expect(syntax.details[0]).toMatch(new RegExp(`^${join(dir, 'syntax.yaml')}:\\d+:\\d+: `));
    const dup = await problems('dup.yaml', 'account: "123456789012"\naccount: "210987654321"\n');
    // The stack's YAML reader says which key, and where the first one is.
    expect(dup.details).toEqual([
      `${join(dir, 'dup.yaml')}:2:1: account: duplicate key "account" in this mapping (first at line 1, column 1)`,
    ]);
  });

  it('refuses a second job on one key unless unique jobs are off', async () => {
    const file = join(dir, 'twice.yaml');
    await writeFile(
      file,
      [
        'catalogs:',
        '  Sandbox:',
        '    engagements: [eng-aaaaaaaaaaaaaa]',
        '    opportunities: [O1]',
        '    snapshotJobs:',
        '      - {engagement: eng-aaaaaaaaaaaaaa, opportunity: O1, status: Running}',
        '      - {engagement: eng-aaaaaaaaaaaaaa, opportunity: O1}',
      ].join('\n'),
    );
    const err = (await loadSeedFile(file).catch((e: unknown) => e)) as CosellError;
    expect(err.details).toEqual([
      `${file}:7:9: catalogs.Sandbox.snapshotJobs[1]: a second job on the same engagement, opportunity and template (allowed only with unique jobs off)`,
    ]);
    const seed = await loadSeedFile(file, false);
    expect(seed.catalogs?.Sandbox?.snapshotJobs).toHaveLength(2);
  });

  it('refuses a missing file and an in-process seed with the same rules', async () => {
    await expect(loadSeedFile(join(dir, 'nope.yaml'))).rejects.toThrow(/^cannot read emulator seed .*nope\.yaml: ENOENT/);
    await expect(startEmulator({ port: 0, seed: { credentials: [] } })).rejects.toThrow(
      'emulator seed is invalid: credentials: must list at least one credential',
    );
    await expect(
      startEmulator({
        port: 0,
        seed: { catalogs: { Sandbox: { invitations: [{ id: 'engi-aaaaaaaaaaaaa', engagement: 'eng-bbbbbbbbbbbbbb' }] } } },
      }),
    ).rejects.toThrow(
      'emulator seed is invalid: catalogs.Sandbox.invitations[0].engagement: engagement eng-bbbbbbbbbbbbbb is not in catalogs.Sandbox.engagements',
    );
  });
});
