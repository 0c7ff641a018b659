import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedFile, startEmulator } from '../../src/emulator/index.js';
import { CATALOGS, enumValues } from '../../src/model/index.js';
import { CosellError } from '../../src/util/errors.js';

/** What a bad seed file is refused with: the message and one FILE:LINE:COL line per problem. */
async function refusal(dir: string, name: string, text: string | Buffer): Promise<{ message: string; details: string[] }> {
  const file = join(dir, name);
  await writeFile(file, text);
  const err = await loadSeedFile(file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CosellError);
  const { message, details } = err as CosellError;
  // Never a stack trace: every line is the file's, or the message.
  for (const line of details) expect(line.startsWith(`${file}:`), line).toBe(true);
  expect(`${message}\n${details.join('\n')}`).not.toMatch(/\n\s+at /);
  return { message, details: details.map((d) => d.slice(file.length + 1)) };
}

describe('a hostile or mistyped seed', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cosell-seed-hostile-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses __proto__ keys as unknown keys, and leaves every prototype alone', async () => {
    const { details } = await refusal(
      dir,
      'proto.yaml',
      ['__proto__: {account: "999999999999"}', 'catalogs:', '  __proto__: {engagements: []}', '  Sandbox: {__proto__: x}'].join('\n'),
    );
    expect(details).toEqual([
      '1:1: __proto__: unknown key "__proto__" (expected one of: account, credentials, templates, catalogs)',
      '3:3: catalogs.__proto__: unknown key "__proto__" (expected one of: AWS, Sandbox)',
      '4:13: catalogs.Sandbox.__proto__: unknown key "__proto__" (expected one of: engagements, opportunities, invitations, snapshotJobs)',
    ]);
    expect(({} as Record<string, unknown>).account).toBeUndefined();
  });

  it('keeps a __proto__ tag key as data', async () => {
    const file = join(dir, 'proto-tag.yaml');
    await writeFile(
      file,
      [
        'catalogs:',
        '  Sandbox:',
        '    engagements: [eng-aaaaaaaaaaaaaa]',
        '    opportunities: [O1]',
        '    snapshotJobs: [{engagement: eng-aaaaaaaaaaaaaa, opportunity: O1, tags: {__proto__: polluted}}]',
      ].join('\n'),
    );
    const seed = await loadSeedFile(file);
    const tags = seed.catalogs?.Sandbox?.snapshotJobs?.[0]?.tags ?? {};
    expect(Object.keys(tags)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
  });

  it('names every wrong type with what was expected', async () => {
    const { details } = await refusal(
      dir,
      'types.yaml',
      [
        'account: [1]',
        'credentials: {accessKeyId: AKID}',
        'templates: OpportunitySummaryView',
        'catalogs:',
        '  AWS: [eng-aaaaaaaaaaaaaa]',
        '  Sandbox:',
        '    engagements: eng-aaaaaaaaaaaaaa',
        '    opportunities: [7, {id: O1, failTimes: 0}, {failWith: InternalError}]',
        '    snapshotJobs: [{engagement: eng-aaaaaaaaaaaaaa, status: Paused, tags: [a]}]',
      ].join('\n'),
    );
    expect(details).toEqual([
      '1:10: account: must be a string of 12 digits (quote it in YAML)',
      '2:14: credentials: must be a list',
      '3:12: templates: must be a list',
      '5:8: catalogs.AWS: must be a mapping',
      '7:18: catalogs.Sandbox.engagements: must be a list',
      '8:21: catalogs.Sandbox.opportunities[0]: must be an opportunity id or a mapping with an id',
      '8:44: catalogs.Sandbox.opportunities[1].failTimes: must be a whole number of at least 1',
      '8:44: catalogs.Sandbox.opportunities[1].failTimes: needs failWith',
      '8:48: catalogs.Sandbox.opportunities[2]: needs an id',
      '9:20: catalogs.Sandbox.snapshotJobs[0]: needs an opportunity',
      '9:33: catalogs.Sandbox.snapshotJobs[0].engagement: engagement eng-aaaaaaaaaaaaaa is not in catalogs.Sandbox.engagements',
      '9:61: catalogs.Sandbox.snapshotJobs[0].status: must be a job status, one of: Running, Stopped',
      '9:75: catalogs.Sandbox.snapshotJobs[0].tags: must be a mapping of tag keys to values',
    ]);
  });

  it('refuses a file too large to be a seed without reading it, and one that is not UTF-8', async () => {
    await writeFile(join(dir, 'big.yaml'), Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    await expect(loadSeedFile(join(dir, 'big.yaml'))).rejects.toThrow(/^emulator seed .*big\.yaml is larger than 5242880 bytes$/);
    await writeFile(join(dir, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    await expect(loadSeedFile(join(dir, 'latin1.yaml'))).rejects.toThrow(/is not UTF-8 text$/);
  });

  it('refuses an alias bomb and nesting too deep, by line', async () => {
    let bomb = 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i <= 9; i++)
      bomb += `x${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const aliases = await refusal(dir, 'bomb.yaml', bomb);
    expect(aliases.message).toMatch(/is not valid YAML$/);
    expect(aliases.details).toEqual([
      '4:10: x3[0]: YAML aliases expand to more than 100 nodes here; this looks like an alias bomb (write the values out)',
    ]);
    const deep = await refusal(dir, 'deep.yaml', `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    // The yaml package gives up (its own stack), and says so at a place in the file.
    expect(deep.message).toMatch(/is not valid YAML$/);
    expect(deep.details).toHaveLength(1);
    expect(deep.details[0]).toMatch(/^1:\d+: (invalid YAML: |the YAML is nested too deeply)/);
  });

  it('takes an empty file as the defaults', async () => {
    await writeFile(join(dir, 'empty.yaml'), '# nothing seeded\n');
    await expect(loadSeedFile(join(dir, 'empty.yaml'))).resolves.toEqual({});
  });

  it('checks an in-process seed with the same schema', async () => {
    await expect(startEmulator({ port: 0, seed: { account: 123 } as never })).rejects.toThrow(
      'emulator seed is invalid: account: must be a string of 12 digits (quote it in YAML)',
    );
  });
});

describe('schemas/seed.schema.json', () => {
  const schema = JSON.parse(readFileSync('schemas/seed.schema.json', 'utf8'));

  it('takes its enums from the service model', () => {
    expect(schema.$defs.reasonCode.enum).toEqual(enumValues('ReasonCode'));
    expect(schema.$defs.snapshotJob.properties.status.enum).toEqual(enumValues('ResourceSnapshotJobStatus'));
    expect(schema.$defs.catalogName.enum).toEqual([...CATALOGS]);
    expect(Object.keys(schema.properties.catalogs.properties)).toEqual([...CATALOGS]);
  });

  it('documents every property', () => {
    const undocumented: string[] = [];
    const walk = (node: Record<string, unknown>, path: string): void => {
      for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!child.$ref && !child.description) undocumented.push(`${path}.${name}`);
        walk(child, `${path}.${name}`);
      }
    };
    walk(schema, '');
    for (const [name, def] of Object.entries(schema.$defs as Record<string, Record<string, unknown>>)) walk(def, `$defs.${name}`);
    expect(undocumented).toEqual([]);
  });
});
