/**
 * Invariant 6: text from the service or from files is printed, never obeyed. A hostile endpoint
 * whose error message carries ANSI/OSC sequences (clear screen, set title, a hyperlink, an 8-bit
 * CSI) cannot get any of them to the terminal raw.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { printable, printableLines, safeJson } from '../../src/util/printable.js';
import { writeStack, ENG } from '../apply/helpers.js';
import { runCosell } from '../support/cli.js';

const HOSTILE =
  'Denied.\u001b[2J\u001b[H\u001b]0;pwned\u0007\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\\u009b31m red \u0085\u202e';
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/u;

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function hostileEndpoint(): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'AccessDeniedException' });
      res.end(JSON.stringify({ __type: 'AccessDeniedException', message: HOSTILE }));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('a service that answers with escape sequences', () => {
  it('plan prints its message with every control character escaped, in human and JSON output', async () => {
    const url = await hostileEndpoint();
    const dir = await writeStack({ snapshotJobs: { acme: { engagement: ENG[0], opportunity: 'O3000' } } });
    for (const format of ['human', 'json', 'markdown']) {
      const run = await runCosell(['plan', dir, '--endpoint', url, '--format', format]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('AccessDeniedException');
      expect(run.stderr).toContain('\\x1b[2J');
      expect(run.stderr).toContain('\\x9b31m');
      expect(RAW.test(run.stderr), JSON.stringify(run.stderr)).toBe(false);
      expect(RAW.test(run.stdout)).toBe(false);
    }
  });
});

describe('printable', () => {
  it('leaves no control character in any string, and changes nothing printable', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(RAW.test(printable(s))).toBe(false);
        expect(/\n/.test(printable(s))).toBe(false);
        expect(RAW.test(printableLines(s))).toBe(false);
        expect(RAW.test(safeJson(JSON.stringify(s)))).toBe(false);
        expect(JSON.parse(safeJson(JSON.stringify(s)))).toBe(s);
      }),
      { numRuns: 3000 },
    );
    expect(printable('plain text: ünïcödé ✓')).toBe('plain text: ünïcödé ✓');
    expect(printableLines('two\nlines')).toBe('two\nlines');
  });
});

describe('apply progress', () => {
  it('shows a failure’s service message escaped, in human lines and JSON events', async () => {
    const { humanLine, jsonLine } = await import('../../src/apply/progress.js');
    const event = { type: 'apply_errored', address: 'snapshotJob.acme', phase: 'create', elapsedMs: 10, error: HOSTILE } as const;
    expect(RAW.test(humanLine(event))).toBe(false);
    expect(RAW.test(jsonLine(event))).toBe(false);
    expect(humanLine(event)).toContain('\\x1b]0;pwned\\x07');
  });
});
