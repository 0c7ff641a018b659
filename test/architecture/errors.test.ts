/**
 * The error rule of docs/architecture.md: what a user can cause is a CosellError (printed without
 * a stack trace); a plain Error is kept for invariants only a broken build can break, and says so
 * by its `model:` prefix.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Each `throw new Error(` whose message does not start with `model:`, as `file: message start`. */
function plainErrors(files: ReadonlyArray<{ file: string; text: string }>): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    for (const m of text.matchAll(/throw new Error\(\s*(['"`])([^'"`]{0,40})/g)) {
      if (!(m[2] as string).startsWith('model:')) out.push(`${file}: ${m[2]}`);
    }
  }
  return out;
}

describe('errors', () => {
  it('src throws a plain Error only for a broken build (`model:`), never for what a user can fix', () => {
    const files = sources(SRC)
      .map((file) => relative(SRC, file))
      .map((file) => ({ file, text: readFileSync(join(SRC, file), 'utf8') }));
    expect(files.length).toBeGreaterThan(50);
    expect(plainErrors(files)).toEqual([]);
  });

  it('finds a plain Error with prose', () => {
    const text = "throw new Error('expected a duration such as 90s');\nthrow new Error('model: no such shape');";
    expect(plainErrors([{ file: 'a.ts', text }])).toEqual(['a.ts: expected a duration such as 90s']);
  });
});
