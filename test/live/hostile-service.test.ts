/** A service whose answers carry ids the model does not allow: cosell stops, says which, and writes nothing. */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCosell } from '../support/cli.js';

const ARN =
  'arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/engagement/eng-acmemigration1/resource-snapshot-job/job-0000000000001';

interface Job {
  Id: string;
  Arn: string;
  EngagementId: string;
}

/** A tiny stand-in for the service: one Sandbox job owned by stack `demo`, as given. */
function fakeService(job: Job): Promise<{ server: Server; url: string }> {
  const answers: Record<string, (input: Record<string, unknown>) => unknown> = {
    ListResourceSnapshotJobs: (input) => ({
      ResourceSnapshotJobSummaries: input.Catalog === 'Sandbox' ? [{ ...job, Status: 'Running' }] : [],
    }),
    GetResourceSnapshotJob: () => ({
      Catalog: 'Sandbox',
      ...job,
      ResourceType: 'Opportunity',
      ResourceId: 'O1001',
      ResourceSnapshotTemplateName: 'OpportunitySummaryView',
      Status: 'Running',
    }),
    ListTagsForResource: () => ({ Tags: [{ Key: 'cosell:stack', Value: 'demo' }] }),
    ListEngagementFromOpportunityTasks: () => ({ TaskSummaries: [] }),
    ListEngagementByAcceptingInvitationTasks: () => ({ TaskSummaries: [] }),
  };
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const body = JSON.stringify(answers[op]?.(JSON.parse(text || '{}') as Record<string, unknown>) ?? {});
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

const STACK = `version: 1
stack: demo
catalog: Sandbox
snapshotJobs:
  migration:
    engagement: eng-acmemigration1
    opportunity: O1001
    template: OpportunitySummaryView
`;

const cases: { name: string; job: Job; message: string | RegExp }[] = [
  {
    name: 'an EngagementId that climbs out of a directory',
    job: { Id: 'job-0000000000001', Arn: ARN, EngagementId: '../../x' },
    message:
      'Error: the service answered GetResourceSnapshotJob with EngagementId "../../x", which the service model does not allow ' +
      '(it must match ^eng-[0-9a-z]{14}$, with no control characters); cosell does not use such a value in a file, a cache or a plan, so it stopped here\n',
  },
  {
    name: 'a listed job id with a path and a control character in it',
    job: { Id: 'job-000/../\u001b[2J', Arn: ARN, EngagementId: 'eng-acmemigration1' },
    message:
      'Error: the service answered ListResourceSnapshotJobs with Id "job-000/../\\u001b[2J", which the service model does not allow ' +
      '(it must match ^job-[0-9a-z]{13}$, with no control characters); cosell does not use such a value in a file, a cache or a plan, so it stopped here\n',
  },
  {
    name: 'an ARN with a line break',
    job: { Id: 'job-0000000000001', Arn: `${ARN}\nforged`, EngagementId: 'eng-acmemigration1' },
    message:
      /^Error: the service answered ListResourceSnapshotJobs with Arn "arn:aws:partnercentral:.*\\nforged", which the service model does not allow \(it must match \^arn:\.\*, with no control characters\)/,
  },
];

describe.each(cases)('a service answering with $name', ({ job, message }) => {
  let fake: { server: Server; url: string };
  beforeAll(async () => {
    fake = await fakeService(job);
  });
  afterAll(() => new Promise<void>((r) => fake.server.close(() => r())));

  const expectMessage = (stderr: string): void => {
    if (typeof message === 'string') expect(stderr).toBe(message);
    else expect(stderr).toMatch(message);
  };

  it('makes cosell import exit 1, and nothing is written', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cosell-hostile-'));
    const run = await runCosell(['import', '--endpoint', fake.url, '--out', 'out'], { cwd });
    expect(run.code).toBe(1);
    expectMessage(run.stderr);
    expect(run.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(join(cwd, '..', 'x.yaml'))).toBe(false);
  });

  it('makes cosell plan exit 1, and nothing is written', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cosell-hostile-'));
    writeFileSync(join(cwd, 'stack.yaml'), STACK);
    const run = await runCosell(['plan', 'stack.yaml', '--endpoint', fake.url, '--out', 'plan.json', '--no-color'], { cwd });
    expect(run.code).toBe(1);
    expectMessage(run.stderr);
    expect(readdirSync(cwd)).toEqual(['stack.yaml']);
  });
});
