/**
 * Review of apply while observing (`cosell apply PATH --auto-approve`): breaks found by attacking
 * the streaming path. Each test talks HTTP to the emulator through a proxy that orders calls
 * (it holds an answer until another call has arrived), never through timings.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyCommand } from '../../src/cli/commands/apply.js';
import { fakeIo } from '../support/io.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runCosell } from '../support/cli.js';
import { useExampleCredentials } from '../support/env.js';
import { startLyingProxy, type Answer, type Exchange, type LyingProxy } from '../support/lying-proxy.js';
import { clientOf, ENG, seedWith, STACK, startEmu, streamingFlags, tempDir, writeStack } from '../apply/helpers.js';

const OWNER = 'cosell:stack';

let emu: Emulator | undefined;
let proxy: LyingProxy | undefined;
let restoreEnv: (() => void) | undefined;
beforeEach(() => {
  restoreEnv = useExampleCredentials();
});
afterEach(async () => {
  restoreEnv?.();
  await proxy?.close();
  await emu?.close();
  emu = undefined;
  proxy = undefined;
});

/** A promise with its resolver, resolved at most once. */
function signal(): { promise: Promise<void>; fire(): void } {
  let fire: () => void = () => {};
  const promise = new Promise<void>((r) => {
    fire = r;
  });
  return { promise, fire };
}

/** Waits for `s`, or gives up after a few seconds (so that a run that never sends it still ends). */
const waitFor = (s: { promise: Promise<void> }): Promise<unknown> => Promise.race([s.promise, new Promise((r) => setTimeout(r, 5000))]);

const catalogOf = (c: Exchange): string | undefined => (c.body as { Catalog?: string } | undefined)?.Catalog;

/** Two jobs of this stack, Stopped: one on the key the stacks below declare (with an old tag), one on a key they do not. */
const declaredAndOrphan = () =>
  seedWith({
    snapshotJobs: [
      { engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { [OWNER]: STACK, team: 'alliances', tier: 'old' } },
      { engagement: ENG[1], opportunity: 'O3001', status: 'Stopped', tags: { [OWNER]: STACK, team: 'alliances' } },
    ],
  });

/** A listing that names every job of its page twice (in `catalog`, or in every catalog). */
const listedTwice =
  (catalog?: string) =>
  async (c: Exchange): Promise<Answer> => {
    const answer = await c.forward();
    if (c.op !== 'ListResourceSnapshotJobs' || (catalog !== undefined && catalogOf(c) !== catalog)) return answer;
    const body = answer.body as { ResourceSnapshotJobSummaries?: unknown[] };
    const summaries = body.ResourceSnapshotJobSummaries ?? [];
    return { ...answer, body: { ...body, ResourceSnapshotJobSummaries: [...summaries, ...summaries] } };
  };

describe('an adoption in flight when observation completes', () => {
  it('is not refused its Start: the whole plan’s check does not forget the claim this run won', async () => {
    // An unowned Stopped job on a declared key, declared Running: the change adopts it (claim,
    // owner tag), then starts it. The proxy holds the AWS catalog's listing until the owner tag
    // is on its way, and the owner tag's answer until observation has completed (the task, which
    // starts only after the whole plan is checked, has been started).
    emu = await startEmu({
      seed: seedWith({ snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { team: 'alliances' } }] }),
    });
    const ownerTag = signal();
    const taskStarted = signal();
    proxy = await startLyingProxy(emu.url, async (c): Promise<Answer> => {
      if (c.op === 'ListResourceSnapshotJobs' && catalogOf(c) === 'AWS') {
        const answer = await c.forward();
        await waitFor(ownerTag);
        return answer;
      }
      if (c.op === 'TagResource' && JSON.stringify(c.body).includes(`"${OWNER}"`)) {
        ownerTag.fire();
        const answer = await c.forward();
        await waitFor(taskStarted);
        return answer;
      }
      if (c.op === 'StartEngagementFromOpportunityTask') taskStarted.fire();
      return c.forward();
    });
    const stack = await writeStack({
      snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status: 'Running' } },
      opportunityEngagements: { initech: { opportunity: 'O2001', involvementType: 'Co-Sell' } },
    });
    const io = fakeIo();
    const code = await applyCommand(stack, await streamingFlags(proxy.url), io).catch((e: Error) => e.message);
    expect(io.stdout).not.toContain('ownership conflict');
    expect(code).toBe(0);
    const live = await clientOf(emu).listResourceSnapshotJobs({ Catalog: 'Sandbox' });
    const job = live.ResourceSnapshotJobSummaries?.find((s) => s.EngagementId === ENG[0]);
    expect(job?.Status).toBe('Running');
  });
});

