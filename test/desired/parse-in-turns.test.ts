import { describe, expect, it } from 'vitest';
import { readStack } from '../../src/desired/files.js';
import { parseStack, parseStackInTurns } from '../../src/desired/read-parse.js';

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A parsed stack as plain text: its maps as entries, without the line counters' closures. */
const plain = (parsed: unknown): string =>
  JSON.stringify(parsed, (_key, value: unknown) =>
    typeof value === 'function' ? undefined : value instanceof Map ? [...value.entries()] : value,
  );

describe('parsing a stack one file a turn', () => {
  it('gives what parsing it in one go gives: the example stack', async () => {
    const { sources, diagnostics } = await readStack('examples/stack');
    expect(plain(await parseStackInTurns(sources, diagnostics))).toBe(plain(parseStack(sources, diagnostics)));
  });

  it('gives the same problems for files that do not parse, and lets the event loop run between files', async () => {
    const sources = [
      { file: 'a.yaml', bytes: enc('version: 1\nstack: x\n') },
      { file: 'b.yaml', bytes: enc('snapshotJobs: [\n') },
      { file: 'c.yaml', bytes: enc('\xff\xfe') },
      { file: 'd.yaml', bytes: new Uint8Array([0xc3, 0x28]) },
    ];
    // Counted in the event loop's check phase, where the parse's own pauses are queued: each
    // pause lets this one run too, so it runs once a file.
    let turns = 0;
    const count = (): void => {
      turns++;
      if (turns < 100) setImmediate(count);
    };
    setImmediate(count);
    const inTurns = await parseStackInTurns(sources);
    const seen = turns;
    expect(plain(inTurns)).toBe(plain(parseStack(sources)));
    expect(inTurns.complete).toBe(false);
    expect(inTurns.diagnostics.length).toBeGreaterThan(0);
    expect(seen).toBeGreaterThanOrEqual(sources.length - 1);
  });
});
