/**
 * Apply while observing (`cosell apply PATH --auto-approve`): a resource's change starts once
 * its own diff is final, not once the whole account is read. The order is proven from the calls
 * as they reach the service (a recording proxy in front of the emulator), never from timings:
 * the proxy holds the AWS catalog's listing back until changes have arrived, or two seconds.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyCommand } from '../../src/cli/commands/apply.js';
import { fakeIo } from '../support/io.js';
import type { Emulator } from '../../src/emulator/index.js';
import { useExampleCredentials } from '../support/env.js';
import { ENG, OTHER_TEMPLATE, seedWith, STACK, startEmu, streamingFlags, writeStack } from './helpers.js';

const OWNER = 'cosell:stack';
const MUTATING = /^(Create|Start|Stop|Delete|Tag|Untag)/;

let emu: Emulator | undefined;
let proxy: Server | undefined;
let restoreEnv: (() => void) | undefined;
beforeEach(() => {
  restoreEnv = useExampleCredentials();
});
afterEach(async () => {
  restoreEnv?.();
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r) ?? r(undefined));
  await emu?.close();
  emu = undefined;
  proxy = undefined;
});

/**
 * A proxy that logs each call as it arrives (`> Op Catalog`) and as its answer leaves
 * (`< Op Catalog`), and holds the answer of the AWS catalog's listing until `changes` mutating calls
 * have arrived (or 2 s pass, so that a run that does not stream still ends, and fails the order check).
 */
