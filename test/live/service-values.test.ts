import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobFactsCache } from '../../src/live/cache.js';
import { observe } from '../../src/live/observe.js';
import { optionalServiceValue, serviceValue, shownValue } from '../../src/live/service-values.js';
import { toLiveTask } from '../../src/live/tasks.js';
import { bigSeed, bigStack, emulator, stackFrom, tempDir } from './support.js';
import { testClient } from '../support/emulator.js';
import type { Emulator } from '../../src/emulator/index.js';

describe('values the service answers with', () => {
  it('are taken when they match the model', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^eng-[0-9a-z]{14}$/), (id) => {
        expect(serviceValue('GetResourceSnapshotJob', 'EngagementId', 'EngagementIdentifier', id)).toBe(id);
      }),
    );
    expect(optionalServiceValue('ListEngagementFromOpportunityTasks', 'EngagementId', 'EngagementIdentifier', undefined)).toBeUndefined();
  });

  it('are refused, named, when they do not', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^eng-[0-9a-z]{14}$/.test(s)),
        (id) => {
          expect(() => serviceValue('GetResourceSnapshotJob', 'EngagementId', 'EngagementIdentifier', id)).toThrow(
            `the service answered GetResourceSnapshotJob with EngagementId ${shownValue(id)}, which the service model does not allow`,
          );
        },
      ),
    );
    expect(() => serviceValue('GetResourceSnapshotJob', 'EngagementId', 'EngagementIdentifier', undefined)).toThrow(
      'the service answered GetResourceSnapshotJob with EngagementId nothing, which',
    );
    expect(() => serviceValue('GetResourceSnapshotJob', 'EngagementId', 'EngagementIdentifier', 42)).toThrow(
      'with EngagementId "42", which',
    );
  });

  it('refuse control characters even where the model pattern is anchored at one end only', () => {
    expect(() => serviceValue('ListResourceSnapshotJobs', 'Arn', 'ResourceSnapshotJobArn', 'arn:aws:x\u001b[31m')).toThrow(
      'with Arn "arn:aws:x\\u001b[31m", which the service model does not allow (it must match ^arn:.*, with no control characters)',
    );
  });

  it('are shown escaped and cut to a readable length', () => {
    expect(shownValue('a\u202eb\u0000')).toBe('"a\\u{202e}b\\u0000"');
    expect(shownValue('x'.repeat(1000))).toBe(`"${'x'.repeat(300)}…" (1000 characters)`);
  });

  it('in a task summary: ids and ARN checked, an absent origin left empty', () => {
    const ok = { TaskId: 'task-abcdefghij123', TaskStatus: 'COMPLETE', OpportunityId: 'O1001', EngagementId: 'eng-abcdefghij1234' };
    expect(toLiveTask('opportunityEngagement', 'Sandbox', 'O1001', ok)).toMatchObject({ taskId: ok.TaskId, engagementId: ok.EngagementId });
    expect(toLiveTask('opportunityEngagement', 'Sandbox', '', { ...ok, OpportunityId: undefined })?.identifier).toBe('');
    expect(() => toLiveTask('opportunityEngagement', 'Sandbox', 'O1001', { ...ok, ResourceSnapshotJobId: '../job' })).toThrow(
      'the service answered ListEngagementFromOpportunityTasks with ResourceSnapshotJobId "../job"',
    );
    expect(() => toLiveTask('invitationAcceptance', 'Sandbox', 'engi-../../x', ok)).toThrow(
      'the service answered ListEngagementByAcceptingInvitationTasks with EngagementInvitationId "engi-../../x"',
    );
  });
});

describe('a job cache entry that would not pass those checks', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator(bigSeed(3));
  });
  afterAll(() => emu.close());

  it('is not used: the job is read again from the service', async () => {
    const { desired } = await stackFrom({ 'stack.yaml': bigStack(3) });
    const dir = await tempDir();
    const clean = await observe(desired, testClient(emu), { cache: new JobFactsCache(dir, emu.url) });
    const [file] = await readdir(dir);
    const body = JSON.parse(await readFile(join(dir, file!), 'utf8')) as { jobs: Record<string, { engagement: string }> };
    const [first] = Object.keys(body.jobs);
    body.jobs[first!]!.engagement = '../../x';
    await writeFile(join(dir, file!), JSON.stringify(body));
    emu.resetStats();
    const again = await observe(desired, testClient(emu), { cache: new JobFactsCache(dir, emu.url) });
    expect(again).toEqual(clean);
    expect(emu.stats().calls.GetResourceSnapshotJob).toBe(1);
  });
});