describe('a listing that names one job twice (a page boundary that moved while paging)', () => {
  it('destroys the owned orphan once and plans the declared job as one: no duplicate-live-jobs error, one Delete, reported once', async () => {
    emu = await startEmu({ seed: declaredAndOrphan() });
    proxy = await startLyingProxy(emu.url, listedTwice('Sandbox'));
    const stack = await writeStack({
      snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { tier: 'new' } } },
    });
    const io = fakeIo();
    const code = await applyCommand(stack, await streamingFlags(proxy.url), io).catch((e: Error) => e.message);
    expect(io.stdout).not.toContain('live jobs share this key');
    expect(code).toBe(0);
    const events = io.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; changes?: unknown });
    expect(events.filter((e) => e.type === 'apply_complete')).toHaveLength(2);
    expect(events.at(-1)?.changes).toEqual({ add: 0, change: 1, destroy: 1, failed: 0, operation: 'apply' });
    expect(emu.stats().calls.DeleteResourceSnapshotJob).toBe(1);
    expect(emu.stats().calls.TagResource).toBe(1);
  });
});

describe('a saved plan re-observed through a listing that names one job twice (held: its jobs are read by id; the listing now also reads a twice-named job once)', () => {
  it('reads the job once: the plan is not stale, one TagResource, one Delete', async () => {
    emu = await startEmu({ seed: declaredAndOrphan() });
    proxy = await startLyingProxy(emu.url, listedTwice());
    const stack = await writeStack({
      snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { tier: 'new' } } },
    });
    const dir = await tempDir();
    const planFile = join(dir, 'plan.json');
    const cache = ['--cache-dir', join(dir, '.cosell')];
    const planned = await runCosell(['plan', stack, '--endpoint', proxy.url, '--out', planFile, ...cache]);
    expect(planned.stderr).toBe('');
    expect(planned.code).toBe(0);
    const run = await runCosell(['apply', planFile, '--endpoint', proxy.url, ...cache]);
    expect(run.stderr).not.toMatch(/Error|stale/);
    expect(run.code).toBe(0);
    expect(emu.stats().calls.TagResource).toBe(1);
    expect(emu.stats().calls.DeleteResourceSnapshotJob).toBe(1);
  });
});

