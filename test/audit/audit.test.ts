/**
 * `cosell audit` against the emulator: every live job in the stack's catalogs, owned by this
 * stack, another or nobody, checked against the tag policy; read-only, and no more than the
 * pages plus one ListTagsForResource a job once the job cache is warm.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditCommand, type AuditFlags } from '../../src/cli/commands/audit.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { stackDir } from '../desired/helpers.js';
import { captured } from '../support/capture.js';
import { useExampleCredentials } from '../support/env.js';
import { emulator, stackFrom, tempDir } from '../live/support.js';
import { testClient } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

const ENG = 'eng-audittest00001';
const SEED: EmulatorSeed = {
  catalogs: {
    Sandbox: {
      engagements: [ENG],
      opportunities: ['O1001', 'O1002', 'O1003', 'O1004'],
      snapshotJobs: [
        {
          id: 'job-0000000000001',
          engagement: ENG,
          opportunity: 'O1001',
          tags: { 'cosell:stack': 'gov', CostCenter: '100', team: 'alliances' },
        },
        {
          id: 'job-0000000000002',
          engagement: ENG,
          opportunity: 'O1002',
          tags: { 'cosell:stack': 'other', CostCenter: '100', Team: 'alliances' },
        },
      ],
    },
    // Not a catalog of the stack: never read.
    AWS: {
      engagements: [ENG],
      opportunities: ['O1001'],
      snapshotJobs: [{ engagement: ENG, opportunity: 'O1001', tags: { team: 'nope' } }],
    },
  },
};

const POLICY = JSON.stringify(
  {
    tags: {
      costcenter: {
        tag_key: { '@@assign': 'CostCenter' },
        tag_value: { '@@assign': ['100', '200*'] },
        report_required_tag_for: { '@@assign': ['partnercentral:ALL_SUPPORTED'] },
      },
      team: { tag_value: { '@@assign': ['alliances', 'ops'] } },
    },
  },
  null,
  2,
);

let emu: Emulator;
let dir: string;
let cacheDir: string;
let unmanaged: string;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = useExampleCredentials();
  emu = await emulator(SEED);
  // A job nobody manages, made straight through the API, with a value the policy forbids.
  const created = await testClient(emu).createResourceSnapshotJob({
    Catalog: 'Sandbox',
    EngagementIdentifier: ENG,
    ResourceType: 'Opportunity',
    ResourceIdentifier: 'O1003',
    ResourceSnapshotTemplateIdentifier: 'OpportunitySummaryView',
    ClientToken: 'audit-unmanaged',
    Tags: [
      { Key: 'CostCenter', Value: '999' },
      { Key: 'constructor', Value: 'x' },
    ],
  });
  unmanaged = created.Id!;
  dir = (
    await stackFrom({
      'policy.json': POLICY,
      'stack.yaml': `version: 1\nstack: gov\ncatalog: Sandbox\ntagPolicy: policy.json\ndefaults:\n  tags: { CostCenter: "100" }\n`,
      'jobs.yaml': `snapshotJobs:\n  a: { engagement: ${ENG}, opportunity: O1001, template: OpportunitySummaryView, tags: { team: alliances } }\n`,
    })
  ).dir;
  cacheDir = join(await tempDir(), '.cosell');
});

afterAll(async () => {
  await emu.close();
  restoreEnv();
});

beforeEach(() => emu.resetStats());

async function run(extra: Partial<AuditFlags> = {}, path = dir): Promise<{ code: number; stdout: string }> {
  const flags: AuditFlags = { endpoint: emu.url, cacheDir, format: 'json', rate: { read: 1000, write: 1000 }, ...extra };
  const { result, stdout } = await captured(() => auditCommand(path, flags));
  return { code: result, stdout };
}

interface Finding {
  id: string;
  owner: string | null;
  engagement: string;
  opportunity: string;
  violations: Array<{ kind: string; key: string; value?: string; allowed?: string[]; message: string }>;
}

describe('cosell audit', () => {
  it('lists every live job that breaks the policy, whoever owns it, and --detailed-exitcode gives 2', async () => {
    const { code, stdout } = await run({ detailedExitcode: true });
    expect(code).toBe(2);
    // A cold job cache: a Get only for each job that breaks the policy (for its opportunity), then cached.
    expect(emu.stats().calls).toEqual({ ListResourceSnapshotJobs: 1, ListTagsForResource: 3, GetResourceSnapshotJob: 2 });
    const report = JSON.parse(stdout) as { jobs: number; catalogs: string[]; findings: Finding[] };
    expect(report.catalogs).toEqual(['Sandbox']);
    expect(report.jobs).toBe(3);
    expect(report.findings.map((f) => [f.id, f.owner])).toEqual([
      ['job-0000000000002', 'other'],
      [unmanaged, null],
    ]);
    const [other, nobody] = report.findings;
    expect(other!.violations).toEqual([expect.objectContaining({ kind: 'key-case', key: 'Team' })]);
    expect(nobody).toMatchObject({ engagement: ENG, opportunity: 'O1003' });
    expect(nobody!.violations).toEqual([
      expect.objectContaining({ kind: 'value', key: 'CostCenter', value: '999', allowed: ['100', '200*'] }),
    ]);
  });

  it('is read-only, and with a warm job cache costs the pages plus one ListTagsForResource a job', async () => {
    await run();
    expect(emu.stats().calls).toEqual({ ListResourceSnapshotJobs: 1, ListTagsForResource: 3 });
  });

  it('prints text and markdown', async () => {
    const human = await run({ format: 'human', color: false });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Sandbox ${unmanaged} (engagement ${ENG}, opportunity O1003, owner: unowned)`);
    expect(human.stdout).toContain('✗ tag "CostCenter" has value "999", which the tag policy does not allow; allowed: "100", "200*"');
    expect(human.stdout).toContain('owner: stack other');
    expect(human.stdout).toContain('3 live jobs in Sandbox: 2 break the tag policy.');
    const md = await run({ format: 'markdown' });
    expect(md.stdout).toContain('| job | catalog | engagement | opportunity | owner | violation |');
    expect(md.stdout).toContain(`| \`${unmanaged}\` | Sandbox | \`${ENG}\` | \`O1003\` | unowned |`);
  });

  it('audits even when the stack’s own tags break the policy', async () => {
    const own = stackDir({
      'policy.json': POLICY,
      'stack.yaml': `version: 1\nstack: gov\ncatalog: Sandbox\ntagPolicy: policy.json\n`,
      'jobs.yaml': `snapshotJobs:\n  a: { engagement: ${ENG}, opportunity: O1001, template: OpportunitySummaryView, tags: { team: bogus } }\n`,
    });
    const { code, stdout } = await run({ detailedExitcode: true }, own);
    expect(code).toBe(2);
    expect((JSON.parse(stdout) as { findings: Finding[] }).findings).toHaveLength(2);
  });

  it('needs a tag policy, and says so before any call', async () => {
    const bare = (await stackFrom({ 'stack.yaml': 'version: 1\nstack: gov\ncatalog: Sandbox\n' })).dir;
    await expect(run({}, bare)).rejects.toThrow(/sets no tagPolicy/);
    expect(emu.stats().calls).toEqual({});
  });
});