async function recordingProxy(upstream: string, changes = 1): Promise<{ url: string; log: string[] }> {
  const log: string[] = [];
  let seen = 0;
  let changed: () => void = () => {};
  const aChange = new Promise<void>((r) => {
    changed = r;
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const op = String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop();
      const catalog = (JSON.parse(body.toString() || '{}') as { Catalog?: string }).Catalog;
      const name = catalog ? `${op} ${catalog}` : `${op}`;
      log.push(`> ${name}`);
      if (MUTATING.test(`${op}`) && ++seen >= changes) changed();
      const up = request(`${upstream}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        const out: Buffer[] = [];
        answer.on('data', (c: Buffer) => out.push(c));
        answer.on('end', async () => {
          if (name === 'ListResourceSnapshotJobs AWS') await Promise.race([aChange, new Promise((r) => setTimeout(r, 2000))]);
          log.push(`< ${name}`);
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          res.end(Buffer.concat(out));
        });
      });
      up.end(body);
    });
  });
  proxy = server;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log };
}

const at = (log: string[], entry: string): number => {
  const i = log.indexOf(entry);
  expect(i, `${entry} in ${log.join(', ')}`).toBeGreaterThanOrEqual(0);
  return i;
};

const owned = (opportunity: string, tags: Record<string, string> = {}) => ({
  engagement: ENG[0],
  opportunity,
  status: 'Running' as const,
  tags: { [OWNER]: STACK, team: 'alliances', ...tags },
});

describe('cosell apply PATH --auto-approve applies while observing', () => {
  it('starts a change once its own diff is final, before another catalog is listed; exactly the minimum calls', async () => {
    emu = await startEmu({ seed: seedWith({ snapshotJobs: [owned('O3000', { tier: 'old' }), owned('O3001', { tier: 'old' })] }) });
    const { url, log } = await recordingProxy(emu.url, 2);
    const stack = await writeStack({
      snapshotJobs: {
        acme: { engagement: ENG[0], opportunity: 'O3000', tags: { tier: 'new' } },
        globex: { engagement: ENG[0], opportunity: 'O3001', tags: { tier: 'new' } },
      },
    });
    const io = fakeIo();
    expect(await applyCommand(stack, await streamingFlags(url), io)).toBe(0);
    // Both tag changes reached the service while the AWS catalog's listing was still held back.
    const awsListed = at(log, '< ListResourceSnapshotJobs AWS');
    expect(log.filter((l, i) => l === '> TagResource' && i < awsListed)).toHaveLength(2);
    // The plan still comes first in the output, then every event.
    const types = io.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types[0]).toBe('plan');
    expect(types.at(-1)).toBe('change_summary');
    expect(emu.stats().calls).toEqual({
      ListResourceSnapshotJobs: 2,
      GetResourceSnapshotJob: 2,
      ListTagsForResource: 2,
      TagResource: 2,
    });
  });

  it('destroys an owned job no longer declared only once every catalog is listed', async () => {
    emu = await startEmu({ seed: seedWith({ snapshotJobs: [owned('O3000', { tier: 'old' }), owned('O3001')] }) });
    const { url, log } = await recordingProxy(emu.url);
    const stack = await writeStack({ snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', tags: { tier: 'new' } } } });
    expect(await applyCommand(stack, await streamingFlags(url), fakeIo())).toBe(0);
    const awsListed = at(log, '< ListResourceSnapshotJobs AWS');
    expect(at(log, '> TagResource')).toBeLessThan(awsListed);
    expect(at(log, '> StopResourceSnapshotJob Sandbox')).toBeGreaterThan(awsListed);
    expect(at(log, '> DeleteResourceSnapshotJob Sandbox')).toBeGreaterThan(awsListed);
    expect(emu.stats().calls).toEqual({
      ListResourceSnapshotJobs: 2,
      // Two for the jobs' facts, one to confirm the deleted job's key with the service.
      GetResourceSnapshotJob: 3,
      ListTagsForResource: 2,
      TagResource: 1,
      // The running job is stopped, then deleted.
      StopResourceSnapshotJob: 1,
      DeleteResourceSnapshotJob: 1,
    });
  });

  it('keeps in the job cache the facts of a job created while observing: the next run makes no Get', async () => {
    emu = await startEmu();
    // Held until the Create and the Start: the job's facts are recorded before the listing ends.
    const { url, log } = await recordingProxy(emu.url, 2);
    const stack = await writeStack({ snapshotJobs: { fresh: { engagement: ENG[0], opportunity: 'O3000' } } });
    const f = await streamingFlags(url);
    expect(await applyCommand(stack, f, fakeIo())).toBe(0);
    expect(at(log, '> StartResourceSnapshotJob Sandbox')).toBeLessThan(at(log, '< ListResourceSnapshotJobs AWS'));
    emu.resetStats();
    expect(await applyCommand(stack, f, fakeIo())).toBe(0);
    expect(emu.stats().calls).toEqual({ ListResourceSnapshotJobs: 2, ListTagsForResource: 1 });
  });

  it('refuses a stack with errors of its own before any write: at most the early listing’s first reads', async () => {
    // Two declarations of one key are the stack's own error: the loader refuses them before the
    // first mutating call, so that no plan with them is ever applied in part. The account's
    // listing starts once the files parse (src/cli/early-listing.ts): a few reads may have left.
    emu = await startEmu({ seed: seedWith({ snapshotJobs: [owned('O3000', { tier: 'old' })] }) });
    const { url, log } = await recordingProxy(emu.url);
    const stack = await writeStack({
      snapshotJobs: {
        acme: { engagement: ENG[0], opportunity: 'O3000', tags: { tier: 'new' } },
        twin: { engagement: ENG[1], opportunity: 'O3002' },
        twin2: { engagement: ENG[1], opportunity: 'O3002' },
      },
    });
    await expect(applyCommand(stack, await streamingFlags(url), fakeIo())).rejects.toThrow(/has 1 problem/);
    const sent = log.filter((l) => l.startsWith('> '));
    expect(sent.filter((l) => MUTATING.test(l.slice(2)))).toEqual([]);
    expect(sent.filter((l) => l.includes('ListResourceSnapshotJobs')).length).toBeLessThanOrEqual(2);
    expect(sent.length).toBeLessThanOrEqual(2 + 10);
  });

  it('starts nothing of an opportunity whose diff has an error, and nothing after it', async () => {
    emu = await startEmu({
      seed: seedWith({ snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', tags: { [OWNER]: 'apac' } }] }),
    });
    const { url, log } = await recordingProxy(emu.url);
    const stack = await writeStack({
      snapshotJobs: {
        contested: { engagement: ENG[0], opportunity: 'O3000' },
        sibling: { engagement: ENG[0], opportunity: 'O3000', template: OTHER_TEMPLATE },
      },
    });
    const io = fakeIo();
    await expect(applyCommand(stack, await streamingFlags(url), io)).rejects.toThrow(/^the plan has 1 error \(snapshotJob\.contested\)/);
    expect(log.filter((l) => MUTATING.test(l.slice(2)))).toEqual([]);
    expect(io.stdout).toContain('owned by stack \\"apac\\"');
  });
});
