/** docs/stack-reference.md is generated from the schema; a stale one fails here. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stackSchema } from '../../src/desired/schema.js';

const SCRIPT = 'scripts/gen-stack-reference.mjs';

describe('the stack format reference', () => {
  it('is what scripts/gen-stack-reference.mjs makes of schemas/stack.schema.json (regenerate: node scripts/gen-stack-reference.mjs)', () => {
    const check = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('names every key, type, pattern and enum value of the schema', () => {
    const doc = readFileSync('docs/stack-reference.md', 'utf8');
    const seen: string[] = [];
    const walk = (node: unknown, key?: string): void => {
      if (Array.isArray(node)) {
        for (const n of node) walk(n);
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      if (typeof n.pattern === 'string') seen.push(n.pattern);
      if (Array.isArray(n.enum)) seen.push(...n.enum.map(String));
      if (typeof n.title === 'string' && key !== 'root') seen.push(n.title);
      for (const [k, v] of Object.entries(n)) {
        if (k === 'properties') for (const p of Object.keys(v as object)) seen.push(p);
        walk(v, k);
      }
    };
    walk(stackSchema(), 'root');
    expect(seen.length).toBeGreaterThan(40);
    for (const s of seen) expect(doc.toLowerCase(), `the reference does not mention ${s}`).toContain(s.toLowerCase());
  });

  it('--check fails on a stale reference, saying how to regenerate it', () => {
    // Run the check against a copy of the repository's layout whose reference is out of date.
    const root = mkdtempSync(join(tmpdir(), 'cosell-ref-'));
    for (const d of ['scripts', 'schemas', 'docs']) mkdirSync(join(root, d));
    copyFileSync(SCRIPT, join(root, SCRIPT));
    copyFileSync('schemas/stack.schema.json', join(root, 'schemas/stack.schema.json'));
    writeFileSync(
      join(root, 'docs/stack-reference.md'),
      readFileSync('docs/stack-reference.md', 'utf8').replace('engagement id', 'engagement ID'),
    );
    const check = spawnSync(process.execPath, [join(root, SCRIPT), '--check'], { encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stderr).toBe('docs/stack-reference.md is stale: run node scripts/gen-stack-reference.mjs\n');
    execFileSync(process.execPath, [join(root, SCRIPT)]);
    expect(spawnSync(process.execPath, [join(root, SCRIPT), '--check']).status).toBe(0);
  });
});