describe('a listing that fails after changes have started (held: what was tried and did not break)', () => {
  it('finishes and reports the change started, destroys nothing, and exits 1 with the service’s words and no stack trace', async () => {
    emu = await startEmu({ seed: declaredAndOrphan() });
    const tagged = signal();
    proxy = await startLyingProxy(emu.url, async (c): Promise<Answer> => {
      if (c.op === 'TagResource') tagged.fire();
      if (c.op !== 'ListResourceSnapshotJobs' || catalogOf(c) !== 'AWS') return c.forward();
      await waitFor(tagged);
      return {
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: { __type: 'ValidationException', message: 'the listing broke' },
      };
    });
    const stack = await writeStack({
      snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { tier: 'new' } } },
    });
    const run = await runCosell([
      'apply',
      stack,
      '--auto-approve',
      '--endpoint',
      proxy.url,
      '--cache-dir',
      join(await tempDir(), '.cosell'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: ListResourceSnapshotJobs failed: ValidationException: the listing broke/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toContain('snapshotJob.acme: Modifications complete');
    expect(emu.stats().calls.TagResource).toBe(1);
    expect(emu.stats().calls.DeleteResourceSnapshotJob ?? 0).toBe(0);
  });
});

describe('--exclude of the contested resource (held)', () => {
  it('applies its sibling on the same opportunity and exits 0; the other stack’s job is untouched', async () => {
    emu = await startEmu({
      seed: seedWith({ snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', tags: { [OWNER]: 'apac' } }] }),
    });
    proxy = await startLyingProxy(emu.url);
    const stack = await writeStack({
      snapshotJobs: {
        contested: { engagement: ENG[0], opportunity: 'O3000' },
        sibling: { engagement: ENG[0], opportunity: 'O3000', template: 'PipelineView', status: 'Stopped' },
      },
    });
    const io = fakeIo();
    expect(await applyCommand(stack, { ...(await streamingFlags(proxy.url)), exclude: ['snapshotJob.contested'] }, io)).toBe(0);
    expect(emu.stats().calls.CreateResourceSnapshotJob).toBe(1);
    expect(emu.stats().calls.TagResource ?? 0).toBe(0);
    expect(emu.stats().calls.StartResourceSnapshotJob ?? 0).toBe(0);
  });
});

describe('a Get that contradicts the listing (the service lies about a job’s engagement)', () => {
  it('stops the run with exit 1, saying why, no crash; nothing is deleted', async () => {
    emu = await startEmu({
      seed: seedWith({ snapshotJobs: [{ engagement: ENG[1], opportunity: 'O3001', tags: { [OWNER]: 'apac' } }] }),
    });
    const created = signal();
    proxy = await startLyingProxy(emu.url, async (c): Promise<Answer> => {
      if (c.op === 'CreateResourceSnapshotJob') created.fire();
      if (c.op !== 'GetResourceSnapshotJob') return c.forward();
      const answer = await c.forward();
      const body = answer.body as { EngagementId?: string; ResourceId?: string };
      if (body.EngagementId !== ENG[1]) return answer;
      await waitFor(created);
      return { ...answer, body: { ...body, EngagementId: ENG[0], ResourceId: 'O3000' } };
    });
    const stack = await writeStack({ snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000', status: 'Stopped' } } });
    const io = fakeIo();
    const outcome = await applyCommand(stack, await streamingFlags(proxy.url), io).then(
      (code) => ({ code, message: '' }),
      (e: Error) => ({ code: 1, message: `${e.constructor.name}: ${e.message}` }),
    );
    expect(outcome.code).toBe(1);
    // Why the run stopped is known (the job turned up after its opportunity's diff), not an "internal error".
    expect(outcome.message).toMatch(/^CosellError: a job on eng-applytest00001\/O3000 was found after that opportunity's diff was made/);
    // A known limit, not fixed: the create on acme's key went out before the Get that contradicts
    // the listing came back (the emulator's job is really elsewhere, so it was made).
    expect(emu.stats().calls.CreateResourceSnapshotJob).toBe(1);
    expect(emu.stats().calls.DeleteResourceSnapshotJob ?? 0).toBe(0);
  });
});

describe('streaming and batch apply of one mixed plan over two pages (held)', () => {
  it('make exactly the same calls and leave the same account; the next plan is empty', async () => {
    const seed = seedWith({
      opportunities: 130,
      snapshotJobs: [
        ...Array.from({ length: 120 }, (_, i) => ({
          engagement: ENG[i % 4] as string,
          opportunity: `O${3000 + i}`,
          status: (i % 2 ? 'Running' : 'Stopped') as 'Running' | 'Stopped',
          tags: { [OWNER]: STACK, team: 'alliances', tier: 'old' },
        })),
        { engagement: ENG[1], opportunity: 'O3125', status: 'Stopped' as const, tags: { team: 'alliances' } },
        { engagement: ENG[2], opportunity: 'O3126', status: 'Running' as const, tags: { [OWNER]: 'apac' } },
      ],
    });
    const jobs: Record<
      string,
      { engagement: string; opportunity: string; template?: string; status: 'Running' | 'Stopped'; tags?: Record<string, string> }
    > = {};
    // 0: replaced (template changed); 1..109: tags updated; 110..119: no longer declared; 5 created; one adopted.
    jobs.replaced = { engagement: ENG[0], opportunity: 'O3000', template: 'PipelineView', status: 'Stopped' };
    for (let i = 1; i < 110; i++)
      jobs[`j${i}`] = {
        engagement: ENG[i % 4] as string,
        opportunity: `O${3000 + i}`,
        status: i % 2 ? 'Running' : 'Stopped',
        tags: { tier: 'new' },
      };
    for (let i = 120; i < 125; i++) jobs[`new${i}`] = { engagement: ENG[i % 4] as string, opportunity: `O${3000 + i}`, status: 'Running' };
    jobs.adopted = { engagement: ENG[1], opportunity: 'O3125', status: 'Running' };
    const stack = await writeStack({ snapshotJobs: jobs });

    const runs: Array<Record<string, number>> = [];
    for (const streaming of [false, true]) {
      const e = await startEmu({ seed });
      try {
        const io = { ...fakeIo(), interactive: !streaming, ask: async () => 'yes' };
        const f = { ...(await streamingFlags(e.url)), autoApprove: streaming };
        expect(await applyCommand(stack, f, io)).toBe(0);
        runs.push({ ...e.stats().calls });
        e.resetStats();
        const again = { ...fakeIo(), interactive: !streaming, ask: async () => 'yes' };
        expect(await applyCommand(stack, f, again)).toBe(0);
        expect(mutating(e.stats().calls)).toEqual({});
      } finally {
        await e.close();
      }
    }
    expect(runs[1]).toEqual(runs[0]);
  }, 60_000);
});

const mutating = (calls: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(calls).filter(([op, n]) => n > 0 && /^(Create|Start|Stop|Delete|Tag|Untag)/.test(op)));

describe('a replacement (-/+) while observing', () => {
  it('deletes the old job only once every catalog is listed, as every destroy of an owned job no longer declared', async () => {
    emu = await startEmu({
      seed: seedWith({
        snapshotJobs: [{ engagement: ENG[0], opportunity: 'O3000', status: 'Stopped', tags: { [OWNER]: STACK, team: 'alliances' } }],
      }),
    });
    const log: string[] = [];
    const deleted = signal();
    proxy = await startLyingProxy(emu.url, async (c): Promise<Answer> => {
      log.push(`> ${c.op}`);
      if (c.op === 'DeleteResourceSnapshotJob') deleted.fire();
      if (c.op !== 'ListResourceSnapshotJobs' || catalogOf(c) !== 'AWS') return c.forward();
      const answer = await c.forward();
      // Held until the old job's Delete has arrived, or a few seconds (a run that waits goes on).
      await waitFor(deleted);
      log.push('< ListResourceSnapshotJobs AWS');
      return answer;
    });
    const stack = await writeStack({
      snapshotJobs: { moved: { engagement: ENG[0], opportunity: 'O3000', template: 'PipelineView', status: 'Stopped' } },
    });
    expect(await applyCommand(stack, await streamingFlags(proxy.url), fakeIo())).toBe(0);
    expect(log.indexOf('> DeleteResourceSnapshotJob')).toBeGreaterThan(log.indexOf('< ListResourceSnapshotJobs AWS'));
    expect(emu.stats().calls.DeleteResourceSnapshotJob).toBe(1);
    expect(emu.stats().calls.CreateResourceSnapshotJob).toBe(1);
  }, 20_000);
});

describe('the daily read quota used up while streaming (held)', () => {
  it('stops observing, reports what started, names the quota, exits 1, without a storm of throttled calls', async () => {
    const restore = useExampleCredentials({ AWS_MAX_ATTEMPTS: undefined });
    try {
      emu = await startEmu({
        seed: seedWith({
          opportunities: 100,
          snapshotJobs: Array.from({ length: 100 }, (_, i) => ({
            engagement: ENG[i % 4] as string,
            opportunity: `O${3000 + i}`,
            status: 'Stopped' as const,
            tags: { [OWNER]: STACK, team: 'alliances', tier: 'old' },
          })),
        }),
        dailyQuotas: { read: 150 },
        quotaWindowS: 600,
      });
      const jobs = Object.fromEntries(
        Array.from({ length: 100 }, (_, i) => [
          `j${i}`,
          { engagement: ENG[i % 4] as string, opportunity: `O${3000 + i}`, status: 'Stopped' as const, tags: { tier: 'new' } },
        ]),
      );
      const stack = await writeStack({ snapshotJobs: jobs });
      const io = fakeIo();
      const f = { ...(await streamingFlags(emu.url)), format: 'human' as const };
      const outcome = await applyCommand(stack, f, io).then(
        (code) => ({ code, message: '' }),
        (e: Error) => ({ code: 1, message: e.message }),
      );
      expect(outcome.code).toBe(1);
      // The service's own words (the observation failed: there is no plan to show).
      expect(outcome.message).toMatch(/^Daily quota exceeded for read operations/);
      expect(emu.stats().throttled).toBeLessThan(30);
      const tagged = emu.stats().calls.TagResource ?? 0;
      expect(io.stdout.match(/Modifications complete/g)?.length ?? 0).toBe(tagged);
    } finally {
      restore();
    }
  }, 60_000);
});
