import { writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationClass, type OperationName } from '../../src/model/index.js';
import { runCosell } from '../support/cli.js';
import { emulator, tempDir } from '../live/support.js';

const SEED = {
  catalogs: {
    Sandbox: {
      engagements: ['eng-acmemigration1'],
      opportunities: ['O1001'],
      snapshotJobs: [{ engagement: 'eng-acmemigration1', opportunity: 'O1001', status: 'Stopped' as const, tags: { 'cosell:stack': 'x' } }],
    },
  },
};

// plan, and apply --auto-approve, list the account while they parse and check the stack
// (src/cli/early-listing.ts): a stack that fails to parse or fails its checks may have read,
// never written; one whose files cannot be read has made no call.
/**
 * The files were read, so the listing started while they were parsed and checked: a page of each
 * catalog and the job reads the pool had sent, at most (how many left before the stack was
 * refused is a matter of timing), and only reads.
 */
function expectEarlyReadsOnly(calls: Partial<Record<OperationName, number>>): void {
  const ops = Object.keys(calls) as OperationName[];
  expect(ops.filter((op) => operationClass(op) !== 'read')).toEqual([]);
  expect(calls.ListResourceSnapshotJobs ?? 0).toBeLessThanOrEqual(2);
  expect(ops.reduce((n, op) => n + (calls[op] ?? 0), 0)).toBeLessThanOrEqual(2 + 10);
}

describe.each([['plan'], ['apply', '--auto-approve']])('cosell %s on a broken stack', (...command) => {
  it.each([
    [
      'that fails its checks: every problem as FILE:LINE:COL',
      'version: 1\nstack: x\ncatalog: Sandbox\nsnapshotJobs:\n  a:\n    engagement: eng-bad\n',
      /s\.yaml:6:17: /,
    ],
    ['whose files cannot be parsed: the problem', 'version: 1\nstack: x\nsnapshotJobs: [\n', /s\.yaml:\d+:\d+: invalid YAML/],
  ])('%s, no stack trace, at most the early listing’s first reads, never a write', async (_case, text, problem) => {
    const emu = await emulator(SEED);
    try {
      const bad = await tempDir();
      await writeFile(join(bad, 's.yaml'), text);
      const run = await runCosell([...command, bad, '--endpoint', emu.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(problem);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expectEarlyReadsOnly(emu.stats().calls);
    } finally {
      await emu.close();
    }
  });

  it('whose files cannot be read (no such path): the problem, and no call at all', async () => {
    const emu = await emulator(SEED);
    try {
      const missing = join(await tempDir(), 'no-such-stack');
      const run = await runCosell([...command, missing, '--endpoint', emu.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no-such-stack');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(emu.stats().calls).toEqual({});
    } finally {
      await emu.close();
    }
  });
});

// The early listing's reads are sent before the stack is parsed; a stack that then fails must not
// wait for their answers (nor their retries) to end the run: plan exits once it has reported, and
// so must apply, or an endpoint that never answers holds the error up for minutes.
it('cosell apply --auto-approve on a stack that fails to parse ends once it has said so, whatever the listing’s reads are waiting for', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((s) => void sockets.push(s.on('data', () => undefined)));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = silent.address() as { port: number };
    const bad = await tempDir();
    await writeFile(join(bad, 's.yaml'), 'version: 1\nstack: x\nsnapshotJobs: [\n');
    const run = await runCosell(['apply', '--auto-approve', bad, '--endpoint', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/s\.yaml:\d+:\d+: invalid YAML/);
    // The listing did leave (the files were read), and its requests were never answered.
    expect(sockets.length).toBeGreaterThan(0);
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
}, 20_000);
