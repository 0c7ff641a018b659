/**
 * The round trip: jobs created directly through the API, with assorted tags, are imported, and
 * `cosell plan` on the written stack shows no changes (--detailed-exitcode exits 0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fmtCommand } from '../../src/cli/commands/fmt.js';
import { importCommand } from '../../src/cli/commands/import.js';
import { planCommand } from '../../src/cli/commands/plan.js';
import { loadDesiredState } from '../../src/desired/index.js';
import type { Catalog, JobStatus, Tags } from '../../src/desired/types.js';
import { observe } from '../../src/live/observe.js';
import { diff, hasChanges } from '../../src/plan/index.js';
import { captured, createJob, emulator, engagementId, targetFlags, tempDir, worldSeed } from './support.js';
import { testClient } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

const STACK = 'roundtrip';

/** Tags of job i: a shared one, and a rotating mix of numbers, spaces, Unicode, empty values and odd keys. */
function tagsOf(i: number): Tags {
  const tags: Tags = { team: 'alliances', 'cosell:stack': STACK };
  if (i % 2 === 0) tags['cost-center'] = '4411';
  if (i % 3 === 0) tags.priority = i % 6 === 0 ? 'high' : 'low';
  if (i % 4 === 0) tags.account = 'Acme Corp';
  if (i % 5 === 0) tags['region name'] = 'Zürich';
  if (i % 7 === 0) tags['crm:id'] = `CRM-${i}`;
  if (i % 9 === 0) tags.note = '';
  if (i % 11 === 0) tags.true = 'yes';
  if (i % 13 === 0) tags['cosell:legacy'] = 'v0';
  return tags;
}

describe('import, then plan: no changes (50 jobs made through the API)', () => {
  let emu: Emulator;
  const ids: string[] = [];
  beforeAll(async () => {
    emu = await emulator(worldSeed());
    const client = testClient(emu);
    // 40 jobs of the stack (35 in Sandbox, 5 in AWS), 5 of another stack, 5 that no stack owns.
    for (let i = 0; i < 50; i++) {
      const catalog: Catalog = i >= 35 && i < 40 ? 'AWS' : 'Sandbox';
      const status: JobStatus = i % 3 === 1 ? 'Stopped' : 'Running';
      let tags = tagsOf(i);
      if (i >= 40 && i < 45) tags = { team: 'other', 'cosell:stack': 'someone-else' };
      if (i >= 45) tags = { team: 'loose' };
      ids.push(await createJob(client, { catalog, engagement: engagementId(i % 6), opportunity: `O${3000 + i}`, status, tags }));
    }
  });
  afterAll(() => emu.close());

  it('writes one file per engagement and per catalog, canonical, and `cosell plan --detailed-exitcode` exits 0', async () => {
    const out = join(tempDir(), 'stack');
    const flags = targetFlags(emu, tempDir());
    const run = await captured(() => importCommand({ ...flags, out, stack: STACK }));
    expect(run.result).toBe(0);
    expect(run.stdout).toContain(
      `Imported 40 snapshot jobs of stack ${STACK} from catalogs AWS and Sandbox into ${out} (stack.yaml and 11 engagement files).`,
    );
    expect(run.stdout).toContain('  defaults.tags: team=alliances (the same on every job)\n');
    expect(run.stdout).toContain('  ignoreTags.keys: cosell:legacy (reserved keys found on live jobs)\n');
    expect(run.stdout).toContain(`Next: \`cosell plan ${out}\` should show no changes.`);

    const desired = await loadDesiredState(out);
    expect(desired.snapshotJobs).toHaveLength(40);
    expect(desired.stack).toBe(STACK);
    expect(desired.catalogs).toEqual(['AWS', 'Sandbox']);

    const live = await observe(desired, testClient(emu));
    const plan = diff(desired, live);
    expect(hasChanges(plan)).toBe(false);
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 0, error: 0 });

    const planned = await captured(() => planCommand(out, { ...flags, detailedExitcode: true, format: 'human' }));
    expect(planned.stderr).toBe('');
    expect(planned.result).toBe(0);
    expect(planned.stdout).toContain('No changes.');

    // The files are already in canonical form.
    expect((await captured(() => fmtCommand(out, { check: true }))).result).toBe(0);
  });

  it('names each job by opportunity and template, and comments it with its live id', async () => {
    const out = join(tempDir(), 'stack');
    await captured(() => importCommand({ ...targetFlags(emu, tempDir()), out, stack: STACK }));
    const file = readFileSync(join(out, 'snapshot-jobs', 'Sandbox', `${engagementId(0)}.yaml`), 'utf8');
    expect(file).toContain(
      `snapshotJobs:\n  # id: ${ids[0]}\n  o3000-opportunitysummaryview:\n    engagement: ${engagementId(0)}\n    opportunity: O3000\n`,
    );
    const settings = readFileSync(join(out, 'stack.yaml'), 'utf8');
    expect(settings).toContain(`version: 1\nstack: ${STACK}\ncatalog: Sandbox\ndefaults:\n  tags:\n    team: alliances\n`);
  });

  it('is stable: a second import of the same account writes the same bytes', async () => {
    const a = join(tempDir(), 'stack');
    const b = join(tempDir(), 'stack');
    await captured(() => importCommand({ ...targetFlags(emu, tempDir()), out: a, stack: STACK }));
    await captured(() => importCommand({ ...targetFlags(emu, tempDir()), out: b, stack: STACK }));
    for (const f of ['stack.yaml', `snapshot-jobs/Sandbox/${engagementId(3)}.yaml`, `snapshot-jobs/AWS/${engagementId(1)}.yaml`])
      expect(readFileSync(join(b, f), 'utf8'), f).toBe(readFileSync(join(a, f), 'utf8'));
  });

  it('--catalog Sandbox writes one catalog, and warns that a plan would destroy what the stack owns in AWS', async () => {
    const out = join(tempDir(), 'stack');
    const flags = targetFlags(emu, tempDir());
    const run = await captured(() => importCommand({ ...flags, out, catalog: 'Sandbox', stack: STACK }));
    expect(run.stdout).toContain('Imported 35 snapshot jobs of stack roundtrip from catalog Sandbox');
    expect(run.stdout).toContain(
      'Note: stack roundtrip also owns 5 jobs in AWS, not imported: cosell plan on this output would destroy them. Import without --catalog to keep them.',
    );
    const desired = await loadDesiredState(out);
    expect(desired.catalogs).toEqual(['Sandbox']);
    const plan = diff(desired, await observe(desired, testClient(emu)));
    expect(plan.summary).toEqual({ add: 0, change: 0, destroy: 5, error: 0 });
    expect(plan.resourceChanges.filter((c) => c.actions[0] === 'delete').every((c) => c.catalog === 'AWS')).toBe(true);
  });
});
